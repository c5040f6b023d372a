"""Derivations about dates: when sources and claims first appeared, their ages, the article's date window.

Keys come from the dates the annotations record (sources, citations, the article's front
matter), so another case study yields its own keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from medialit.analysis.profile import (
    source_timeline,
)
from medialit.curriculum.derive_common import (
    Derived,
    ItemFeedback,
    _cites,
    _claim_text,
    derivation,
)
from medialit.model import (
    Case,
    Option,
    Source,
)


@derivation("source_dates")
def source_dates(case: Case, sources: list[str]) -> Derived:
    """Match each source the article cites with the date of its statement."""
    items, key = [], {}
    for sid in sources:
        s = case.source(sid)
        if not s.date:
            raise KeyError(f"date of {sid}")
        items.append(Option(sid, s.name))
        key[sid] = s.date
    labels = sorted(set(key.values()))
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": "; ".join(f"{case.source(k).name}: {v}" for k, v in key.items()),
        "citations": _cites(*(case.source(s).citations for s in sources)),
    }


_DAYS_PER_YEAR = 365.25


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


@derivation("claim_original_dates")
def claim_original_dates(case: Case, claims: list[str], extra_labels: list[str] | None = None) -> Derived:
    """Label each claim with the year of the source it comes from, whether the article credits it or not."""
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, ItemFeedback] = {}
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
