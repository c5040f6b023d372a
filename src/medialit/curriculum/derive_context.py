"""Derivations for lessons derive_context (registered on import).

Keys for the lessons on time and context, framing, and the whole-article
evaluation: the dates and ages of the sources behind claims, fact-check
verdicts of a set of claims, the framing device of a phrase, omissions, and
each side's own account of a contested claim. Like :mod:`medialit.curriculum.derive`,
every key comes from the case's annotations.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

from medialit.analysis.profile import source_timeline
from medialit.curriculum.derive import (
    DEVICE_LABELS,
    VERDICT_LABELS,
    Derived,
    _cites,
    _claim_text,
    _claims_in,
    _fc_cites,
    _groups,
    _sentences,
    _sid_order,
    derivation,
    paragraph_options,
    quoted,
)
from medialit.model import VERDICTS, Case, FramingDevice, Option, Source, Verdict

_DAYS_PER_YEAR = 365.25


# -- helpers -------------------------------------------------------------------


def _letters(n: int) -> list[str]:
    """Option ids ``a``, ``b``, ... that say nothing about the answer."""
    if n > len(string.ascii_lowercase):
        raise TypeError(f"too many options ({n}); at most {len(string.ascii_lowercase)}")
    return list(string.ascii_lowercase[:n])


def _framing(case: Case, fid: str) -> FramingDevice:
    for f in case.annotations.framing:
        if f.id == fid:
            return f
    raise KeyError(fid)


def _article_ref(case: Case) -> str:
    """The article's date, or the first day of its date estimate, as text."""
    art = case.article
    if art.date:
        return f"{art.date:%d %B %Y}"
    if art.date_estimate:
        return f"{art.date_estimate.earliest:%d %B %Y} (the first day of its date window)"
    raise KeyError("the article's date (neither date nor date_estimate is set)")


def _article_cites(case: Case) -> list[str]:
    est = case.article.date_estimate
    return list(est.citations) if est else []


def _ages(case: Case, sources: Iterable[str]) -> dict[str, float]:
    """Age in years, at the article's date, of each named source (KeyError when undated)."""
    timeline = {e.source: e for e in source_timeline(case)}
    out = {}
    for sid in sources:
        case.source(sid)  # unknown ids raise KeyError
        entry = timeline.get(sid)
        if entry is None or entry.age_days is None:
            raise KeyError(f"date of {sid}")
        out[sid] = entry.age_days / _DAYS_PER_YEAR
    return out


def _dated_source(case: Case, claim_id: str) -> tuple[str, Source]:
    """The year and dated source a claim comes from, credited or not (its attribution or the chain behind it)."""
    found: dict[str, Source] = {}
    for a in case.annotations.attributions:
        if claim_id not in a.claims:
            continue
        for sid in (a.source, *a.chain):
            src = case.source(sid)
            if src.date:
                found.setdefault(src.date[:4], src)
                break
    if not found:
        raise KeyError(f"a dated source of {claim_id}")
    if len(found) > 1:
        raise KeyError(f"one year for {claim_id} (its sources date from {', '.join(sorted(found))})")
    return next(iter(found.items()))


# -- time and context ----------------------------------------------------------


@derivation("claim_original_dates")
def claim_original_dates(case: Case, claims: list[str], extra_labels: list[str] | None = None) -> Derived:
    """Label each claim with the year of the source it comes from, whether the article credits it or not."""
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, dict[str, Any]] = {}
    cites: list[str] = []
    for cid in claims:
        c = case.claim(cid)
        year, src = _dated_source(case, cid)
        items.append(Option(cid, _claim_text(case, c)))
        key[cid] = year
        attrs = [a for a in case.annotations.attributions if cid in a.claims]
        credited = [(a.source, a.cue) for a in attrs if a.credited and a.cue is not None]
        own = [cue for sid, cue in credited if sid == src.id]
        if own:
            credit = f"The article names it (“{own[0].text}”) but not its date."
        elif credited:
            credit = f"The article points only to “{credited[0][1].text}” and names neither it nor its date."
        else:
            credit = "The article does not name this source."
        # Written here rather than copied from the attribution notes, so that the
        # practice feedback does not repeat another question's explanation word for word.
        expl = f"{cid} comes from {src.name}, dated {src.date}. {credit}"
        acites = _cites(src.citations, *(a.citations for a in attrs))
        feedback[cid] = {"explanation": expl, "citations": acites}
        cites = _cites(cites, acites)
    labels = sorted(set(key.values()) | set(extra_labels or ()))
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(v["explanation"] for v in feedback.values()),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


@derivation("source_age_years")
def source_age_years(case: Case, source: str, digits: int = 1) -> Derived:
    """Numeric: how many years old a source was at the article's date (rounded to ``digits``)."""
    age = _ages(case, [source])[source]
    s = case.source(source)
    value = round(age, digits)
    return {
        "key": value,
        "explanation": (
            f"{s.name} is dated {s.date}; the article dates from {_article_ref(case)}. "
            f"That is {age:.2f} years, {value} to {digits} decimal place(s)."
        ),
        "citations": _cites(s.citations, _article_cites(case)),
    }


@derivation("sources_older_than")
def sources_older_than(case: Case, sources: list[str], years: float) -> Derived:
    """Code: the ids (sorted) of the sources more than ``years`` old at the article's date."""
    ages = _ages(case, sources)
    key = sorted(sid for sid, age in ages.items() if age > years)
    notes = "; ".join(f"{sid}: {age:.1f} years" for sid, age in sorted(ages.items(), key=lambda kv: -kv[1]))
    return {
        "key": key,
        "explanation": f"Ages at {_article_ref(case)}: {notes}.",
        "citations": _cites(*(case.source(s).citations for s in sources), _article_cites(case)),
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


# -- framing -------------------------------------------------------------------


@derivation("framing_devices_of")
def framing_devices_of(case: Case, framing: list[str], extra_labels: list[str] | None = None) -> Derived:
    """Label each annotated phrase (a framing entry's first span) with its framing device.

    Items get neutral letter ids (``a``, ``b``, ...) in the order of ``framing``.

    The labels are the devices of the entries asked about (plus ``extra_labels``,
    given as device names). A phrase that the annotations also give another of
    these devices is refused, since the key would be ambiguous.
    """
    entries = [_framing(case, fid) for fid in framing]
    devices = {f.device for f in entries} | set(extra_labels or ())
    unknown = sorted(devices - set(DEVICE_LABELS))
    if unknown:
        raise KeyError(", ".join(unknown))
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, dict[str, Any]] = {}
    cites: list[str] = []
    for oid, f in zip(_letters(len(entries)), entries, strict=True):
        if not f.spans:
            raise KeyError(f"a span of {f.id}")
        span = f.spans[0]
        for other in case.annotations.framing:
            if other.device == f.device or other.device not in devices:
                continue
            for s in other.spans:
                if s.sentence == span.sentence and (s.text in span.text or span.text in s.text):
                    raise KeyError(f"one device for {span.text!r} ({f.id} is {f.device}, {other.id} is {other.device})")
        items.append(Option(oid, f"{quoted(span.text)} ({span.sentence})"))
        key[oid] = DEVICE_LABELS[f.device]
        feedback[oid] = {"explanation": f.explanation, "citations": list(f.citations)}
        cites = _cites(cites, f.citations)
    labels = [DEVICE_LABELS[d] for d in DEVICE_LABELS if d in devices]
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(f"{o.text}: {feedback[o.id]['explanation']}" for o in items),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


@derivation("framing_paragraph")
def framing_paragraph(case: Case, framing: str, paragraphs: list[str]) -> Derived:
    """Single choice: which of ``paragraphs`` a framing entry (e.g. the buried news peg) points to."""
    f = _framing(case, framing)
    options = paragraph_options(case, paragraphs)
    anchored = set(f.paragraphs) | {s.sentence.split(".")[0] for s in f.spans}
    hits = [p for p in paragraphs if p in anchored]
    if len(hits) != 1:
        raise KeyError(f"exactly one of {paragraphs} in {f.id} (found {hits or 'none'})")
    return {
        "options": options,
        "key": hits[0],
        "explanation": f.explanation,
        "citations": list(f.citations),
    }


@derivation("omissions")
def omissions(case: Case, omitted: list[str], included: list[str], texts: dict[str, str]) -> Derived:
    """Multi-select: which statements the article leaves out.

    ``omitted`` are framing entries of device ``omission``; ``included`` are
    annotated claims, which the article does state. ``texts`` gives the option
    text of each omission (and may replace a claim's summary). Options get
    neutral letter ids, in alphabetical order of their text.
    """
    rows: list[tuple[str, str, bool]] = []
    notes: list[str] = []
    cites: list[str] = []
    for fid in omitted:
        f = _framing(case, fid)
        if f.device != "omission":
            raise KeyError(f"an omission named {fid} (it is {f.device})")
        if fid not in texts:
            raise KeyError(f"texts.{fid}")
        rows.append((fid, texts[fid], True))
        notes.append(f.explanation if f.explanation.startswith("Left out") else f"Left out: {f.explanation}")
        cites = _cites(cites, f.citations)
    for cid in included:
        c = case.claim(cid)
        rows.append((cid, texts.get(cid, c.summary), False))
        notes.append(f"Stated in the article ({c.sentence}): {c.summary}")
        cites = _cites(cites, _fc_cites(case, [cid]))
    extra = sorted(set(texts) - {r[0] for r in rows})
    if extra:
        raise KeyError(f"a listed id for texts.{extra[0]}")
    rows.sort(key=lambda r: r[1].lower())
    ids = _letters(len(rows))
    return {
        "options": [Option(i, text) for i, (_, text, _) in zip(ids, rows, strict=True)],
        "key": [i for i, (_, _, left_out) in zip(ids, rows, strict=True) if left_out],
        "explanation": " ".join(notes),
        "citations": cites,
    }


# -- contested facts -----------------------------------------------------------


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
    return {
        "items": items,
        "key": sorted(key, key=_sid_order),
        "settings": {"groups": _groups(items)},
        "explanation": " ".join(notes),
        "citations": _fc_cites(case, claim_ids),
    }


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
    return {
        "items": items,
        "key": sorted(key, key=_sid_order),
        "settings": {"groups": _groups(items)},
        "explanation": " ".join(notes),
        "citations": _fc_cites(case, claim_ids),
    }


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
    feedback: dict[str, dict[str, Any]] = {}
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


@derivation("confirming_sources")
def confirming_sources(case: Case, claims: dict[str, dict[str, str]], distractors: list[str] | None = None) -> Derived:
    """Label each claim with the kind of record that could confirm it (or show it out of date).

    ``claims`` maps a claim id to ``{label, citation}``: the label describes the record for the
    student, and ``citation`` must be one of the citations of that claim's fact check, so the
    key follows the annotations and fails loudly when they change. ``distractors`` are extra
    labels that fit no claim.
    """
    items: list[Option] = []
    key: dict[str, str] = {}
    cites: list[str] = []
    notes: list[str] = []
    for cid, spec in claims.items():
        claim = case.claim(cid)
        fc = case.fact_check_for(cid)
        if fc is None:
            raise KeyError(f"fact check of {cid}")
        if spec["citation"] not in fc.citations:
            raise KeyError(f"{spec['citation']} among the citations of the fact check of {cid}")
        items.append(Option(cid, _claim_text(case, claim)))
        key[cid] = str(spec["label"])
        cites = _cites(cites, [spec["citation"]])
        notes.append(f"{cid}: {fc.explanation}")
    labels = sorted({*key.values(), *(distractors or ())})
    if len(set(key.values())) != len(key):
        raise KeyError("one distinct label per claim")
    return {"items": items, "labels": labels, "key": key, "explanation": " ".join(notes), "citations": cites}
