"""Derivations about sources: which kind of source backs a sentence, who confirms a claim, through which chain.

Keys come from the case's sources and attributions, so another case study yields its own keys.
"""

from __future__ import annotations

import re

from medialit.analysis.profile import (
    NAMED_KINDS,
    credited_attributions,
)
from medialit.curriculum.derive_common import (
    Claims,
    Derived,
    ItemFeedback,
    Paragraphs,
    _cites,
    _claim_sentences,
    _claim_text,
    _draft_note,
    _fc_cites,
    _groups,
    _place,
    _sentences,
    _sid_order,
    as_summary,
    attribution_note,
    claim_in_sentence,
    derivation,
    paragraph_options,
    pick_claims,
)
from medialit.model import (
    Attribution,
    Case,
    Claim,
    Option,
    SourceKind,
)

NO_SOURCE = "no source given"


def named_in_article(case: Case) -> set[str]:
    """Ids of the sources the article itself credits somewhere with a cue."""
    return {a.source for a in case.annotations.attributions if a.credited}


def source_label(case: Case, claim: Claim) -> str:
    """The source a reader would name for a claim: the article's (first) credited source or none."""
    return source_labels(case, claim)[0]


def source_labels(case: Case, claim: Claim) -> list[str]:
    """The sources a reader could name for a claim: its first credited source, then any other one
    the same cue credits together with it ("both Roscosmos and NASA said", trial 28).

    ``[no source given]`` when none is credited. Sources credited by other cues of the sentence
    (an official confirming what another party charged) play other parts and are not listed.
    """
    attrs = credited_attributions(case, claim.id)
    if not attrs:
        return [NO_SOURCE]
    cue = attrs[0].cue
    labels = [_label(case, a.source) for a in attrs if a.cue == cue]
    return list(dict.fromkeys(labels))


def _label(case: Case, source_id: str) -> str:
    src = case.source(source_id)
    if src.kind == "anonymous":
        return "anonymous"
    if src.kind == "vague":
        return "vague"
    if src.kind == "none":
        return NO_SOURCE
    return src.name


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


@derivation("claim_sources")
def claim_sources(case: Case, claims: Claims, extra_labels: list[str] | None = None, distractors: int = 0) -> Derived:
    """Label each claim with the source the article credits (or anonymous/vague/none).

    The labels are the named sources the key uses, ``extra_labels``, and up to ``distractors``
    other named sources the article credits elsewhere (spread through the article), then
    "anonymous", "vague" and "no source given". Without distractors the named labels are
    exactly the key's names, so a student who matches names to claims needs only the list
    (trial 22: five names for six claims).

    Each claim is shown in its sentence with its span marked (``settings.in_sentence``; its plain
    text is the span with no quotation marks added): a span in quotation marks read as a direct
    quote of the source (trial 28).

    A claim the article credits to several sources with one cue ("both Roscosmos and NASA said")
    is keyed to the first, and each other one is an accepted alternative: either is the source
    the article gives (trial 28).
    """
    claims = pick_claims(case, claims)
    items: list[Option] = []
    key: dict[str, str] = {}
    accept: list[dict[str, object]] = []
    also: set[str] = set()
    feedback: dict[str, ItemFeedback] = {}
    cites: list[str] = []
    in_sentence: dict[str, dict[str, str]] = {}
    for cid in claims:
        c = case.claim(cid)
        text, marked = claim_in_sentence(case, c)
        items.append(Option(cid, text))
        if marked:
            in_sentence[cid] = marked
        first, *others = source_labels(case, c)
        key[cid] = first
        also.update(others)
        for other in others:
            accept.append(
                {
                    "value": {cid: other},
                    "reason": f"The article credits this claim to more than one source with the same words "
                    f"({first}; {other}): each is a source it gives.",
                }
            )
        attrs = [a for a in case.annotations.attributions if cid in a.claims]
        notes = dict.fromkeys(attribution_note(case, a) for a in attrs if a.explanation)
        expl = " ".join(notes) or "The article gives no source for this claim."
        acites = _cites(*(a.citations for a in attrs), _fc_cites(case, [cid]))
        feedback[cid] = {"explanation": expl, "citations": acites}
        cites = _cites(cites, acites)
    used = {*key.values(), *also}
    named = sorted(
        {s.name for s in case.annotations.sources if s.kind in NAMED_KINDS} & used
        | set(extra_labels or ())
        | set(_other_named_sources(case, used, distractors))
    )
    labels = [*named, "anonymous", "vague", NO_SOURCE]
    return {
        "items": items,
        "labels": labels,
        "key": key,
        "explanation": " ".join(f"{k}: {v['explanation']}" for k, v in feedback.items()),
        "citations": cites,
        "settings": {"item_feedback": feedback, "in_sentence": in_sentence, **as_summary(case, claims)},
        "accept": accept,
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


_PAREN = re.compile(r"\s*\([^)]*\)")


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
