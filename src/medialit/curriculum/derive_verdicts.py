"""Derivations about fact checks: the verdicts on claims, contested claims and each side's account.

Keys come from the case's fact checks and their citations, so another case study yields its own keys.
"""

from __future__ import annotations

from medialit.curriculum.derive_common import (
    Claims,
    Derived,
    ItemFeedback,
    _cites,
    _claim_text,
    _claims_in,
    _fc_cites,
    _groups,
    _letters,
    _sentences,
    _sid_order,
    derivation,
    pick_claims,
)
from medialit.model import (
    VERDICTS,
    Case,
    Option,
    Verdict,
)

VERDICT_LABELS = {
    "accurate": "accurate",
    "missing_context": "accurate but missing context",
    "time_shifted": "out of date or time-shifted",
    "inaccurate": "inaccurate",
    "unverifiable": "unverifiable",
    "unchecked": "not yet checked",
}


@derivation("claim_verdict")
def claim_verdict(case: Case, claim: str) -> Derived:
    """Single choice: the fact-check verdict of one claim."""
    c = case.claim(claim)
    fc = case.fact_check_for(claim)
    if fc is None:
        raise KeyError(f"fact check of {claim}")
    options = [Option(v, VERDICT_LABELS[v]) for v in VERDICTS if v != "unchecked"]
    return {
        "options": options,
        "key": fc.verdict,
        "explanation": fc.explanation,
        "citations": list(fc.citations),
        "settings": {"claim": _claim_text(case, c)},
    }


@derivation("claim_verdicts")
def claim_verdicts(case: Case, claims: Claims) -> Derived:
    """Label each claim with its fact-check verdict."""
    claims = pick_claims(case, {**claims, "checked": True} if isinstance(claims, dict) else claims)
    items: list[Option] = []
    key: dict[str, str] = {}
    notes: list[str] = []
    cites: list[str] = []
    feedback: dict[str, ItemFeedback] = {}
    for cid in claims:
        c = case.claim(cid)
        fc = case.fact_check_for(cid)
        if fc is None:
            raise KeyError(f"fact check of {cid}")
        items.append(Option(cid, _claim_text(case, c)))
        key[cid] = VERDICT_LABELS[fc.verdict]
        feedback[cid] = {"explanation": fc.explanation, "citations": list(fc.citations)}
        notes.append(f"{cid}: {fc.explanation}")
        cites = _cites(cites, fc.citations)
    return {
        "items": items,
        "labels": [VERDICT_LABELS[v] for v in VERDICTS if v != "unchecked"],
        "key": key,
        "explanation": " ".join(notes),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


@derivation("claims_with_verdict")
def claims_with_verdict(case: Case, claims: list[str], verdicts: list[Verdict]) -> Derived:
    """Multi-select: which of ``claims`` the fact check gives one of ``verdicts``."""
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        raise KeyError(", ".join(unknown))
    options, key, notes = [], [], []
    for cid in claims:
        c = case.claim(cid)
        fc = case.fact_check_for(cid)
        if fc is None:
            raise KeyError(f"fact check of {cid}")
        options.append(Option(cid, _claim_text(case, c)))
        if fc.verdict in verdicts:
            key.append(cid)
        notes.append(f"{cid} ({VERDICT_LABELS[fc.verdict]}): {fc.explanation}")
    return {
        "options": options,
        "key": key,
        "explanation": " ".join(notes),
        "citations": _fc_cites(case, claims),
    }


def _selected_sentences(
    case: Case, items: list[Option], key: set[str], notes: list[str], claim_ids: list[str]
) -> Derived:
    """A sentence selection: the sentences in ``key`` in reading order, explained by the checks of ``claim_ids``."""
    return {
        "items": items,
        "key": sorted(key, key=_sid_order),
        "settings": {"groups": _groups(items)},
        "explanation": " ".join(notes),
        "citations": _fc_cites(case, claim_ids),
    }


@derivation("sentences_with_contested_claims")
def sentences_with_contested_claims(case: Case, paragraphs: list[str]) -> Derived:
    """Select the sentences holding a claim whose fact check is contested (sources disagree)."""
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: set[str] = set()
    notes, claim_ids = [], []
    for fc in case.annotations.fact_checks:
        if not fc.contested:
            continue
        c = case.claim(fc.claim)
        if c.sentence not in ids:
            continue
        key.add(c.sentence)
        claim_ids.append(c.id)
        sides = "; ".join(a.side for a in fc.accounts) or "see the fact check"
        notes.append(f"{c.id} ({c.sentence}): accounts from {sides}.")
    return _selected_sentences(case, items, key, notes, claim_ids)


@derivation("sentences_with_verdict")
def sentences_with_verdict(case: Case, paragraphs: list[str], verdicts: list[Verdict]) -> Derived:
    """Select the sentences holding a claim whose fact-check verdict is one of ``verdicts``."""
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        raise KeyError(", ".join(unknown))
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: set[str] = set()
    notes, claim_ids = [], []
    for c in _claims_in(case, ids):
        fc = case.fact_check_for(c.id)
        if fc is None or fc.verdict not in verdicts:
            continue
        key.add(c.sentence)
        claim_ids.append(c.id)
        notes.append(f"{c.id} ({c.sentence}, {VERDICT_LABELS[fc.verdict]}): {fc.explanation}")
    return _selected_sentences(case, items, key, notes, claim_ids)


@derivation("share_verdicts")
def share_verdicts(case: Case, verdicts: list[Verdict]) -> Derived:
    """Numeric: the share (0-1, 2 decimals) of fact-checked claims with one of ``verdicts``."""
    unknown = [v for v in verdicts if v not in VERDICTS]
    if unknown:
        raise KeyError(", ".join(unknown))
    checks = case.annotations.fact_checks
    n = sum(1 for fc in checks if fc.verdict in verdicts)
    share = round(n / len(checks), 2) if checks else 0.0
    names = " or ".join(f"'{VERDICT_LABELS[v]}'" for v in verdicts)
    return {
        "key": share,
        "explanation": f"{n} of the {len(checks)} fact-checked claims are rated {names}: a share of {share:.2f}.",
        "citations": ["facts-counts"] if any(c.id == "facts-counts" for c in case.annotations.citations) else [],
    }


@derivation("contested_accounts")
def contested_accounts(case: Case, claim: str) -> Derived:
    """Label each account of a contested claim with the side that gives it."""
    fc = case.fact_check_for(claim)
    if fc is None or not fc.contested or not fc.accounts:
        raise KeyError(f"a contested fact check with accounts for {claim}")
    ids = _letters(len(fc.accounts))
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, ItemFeedback] = {}
    cites: list[str] = []
    for i, acc in zip(ids, fc.accounts, strict=True):
        items.append(Option(i, acc.account))
        key[i] = acc.side
        flag = " (low confidence)" if acc.confidence == "low" else ""
        feedback[i] = {"explanation": f"{acc.side}{flag}: {acc.account}", "citations": list(acc.citations)}
        cites = _cites(cites, acc.citations)
    if len(set(key.values())) != len(key):
        raise KeyError(f"distinct sides in the accounts of {claim}")
    return {
        "items": items,
        "labels": sorted(key.values()),
        "key": key,
        "explanation": fc.explanation + " " + " ".join(f"{k}: {v}." for k, v in key.items()),
        "citations": _cites(fc.citations, cites),
        "settings": {"item_feedback": feedback, "claim": _claim_text(case, case.claim(claim))},
    }
