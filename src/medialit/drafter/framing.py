"""Draft framing hints: labels, loaded words, hedges, relative dates, balance markers,
vague sourcing, headline words the body never uses, and images whose origin is unknown.

Only the writer's own voice is searched (quotations are left out): a quoted speaker's
words are that speaker's framing, which the attribution layer already shows. Since issue 22's
second round the same holds for reported speech out of quotation marks: loaded words and labels in
what a speech or stance verb reports ("the mayor said the response was a disaster"), in an unnamed
"Claims that ...", and after a naming verb ("called the trial a farce") are left to the teacher.
Relative dates are anchored on relative words ("last March", "in a fortnight"): a month alone is not one. These are
hints for a teacher, each with a confidence; omission, ordering and stale-as-current
need knowledge of the world and are left to the teacher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from medialit.drafter._lexicon import Lexicon
from medialit.drafter._text import Quotes, find_quotes, outside_text, words
from medialit.drafter.found import Found
from medialit.model import Article

EXPLANATIONS = {
    "label": "'{w}' is a label. Whose label is it, and does the article show evidence for it?",
    "loaded_language": (
        "'{w}' is an emotive or intensifying word in the writer's own voice. "
        "What would a neutral word be, and what does this one add?"
    ),
    "vague_hedge": "'{w}' reports something without saying who reported it. Can a reader check it?",
    "force_metaphor": (
        "'{w}' describes people or events as a force of nature. What does the metaphor suggest "
        "(that nobody is responsible, that it cannot be stopped), and what would a plain description say?"
    ),
    "loaded_verb": (
        "'{w}' is a loaded word for support, money or control. What does it suggest about motives, "
        "and does the article show evidence for that?"
    ),
    "prejudging_adverb": (
        "'{w}' tells the reader whether a claim is true before showing the evidence. Where is that evidence?"
    ),
    "scare_quotes": (
        "{w} is put in quotation marks inside the writer's sentence. Is it a quotation of someone, "
        "or do the marks signal doubt or mockery?"
    ),
    "vague_source": "The source '{w}' is unnamed or vague. Can a reader find out who it is?",
    "relative_date": "'{w}' depends on when the piece was written. Which date does it mean?",
    "misused_balance_marker": (
        "'{w}' signals the other side. Is that side given its own evidence, or only a token line?"
    ),
    "headline_body_mismatch": (
        "Headline words that the body never uses: {w}. Does the body support what the headline says?"
    ),
    "image_provenance": (
        "Page furniture from an image ({w}). Where does the image come from, when was it taken, "
        "and does it show what the article is about?"
    ),
}
CONFIDENCE = {
    "label": 0.5,
    "loaded_language": 0.45,
    "vague_hedge": 0.6,
    "force_metaphor": 0.45,
    "loaded_verb": 0.5,
    "prejudging_adverb": 0.6,
    "scare_quotes": 0.4,
    "vague_source": 0.6,
    "relative_date": 0.75,
    "misused_balance_marker": 0.3,
    "headline_body_mismatch": 0.3,
    "image_provenance": 0.7,
}
_STOP = frozenset(
    """
    the a an and or of to in on at for by with from as is are was were be been it its this that
    these those why how what who whom which when where will would can could should may might has
    have had not no but if than then so into over under about after before up down out new says said
    don't don’t won't won’t can't can’t doesn't doesn’t isn't isn’t
    """.split()
)
# A headline's label for the kind of page ("... - transcript", "Thread:", "Opinion:"): no claim.
_PAGE_LABELS = frozenset(
    """
    transcript thread broadcast live update updates opinion editorial analysis exclusive watch video
    explainer column comment review podcast
    """.split()
)


@dataclass
class FramingDraft:
    """One framing hint (spans as ``(sentence id, text)``)."""

    device: str
    hint: str
    explanation: str
    confidence: float
    spans: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


@cache
def _date_patterns(days: frozenset[str], months: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    d, m = "|".join(sorted(days)), "|".join(sorted(months))
    return (
        re.compile(
            rf"\b(?:(?:on|last|next|this|since|by|until)\s+)?(?:{d})\b(?:\s+(?:night|morning|afternoon|evening))?",
            re.IGNORECASE,
        ),
        # A month is relative only with "last", "next" or "this" ("in March", "on 3 March" are not).
        re.compile(rf"\b(?:last|next|this)\s+(?:{m})\b", re.IGNORECASE),
    )


def _relative_date_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    spans = [m.span() for m in lex.pattern("relative_dates").finditer(text)]
    spans += [m.span() for m in lex.regex("relative_date_patterns").finditer(text)]
    day_pattern, month_pattern = _date_patterns(lex.words("weekdays"), lex.words("months"))
    for m in day_pattern.finditer(text):
        if re.search(r"\b(?:a|an|every|each)\s+$", text[: m.start()]):
            continue  # "a Tuesday morning": any Tuesday, not a date
        if not re.match(r",?\s+(?:\w+\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}", text[m.end() :]):
            spans.append(m.span())
    for m in month_pattern.finditer(text):
        if not re.match(r"\s*(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}|\s+\d{1,2},?\s+\d{4}", text[m.end() :]):
            spans.append(m.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def draft_framing(article: Article, found: Sequence[Found], lex: Lexicon) -> list[FramingDraft]:
    """Every framing hint in ``article``; ``found`` are its attributions (for vague sourcing)."""
    out: list[FramingDraft] = []
    seen: set[tuple[str, str, str]] = set()
    by_sentence: dict[str, list[Found]] = {}
    for f in found:
        by_sentence.setdefault(f.sentence, []).append(f)
    for para in article.paragraphs:
        carry = False  # a quotation that runs on from the sentence before
        for s in para.sentences:
            reported = _reported_regions(s.text, by_sentence.get(s.id, []), lex)
            for device, hint, text in _sentence_hints(s.text, lex, reported, starts_inside=carry):
                _add_hint(out, seen, device, hint, s.id, text)
            carry = find_quotes(s.text, starts_inside=carry).ends_inside
    order = {s.id: i for i, s in enumerate(article.sentences)}
    first_seen: dict[str, int] = {}  # each word's first sentence, for "the doctors" after "A group of doctors"
    for i, sent in enumerate(article.sentences):
        for w in re.findall(r"[a-z]+", sent.text.lower()):
            first_seen.setdefault(w, i)
    for f in found:
        # The writer's choice not to name: the cue itself names nobody ("critics say"), not a
        # pronoun or a reference to someone the text identified before ("he said", "the doctors said"
        # after "A group of doctors ...").
        unnamed = f.source.kind == "anonymous" or (f.source.kind == "vague" and not _PRONOUN_CUE.match(f.cue_text))
        if unnamed and not (
            f.source.kind == "vague" and _refers_back(f.cue_text, order.get(f.sentence, 0), first_seen, lex)
        ):
            _add_hint(out, seen, "vague_attribution", "vague_source", f.sentence, f.cue_text)
    out.extend(_headline(article, lex))
    out.extend(_image_provenance(article, lex))
    return out


def _refers_back(cue: str, index: int, first_seen: dict[str, int], lex: Lexicon) -> bool:
    """Whether ``cue`` (in sentence ``index``) opens with a definite group or person ("The doctors said",
    "the researchers wrote") that an earlier sentence already introduced ("A group of doctors",
    "researchers at the clinic"); an official or a spokesperson stays unnamed however often the text
    mentions one. ``first_seen`` gives each lower-case word's first sentence."""
    m = re.match(r"\s*[Tt]he\s+(?:[a-z][\w-]*\s+){0,2}?([a-z]{3,})\s+(?!of\b)[a-z]", cue)
    if m is None or m.group(1) in lex.words("anonymous_heads"):
        return False
    head = m.group(1)
    stem = head[:-1] if head.endswith("s") else head
    return min(first_seen.get(stem, index), first_seen.get(stem + "s", index)) < index


def _add_hint(
    out: list[FramingDraft], seen: set[tuple[str, str, str]], device: str, hint: str, sid: str, text: str
) -> None:
    """Add one hint to ``out`` unless it is empty or repeats (or contains, or is part of) one already there."""
    key = (device, sid, text.lower())
    if key in seen or not text.strip():
        return
    if any(d == device and i == sid and (text.lower() in t or t in text.lower()) for d, i, t in seen):
        return  # "utterly shameful" and "shameful": one hint
    seen.add(key)
    out.append(FramingDraft(device, hint, EXPLANATIONS[hint].format(w=text), CONFIDENCE[hint], spans=[(sid, text)]))


def _reported_regions(text: str, hits: Sequence[Found], lex: Lexicon) -> list[tuple[int, int]]:
    """Where ``text`` holds what an attribution reports ("the mayor called the response a disaster
    and said ..."): the reported speaker's words, not the writer's, even out of quotation marks."""
    out = []
    for f in hits:
        content = f.content.strip()
        verb = f.cue_text.split()[-1].lower() if f.cue_text.split() else ""
        if len(content) < 3 or not _speaks(f, text) or verb in lex.words("finding_verbs") - lex.words("speech_verbs"):
            continue
        at = text.find(content)
        if at >= 0:
            out.append((at, at + len(content)))
        elif f.cue[1] < len(text) and f.pattern in {"speaker_first", "coordinated", "shared"}:
            out.append((f.cue[1], len(text)))  # content pieced together: what follows the cue
    return out


def _speaks(f: Found, text: str) -> bool:
    """Whether ``f`` reports someone's words with a verb of speech or stance (or is an unnamed "Claims
    that ..."). "According to X", "as filings show" and "X accused Y of ..." back or paraphrase a claim
    the writer makes in their own words."""
    if f.source.name == "unnamed claims":
        return True
    if f.pattern in {"according_to", "no_verb", "reporting_noun", "citing"} or re.search(
        r"(?i)\bas\s*$", text[: f.cue[0]]
    ):
        return False
    return not re.search(r"\b(?:accus\w*|charg\w*|admit\w*)\s*$", f.cue_text)


def _minus(a: int, b: int, holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The span ``(a, b)`` without the parts inside ``holes``."""
    out, at = [], a
    for s, e in sorted(holes):
        if e <= at or s >= b:
            continue
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < b:
        out.append((at, b))
    return out


def _blank(text: str, regions: Sequence[tuple[int, int]]) -> str:
    """``text`` with ``regions`` blanked (offsets kept)."""
    for a, b in regions:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# "X called the trial a farce", "branded the plan a disgrace": the word after is the speaker's label.
_NAMING_VERB = re.compile(
    r"\b(?:called|calls|branded|brands|labelled|labeled|labels|dubbed|dubs|described)\s+(?!for\b|on\b|off\b)[^,;.!?]*",
    re.IGNORECASE,
)
_SO_CALLED = re.compile(r"\bso-called\s*$", re.IGNORECASE)
_NAMED_AS = re.compile(
    r"\b(?:(?<!so-)called|known\s+as|termed|what\s+(?:is|are)\s+called)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE
)
_PRONOUN_CUE = re.compile(r"^\s*(?:he|she|they|it|him|her|them)\b", re.IGNORECASE)
_SO_CALLED_WORD = re.compile(r"\bso-\s*$", re.IGNORECASE)


def _sentence_hints(
    text: str, lex: Lexicon, reported: Sequence[tuple[int, int]] = (), starts_inside: bool = False
) -> Iterator[tuple[str, str, str]]:
    """(device, hint, words) of one sentence: in the writer's chosen words, then in the writer's voice.
    Loaded words and labels inside ``reported`` (an attributed clause) are the speaker's, not the writer's."""
    quotes = find_quotes(text, starts_inside=starts_inside)
    voice = outside_text(text, quotes)
    # The writer's words plus short quotations chosen by the writer (up to four words inside a
    # sentence of the writer's own): loaded words there are the writer's selection.
    short = [(a, b) for a, b in quotes.regions if len(words(text[a:b])) <= 4 and re.search(r"\w", voice)]
    chosen = outside_text(text, Quotes(tuple(r for r in quotes.regions if r not in short), False, False))
    for a, b in short:
        if 1 <= len(words(text[a:b])) <= 3 and not quotes.starts_inside:
            so_called = _SO_CALLED.search(text[:a])
            if so_called:  # so-called “no-fault”: one label, not a label and scare quotes
                yield "label", "label", text[so_called.start() : b]
            elif _NAMED_AS.search(text[:a]):
                continue  # "This is called a “third-party request”": a term introduced, not doubted
            elif not text[:a].strip() and re.search(r"[,.?!]\s*\W$", text[a:b]):
                continue  # “We will appeal,” she said: a quotation that opens the sentence is speech, not doubt
            else:
                yield "loaded_language", "scare_quotes", text[a:b]
    named = [m.span() for m in _NAMING_VERB.finditer(voice) if not _SO_CALLED_WORD.search(voice[: m.start()])]
    # A short quotation after the naming verb ("called the plan “a shameless land grab”") stays the
    # writer's selection: only the unquoted words are the speaker's.
    reported = [*reported, *(r for a, b in named for r in _minus(a, b, quotes.regions))]
    yield from _chosen_word_hints(text, _blank(chosen, reported), lex)
    yield from _voice_hints(text, voice, lex, _blank(voice, reported))


def _chosen_word_hints(text: str, chosen: str, lex: Lexicon) -> Iterator[tuple[str, str, str]]:
    """Force metaphors, loaded verbs and prejudging adverbs among the writer's chosen words."""
    literal = lex.words("literal_nature")
    for m in lex.pattern("force_metaphors").finditer(chosen):
        nxt = re.match(r"\s+([\w’'-]+)", chosen[m.end() :])
        if m.group(0).lower().endswith(" of") and nxt and nxt.group(1).lower() in literal:
            continue
        yield "loaded_language", "force_metaphor", text[m.start() : m.end()]
    for key, hint in (("loaded_verbs", "loaded_verb"), ("prejudging_adverbs", "prejudging_adverb")):
        for m in lex.pattern(key).finditer(chosen):
            yield "loaded_language", hint, text[m.start() : m.end()]
    for m in lex.regex("insinuating_phrases").finditer(chosen):
        yield "loaded_language", "loaded_verb", text[m.start() : m.end()]


def _voice_hints(text: str, voice: str, lex: Lexicon, own: str | None = None) -> Iterator[tuple[str, str, str]]:
    """Labels, loaded words, hedges, relative dates and balance markers in the writer's own voice
    (``own``: the voice without attributed clauses, searched for labels and loaded words)."""
    own = voice if own is None else own
    for key, device in (("labels", "label"), ("loaded", "loaded_language")):
        for m in lex.pattern(key).finditer(own):
            yield device, device, text[m.start() : m.end()]
    for m in lex.regex("evaluative_phrases").finditer(own):
        yield "loaded_language", "loaded_language", text[m.start() : m.end()]
    for m in lex.pattern("hedges").finditer(voice):
        yield "vague_attribution", "vague_hedge", text[m.start() : m.end()]
    for a, b in _relative_date_spans(voice, lex):
        yield "relative_date", "relative_date", text[a:b]
    for m in lex.pattern("balance_markers").finditer(voice):
        yield "misused_balance_marker", "misused_balance_marker", text[m.start() : m.end()]


def _image_provenance(article: Article, lex: Lexicon) -> list[FramingDraft]:
    """An image-provenance hint per furniture block that is an image, photo, caption or figure."""
    out: list[FramingDraft] = []
    for block in article.furniture:
        low = (block.text + " " + block.kind).lower()
        if any(w in low for w in lex.words("image_furniture")) or re.search(r"image|photo|caption|figure", block.kind):
            out.append(
                FramingDraft(
                    "image_provenance",
                    "image_provenance",
                    EXPLANATIONS["image_provenance"].format(w=block.kind or "image"),
                    CONFIDENCE["image_provenance"],
                    paragraphs=[block.id],
                )
            )
    return out


def _stem(word: str) -> str:
    """A light stem for comparing a headline's words with the body's: "votes", "voted", "voting" -> "vot"."""
    w = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s", "d"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]  # "vote" / "voted"
    return w[:5]


def _weighs(word: str, lex: Lexicon) -> bool:
    """Whether a headline word asserts enough for the body to have to back it: a loaded word or label,
    a figure, a superlative, or an event verb ("slashes", "halts"), not any word the body puts otherwise."""
    return bool(
        re.search(r"\d", word)
        or re.fullmatch(r"[a-z]{3,}est", word.lower())
        or any(lex.pattern(k).fullmatch(word) for k in ("loaded", "labels", "loaded_verbs", "headline_verbs"))
    )


def _headline(article: Article, lex: Lexicon) -> list[FramingDraft]:
    paras = article.paragraphs
    if len(paras) < 2:
        return []
    head = paras[0].sentences[0]
    body = " ".join(p.text for p in paras[1:]).lower()
    body_words = words(body)
    stems = {_stem(w) for w in body_words} | {w[:k] for w in body_words for k in (4, 5) if len(w) > k}
    missing = []
    for m in re.finditer(r"[A-Za-z][\w’'-]*", head.text):
        w = m.group(0)
        low = w.lower().replace("’", "'")
        # The body may use the word in another form: "warn" / "warned", "votes" / "voted".
        if (
            len(w) >= 4
            and low not in _STOP
            and w.lower() not in _STOP
            and low not in _PAGE_LABELS
            and _stem(low) not in stems
            and _weighs(w, lex)
        ):
            missing.append(w)
    if not missing:
        return []
    return [
        FramingDraft(
            "headline_body_mismatch",
            "headline_body_mismatch",
            EXPLANATIONS["headline_body_mismatch"].format(w=", ".join(f"'{w}'" for w in missing)),
            CONFIDENCE["headline_body_mismatch"],
            spans=[(head.id, w) for w in dict.fromkeys(missing)],
            paragraphs=[paras[0].id],
        )
    ]
