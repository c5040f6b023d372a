"""Pure functions that summarise a case: sourcing profile, verdict tally, timeline."""

from __future__ import annotations

import datetime as dt
import weakref
from collections import Counter
from dataclasses import dataclass

from medialit.model import ATTRIBUTION_CLASSES as ATTRIBUTION_CLASSES
from medialit.model import VERDICTS, Attribution, AttributionClass, Case, Claim

NAMED_KINDS = frozenset({"named_person", "named_outlet", "official_document", "organisation"})
UNNAMED_KINDS = frozenset({"anonymous", "vague"})


def credited_attributions(case: Case, claim_id: str) -> list[Attribution]:
    """Attributions of a claim that the article itself states: those with a cue in the text.

    Uncredited copying and uncredited paraphrase have no cue, so they do not count.
    """
    return [a for a in case.annotations.attributions if claim_id in a.claims and a.credited]


def attribution_class(case: Case, claim: Claim) -> AttributionClass:
    """Classify a claim as ``attributed``, ``anonymous`` or ``unattributed``.

    The class follows the source the article names for it: a named person, outlet
    or document makes it attributed; an unnamed or vague source makes it
    anonymous; uncredited copying or no source at all leaves it unattributed.
    """
    kinds = {case.source(a.source).kind for a in credited_attributions(case, claim.id)}
    if kinds & NAMED_KINDS:
        # A named outlet quoting unnamed officials is still an unnamed source for the
        # words inside the quotation; the annotation decides which source is cited.
        return "attributed"
    if kinds & UNNAMED_KINDS:
        return "anonymous"
    return "unattributed"


@dataclass(frozen=True)
class ParagraphProfile:
    """Claim counts of one paragraph by attribution class."""

    paragraph: str
    claims: int
    attributed: int
    anonymous: int
    unattributed: int


def sourcing_profile(case: Case) -> list[ParagraphProfile]:
    """Per paragraph, how many claims are attributed, anonymous or unattributed."""
    out = []
    for p in case.article.paragraphs:
        sids = {s.id for s in p.sentences}
        classes = Counter(attribution_class(case, c) for c in case.annotations.claims if c.sentence in sids)
        out.append(
            ParagraphProfile(
                paragraph=p.id,
                claims=sum(classes.values()),
                attributed=classes["attributed"],
                anonymous=classes["anonymous"],
                unattributed=classes["unattributed"],
            )
        )
    return out


def verdict_tally(case: Case) -> dict[str, int]:
    """Number of fact checks per verdict, in the schema's verdict order."""
    counts = Counter(fc.verdict for fc in case.annotations.fact_checks)
    return {v: counts[v] for v in VERDICTS if counts[v]}


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    parts = str(text).split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


@dataclass(frozen=True)
class TimelineEntry:
    """A dated source the article draws on, and its age at the article's date."""

    source: str
    name: str
    date: dt.date
    age_days: int | None


def source_timeline(case: Case) -> list[TimelineEntry]:
    """Every source with a known date, oldest first, with its age at publication.

    The article's date is its ``date`` or, for an undated page, the earliest day
    of its date estimate.
    """
    art = case.article
    ref = art.date or (art.date_estimate.earliest if art.date_estimate else None)
    out = []
    for s in case.annotations.sources:
        d = _parse_date(s.date)
        if d is None:
            continue
        out.append(TimelineEntry(s.id, s.name, d, (ref - d).days if ref else None))
    return sorted(out, key=lambda e: (e.date, e.source))


#: The last case :func:`case_facts` was asked about (by identity) and its facts.
_last_facts: tuple[weakref.ref[Case], dict[str, str]] | None = None


def case_facts(case: Case) -> dict[str, str]:
    """Figures that lesson text may quote as ``{{ name }}``, all computed from the case.

    Resolving a curriculum asks this of one case for every question; a case is immutable
    (frozen records of tuples), so the facts of the case last asked about are kept and a copy returned.
    """
    global _last_facts
    last = _last_facts
    if last is not None and last[0]() is case:
        return dict(last[1])
    facts = _case_facts(case)
    try:
        _last_facts = (weakref.ref(case), facts)
    except TypeError:  # not a Case that can be referred to weakly: nothing kept
        return facts
    return dict(facts)


#: How Lesson 1 names the kind of text a page labels itself (``Article.genre``) in a sentence.
_KIND_OF_TEXT = {
    "unknown": "not recorded in this case study",
    "news": "news",
    "opinion": "opinion",
    "advertising": "advertising (sponsored content)",
    "raw": "raw information (a document, data or a transcript)",
}


def _case_facts(case: Case) -> dict[str, str]:
    claims = case.annotations.claims
    classes = Counter(attribution_class(case, c) for c in claims)
    n = len(claims)
    art = case.article
    est = art.date_estimate
    verbatim = [a for a in case.annotations.attributions if a.mode == "verbatim_uncredited"]
    facts = {
        "title": art.title,
        "n_paragraphs": str(len(art.paragraphs)),
        "n_sentences": str(len(art.sentences)),
        "n_furniture": str(len(art.furniture)),
        "n_claims": str(n),
        "n_attributed": str(classes["attributed"]),
        "n_anonymous": str(classes["anonymous"]),
        "n_unattributed": str(classes["unattributed"]),
        "pct_unattributed": f"{100 * classes['unattributed'] / n:.0f}" if n else "0",
        "n_sources": str(len(case.annotations.sources)),
        "n_fact_checks": str(len(case.annotations.fact_checks)),
        "n_uncredited_copies": str(len(verbatim)),
        "n_packet_documents": str(len(case.packet.documents) if case.packet is not None else 0),
        "date_window": (
            f"{est.earliest:%d %B %Y} to {est.latest:%d %B %Y}"
            if est
            else (f"{art.date:%d %B %Y}" if art.date else "not stated on the page (undated)")
        ),
        "publisher": art.publisher or "not stated on the page",
        "kind_of_text": _KIND_OF_TEXT.get(art.genre, art.genre),
        "author": art.author or "not stated on the page",
    }
    for verdict, count in verdict_tally(case).items():
        facts[f"n_{verdict}"] = str(count)
    return facts
