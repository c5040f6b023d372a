"""Split article text into blocks (paragraphs, furniture) and sentences with stable ids."""

from __future__ import annotations

import re
from collections.abc import Sequence

from medialit.model import Paragraph, Sentence

# Abbreviations that end in a full stop but do not end a sentence.
ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u d.c mr mrs ms dr prof sr jr st gen col lt sgt capt cmdr adm gov sen rep
    rev hon pres jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc ltd co corp
    dept univ approx fig e.g i.e a.m p.m mt ft ave blvd rd maj supt det insp atty ala ariz ark
    calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla ore
    pa tenn tex va vt wash wis wyo
    """.split()
)
# Abbreviations that often end a sentence too ("moved to the U.S. Then ..."): after them a
# boundary is accepted when the next word is a common sentence opener.
_AMBIGUOUS = frozenset("u.s u.k u.n e.u d.c inc ltd co corp etc a.m p.m jr sr".split())
_OPENERS = frozenset(
    """
    the a an he she it they we i you this that these those there his her its their our but and
    in on at for after before when while if as so yet however meanwhile still then now later
    """.split()
)
# Speech verbs that may follow a quotation ending in ? or ! without ending the sentence:
# “Is it over?” Smith asked.
_SPEECH_AFTER = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+){1,4}(?:said|says|asked|asks|added|adds|replied|shouted|wrote|told|"
    r"cried|wondered|insisted|exclaimed|demanded)\b"
)
# A line that opens a list item: "- ", "* ", "• ", "1. ", "2) ", "a) ".
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪]|\d{1,2}[.)]|[a-z]\))\s+")

_OPEN_QUOTES = "\"'“‘«"
_CLOSE = "\"'”’»)]"
# A sentence may end at . ! ? (optionally followed by closing quotes/brackets) + space.
_BOUNDARY = re.compile(r"[.!?…][" + re.escape(_CLOSE) + r"]*\s+")


def split_blocks(body: str) -> list[str]:
    """Split text into blocks at blank lines, keeping each block's own line breaks."""
    blocks = re.split(r"\n[ \t]*\n", body.strip("\n"))
    return [b.strip() for b in blocks if b.strip()]


def _abbreviation_before(text: str) -> str | None:
    """The abbreviation (lower case, without its last dot) that ends ``text``, if any."""
    m = re.search(r"(?<![A-Za-z.])([A-Za-z]+(?:\.[A-Za-z]+)*)\.$", text)
    if not m:
        return None
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return word
    # Initials such as "J." or "U.S.A." read as abbreviations.
    return word if re.fullmatch(r"[a-z](\.[a-z])*", word) else None


def _units(text: str) -> list[str]:
    """Lines of a list block, one unit per item (wrapped lines rejoin their item); else the block."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not any(_LIST_ITEM.match(ln) for ln in lines[1:]):
        return [text]
    units: list[str] = []
    for ln in lines:
        if units and not _LIST_ITEM.match(ln) and ln[:1].islower():
            units[-1] += " " + ln
        else:
            units.append(ln)
    return units


def split_sentences(text: str) -> list[str]:
    """Split one paragraph into sentences.

    A boundary is a terminal mark (with any closing quotes) followed by white space
    and an upper-case letter, a digit or an opening quote, unless the word before
    it is a known abbreviation or an initial ("U.S.", "Dr.", "Jan.", "J."). After an
    abbreviation that often ends sentences ("U.S.", "Inc.") a common sentence opener
    ("The", "He", "But") still starts a new sentence. A quotation ending in "?" or
    "!" followed by its speaker ("“Why?” Smith asked.") stays one sentence. In a
    list (lines starting with "-", "*", "•", "1." ...) every item is a sentence of
    its own, and so is the line that introduces the list.
    """
    units = _units(text)
    if len(units) > 1:
        return [s for unit in units for s in split_sentences(unit)]
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        nxt = text[end : end + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in _OPEN_QUOTES):
            continue
        candidate = text[start : m.start() + 1]
        if text[m.start()] == ".":
            abbr = _abbreviation_before(candidate)
            if abbr is not None:
                following = re.match(r"[A-Za-z]+", text[end:])
                word = following.group(0) if following is not None else ""
                opener = word.lower() in _OPENERS
                if not (abbr in _AMBIGUOUS and opener and word[:1].isupper()):
                    continue
        elif m.group(0).rstrip()[-1:] in _CLOSE and _SPEECH_AFTER.match(text, end):
            continue
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def segment(
    body: str,
    furniture: Sequence[dict[str, str]] = (),
) -> tuple[Paragraph, ...]:
    """Segment an article body into paragraphs ``p0..pN`` and furniture ``f1..``.

    ``furniture`` lists blocks that are page furniture, each ``{"id", "text", ...}``
    where ``text`` is the exact text of one or more consecutive blocks. They are
    matched in order and numbered by the given ids; every other block is a
    paragraph, the first being the headline ``p0``.
    """
    blocks = split_blocks(body)
    wanted = [(f, split_blocks(f["text"])) for f in furniture]
    out: list[Paragraph] = []
    i = 0
    pnum = 0
    while i < len(blocks):
        matched = None
        for f, parts in wanted:
            if blocks[i : i + len(parts)] == parts:
                matched = (f, parts)
                break
        if matched is not None:
            f, parts = matched
            wanted.remove(matched)
            fid = f["id"]
            text = "\n\n".join(parts)
            out.append(
                Paragraph(
                    id=fid,
                    text=text,
                    sentences=(Sentence(f"{fid}.s1", fid, text),),
                    furniture=True,
                    kind=f.get("kind", "furniture"),
                    note=f.get("note", ""),
                )
            )
            i += len(parts)
            continue
        pid = f"p{pnum}"
        text = blocks[i]
        sents = [text] if pnum == 0 else split_sentences(text)
        out.append(
            Paragraph(
                id=pid,
                text=text,
                sentences=tuple(Sentence(f"{pid}.s{n}", pid, s) for n, s in enumerate(sents, 1)),
                kind="headline" if pnum == 0 else "body",
            )
        )
        pnum += 1
        i += 1
    return tuple(out)


def unmatched_furniture(body: str, furniture: Sequence[dict[str, str]]) -> list[str]:
    """Return the ids of furniture entries whose text is not a run of blocks of ``body``."""
    found = {p.id for p in segment(body, furniture) if p.furniture}
    return [f["id"] for f in furniture if f["id"] not in found]
