"""Derivations about claims: which sentences make claims of a kind, how many there are, where they sit.

Keys come from the case's claim annotations (kind, check-worthiness, sentence and span), so
another case study yields its own keys.
"""

from __future__ import annotations

import re

from medialit.analysis.profile import (
    attribution_class,
)
from medialit.curriculum.derive_common import (
    Claims,
    Derived,
    Paragraphs,
    _cites,
    _claim_text,
    _claims_in,
    _fc_cites,
    _groups,
    _sentences,
    _sid_order,
    as_summary,
    claim_in_sentence,
    derivation,
    pick_claims,
    span_entry,
)
from medialit.model import (
    CLAIM_KINDS,
    AttributionClass,
    Case,
    ClaimKind,
    Option,
)


@derivation("sentences_with_claim_kind")
def sentences_with_claim_kind(case: Case, paragraphs: Paragraphs, kind: ClaimKind) -> Derived:
    """Select the sentences that hold at least one claim of ``kind`` (opinion, label ...)."""
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    claims = [c for c in _claims_in(case, ids) if c.kind == kind]
    return {
        "items": items,
        "key": sorted({c.sentence for c in claims}, key=_sid_order),
        "settings": {"groups": _groups(items)},
        "explanation": "; ".join(f"{c.sentence}: {c.summary}" for c in claims),
        "citations": _fc_cites(case, [c.id for c in claims]),
    }


@derivation("claim_kinds")
def claim_kinds(case: Case, claims: Claims) -> Derived:
    """Label each claim as factual claim, opinion, prediction or label.

    Each claim is shown marked in its sentence, as in :func:`claim_sources` (trial 28: a span in
    quotation marks read as a direct quote of a source).
    """
    claims = pick_claims(case, claims)
    shown = {cid: claim_in_sentence(case, case.claim(cid)) for cid in claims}
    items = [Option(cid, shown[cid][0]) for cid in claims]
    key = {cid: case.claim(cid).kind for cid in claims}
    return {
        "items": items,
        "labels": ["factual", "opinion", "prediction", "label"],
        "key": key,
        "explanation": "; ".join(f"{cid} is {k}" for cid, k in key.items()),
        "citations": _fc_cites(case, claims),
        "settings": {
            "in_sentence": {cid: marked for cid, (_, marked) in shown.items() if marked},
            **as_summary(case, claims),
        },
    }


@derivation("count_claims")
def count_claims(case: Case, attribution: AttributionClass, paragraphs: Paragraphs | None = None) -> Derived:
    """Numeric: how many claims (in ``paragraphs``, or all) are in one attribution class."""
    ids = {o.id for o in _sentences(case, paragraphs)}
    claims = _claims_in(case, ids)
    n = sum(1 for c in claims if attribution_class(case, c) == attribution)
    return {
        "key": n,
        "explanation": f"{n} of the {len(claims)} annotated claims are {attribution}.",
        "citations": [],
    }


@derivation("share_claims")
def share_claims(case: Case, attribution: AttributionClass, paragraphs: Paragraphs | None = None) -> Derived:
    """Numeric: the share (0-1, 2 decimals) of claims in one attribution class."""
    ids = {o.id for o in _sentences(case, paragraphs)}
    claims = _claims_in(case, ids)
    n = sum(1 for c in claims if attribution_class(case, c) == attribution)
    share = round(n / len(claims), 2) if claims else 0.0
    return {
        "key": share,
        "explanation": f"{n} of {len(claims)} claims are {attribution}: a share of {share:.2f}.",
        "citations": [],
    }


@derivation("inconsistent_sentences")
def inconsistent_sentences(case: Case) -> Derived:
    """Select the sentences that contradict another sentence of the article (two tolls for one day).

    Material: an ``internal_inconsistency`` anchored to spans in at least two sentences; one
    anchored only to paragraphs, or to one sentence, gives no sentence-level key and is left out.
    """
    items = _sentences(case, None)
    ids = {o.id for o in items}
    key: set[str] = set()
    notes: list[str] = []
    cites: list[str] = []
    for f in case.annotations.framing:
        if f.device != "internal_inconsistency":
            continue
        here = {s.sentence for s in f.spans} & ids
        if len(here) < 2:
            continue
        key |= here
        notes.append(f.explanation)
        cites = _cites(cites, f.citations)
    return {
        "items": items,
        "key": sorted(key, key=_sid_order),
        "explanation": " ".join(notes),
        "citations": cites,
        "settings": {"groups": _groups(items)},
    }


_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve "
    "dozen dozens hundred hundreds thousand thousands million millions"
)


_FIGURE = re.compile(r"\d[\d,.]*\d(?:s\b)?|\d|\b(?:" + "|".join(_NUMBER_WORDS.split()) + r")\b", re.IGNORECASE)


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
