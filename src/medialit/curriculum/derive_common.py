"""What every derivation shares: the :class:`Derived` record, the :func:`derivation` mark and common helpers.

A derivation is a function of the case and the lesson spec's arguments, defined in the
``derive_*`` module named by what it computes and marked there with ``@derivation("name")``;
:mod:`medialit.curriculum.derive` lists those modules and collects the marked functions.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable
from typing import Literal, Required, TypedDict

from medialit.analysis.profile import (
    ATTRIBUTION_CLASSES,
    attribution_class,
)
from medialit.model import (
    Attribution,
    Case,
    Claim,
    ClaimKind,
    Option,
    Verdict,
)
from medialit.qtypes.select_spans import KeySpan


class ItemFeedback(TypedDict):
    """What a derivation says about one item (``settings.item_feedback``): why, and its sources."""

    explanation: str
    citations: list[str]


class Derived(TypedDict, total=False):
    """What a derivation fills in of a question; only ``key`` is always there."""

    key: Required[object]
    """The key, of the question type's key type (the type's ``is_key`` and ``validate`` check it)."""
    items: list[Option]
    options: list[Option]
    labels: list[str]
    explanation: str
    citations: list[str]
    settings: dict[str, object]
    rubric: list[str]
    """A hand-graded item's rubric for the teacher, from the annotation (students see the spec's own)."""
    facts: dict[str, str]
    """Words for the prompt's ``{{ name }}`` templates (where to look in the article)."""
    accept: list[dict[str, object]]
    """Accepted alternatives the annotations themselves make defensible, each ``{value, reason}``
    (a claim credited to two sources: either one)."""


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


#: The attribute :func:`derivation` sets on a derivation: its name in lesson specs.
NAME_ATTRIBUTE = "derivation_name"


def derivation(name: str) -> Callable[[Derivation], Derivation]:
    """Mark a function as the derivation ``name`` (used as ``key: {derive: name}``).

    Only a mark: :mod:`medialit.curriculum.derive` registers the marked functions of the
    modules it lists, so importing a module registers nothing by side effect.
    """

    def mark(fn: Derivation) -> Derivation:
        setattr(fn, NAME_ATTRIBUTE, name)
        return fn

    return mark


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
    A span that starts with the punctuation that leads into its quotation (`: “We will
    appeal.”`, as a draft cuts it after a colon) is shown from the quotation on, not as
    `“: “We will appeal.””` (trial 26).
    """
    inner = text.strip()
    lead = inner.lstrip(_LEADING_PUNCTUATION)
    if lead[:1] in _OPENING_QUOTES:
        inner = lead
    if len(inner) > 1 and inner[0] in _OPENING_QUOTES and inner.rstrip(",.;:")[-1:] in _CLOSING_QUOTES:
        return inner
    return f"“{inner}”"


#: What may stand before a quotation's opening mark in a span cut from its sentence.
_LEADING_PUNCTUATION = ":;,—– "


def claim_words(case: Case, claim: Claim) -> str:
    """What an item shows of ``claim`` without a span: its summary, or its whole sentence when the
    summary is a cut of it.

    A drafted summary is the sentence cut at a length (`... the auditor (or, where the port
    authority is involved, its inspector) will…`): an item that stops before the verb cannot be
    labelled or traced (trial 26). A summary the teacher wrote is shown as written.
    """
    summary = claim.summary
    if summary.endswith("…"):
        sentence = case.article.sentence(claim.sentence).text
        if sentence.startswith(summary[:-1].rstrip()):
            return sentence
    return summary


def _claim_text(case: Case, claim: Claim) -> str:
    if claim.span:
        return f"{quoted(claim.span)} ({claim.sentence})"
    return f"{claim_words(case, claim)} ({claim.sentence})"


def _span(claim: Claim) -> str:
    """The claim's span as items show it: trimmed, with no leading punctuation ("", none)."""
    return (claim.span or "").strip().lstrip(_LEADING_PUNCTUATION)


def is_summary(case: Case, claim: Claim) -> bool:
    """Whether an item shows ``claim`` in the course's words (a summary the teacher wrote) rather
    than the article's: never to be named in quotation marks, as if the article said it."""
    return not _span(claim) and claim_words(case, claim) != case.article.sentence(claim.sentence).text


def as_summary(case: Case, claim_ids: Iterable[str]) -> dict[str, list[str]]:
    """``{"as_summary": [ids]}`` for the claim items shown in the course's words (empty when none):
    named without quotation marks and labelled "Summary" in notebooks, widgets and feedback."""
    ids = [cid for cid in claim_ids if is_summary(case, case.claim(cid))]
    return {"as_summary": ids} if ids else {}


def claim_in_sentence(case: Case, claim: Claim) -> tuple[str, dict[str, str]]:
    """An item that shows ``claim`` marked in its sentence: its plain text and, for the widget,
    ``{"context": the sentence, "mark": the span}`` (the whole sentence when it is the claim's
    words; empty for a summary, or a span not found in its sentence).

    The plain text is the span with no quotation marks added (``to resume launches in December
    (p9.s2)``): a claim span in curly marks read as a direct quote in the lesson that then asks a
    direct quote from a paraphrase (trial 28). A span that is a quotation keeps its own marks.
    """
    span = _span(claim)
    sentence = case.article.sentence(claim.sentence).text
    if not span:
        words = claim_words(case, claim)
        # The whole sentence is the claim: marked whole; a summary the teacher wrote is shown as is.
        return f"{words} ({claim.sentence})", ({"context": sentence, "mark": sentence} if words == sentence else {})
    return f"{span} ({claim.sentence})", ({"context": sentence, "mark": span} if span in sentence else {})


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


def span_entry(case: Case, sentence: str, text: str, label: str) -> KeySpan:
    """A span answer as widgets store it: sentence, exact text, character offsets, label."""
    start = case.article.sentence(sentence).text.find(text)
    if start < 0:
        raise KeyError(f"'{text}' in {sentence}")
    return {"sentence": sentence, "text": text, "start": start, "end": start + len(text), "label": label}


def _sid_order(sid: str) -> tuple[int, int]:
    p, s = sid.split(".")
    return int(p[1:]), int(s[1:])


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


def _letters(n: int) -> list[str]:
    """Option ids ``a``, ``b``, ... that say nothing about the answer."""
    if n > len(string.ascii_lowercase):
        raise TypeError(f"too many options ({n}); at most {len(string.ascii_lowercase)}")
    return list(string.ascii_lowercase[:n])


def _place(pid: str) -> str:
    return "the headline" if pid == "p0" else f"paragraph {int(pid[1:])}"


DRAFT_NOTE = " (a draft annotation no teacher has reviewed yet: check it before grading with it)"


def _draft_note(case: Case, layer: str, item: str) -> str:
    """A warning for the teacher's rubric when the annotation it rests on is still ``needs_review``."""
    return DRAFT_NOTE if (layer, item) in case.annotations.unreviewed else ""


def _claim_sentences(case: Case, a: Attribution) -> list[str]:
    return sorted({case.claim(c).sentence for c in a.claims}, key=_sid_order)
