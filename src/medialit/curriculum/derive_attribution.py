"""Derivations about attribution: how a claim is credited (quote, paraphrase, cue words) and where.

Keys come from the case's attributions, so another case study yields its own keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, TypeVar

from medialit.curriculum.derive_common import (
    Derived,
    ItemFeedback,
    Paragraphs,
    _cites,
    _claim_sentences,
    _groups,
    _sentences,
    _sid_order,
    attribution_note,
    derivation,
    paragraph_options,
    span_entry,
)
from medialit.model import (
    Attribution,
    AttributionMode,
    Case,
    Option,
)
from medialit.qtypes.select_spans import KeySpan

MODE_LABELS = {
    "direct_quote": "direct quote",
    "paraphrase": "paraphrase",
    "mixed": "mixed quotation",
    "verbatim_uncredited": "copied without credit",
}


@derivation("attribution_modes")
def attribution_modes(case: Case, attributions: list[str]) -> Derived:
    """Label each attribution as direct quote, paraphrase, mixed, or copied without credit."""
    by_id = {a.id: a for a in case.annotations.attributions}
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, ItemFeedback] = {}
    cites: list[str] = []
    for aid in attributions:
        a = by_id[aid]
        first = case.claim(a.claims[0])
        text = f"{case.article.sentence(first.sentence).text} ({first.sentence})"
        items.append(Option(aid, text))
        key[aid] = MODE_LABELS[a.mode]
        feedback[aid] = {"explanation": attribution_note(case, a), "citations": list(a.citations)}
        cites = _cites(cites, a.citations, a.original)
    return {
        "items": items,
        "labels": list(MODE_LABELS.values()),
        "key": key,
        "explanation": " ".join(f"{k}: {v['explanation']}" for k, v in feedback.items()),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


@derivation("paragraphs_with_mode")
def paragraphs_with_mode(case: Case, paragraphs: list[str], modes: list[AttributionMode]) -> Derived:
    """Multi-select: which paragraphs hold an attribution of one of ``modes`` (e.g. copied without credit)."""
    options = paragraph_options(case, paragraphs)
    key: set[str] = set()
    notes: list[str] = []
    cites: list[str] = []
    for a in case.annotations.attributions:
        if a.mode not in modes:
            continue
        hit = {case.claim(c).sentence.split(".")[0] for c in a.claims} & set(paragraphs)
        if hit:
            key |= hit
            notes.append(attribution_note(case, a))
            cites = _cites(cites, a.citations, a.original)
    return {
        "options": options,
        "key": sorted(key, key=lambda p: int(p[1:])),
        "explanation": " ".join(notes),
        "citations": cites,
    }


QuotedMode = Literal["direct_quote", "paraphrase", "mixed"]


_T = TypeVar("_T")

_ALL_QUOTED: list[QuotedMode] = ["direct_quote", "paraphrase", "mixed"]


def _spread(pool: list[_T], limit: int) -> list[_T]:
    """At most ``limit`` entries of ``pool``, spread evenly through it (deterministic)."""
    if len(pool) <= limit:
        return pool
    step = len(pool) / limit
    return [pool[int(i * step)] for i in range(limit)]


def _every_mode(pool: list[tuple[str, Attribution]], limit: int) -> list[tuple[str, Attribution]]:
    """``_spread(pool, limit)``, with a statement of each mode the pool holds when ``limit`` allows:
    the spread's last pick of a mode it already holds twice or more gives way to the first
    statement of a missing mode (in reading order)."""
    chosen = list(_spread(pool, limit))
    for text, a in pool:
        have = [x.mode for _, x in chosen]
        if a.mode in have:
            continue
        spare = [i for i, (_, x) in enumerate(chosen) if have.count(x.mode) > 1]
        if not spare:
            break
        chosen[spare[-1]] = (text, a)
    order = {id(entry[1]): n for n, entry in enumerate(pool)}
    return sorted(chosen, key=lambda ta: order[id(ta[1])])


@derivation("quotation_types")
def quotation_types(
    case: Case, modes: list[QuotedMode] | None = None, limit: int = 6, paragraphs: Paragraphs | None = None
) -> Derived:
    """Label each credited statement as a direct quote, a paraphrase or a mixed quotation.

    An item is the sentence(s) holding an attribution's claims. A sentence that holds two
    credited attributions of different modes is left out (no single label is right), and so is
    copying without credit (no one is quoted). ``paragraphs`` (ids, or a half) keeps the
    statements that start there: the practice before the item then works on other sentences.

    The statements shown hold each mode there is (a direct quote among many paraphrases is not
    spread away). With fewer than two modes there is no item (an empty key: ``skip_if_empty``
    leaves it out with the section that teaches it): one blanket label would score full marks.
    """
    wanted = list(modes or _ALL_QUOTED)
    inside = {o.id for o in _sentences(case, paragraphs)} if paragraphs is not None else None
    by_text: dict[str, list[Attribution]] = {}
    for a in case.annotations.attributions:
        if not a.credited or not a.claims:
            continue
        if inside is not None and _claim_sentences(case, a)[0] not in inside:
            continue
        text = " ".join(case.article.sentence(s).text for s in _claim_sentences(case, a))
        by_text.setdefault(text, []).append(a)
    pool: list[tuple[str, Attribution]] = []
    for text, attrs in by_text.items():
        if len({a.mode for a in attrs}) != 1 or attrs[0].mode not in wanted:
            continue
        pool.append((text, attrs[0]))
    pool.sort(key=lambda ta: _sid_order(_claim_sentences(case, ta[1])[0]))
    chosen = _every_mode(pool, limit)
    if len({a.mode for _, a in chosen}) < 2:
        # One label for every statement (a wire report with no direct quotation: all paraphrase)
        # scores full marks with a blanket answer, so the item could not tell a student who
        # reads the quotation marks from one who does not: no item (trial 28).
        chosen = []
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, ItemFeedback] = {}
    cites: list[str] = []
    for text, a in chosen:
        where = _claim_sentences(case, a)[0]
        items.append(Option(a.id, f"{text} ({where})"))
        key[a.id] = MODE_LABELS[a.mode]
        expl = attribution_note(case, a) or f"The annotations record this statement as a {MODE_LABELS[a.mode]}."
        feedback[a.id] = {"explanation": expl, "citations": list(a.citations)}
        cites = _cites(cites, a.citations)
    return {
        "items": items,
        "labels": [MODE_LABELS[m] for m in _ALL_QUOTED if m in wanted],
        "key": key,
        "explanation": " ".join(f"{k}: {v['explanation']}" for k, v in feedback.items()),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


SOURCE_KINDS_SHORT = re.compile(r"\s*\(.*$")


_OPEN_QUOTES = '“"'


_CLOSE_QUOTES = '”"'


INSIDE_QUOTES = "inside quotation marks"


OUTSIDE_QUOTES = "outside quotation marks"


def _short_name(case: Case, source_id: str) -> str:
    """A source's name without the annotator's parenthetical note."""
    return SOURCE_KINDS_SHORT.sub("", case.source(source_id).name)


def _attributions(case: Case, ids: Iterable[str]) -> list[Attribution]:
    by_id = {a.id: a for a in case.annotations.attributions}
    return [by_id[i] for i in ids]


@derivation("attribution_cues")
def attribution_cues(case: Case, paragraphs: Paragraphs, label: str = "attribution cue") -> Derived:
    """Highlight the cue words (source plus reporting verb) of every credited attribution.

    ``paragraphs``: paragraph ids, or ``first_half`` / ``second_half`` of the body.
    """
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: list[KeySpan] = []
    notes: list[str] = []
    cites: list[str] = []
    # One cue may credit several sources ("both Roscosmos and NASA said"): one key span, and its
    # note names every source it points to (trial 28 named only the first).
    points_to: dict[tuple[str, str], list[str]] = {}
    for a in case.annotations.attributions:
        if not a.credited or a.cue is None or a.cue.sentence not in ids:
            continue
        cue = (a.cue.sentence, a.cue.text)
        if cue not in points_to:
            points_to[cue] = []
            key.append(span_entry(case, a.cue.sentence, a.cue.text, label))
        name = _short_name(case, a.source)
        if name not in points_to[cue]:
            points_to[cue].append(name)
        cites = _cites(cites, a.citations)
    for (sentence, text), names in points_to.items():
        notes.append(f"“{text}” ({sentence}) points to {' and '.join(names)}.")
    key.sort(key=lambda k: (_sid_order(k["sentence"]), k["start"]))
    return {
        "items": items,
        "labels": [label],
        "key": key,
        "explanation": " ".join(notes),
        "citations": cites,
        "settings": {"groups": _groups(items)},
    }


@derivation("attribution_chain")
def attribution_chain(case: Case, attribution: str, candidates: list[str]) -> Derived:
    """Multi-select: every source that stands behind one attribution (its chain)."""
    (a,) = _attributions(case, [attribution])
    chain = list(dict.fromkeys([*a.chain, a.source]))
    for sid in candidates:
        case.source(sid)  # KeyError for an unknown id
    outside = [s for s in chain if s not in candidates]
    if outside:
        raise KeyError(f"chain member {', '.join(outside)} is not among the candidates")
    options = [Option(sid, _short_name(case, sid)) for sid in candidates]
    return {
        "options": options,
        "key": [sid for sid in candidates if sid in chain],
        "explanation": attribution_note(case, a),
        "citations": _cites(a.citations, a.original),
    }


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside curly (or straight) quotation marks."""
    out, start = [], None
    for i, ch in enumerate(text):
        if start is None and ch in _OPEN_QUOTES:
            start = i
        elif start is not None and ch in _CLOSE_QUOTES:
            out.append((start, i + 1))
            start = None
    return out


@derivation("quote_position_spans")
def quote_position_spans(case: Case, attributions: list[str]) -> Derived:
    """Highlight each claim of mixed quotations, labelled inside or outside the quotation marks.

    Claims that lie inside the attribution's cue are left out, and so is a claim span
    nested in another span with the same label (one highlight finds both).
    """
    attrs = _attributions(case, attributions)
    claim_ids = list(dict.fromkeys(c for a in attrs for c in a.claims))
    sentence_ids = sorted({case.claim(c).sentence for c in claim_ids}, key=_sid_order)
    paragraphs = list(dict.fromkeys(s.split(".")[0] for s in sentence_ids))
    items = _sentences(case, paragraphs)
    cues = [(a.cue.sentence, a.cue.text) for a in attrs if a.cue is not None]
    spans: list[tuple[str, int, int, str, str, str]] = []
    for cid in claim_ids:
        c = case.claim(cid)
        text = case.article.sentence(c.sentence).text
        if not c.span or c.span not in text:
            raise KeyError(f"span of {cid}")
        if any(sid == c.sentence and c.span in cue for sid, cue in cues):
            continue  # part of the cue (who said it), not of the content
        start = text.find(c.span)
        end = start + len(c.span)
        inside = any(qs <= start and end <= qe for qs, qe in _quoted_ranges(text))
        spans.append((c.sentence, start, end, c.span, INSIDE_QUOTES if inside else OUTSIDE_QUOTES, cid))
    key: list[KeySpan] = []
    for sid, start, end, text, label, _cid in spans:
        nested = any(
            o[0] == sid and o[4] == label and o[1] <= start and end <= o[2] and (o[1], o[2]) != (start, end)
            for o in spans
        )
        if not nested:
            key.append({"sentence": sid, "text": text, "start": start, "end": end, "label": label})
    key.sort(key=lambda k: (_sid_order(k["sentence"]), k["start"]))
    return {
        "items": items,
        "labels": [INSIDE_QUOTES, OUTSIDE_QUOTES],
        "key": key,
        "explanation": " ".join(attribution_note(case, a) for a in attrs),
        "citations": _cites(*(a.citations for a in attrs)),
        "settings": {"groups": _groups(items)},
    }


@derivation("sentences_by_original")
def sentences_by_original(
    case: Case, paragraphs: list[str], modes: list[AttributionMode], extra_labels: list[str] | None = None
) -> Derived:
    """Select the sentences that reproduce a source in one of ``modes``, labelled with that source.

    Meant for uncredited copying: the label is the original the words come from.
    """
    bad = [m for m in modes if m not in MODE_LABELS]
    if bad:
        raise KeyError(", ".join(bad))
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: dict[str, str] = {}
    notes: list[str] = []
    cites: list[str] = []
    for a in case.annotations.attributions:
        if a.mode not in modes:
            continue
        sents = {case.claim(c).sentence for c in a.claims} & ids
        if not sents:
            continue
        name = _short_name(case, a.source)
        for sid in sents:
            if key.get(sid, name) != name:
                raise KeyError(f"{sid} (two different originals)")
            key[sid] = name
        notes.append(attribution_note(case, a))
        cites = _cites(cites, a.citations, a.original)
    labels = sorted(set(key.values()) | set(extra_labels or ()))
    return {
        "items": items,
        "labels": labels,
        "key": {sid: key[sid] for sid in sorted(key, key=_sid_order)},
        "explanation": " ".join(notes),
        "citations": cites,
        "settings": {"groups": _groups(items)},
    }
