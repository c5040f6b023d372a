"""What the attribution finder finds and reads: an attribution found (``Found``), a sentence as the
finder reads it (``_Sent``), and the small readings of a clause that every kind of cue shares (the noun
phrase after a word, the head of a speaker phrase, the verb's modifiers, how much of the content is quoted)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medialit.drafter._text import Quotes, clean_span, outside_text
from medialit.drafter.sources import SourceEntry


@dataclass
class Found:
    """One attribution found in the text (offsets are into the cue sentence)."""

    sentence: str
    cue: tuple[int, int]
    cue_text: str
    source: SourceEntry
    mode: str
    confidence: float
    pattern: str
    content: str = ""
    chain: list[SourceEntry] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


@dataclass
class _Sent:
    id: str
    text: str
    quotes: Quotes
    whole_quote: bool
    index: int
    paragraph: str


_NP_END = re.compile(r",(?!\d{3}\b)|\s[—–-]\s|[;:“\"(]|\s+(?:who|whose|which|that)\s|[.!?]\s*[”\"’]?\s*$")
_PREP_CUT = re.compile(r"\s+(?:in|on|at|during|after|before|while|when|last|this|adding|noting)\b.*$", re.DOTALL)


def _np_after(text: str, start: int) -> tuple[int, int]:
    """The noun phrase that starts at ``start``: up to a comma, quote, clause word or the end."""
    m = _NP_END.search(text, start)
    end = m.start() if m else len(text)
    s, e = clean_span(text, start, end)
    cut = _PREP_CUT.search(text[s:e])
    if cut and cut.start() > 0:
        e = s + cut.start()
    return clean_span(text, s, e)


# Where a noun phrase's head ends: before "of", "at", "for" ... ("economists at the Aurel Institute": "economists").
_HEAD_END = re.compile(r"\s+(?:of|at|by|for|from|with|around|near|across|outside|inside)\s+")


def _head_word(subject: str) -> str:
    """The head noun of a speaker phrase, lower case: the last word before a preposition."""
    words_before = _HEAD_END.split(subject.lower(), maxsplit=1)[0].split()
    return words_before[-1].strip(".,’'") if words_before else ""


def _mode(text: str, regions: list[tuple[int, int]], quotes: Quotes) -> str:
    """direct_quote when the content is one quotation, mixed when it holds one, else paraphrase."""
    inside = sum(b - a for a, b in quotes.regions for r in regions if a >= r[0] and b <= r[1])
    body = sum(len(text[a:b].strip(" ,.;:")) for a, b in regions)
    if not inside:
        return "paraphrase"
    rest = "".join(outside_text(text, quotes)[a:b] for a, b in regions)
    if not re.search(r"\w", re.sub(r"^\s*that\b", "", rest)) or inside >= body - 2:
        return "direct_quote"
    return "mixed"


_ADVERB_TAIL = re.compile(r"\s+[a-z]+ly\s*$")
_LY_NOT_ADVERB = re.compile(r"\b(?:early|only|family|ally|rally|daily|weekly|monthly|reply)\s*$")
_AUX_TAIL = re.compile(
    r"(?:\s+(?:also|has|have|had|will|would|previously|later|recently|once|then|still|publicly|"
    r"repeatedly|earlier|again|further|to|did|does|do|not|never|always|often|first|quickly|"
    r"immediately|privately|separately|had\s+been|has\s+long|have\s+long|long|initially|now|at\s+first|"
    r"at\s+the\s+time|in\s+turn|in\s+response|on\s+\w+day|went\s+on|goes\s+on|proceeded|continued))+\s*$",
    re.IGNORECASE,
)


def _strip_verb_modifiers(seg: str) -> str:
    """``seg`` (the text before the verb) without an adverb or auxiliaries right before the verb."""
    adverb = _ADVERB_TAIL.search(seg)
    if adverb and not _LY_NOT_ADVERB.search(seg):
        seg = seg[: adverb.start()]  # "falsely claimed": the adverb is framing, not the speaker
    aux = _AUX_TAIL.search(seg)
    return seg[: aux.start()] if aux else seg


_TIME_WORD = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|week|weeks|month|months|year|years|day|days|"
    r"morning|evening|night|afternoon|\d{4})$"
)
