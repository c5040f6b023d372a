"""Draft framing hints: labels, loaded words, hedges, relative dates, balance markers,
vague sourcing, headline words the body never uses, and images whose origin is unknown.

Only the writer's own voice is searched (quotations are left out): a quoted speaker's
words are that speaker's framing, which the attribution layer already shows. These are
hints for a teacher, each with a confidence; omission, ordering and stale-as-current
need knowledge of the world and are left to the teacher.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from medialit.analysis.draft._lexicon import Lexicon
from medialit.analysis.draft._text import find_quotes, outside_text, words
from medialit.analysis.draft.attribution import Found
from medialit.model import Article

EXPLANATIONS = {
    "label": "'{w}' is a label. Whose label is it, and does the article show evidence for it?",
    "loaded_language": (
        "'{w}' is an emotive or intensifying word in the writer's own voice. "
        "What would a neutral word be, and what does this one add?"
    ),
    "vague_hedge": "'{w}' reports something without saying who reported it. Can a reader check it?",
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


def _relative_date_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    spans = [m.span() for m in lex.pattern("relative_dates").finditer(text)]
    days = "|".join(lex.words("weekdays"))
    for m in re.finditer(
        rf"\b(?:(?:on|last|next|this|since|by|until)\s+)?(?:{days})\b(?:\s+(?:night|morning|afternoon|evening))?",
        text,
        re.IGNORECASE,
    ):
        if not re.match(r",?\s+(?:\w+\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}", text[m.end() :]):
            spans.append(m.span())
    months = "|".join(lex.words("months"))
    for m in re.finditer(rf"\b(?:in|since|last|next|this|until|by|early|late)\s+(?:{months})\b", text, re.IGNORECASE):
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

    def add(device: str, hint: str, sid: str, text: str) -> None:
        key = (device, sid, text.lower())
        if key in seen or not text.strip():
            return
        seen.add(key)
        out.append(FramingDraft(device, hint, EXPLANATIONS[hint].format(w=text), CONFIDENCE[hint], spans=[(sid, text)]))

    for s in article.sentences:
        voice = outside_text(s.text, find_quotes(s.text))
        for key, device in (("labels", "label"), ("loaded", "loaded_language")):
            for m in lex.pattern(key).finditer(voice):
                add(device, device, s.id, s.text[m.start() : m.end()])
        for m in lex.pattern("hedges").finditer(voice):
            add("vague_attribution", "vague_hedge", s.id, s.text[m.start() : m.end()])
        for a, b in _relative_date_spans(voice, lex):
            add("relative_date", "relative_date", s.id, s.text[a:b])
        for m in lex.pattern("balance_markers").finditer(voice):
            add("misused_balance_marker", "misused_balance_marker", s.id, s.text[m.start() : m.end()])
    for f in found:
        if f.source.kind in {"anonymous", "vague"}:
            add("vague_attribution", "vague_source", f.sentence, f.cue_text)
    out.extend(_headline(article))
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


def _headline(article: Article) -> list[FramingDraft]:
    paras = article.paragraphs
    if len(paras) < 2:
        return []
    head = paras[0].sentences[0]
    body = " ".join(p.text for p in paras[1:]).lower()
    stems = {w[:5] for w in words(body)}
    missing = []
    for m in re.finditer(r"[A-Za-z][\w’'-]*", head.text):
        w = m.group(0)
        if len(w) >= 4 and w.lower() not in _STOP and w.lower()[:5] not in stems:
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
