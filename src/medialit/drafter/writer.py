"""Render a drafted case as ``article.md`` and ``annotations.yaml`` text, byte-identical on every run."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import yaml

from medialit.drafter.document import Block

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


#: Words that mark a passage students may find distressing; sentences with them are listed in the
#: teacher.yaml skeleton as candidates for a content note (the teacher decides; nothing is set).
#: Whole words, with the endings given ("killed", "killings"; not "deadline" or "executive").
DISTRESSING = re.compile(
    r"\b(abus(?:e|ed|es|ive)|assault(?:s|ed)?|attack(?:s|ed)?|beat(?:en|ing|ings)|bomb(?:s|ed|ing|ings)?|"
    r"dead|deaths?|died|execut(?:ed|ion|ions)|kill(?:s|ed|ing|ings)?|massacres?|murder(?:s|ed)?|rape[ds]?|"
    r"shootings?|shot|suicides?|tortur(?:e|ed|es|ing)|violen(?:ce|t)|wounded)\b",
    re.IGNORECASE,
)


#: How the teacher pack skeleton describes each kind of drafted source, and what to write about it.
_PARTY_NOTES = {
    "named_person": "a person the article names: who they are, their role, whom they speak for",
    "named_outlet": "an outlet the article credits: who publishes it, its record, its leaning if known",
    "official_document": "a document the article cites: who issued it, when, where to read it",
    "organisation": "an organisation the article credits: who runs and funds it, its stake in the story",
    "anonymous": "an unnamed source: what the article says of them, what a reader cannot check",
    "vague": "a vague source: the article does not say who; what can be known of them",
}


def render_teacher_pack(
    title: str, sentences: Sequence[tuple[str, str]], named: Sequence[tuple[str, str, str]] = ()
) -> str:
    """The ``teacher.yaml`` skeleton that ``medialit new`` writes beside a drafted case.

    ``sentences``: ``(id, text)`` of the article's sentences; ``named``: ``(name, source kind,
    sentence id)`` of each party the drafted annotations credit, listed as background sections
    to consider (the sentence is where the article first credits it). Everything but ``schema_version``
    is commented out: the teacher writes the background and the content note, if any; sentences
    with a word :data:`DISTRESSING` matches are listed as candidates for the note's opt-out route.
    """
    found = []
    for sid, text in sentences:
        words = sorted({m.group(0).lower() for m in DISTRESSING.finditer(text)})
        if words:
            found.append(f"#   {sid}: {', '.join(words)}")
    candidates = (
        ["# Sentences with words that may distress students (candidates for content_note.sentences):", *found]
        if found
        else ["# No sentence has a word from medialit's list of distressing terms; read the article anyway."]
    )
    lines = [
        f"# The teacher pack of the case study {dump(title).strip()}: optional pages of the teacher",
        "# edition, written by you about this article (medialit.publish.pages renders them). Uncomment",
        "# what you need; `medialit build --edition teacher` then adds the pages, and the teacher guide",
        "# links to them. Every background section cites ids from annotations.yaml (its citations:).",
        "schema_version: 1",
        "# background:",
        '#   title: "Background: ..."        # a one-page background for teachers, neutral, who says what',
        "#   intro: >-",
        "#     ...",
        "#   sections:",
        "#     - heading: ...",
        "#       text: >-",
        "#         ...",
        "#       citations: [citation-id]    # ids of annotations.yaml's citations",
        *(
            ["#   # Sections to consider, one per party the article credits (where it first does):"]
            + [
                f"#     - heading: {dump(name).strip()}   # {sid}: {_PARTY_NOTES.get(kind, kind)}"
                for name, kind, sid in named
            ]
            if named
            else []
        ),
        "# content_note:                     # when passages may distress students",
        "#   student: >-                     # shown at the top of the About the case study page",
        "#     Content note: ...",
        "#   teacher: >-                     # the teacher edition's Content note page",
        "#     ...",
        "#   sentences: [p3.s1]              # the passages an opt-out route avoids",
        "#   terms: [...]                    # words whose items the route also leaves out",
        *candidates,
    ]
    return "\n".join(lines) + "\n"
