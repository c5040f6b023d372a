"""Derivations for the reading lessons (1 Meet the article, 2 Spotting claims, 4 Attribution).

Registered on import with :func:`medialit.curriculum.derive.derivation`. Like the
derivations in :mod:`medialit.curriculum.derive`, each one reads the answer from
the case (front matter, page furniture, claims, attributions) so that another
case study yields its own keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from medialit.analysis.profile import NAMED_KINDS
from medialit.curriculum.derive import (
    MODE_LABELS,
    Derived,
    Paragraphs,
    _cites,
    _claim_text,
    _claims_in,
    _fc_cites,
    _groups,
    _sentences,
    _sid_order,
    attribution_note,
    derivation,
    span_entry,
)
from medialit.model import CLAIM_KINDS, Attribution, AttributionMode, Case, ClaimKind, Option

#: Kinds of content a reader can tell apart (Checkology's InfoZones, shortened).
GENRES = {
    "news": "a news report: tells what happened, credits its sources and keeps the writer's own views out",
    "opinion": "an opinion piece: argues a view in the writer's own voice",
    "advertising": "advertising or sponsored content: paid for, to sell a product, service or brand",
    "raw": "raw information: a document, data or a transcript, with no commentary",
}

ProvenanceField = Literal["byline", "date", "outlet", "links", "headline", "named_sources"]
#: What a reader looks for on a page to find out who is behind it and when it appeared:
#: option id -> (option text, short name for the explanation); the ids are :data:`ProvenanceField`.
PROVENANCE_FIELDS: dict[ProvenanceField, tuple[str, str]] = {
    "byline": ("a byline naming the writer", "byline"),
    "date": ("a publication date", "date"),
    "outlet": ("the name of the outlet or site that published it", "outlet name"),
    "links": ("links to the sources it names", "links to its sources"),
    "headline": ("a headline", "headline"),
    "named_sources": ("the names of some outlets and people it draws on", "named sources"),
}

SOURCE_KINDS_SHORT = re.compile(r"\s*\(.*$")
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve "
    "dozen dozens hundred hundreds thousand thousands million millions"
)
_FIGURE = re.compile(r"\d[\d,.]*\d(?:s\b)?|\d|\b(?:" + "|".join(_NUMBER_WORDS.split()) + r")\b", re.IGNORECASE)
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


# -- lesson 1: meet the article ------------------------------------------------


@derivation("page_lines")
def page_lines(case: Case, blocks: list[str] | None = None) -> Derived:
    """Select the lines of the captured page that are furniture, not article text.

    Items are the sentences of every block (body paragraphs and furniture) in
    page order, or of ``blocks`` only; the key is the furniture lines.
    """
    known = {b.id for b in case.article.blocks}
    if blocks is not None:
        missing = sorted(set(blocks) - known)
        if missing:
            raise KeyError(", ".join(missing))
    chosen = [b for b in case.article.blocks if blocks is None or b.id in blocks]
    items = [Option(s.id, " ".join(s.text.split())) for b in chosen for s in b.sentences]
    key = [s.id for b in chosen if b.furniture for s in b.sentences]
    names = ", ".join(b.id.upper() for b in chosen if b.furniture)
    return {
        "items": items,
        "key": key,
        "settings": {"groups": _groups(items)},
        "explanation": (
            f"The page furniture is {names}: text that came with the web page's template or its images, "
            "not with the article."
        ),
        "citations": ["facts-furniture"],
    }


@derivation("furniture_kinds")
def furniture_kinds(case: Case, extra_labels: list[str] | None = None) -> Derived:
    """Match each block of page furniture with what it is (image alt text, comment form ...)."""
    furniture = case.article.furniture
    if not furniture:
        raise KeyError("furniture (the page has none)")
    items = [Option(b.id, " / ".join(line for line in b.text.splitlines() if line.strip())) for b in furniture]
    key = {b.id: b.kind for b in furniture}
    labels = sorted(set(key.values()) | set(extra_labels or ()))
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(f"{b.id.upper()} ({b.kind}): {b.note}" for b in furniture),
        "citations": ["facts-furniture"],
    }


@derivation("provenance_gaps")
def provenance_gaps(case: Case, fields: list[ProvenanceField] | None = None) -> Derived:
    """Multi-select: which marks of provenance the page does not show.

    Read from the front matter (author, date, publisher), from whether any
    source is linked, and from the headline and credited sources in the text.
    """
    art = case.article
    credited_named = any(
        a.credited and case.source(a.source).kind in NAMED_KINDS for a in case.annotations.attributions
    )
    missing = {
        "byline": art.author is None,
        "date": art.date is None,
        "outlet": art.publisher is None,
        "links": not any(s.linked for s in case.annotations.sources),
        "headline": not any(b.kind == "headline" for b in art.blocks),
        "named_sources": not credited_named,
    }
    wanted = list(fields or PROVENANCE_FIELDS)
    unknown = [f for f in wanted if f not in PROVENANCE_FIELDS]
    if unknown:
        raise KeyError(", ".join(unknown))
    options = [Option(f, PROVENANCE_FIELDS[f][0]) for f in wanted]
    key = [f for f in wanted if missing[f]]
    shown = [PROVENANCE_FIELDS[f][1] for f in wanted if not missing[f]]
    absent = [PROVENANCE_FIELDS[f][1] for f in key]
    parts = []
    if absent:
        parts.append("Missing from the page: " + ", ".join(absent) + ".")
    if shown:
        parts.append("Present: " + ", ".join(shown) + ".")
    return {
        "options": options,
        "key": key,
        "explanation": " ".join(parts),
        "citations": ["facts-furniture", "facts-limits"],
    }


#: What a page can show of its own origin, as lesson 1's prompts name it (``page_origin``).
ORIGIN_FIELDS = ("author", "publisher", "date")


def _origin(case: Case) -> dict[str, str | None]:
    art = case.article
    return {
        "author": art.author,
        "publisher": art.publisher,
        "date": f"{art.date:%d %B %Y}".lstrip("0") if art.date else None,
    }


def _and(parts: list[str], word: str = "and") -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {word} " + parts[-1]


@derivation("page_origin")
def page_origin(case: Case, shows: Literal["little", "most"]) -> Derived:
    """A written item on who is behind the page, worded for what the page shows of its origin.

    The page shows ``little`` when it gives at most one of its author, publisher and date (the
    item asks what it does not tell), ``most`` when it gives two or all three (the item asks what
    those leave open). The item of the other wording has an empty key and is left out
    (``skip_if_empty``), so a lesson file holds both and a case gets the one that fits its page
    (trial 22: a report showing its byline, outlet and date was asked what the page hides).
    Facts for the prompt: ``origin_shown`` ("its author (Ana Ruiz) and its date (3 May 2025)")
    and ``origin_missing`` (", but not its publisher", or nothing).
    """
    origin = _origin(case)
    shown = [f for f in ORIGIN_FIELDS if origin[f]]
    missing = [f for f in ORIGIN_FIELDS if not origin[f]]
    fits = len(shown) >= 2 if shows == "most" else len(shown) <= 1
    if not fits:
        return {"key": None}
    shown_text = _and([f"its {f} ({origin[f]})" for f in shown]) if shown else "nothing of its origin"
    missing_text = f", but not {_and([f'its {f}' for f in missing], 'or')}" if missing else ""
    return {
        "key": shown if shows == "most" else missing,
        "facts": {"origin_shown": shown_text, "origin_missing": missing_text},
        "citations": [],
    }


@derivation("article_genre")
def article_genre(case: Case) -> Derived:
    """Single choice: the kind of content the article is (news, opinion ...), from its front matter."""
    genre = case.article.genre
    if genre not in GENRES:
        raise KeyError(f"genre {genre!r} (known: {', '.join(GENRES)})")
    return {
        "options": [Option(g, text) for g, text in GENRES.items()],
        "key": genre,
        "explanation": f"The case study classes the article as {genre}.",
        "citations": ["facts-framing"],
    }


@derivation("date_window_day")
def date_window_day(case: Case, end: Literal["earliest", "latest"] = "latest") -> Derived:
    """Numeric: the day of the month at one end of an undated article's date window."""
    est = case.article.date_estimate
    if est is None:
        raise KeyError("date_estimate (the article has none)")
    if end not in ("earliest", "latest"):
        raise KeyError(f"end {end!r} (use earliest or latest)")
    day = est.earliest if end == "earliest" else est.latest
    return {
        "key": day.day,
        "explanation": (
            f"The window runs from {est.earliest:%d %B %Y} to {est.latest:%d %B %Y}; "
            f"its {end} day is {day:%d %B %Y}. {est.basis}"
        ),
        "citations": _cites(est.citations, ["facts-findings"]),
    }


@derivation("relative_year")
def relative_year(case: Case, offset: int = -1) -> Derived:
    """Numeric: the calendar year a relative phrase ("last year": offset -1) means, given the date window."""
    est = case.article.date_estimate
    art = case.article
    if art.date is not None:
        year = art.date.year
        window = f"{art.date:%d %B %Y}"
        cites: list[str] = []
    elif est is not None and est.earliest.year == est.latest.year:
        year = est.earliest.year
        window = f"{est.earliest:%d %B %Y} to {est.latest:%d %B %Y}"
        cites = list(est.citations)
    else:
        raise KeyError("date (no date, and no date window within one year)")
    notes = [
        f.explanation
        for f in case.annotations.framing
        if f.device == "relative_date" and offset != 0 and any("year" in s.text.lower() for s in f.spans)
    ]
    return {
        "key": year + offset,
        "explanation": " ".join(
            [
                f"The article dates from {window}, so {abs(offset)} year{'s' if abs(offset) != 1 else ''} "
                f"{'before' if offset < 0 else 'after'} it is {year + offset}.",
                *notes,
            ]
        ),
        "citations": _cites(cites, ["facts-framing"]),
    }


# -- lesson 2: spotting claims ---------------------------------------------------


def _figures(text: str) -> list[str]:
    return [m.group(0) for m in _FIGURE.finditer(text)]


@derivation("sentences_with_figures")
def sentences_with_figures(case: Case, paragraphs: list[str] | None = None) -> Derived:
    """Select the sentences holding a check-worthy claim with a figure (a year, a count).

    A figure is a numeral or a number word inside the claim's span.
    """
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    hits: dict[str, list[str]] = {}
    claim_ids: list[str] = []
    for c in _claims_in(case, ids):
        if not c.check_worthy:
            continue
        figs = _figures(c.span or c.summary)
        if figs:
            hits.setdefault(c.sentence, []).extend(f for f in figs if f not in hits.get(c.sentence, []))
            claim_ids.append(c.id)
    key = sorted(hits, key=_sid_order)
    feedback = {
        sid: {
            "explanation": "Figures to check: " + ", ".join(hits[sid]) + ".",
            "citations": _fc_cites(case, [c for c in claim_ids if case.claim(c).sentence == sid]),
        }
        for sid in key
    }
    return {
        "items": items,
        "key": key,
        "settings": {"groups": _groups(items), "item_feedback": feedback},
        "explanation": "; ".join(f"{sid}: {', '.join(hits[sid])}" for sid in key),
        "citations": _fc_cites(case, claim_ids),
    }


@derivation("claim_spans")
def claim_spans(
    case: Case,
    paragraphs: list[str],
    label: str | None = None,
    by_kind: bool = False,
    kinds: list[ClaimKind] | None = None,
) -> Derived:
    """Highlight each separate claim of the given paragraphs (its annotated span).

    With ``by_kind`` each span is labelled with its claim kind; with ``label`` all
    carry that one label; otherwise the highlights are unlabelled.
    """
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    claims = [c for c in _claims_in(case, ids) if c.span and (kinds is None or c.kind in kinds)]
    missing = [c.id for c in _claims_in(case, ids) if not c.span]
    if missing:
        raise KeyError(f"span of {', '.join(missing)}")
    labels: list[str] = list(CLAIM_KINDS) if by_kind else ([label] if label else [])
    key = [span_entry(case, c.sentence, str(c.span), c.kind if by_kind else (label or "")) for c in claims]
    key.sort(key=lambda k: (_sid_order(k["sentence"]), k["start"]))
    return {
        "items": items,
        "labels": labels,
        "key": key,
        # In words, without claim ids (students read this in the practice feedback).
        "explanation": "The separate claims: " + " ".join(_sentence_end(c.summary) for c in claims),
        "citations": _cites(["facts-audit"], _fc_cites(case, [c.id for c in claims])),
        "settings": {"groups": _groups(items)},
    }


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


@derivation("count_claims_by_kind")
def count_claims_by_kind(
    case: Case,
    kinds: list[ClaimKind],
    paragraphs: list[str] | None = None,
    check_worthy: bool | None = None,
) -> Derived:
    """Numeric: how many claims (in ``paragraphs``, or all) are of the given kinds."""
    bad = [k for k in kinds if k not in CLAIM_KINDS]
    if bad:
        raise KeyError(", ".join(bad))
    ids = {o.id for o in _sentences(case, paragraphs)}
    claims = _claims_in(case, ids)
    hits = [c for c in claims if c.kind in kinds and (check_worthy is None or c.check_worthy == check_worthy)]
    where = f"in {', '.join(p.upper() for p in paragraphs)}" if paragraphs else "in the article"
    return {
        "key": len(hits),
        "explanation": (
            f"{len(hits)} of the {len(claims)} annotated claims {where} are {' or '.join(kinds)}"
            + (f": {', '.join(c.id for c in hits)}." if len(hits) <= 10 else ".")
        ),
        "citations": ["facts-audit", "facts-counts"],
    }


KIND_DESCRIPTIONS = {
    "factual": (
        "a factual claim: evidence could, at least in principle, show it true or false, even if it is hard to check"
    ),
    "opinion": "an opinion: a judgement that people who agree on all the evidence could still dispute",
    "prediction": "a prediction: a statement about what will happen, which can only be checked later",
    "label": "a label: a charged name for a person or group, which some use and others reject",
}


@derivation("claim_kind_choice")
def claim_kind_choice(case: Case, claim: str) -> Derived:
    """Single choice: what kind of statement one claim is (factual, opinion, prediction, label)."""
    c = case.claim(claim)
    fc = case.fact_check_for(claim)
    return {
        "options": [Option(k, KIND_DESCRIPTIONS[k]) for k in CLAIM_KINDS],
        "key": c.kind,
        "explanation": f"{c.id} ({c.summary}) is annotated as {c.kind}."
        + (f" The fact check: {fc.explanation}" if fc else ""),
        "citations": _cites(["facts-audit"], fc.citations if fc else ()),
        "settings": {"claim": _claim_text(case, c)},
    }


# -- lesson 4: attribution -------------------------------------------------------


@derivation("attribution_cues")
def attribution_cues(case: Case, paragraphs: Paragraphs, label: str = "attribution cue") -> Derived:
    """Highlight the cue words (source plus reporting verb) of every credited attribution.

    ``paragraphs``: paragraph ids, or ``first_half`` / ``second_half`` of the body.
    """
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: list[dict[str, Any]] = []
    notes: list[str] = []
    cites: list[str] = []
    seen: set[tuple[str, str]] = set()
    for a in case.annotations.attributions:
        if not a.credited or a.cue is None or a.cue.sentence not in ids:
            continue
        if (a.cue.sentence, a.cue.text) in seen:
            continue
        seen.add((a.cue.sentence, a.cue.text))
        key.append(span_entry(case, a.cue.sentence, a.cue.text, label))
        notes.append(f"“{a.cue.text}” ({a.cue.sentence}) points to {_short_name(case, a.source)}.")
        cites = _cites(cites, a.citations)
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
    key: list[dict[str, Any]] = []
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


__all__ = [
    "article_genre",
    "attribution_chain",
    "attribution_cues",
    "claim_kind_choice",
    "claim_spans",
    "count_claims_by_kind",
    "date_window_day",
    "furniture_kinds",
    "page_lines",
    "provenance_gaps",
    "quote_position_spans",
    "relative_year",
    "sentences_by_original",
    "sentences_with_figures",
]
