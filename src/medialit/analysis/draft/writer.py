"""Render a drafted case as ``article.md`` and ``annotations.yaml`` text, byte-identical on every run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import yaml

from medialit.analysis.draft.document import Block

_BASE = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: same output, faster


class _Dumper(_BASE):  # type: ignore[misc, valid-type]
    """Safe dumper that writes multi-line strings as literal blocks."""


def _str(dumper: Any, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    node: yaml.ScalarNode = dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)
    return node


_Dumper.add_representer(str, _str)


def dump(data: Any) -> str:
    """YAML text of ``data``: keys in insertion order, Unicode kept, long lines allowed."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


def render_article(meta: dict[str, Any], blocks: Sequence[Block]) -> str:
    """``article.md``: YAML front matter (metadata, furniture list) and the body, blocks separated by blank lines."""
    furniture = []
    n = 0
    for b in blocks:
        if b.furniture:
            n += 1
            furniture.append({"id": f"f{n}", "text": b.text, "kind": b.furniture, "note": b.note or b.furniture})
    date = meta.get("date")
    front = {
        "schema_version": 1,
        "id": meta["id"],
        "title": meta.get("title") or "",
        "language": "en",
        "author": meta.get("author"),
        "publisher": meta.get("publisher"),
        "url": meta.get("url"),
        "genre": meta.get("genre") or "unknown",
        "date": dt.date.fromisoformat(date) if isinstance(date, str) else date,
        "drafted_from": meta.get("drafted_from"),
        "furniture": furniture,
    }
    head = (
        "# Drafted by `medialit new`. The body below is the article text as extracted from\n"
        "# the source file; page furniture (menus, image alt texts, forms) is listed here and\n"
        "# kept in the body so the ids f1.. point at it. Check the metadata before teaching.\n"
    )
    body = "\n\n".join(b.text for b in blocks)
    return "---\n" + head + dump(front) + "---\n" + body + "\n"


_SECTIONS = (
    ("sources", "Sources: who the article says its claims come from (src-none is the writer's own voice)."),
    ("claims", "Claims: one per sentence; kind and check_worthy are guesses with a confidence."),
    ("attributions", "Attributions: claim -> source through the cue words of the text."),
    ("framing", "Framing hints: labels, loaded words, hedges, relative dates, vague sources."),
    ("fact_checks", "Fact checks: every check-worthy claim, verdict 'unchecked' and no citation until you check it."),
    ("no_claim_sentences", "Sentences without a claim (bylines, captions, boilerplate)."),
)


def render_annotations(data: dict[str, Any], source_name: str = "") -> str:
    """``annotations.yaml`` with a header telling the teacher what to review, one section per layer."""
    lines = [
        "# Draft annotations written by `medialit new`"
        + (f" from {source_name}" if source_name else "")
        + ". Nothing here is checked:",
        "# every item carries `confidence` (0-1, how sure the analyzer is) and `needs_review: true`.",
        "# Review each item: fix or delete it, then set `needs_review: false` (or remove the key).",
        "# Fact checks stay 'unchecked' until you add a verdict and citations: the tool never invents one.",
        "# `medialit validate DIR` checks the file and counts the items that still need review.",
        dump({"schema_version": data["schema_version"], "case": data["case"], "citations": data["citations"]}).rstrip(),
    ]
    for key, comment in _SECTIONS:
        lines += ["", f"# {comment}", dump({key: data[key]}).rstrip()]
    return "\n".join(lines) + "\n"
