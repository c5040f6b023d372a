"""Derive question keys from a case's annotations.

Each derivation takes the case and the spec's arguments and returns the parts of
a question it fills in (a :class:`Derived`): ``items`` or ``options``, ``labels``,
``key``, and the ``explanation`` and ``citations`` that justify the key. Another
case study therefore yields its own keys with no hand-written answers.

A derivation's type hints are its contract with the lesson YAML: :func:`derive`
checks the arguments against them (:mod:`medialit.curriculum.derive_args`) before
it runs, so a misspelt value is an error that names the allowed ones.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any, Literal, Required, TypedDict

from medialit.analysis.profile import ATTRIBUTION_CLASSES, NAMED_KINDS, attribution_class, credited_attributions
from medialit.curriculum.derive_args import argument_problems
from medialit.errors import CurriculumError
from medialit.model import (
    VERDICTS,
    Attribution,
    AttributionClass,
    AttributionMode,
    Case,
    Claim,
    ClaimKind,
    FramingDeviceKind,
    Option,
    SourceKind,
    Verdict,
)


class Derived(TypedDict, total=False):
    """What a derivation fills in of a question; only ``key`` is always there."""

    key: Required[Any]
    items: list[Option]
    options: list[Option]
    labels: list[str]
    explanation: str
    citations: list[str]
    settings: dict[str, Any]
    rubric: list[str]
    """A hand-graded item's rubric for the teacher, from the annotation (students see the spec's own)."""
    facts: dict[str, str]
    """Words for the prompt's ``{{ name }}`` templates (where to look in the article)."""


Derivation = Callable[..., Derived]

Half = Literal["first_half", "second_half"]
Paragraphs = list[str] | Half
"""Paragraph ids, or half of the body paragraphs."""


class ClaimRule(TypedDict, total=False):
    """A rule choosing claims, so a question works for any case (see :func:`pick_claims`)."""

    select: Literal["attributed", "anonymous", "unattributed", "check_worthy", "any"]
    kind: ClaimKind
    verdict: Verdict
    checked: bool
    paragraphs: Paragraphs
    """Only claims in these paragraphs (ids, or ``first_half``/``second_half``): a graded item
    then asks about other sentences than the practice before it (issue 22)."""
    limit: int


Claims = list[str] | ClaimRule

VERDICT_LABELS = {
    "accurate": "accurate",
    "missing_context": "accurate but missing context",
    "time_shifted": "out of date or time-shifted",
    "inaccurate": "inaccurate",
    "unverifiable": "unverifiable",
    "unchecked": "not yet checked",
}
MODE_LABELS = {
    "direct_quote": "direct quote",
    "paraphrase": "paraphrase",
    "mixed": "mixed quotation",
    "verbatim_uncredited": "copied without credit",
}
DEVICE_LABELS = {
    "label": "label or name",
    "loaded_language": "loaded language",
    "relative_date": "relative date",
    "misused_balance_marker": "balance marker",
    "stale_as_current": "old news as current",
    "vague_attribution": "vague attribution",
    "headline_body_mismatch": "headline-body mismatch",
    "internal_inconsistency": "inconsistency",
    "image_provenance": "image provenance",
    "omission": "omission",
    "ordering": "ordering",
}
NO_SOURCE = "no source given"

_REGISTRY: dict[str, Derivation] = {}


def derivation(name: str) -> Callable[[Derivation], Derivation]:
    """Register a derivation under ``name`` (used as ``key: {derive: name}``)."""

    def deco(fn: Derivation) -> Derivation:
        _REGISTRY[name] = fn
        return fn

    return deco


def derivations() -> dict[str, Derivation]:
    """The registered derivations by name."""
    return dict(_REGISTRY)


def derive(case: Case, name: str, args: dict[str, Any], where: str) -> Derived:
    """Run derivation ``name`` with ``args``; errors name the question ``where``."""
    fn = _REGISTRY.get(name)
    if fn is None:
        close = difflib.get_close_matches(name, _REGISTRY, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise CurriculumError(f"{where}: unknown derivation '{name}'.{hint}")
    problems = argument_problems(fn, args)
    if problems:
        raise CurriculumError(f"{where}: derivation '{name}': " + "; ".join(problems) + ".")
    try:
        return fn(case, **args)
    except KeyError as exc:
        raise CurriculumError(f"{where}: derivation '{name}' names an unknown id {exc}.") from None
    except TypeError as exc:
        raise CurriculumError(f"{where}: bad arguments for derivation '{name}': {exc}.") from None


# -- helpers -------------------------------------------------------------------


def _sentences(case: Case, paragraphs: Iterable[str] | Half | None) -> list[Option]:
    """Sentences of the given paragraphs; ``None`` means all, ``first_half``/``second_half`` a half."""
    if isinstance(paragraphs, str):
        paras = [p.id for p in case.article.paragraphs if p.id != "p0"]
        mid = (len(paras) + 1) // 2
        if paragraphs not in ("first_half", "second_half"):
            raise KeyError(paragraphs)
        paragraphs = paras[:mid] if paragraphs == "first_half" else paras[mid:]
    wanted = set(paragraphs) if paragraphs else None
    out: list[Option] = []
    for p in case.article.paragraphs:
        if wanted is None or p.id in wanted:
            out.extend(Option(s.id, s.text) for s in p.sentences)
    if wanted is not None:
        known = {p.id for p in case.article.paragraphs}
        missing = wanted - known
        if missing:
            raise KeyError(", ".join(sorted(missing)))
    return out


def pick_claims(case: Case, claims: Claims) -> list[str]:
    """Claim ids from an explicit list, or chosen by a rule so any case study works.

    A rule is ``{select: attributed | anonymous | unattributed | check_worthy | any,
    kind: factual | opinion | ..., verdict: ..., paragraphs: second_half, limit: N}``; the
    chosen claims are spread evenly through the article (or the paragraphs), so the choice is
    deterministic.
    """
    if isinstance(claims, list):
        for cid in claims:
            case.claim(cid)  # KeyError names an unknown id
        return claims
    select = claims.get("select", "any")
    where = claims.get("paragraphs")
    in_paragraphs = {o.id for o in _sentences(case, where)} if where is not None else None
    pool = []
    for c in case.annotations.claims:
        if in_paragraphs is not None and c.sentence not in in_paragraphs:
            continue
        if select in ATTRIBUTION_CLASSES and attribution_class(case, c) != select:
            continue
        if select == "check_worthy" and not c.check_worthy:
            continue
        if claims.get("kind") and c.kind != claims["kind"]:
            continue
        fc = case.fact_check_for(c.id)
        if claims.get("verdict") and (fc is None or fc.verdict != claims["verdict"]):
            continue
        if claims.get("checked") and (fc is None or fc.verdict == "unchecked"):
            continue
        pool.append(c.id)
    limit = int(claims.get("limit", 6))
    if len(pool) <= limit:
        return pool
    step = len(pool) / limit
    return [pool[int(i * step)] for i in range(limit)]


def _groups(items: list[Option]) -> dict[str, str]:
    return {o.id: o.id.split(".")[0] for o in items}


def _claims_in(case: Case, sentence_ids: set[str]) -> list[Claim]:
    return [c for c in case.annotations.claims if c.sentence in sentence_ids]


_OPENING_QUOTES = '“"‘'
_CLOSING_QUOTES = '”"’'


def quoted(text: str) -> str:
    """``text`` in quotation marks, unless it is already a quotation of its own.

    A span that is a whole direct quote (`“We will appeal,”`) keeps its own marks rather than
    showing doubled ones (`““We will appeal,””`).
    """
    inner = text.strip()
    if len(inner) > 1 and inner[0] in _OPENING_QUOTES and inner.rstrip(",.;:")[-1:] in _CLOSING_QUOTES:
        return inner
    return f"“{inner}”"


def _claim_text(case: Case, claim: Claim) -> str:
    if claim.span:
        return f"{quoted(claim.span)} ({claim.sentence})"
    return f"{claim.summary} ({claim.sentence})"


def _cites(*groups: Iterable[str]) -> list[str]:
    out: list[str] = []
    for g in groups:
        for c in g:
            if c not in out:
                out.append(c)
    return out


def _fc_cites(case: Case, claim_ids: Iterable[str]) -> list[str]:
    groups = []
    for cid in claim_ids:
        fc = case.fact_check_for(cid)
        if fc is not None:
            groups.append(fc.citations)
    return _cites(*groups)


def named_in_article(case: Case) -> set[str]:
    """Ids of the sources the article itself credits somewhere with a cue."""
    return {a.source for a in case.annotations.attributions if a.credited}


def source_label(case: Case, claim: Claim) -> str:
    """The source a reader would name for a claim: the article's credited source or none."""
    attrs = credited_attributions(case, claim.id)
    if not attrs:
        return NO_SOURCE
    src = case.source(attrs[0].source)
    if src.kind == "anonymous":
        return "anonymous"
    if src.kind == "vague":
        return "vague"
    if src.kind == "none":
        return NO_SOURCE
    return src.name


#: The drafter's note on how it found an attribution (``medialit new``): for the reviewing teacher only.
_DRAFT_NOTE = re.compile(r"\s*\(drafted: [^()]*(?:\([^()]*\)[^()]*)*\)")
#: The whole of an explanation the drafter wrote and nobody edited: ``p3.s1: the cue '...' credits NAME
#: (drafted: ...).``; it names the source as drafted, which review may have renamed or re-pointed.
_DRAFTED = re.compile(r"p\d+\.s\d+: the cue '.*' credits .*\(drafted: .*\)\.?", re.DOTALL)


def attribution_note(case: Case, a: Attribution) -> str:
    """The explanation students see of attribution ``a``: the teacher's, never a drafting note.

    A drafted explanation that nobody edited is written again from the reviewed annotation (its
    cue, its source's current name and the chain), so a source the teacher renamed or an
    attribution re-pointed to another source shows as reviewed; an edited one that kept the
    drafter's ``(drafted: ...)`` note loses the note (trial 22: students read "credits CNN
    meteorologist Todd Borek (drafted: speaker before the verb)" after the teacher renamed him).
    """
    text = a.explanation
    if "(drafted:" not in text:
        return text
    if _DRAFTED.fullmatch(text.strip()) and a.cue is not None:
        via = [case.source(s).name for s in a.chain if s != a.source]
        via_text = f", via {', '.join(via)}" if via else ""
        return f"{a.cue.sentence}: the cue '{a.cue.text}' credits {case.source(a.source).name}{via_text}."
    return _DRAFT_NOTE.sub("", text).strip()


# -- derivations ---------------------------------------------------------------


@derivation("sentences_by_source_kind")
def sentences_by_source_kind(
    case: Case, paragraphs: Paragraphs, kinds: list[SourceKind], notes: bool = True
) -> Derived:
    """Select the sentences whose claims the article credits to a source of ``kinds``.

    ``notes: false`` leaves out the attributions' notes and citations (the question's own
    explanation is enough): lesson 1's L1.Q6 only asks which sentences name an outlet, and the
    notes on NBC's chain answer later items (issue 21).

    A source counts when it is the credited source or appears in its chain
    (``U.S. officials tell NBC News`` rests on anonymous officials).
    """
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key = set()
    cites: list[str] = []
    texts = []
    named_here = named_in_article(case)
    for a in case.annotations.attributions:
        if not a.credited:
            continue  # the article does not credit anyone here
        # A named source in the hidden part of a chain (HRW behind "some former members") is not
        # one the article credits: a reader cannot see it, so it does not make the credit named.
        chain = [a.source, *(s for s in a.chain if case.source(s).kind not in NAMED_KINDS or s in named_here)]
        if not any(case.source(s).kind in kinds for s in chain):
            continue
        here = {case.claim(cid).sentence for cid in a.claims} & ids
        if not here:
            continue  # outside the question's paragraphs: its note and citations are not feedback here
        key |= here
        cites = _cites(cites, a.citations)
        if a.explanation:
            texts.append(attribution_note(case, a))
    return {
        "items": items,
        "key": sorted(key, key=_sid_order),
        "settings": {"groups": _groups(items)},
        "explanation": " ".join(texts) if notes else "",
        "citations": cites if notes else [],
    }


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
    feedback: dict[str, dict[str, object]] = {}
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


@derivation("claim_sources")
def claim_sources(case: Case, claims: Claims, extra_labels: list[str] | None = None, distractors: int = 0) -> Derived:
    """Label each claim with the source the article credits (or anonymous/vague/none).

    The labels are the named sources the key uses, ``extra_labels``, and up to ``distractors``
    other named sources the article credits elsewhere (spread through the article), then
    "anonymous", "vague" and "no source given". Without distractors the named labels are
    exactly the key's names, so a student who matches names to claims needs only the list
    (trial 22: five names for six claims).
    """
    claims = pick_claims(case, claims)
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, Any] = {}
    cites: list[str] = []
    for cid in claims:
        c = case.claim(cid)
        items.append(Option(cid, _claim_text(case, c)))
        key[cid] = source_label(case, c)
        attrs = [a for a in case.annotations.attributions if cid in a.claims]
        expl = " ".join(attribution_note(case, a) for a in attrs if a.explanation) or (
            "The article gives no source for this claim."
        )
        acites = _cites(*(a.citations for a in attrs), _fc_cites(case, [cid]))
        feedback[cid] = {"explanation": expl, "citations": acites}
        cites = _cites(cites, acites)
    named = sorted(
        {s.name for s in case.annotations.sources if s.kind in NAMED_KINDS} & set(key.values())
        | set(extra_labels or ())
        | set(_other_named_sources(case, set(key.values()), distractors))
    )
    labels = [*named, "anonymous", "vague", NO_SOURCE]
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(f"{k}: {v['explanation']}" for k, v in feedback.items()),
        "citations": cites,
        "settings": {"item_feedback": feedback},
    }


def _other_named_sources(case: Case, used: set[str], n: int) -> list[str]:
    """Up to ``n`` names of named sources the article credits that are not in ``used``, spread
    through the article in reading order (deterministic)."""
    if n <= 0:
        return []
    order: list[str] = []
    for a in sorted(
        (a for a in case.annotations.attributions if a.credited and a.claims),
        key=lambda a: _sid_order(case.claim(a.claims[0]).sentence),
    ):
        src = case.source(a.source)
        if src.kind in NAMED_KINDS and src.name not in used and src.name not in order:
            order.append(src.name)
    if len(order) <= n:
        return order
    step = len(order) / n
    return [order[int(i * step)] for i in range(n)]


@derivation("claim_kinds")
def claim_kinds(case: Case, claims: Claims) -> Derived:
    """Label each claim as factual claim, opinion, prediction or label."""
    claims = pick_claims(case, claims)
    items = [Option(cid, _claim_text(case, case.claim(cid))) for cid in claims]
    key = {cid: case.claim(cid).kind for cid in claims}
    return {
        "items": items,
        "labels": ["factual", "opinion", "prediction", "label"],
        "key": key,
        "explanation": "; ".join(f"{cid} is {k}" for cid, k in key.items()),
        "citations": _fc_cites(case, claims),
    }


@derivation("attribution_modes")
def attribution_modes(case: Case, attributions: list[str]) -> Derived:
    """Label each attribution as direct quote, paraphrase, mixed, or copied without credit."""
    by_id = {a.id: a for a in case.annotations.attributions}
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, Any] = {}
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


@derivation("framing_spans")
def framing_spans(case: Case, paragraphs: Paragraphs | None, devices: list[FramingDeviceKind]) -> Derived:
    """Highlight the phrases of the given framing devices in the given paragraphs."""
    items = _sentences(case, paragraphs)
    ids = {o.id for o in items}
    key: list[Any] = []
    notes: list[str] = []
    cites: list[str] = []
    for f in case.annotations.framing:
        if f.device not in devices:
            continue
        hits = [s for s in f.spans if s.sentence in ids]
        for s in hits:
            key.append(span_entry(case, s.sentence, s.text, DEVICE_LABELS[f.device]))
        if hits:
            notes.append(f.explanation)
            cites = _cites(cites, f.citations)
    key.sort(key=lambda k: (_sid_order(k["sentence"]), k["text"]))
    return {
        "items": items,
        "labels": [DEVICE_LABELS[d] for d in devices],
        "key": key,
        "explanation": " ".join(notes),
        "citations": cites,
        "settings": {"groups": _groups(items)},
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


@derivation("furniture_blocks")
def furniture_blocks(case: Case, paragraphs: list[str] | None = None) -> Derived:
    """Multi-select: which blocks of the page are furniture rather than article text."""
    blocks = [b for b in case.article.blocks if b.furniture or (paragraphs is not None and b.id in paragraphs)]
    options = [Option(b.id, b.text.replace("\n", " / ")) for b in blocks]
    key = sorted(b.id for b in blocks if b.furniture)
    return {
        "options": options,
        "key": key,
        "explanation": "; ".join(f"{b.id} ({b.kind}): {b.note}" for b in blocks if b.furniture),
        "citations": [],
    }


def span_entry(case: Case, sentence: str, text: str, label: str) -> dict[str, Any]:
    """A span answer as widgets store it: sentence, exact text, character offsets, label."""
    start = case.article.sentence(sentence).text.find(text)
    if start < 0:
        raise KeyError(f"'{text}' in {sentence}")
    return {"sentence": sentence, "text": text, "start": start, "end": start + len(text), "label": label}


def _sid_order(sid: str) -> tuple[int, int]:
    p, s = sid.split(".")
    return int(p[1:]), int(s[1:])


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


def paragraph_options(case: Case, paragraphs: list[str]) -> list[Option]:
    """Options for choosing among paragraphs, each shown by its opening words (``KeyError`` if unknown)."""
    blocks = {b.id: b for b in case.article.paragraphs}
    missing = [p for p in paragraphs if p not in blocks]
    if missing:
        raise KeyError(", ".join(missing))
    return [Option(p, _excerpt(blocks[p].text)) for p in paragraphs]


def _excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


@derivation("paragraphs_with_credited_source")
def paragraphs_with_credited_source(case: Case, paragraphs: list[str]) -> Derived:
    """Multi-select: which paragraphs credit a source (named or not) with cue words in the text."""
    options = paragraph_options(case, paragraphs)
    key: set[str] = set()
    notes: list[str] = []
    cites: list[str] = []
    for a in case.annotations.attributions:
        if not a.credited or a.cue is None:
            continue
        pid = a.cue.sentence.split(".")[0]
        if pid in paragraphs:
            key.add(pid)
            notes.append(f"{pid}: '{a.cue.text}'.")
            cites = _cites(cites, a.citations)
    return {
        "options": options,
        "key": sorted(key, key=lambda p: int(p[1:])),
        "explanation": "The cue words: " + " ".join(notes),
        "citations": cites,
    }
