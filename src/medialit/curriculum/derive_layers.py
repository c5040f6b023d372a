"""Derivations for the annotation layers a teacher adds beyond claims and sources.

Quotation type (direct quote, paraphrase, mixed), chains of second-hand sources,
framing devices anchored to a passage rather than to words (an omission, a
headline that does not match its body) and internal inconsistencies each get an
item in the generic curriculum when the case has material for them (issue 22).
Each derivation returns an empty key when the case has none, so a question with
``skip_if_empty`` is left out, with the section tied to it (``with:``).

Quotation type and inconsistency are auto-graded: the annotations say which
sentence is which. Chains, omissions and headline mismatches are written answers:
the derivation turns the teacher's annotation into the rubric the teacher grades
with (``rubric``), while students see the spec's own criteria
(``settings.student_rubric``), and into the words that point the prompt at the
passage (``facts``, filled into ``{{ ... }}`` of the prompt).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from medialit.curriculum.derive import (
    MODE_LABELS,
    Derived,
    Paragraphs,
    _cites,
    _groups,
    _sentences,
    _sid_order,
    attribution_note,
    derivation,
)
from medialit.model import Attribution, Case, FramingDevice, Option

QuotedMode = Literal["direct_quote", "paraphrase", "mixed"]
PassageDevice = Literal["omission", "headline_body_mismatch"]
_ALL_QUOTED: list[QuotedMode] = ["direct_quote", "paraphrase", "mixed"]
_PAREN = re.compile(r"\s*\([^)]*\)")


def _spread(pool: list[Any], limit: int) -> list[Any]:
    """At most ``limit`` entries of ``pool``, spread evenly through it (deterministic)."""
    if len(pool) <= limit:
        return pool
    step = len(pool) / limit
    return [pool[int(i * step)] for i in range(limit)]


def _place(pid: str) -> str:
    return "the headline" if pid == "p0" else f"paragraph {int(pid[1:])}"


def _passage(case: Case, f: FramingDevice, *, headline: bool = True) -> str:
    """Where a framing device is, in words a student can follow: ``the headline and paragraph 3``.

    ``headline=False`` leaves the headline out (for a device that compares it with the body).
    """
    pids = [*f.paragraphs, *(s.sentence.split(".")[0] for s in f.spans)]
    body = {p.id for p in case.article.paragraphs if headline or p.id != "p0"}
    ordered = sorted({p for p in pids if p in body}, key=lambda p: int(p[1:]))
    names = [_place(p) for p in ordered]
    if not names:
        return "the article" if headline else "the body"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


DRAFT_NOTE = " (a draft annotation no teacher has reviewed yet: check it before grading with it)"


def _draft_note(case: Case, layer: str, item: str) -> str:
    """A warning for the teacher's rubric when the annotation it rests on is still ``needs_review``."""
    return DRAFT_NOTE if (layer, item) in case.annotations.unreviewed else ""


def _claim_sentences(case: Case, a: Attribution) -> list[str]:
    return sorted({case.claim(c).sentence for c in a.claims}, key=_sid_order)


@derivation("quotation_types")
def quotation_types(
    case: Case, modes: list[QuotedMode] | None = None, limit: int = 6, paragraphs: Paragraphs | None = None
) -> Derived:
    """Label each credited statement as a direct quote, a paraphrase or a mixed quotation.

    An item is the sentence(s) holding an attribution's claims. A sentence that holds two
    credited attributions of different modes is left out (no single label is right), and so is
    copying without credit (no one is quoted). ``paragraphs`` (ids, or a half) keeps the
    statements that start there: the practice before the item then works on other sentences.
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
    chosen = _spread(pool, limit)
    items: list[Option] = []
    key: dict[str, str] = {}
    feedback: dict[str, Any] = {}
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


def _visible_chain(case: Case, a: Attribution) -> list[str]:
    """The links of an attribution's chain a reader can see, in the chain's order (first speaker first).

    A link is visible when the statement's sentences (with its cue) name it: its name, without a
    parenthetical note, is in their text. The annotations may know more of the chain (the
    officials behind an outlet's report) than the article shows; a student cannot trace those
    links from the article, so they are left out. The credited source is always a link (the
    last one when the chain does not hold it).
    """
    sids = [*_claim_sentences(case, a), *([a.cue.sentence] if a.cue else [])]
    shown = " ".join(case.article.sentence(s).text for s in sids).casefold()

    def visible(sid: str) -> bool:
        name = _PAREN.sub("", case.source(sid).name).strip().casefold()
        return bool(name) and name in shown

    links = [s for s in a.chain if s == a.source or visible(s)]
    return links if a.source in links else [*links, a.source]


@derivation("source_chain")
def source_chain(case: Case, nth: int = 1) -> Derived:
    """A written item on the ``nth`` chain of second-hand sources (a witness, then a mission, then an outlet).

    Material: a credited attribution whose chain shows at least two links to a reader. The key
    is the attribution's id (the item is graded by hand); the teacher's rubric names the links
    in order, from the annotation.
    """
    chains = [a for a in case.annotations.attributions if a.credited and len(_visible_chain(case, a)) >= 2]
    if nth < 1 or len(chains) < nth:
        return {"key": None}
    a = chains[nth - 1]
    names = [case.source(s).name for s in _visible_chain(case, a)]
    path = " → ".join(names)
    sids = _claim_sentences(case, a)
    text = " ".join(case.article.sentence(s).text for s in sids)
    shown = attribution_note(case, a)
    note = f" The annotation: {shown}" if shown else ""
    draft = _draft_note(case, "attributions", a.id)
    return {
        "key": a.id,
        "explanation": shown,
        "citations": list(a.citations),
        "rubric": [
            f"1 point - names the links in order, from the first speaker or witness on: {path}{draft}.",
            "1 point - says what can be lost or changed at each hand-over (the exact words, the context, the date) "
            f"and that checking means going back to the first link, {names[0]}.{note}",
            "0 points - none of the criteria above: blank, or only the source the article names.",
        ],
        "facts": {"chain_sentence": f"“{text}” ({_place(sids[0].split('.')[0])})"},
        "settings": {
            "model_answer": f"The statement passed through {path}. Each hand-over can drop words or context; "
            f"to check it, go back to {names[0]}."
        },
    }


_PASSAGE_RUBRIC = {
    "headline_body_mismatch": (
        "1 point - says how the headline goes beyond or against what the body shows, as the annotation records: {e}{d}",
        "1 point - points to the passage of the body that shows it ({p}).",
        "0 points - none of the criteria above: blank, or no difference between headline and body named.",
    ),
    "omission": (
        "1 point - names what the passage leaves out, as the annotation records: {e}{d}",
        "1 point - says why a reader needs it to judge the passage ({p}), or where it could be found.",
        "0 points - none of the criteria above: blank, or nothing missing named.",
    ),
}


@derivation("framing_passage")
def framing_passage(case: Case, device: PassageDevice, nth: int = 1) -> Derived:
    """A written item on the ``nth`` framing device of ``device`` (an omission, a headline-body mismatch).

    These devices are about what a passage does as a whole, or what it does not say, so no
    highlight can be keyed: the key is the device's id (graded by hand), the teacher's rubric
    holds the annotation's explanation, and ``facts.passage`` says where to look.
    """
    found = [f for f in case.annotations.framing if f.device == device]
    if nth < 1 or len(found) < nth:
        return {"key": None}
    f = found[nth - 1]
    where = _passage(case, f, headline=device != "headline_body_mismatch")
    return {
        "key": f.id,
        "explanation": f.explanation,
        "citations": list(f.citations),
        "rubric": [
            line.format(e=f.explanation, p=where, d=_draft_note(case, "framing", f.id))
            for line in _PASSAGE_RUBRIC[device]
        ],
        "facts": {"passage": where},
        "settings": {"model_answer": f.explanation},
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
