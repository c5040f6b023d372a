"""Assemble every annotation layer of a draft as schema-version-1 data (a plain dict)."""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from medialit.contracts import ANNOTATION_SCHEMA_VERSION
from medialit.drafter._lexicon import Lexicon, lexicon
from medialit.drafter._text import slug
from medialit.drafter.attribution import find_attributions
from medialit.drafter.claims import ClaimDraft, draft_claim
from medialit.drafter.found import Found
from medialit.drafter.framing import draft_framing
from medialit.drafter.sources import Registry
from medialit.model import Article

NONE_SOURCE = "src-none"
UNCHECKED = (
    "Not checked yet. Find the original source of this claim (a record, a report, the outlet "
    "that first published it), compare its date and wording, and set the verdict with citations."
)


def _claim_ids(article: Article, drafts: dict[str, ClaimDraft]) -> dict[str, str]:
    """Claim ids in the MEK style: P<paragraph>.<letter>, letters in reading order."""
    ids: dict[str, str] = {}
    for para in article.paragraphs:
        n = 0
        for s in para.sentences:
            if drafts[s.id].no_claim:
                continue
            letters = string.ascii_lowercase
            suffix = letters[n] if n < 26 else f"{letters[n // 26 - 1]}{letters[n % 26]}"
            ids[s.id] = f"P{para.id[1:]}.{suffix}"
            n += 1
    return ids


PATTERNS = {
    "speaker_after": "speaker named after the verb",
    "speaker_first": "speaker before the verb",
    "speaker_last": "speaker named after the content",
    "according_to": "'according to'",
    "citing": "a source cited by the speaker or outlet before it ('..., citing officials')",
    "reporting_noun": "a reporting noun",
    "coordinated": "a second verb of the same speaker",
    "passive": "a passive reporting verb",
    "shared": "a verb after 'but' or 'and' that reports for the subject of the clause before",
    "participle": "a participle ('..., saying') that reports for the subject of the sentence",
    "no_verb": "a report named without a speech verb ('on report', 'a report from', 'reportedly', 'as X has put it')",
}


def _explain(f: Found) -> str:
    """A drafted attribution's explanation: its own cue and source, so no two read the same
    (a key that joins several explanations never repeats one sentence)."""
    via = f", via {', '.join(c.name for c in f.chain[1:])}" if len(f.chain) > 1 else ""
    how = PATTERNS.get(f.pattern, f.pattern.replace("_", " "))
    return f"{f.sentence}: the cue '{f.cue_text}' credits {f.source.name}{via} (drafted: {how})."


def draft_annotations(article: Article, links: Sequence[str] = (), case_id: str | None = None) -> dict[str, Any]:
    """Draft every annotation layer of ``article``.

    Parameters
    ----------
    article
        A segmented article (see :func:`medialit.case.load.read_article`).
    links
        Anchor texts of the hyperlinks of the original page, if known: a source whose
        cue contains one is marked ``linked``.
    case_id
        The ``case`` key to write (defaults to ``article.id``).

    Returns
    -------
    dict
        Annotation data in schema version 1. Every claim, source, attribution and
        framing item has a ``confidence`` in [0, 1] and ``needs_review: true``; every
        check-worthy claim has a fact check with verdict ``unchecked`` and no citation.
    """
    lex = lexicon()
    found, registry = find_attributions(article, lex)
    drafts = _claim_drafts(article, found, lex)
    claim_id = _claim_ids(article, drafts)
    claims = _claims(article, drafts, claim_id)
    sources = _sources(found, registry, links)
    attributions = _attributions(found, claim_id)
    framing = _framing(article, found, lex)
    fact_checks = [
        {
            "id": f"fc-{c['id']}",
            "claim": c["id"],
            "verdict": "unchecked",
            "explanation": UNCHECKED,
            "citations": [],
            "needs_review": True,
        }
        for c in claims
        if c["check_worthy"]
    ]
    return {
        "schema_version": ANNOTATION_SCHEMA_VERSION,
        "case": case_id or article.id,
        "citations": [],
        "sources": sources,
        "claims": claims,
        "attributions": attributions,
        "framing": framing,
        "fact_checks": fact_checks,
        "no_claim_sentences": [s.id for s in article.sentences if drafts[s.id].no_claim],
    }


def _claim_drafts(article: Article, found: list[Found], lex: Lexicon) -> dict[str, ClaimDraft]:
    """A claim draft per sentence; a sentence that carries an attribution is always a claim."""
    cue_of: dict[str, Found] = {}
    for f in found:
        cue_of.setdefault(f.sentence, f)
    head_id = article.paragraphs[0].sentences[0].id if article.paragraphs else ""
    drafts = {
        s.id: draft_claim(
            s,
            lex,
            cue=cue_of[s.id].cue_text if s.id in cue_of else None,
            content=cue_of[s.id].content if s.id in cue_of else None,
            headline=s.id == head_id,
        )
        for s in article.sentences
    }
    for f in found:
        for sid in [f.sentence, *f.sentences]:
            drafts[sid].no_claim = False
    return drafts


def _claims(article: Article, drafts: dict[str, ClaimDraft], claim_id: dict[str, str]) -> list[dict[str, Any]]:
    """The claims layer: one item per sentence drafted as a claim, in reading order."""
    claims = []
    for s in article.sentences:
        d = drafts[s.id]
        if d.no_claim:
            continue
        item: dict[str, Any] = {"id": claim_id[s.id], "sentence": s.id, "summary": d.summary}
        if d.span:
            item["span"] = d.span
        item |= {"kind": d.kind, "check_worthy": d.check_worthy, "confidence": d.confidence, "needs_review": True}
        claims.append(item)
    return claims


def _sources(found: list[Found], registry: Registry, links: Sequence[str]) -> list[dict[str, Any]]:
    """The sources layer: the writer's own voice, then every source an attribution uses (``linked`` from ``links``)."""
    used = {f.source.id for f in found} | {c.id for f in found for c in f.chain}
    anchors = [a.lower() for a in links if len(a.strip()) >= 3]
    sources: list[dict[str, Any]] = [
        {
            "id": NONE_SOURCE,
            "name": "No source given (the writer's own voice)",
            "kind": "none",
            "linked": False,
            "description": "Statements the article makes in its own voice, with no source named.",
            "confidence": 1.0,
            "needs_review": True,
        }
    ]
    for entry in registry.entries.values():
        if entry.id not in used:
            continue
        cues = [f.cue_text.lower() for f in found if f.source.id == entry.id]
        linked = any(a in c or c in a for a in anchors for c in [*cues, entry.name.lower()])
        sources.append(
            {
                "id": entry.id,
                "name": entry.name,
                "kind": entry.kind,
                "linked": linked,
                "description": (f"Role: {entry.role}. " if entry.role else "")
                + ("Drafted from: " + "; ".join(dict.fromkeys(entry.mentions)))[:300],
                "confidence": round(entry.confidence, 2),
                "needs_review": True,
            }
        )
    return sources


def _attributions(found: list[Found], claim_id: dict[str, str]) -> list[dict[str, Any]]:
    """The attributions layer: one item per attribution that credits a claim, with a unique id."""
    attributions = []
    at_ids: set[str] = set()
    for f in found:
        cids = [claim_id[sid] for sid in dict.fromkeys([f.sentence, *f.sentences]) if sid in claim_id]
        if not cids:
            continue
        base = f"at-{f.sentence.replace('.', '-')}-{slug(f.source.name, 24)}"
        aid, n = base, 2
        while aid in at_ids:
            aid, n = f"{base}-{n}", n + 1
        at_ids.add(aid)
        item: dict[str, Any] = {
            "id": aid,
            "claims": cids,
            "source": f.source.id,
            "mode": f.mode,
            "cue": {"sentence": f.sentence, "text": f.cue_text},
        }
        if f.chain:
            item["chain"] = [c.id for c in f.chain]
        item |= {
            "explanation": _explain(f),
            "confidence": f.confidence,
            "needs_review": True,
        }
        attributions.append(item)
    return attributions


def _framing(article: Article, found: list[Found], lex: Lexicon) -> list[dict[str, Any]]:
    """The framing layer: one item per drafted framing device, with a unique id."""
    framing = []
    fr_ids: set[str] = set()
    for fd in draft_framing(article, found, lex):
        where = fd.spans[0][0] if fd.spans else fd.paragraphs[0]
        base = f"fr-{fd.device.replace('_', '-')}-{where.replace('.', '-')}"
        fid, n = base, 2
        while fid in fr_ids:
            fid, n = f"{base}-{n}", n + 1
        fr_ids.add(fid)
        item: dict[str, Any] = {"id": fid, "device": fd.device}
        if fd.spans:
            item["spans"] = [{"sentence": sid, "text": text} for sid, text in fd.spans]
        if fd.paragraphs:
            item["paragraphs"] = list(fd.paragraphs)
        item |= {"explanation": fd.explanation, "confidence": fd.confidence, "needs_review": True}
        framing.append(item)
    return framing
