"""The per-item table for teachers (issue 21): what each graded item tests and why its key holds.

One line per graded item (auto-graded and teacher-graded): its id, the skill it tests, why its
key holds, and where its decisive evidence first becomes visible to a student. The lesson YAML
is the one source: ``evidence: {where, terms, note, skill, key_basis}`` on each item, with
defaults for ``skill`` (the concepts the item needs) and ``key_basis`` (the literal key's reason,
or the derivation and the annotation layers a derived key reads; see :func:`key_basis`), and
the item's objectives.
``make items-table`` writes it to ``docs/items.md``; ``tests/integration/test_items_table.py``
checks that the file is current.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from medialit import qtypes
from medialit.model import Lesson, Objective, Question

#: Where a student first meets an item's evidence, by ``evidence.where``.
_WHERE = {
    "article": "the article itself (shown from lesson 1)",
    "constructed": "printed with the item (a made-up text)",
}


def key_basis(key_spec: Any, derived_from: tuple[str, ...], manual: bool, rubric_levels: int) -> str:
    """Why a key holds, in a line, when the item does not say (``evidence.key_basis``)."""
    if manual:
        return f"graded by the teacher on a rubric of {rubric_levels} criteria or levels, with its anchors"
    if isinstance(key_spec, Mapping) and "derive" in key_spec:
        args = ", ".join(f"{k}={_short(v)}" for k, v in key_spec.items() if k != "derive")
        layers = ", ".join(derived_from) or "the article"
        return f"derived from the annotations ({layers}) by {key_spec['derive']}({args})"
    if isinstance(key_spec, Mapping) and key_spec.get("reason"):
        return " ".join(str(key_spec["reason"]).split())
    return "no key"


def _short(value: Any, limit: int = 60) -> str:
    """A derivation argument in a few words: a mapping by its keys, a list by its items."""
    if isinstance(value, Mapping):
        text = "{" + ", ".join(str(k) for k in value) + "}"
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(str(v) for v in value) + "]"
    else:
        text = str(value)
    if len(text) <= limit:
        return text
    close = {"[": "]", "{": "}"}.get(text[0], "")
    return text[: limit - 3 - len(close)] + "..." + close


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def introduced_in(lessons: tuple[Lesson, ...]) -> dict[str, int]:
    """The lesson number that first introduces each concept."""
    first: dict[str, int] = {}
    for lesson in lessons:
        for concept in lesson.introduces:
            first.setdefault(concept, lesson.number)
    return first


def first_visible(q: Question, lesson: Lesson, taught: Mapping[str, int]) -> str:
    """Where the evidence of ``q`` first becomes visible: a lesson page or packet documents only."""
    where = str(q.evidence.get("where", ""))
    if where == "packet":
        docs = [str(d["doc"]) for d in (q.key or {}).get("opened", ())] if isinstance(q.key, dict) else []
        docs = docs or [str(c) for c in q.citations if not str(c).startswith("facts-")]
        kind = "constructed packet documents" if q.settings.get("evidence") == "constructed" else "packet only"
        return f"{kind}: {', '.join(docs)}" if docs else kind
    if where == "lesson":
        at = max((taught.get(c, lesson.number) for c in q.needs), default=lesson.number)
        return f"lesson page: L{at}" + ("" if at == lesson.number else f" (asked in L{lesson.number})")
    if where in _WHERE:
        return _WHERE[where]
    return f"the article and the lesson pages up to L{lesson.number}"


def _manual(q: Question) -> bool:
    return qtypes.get(q.type).manual


def rows(lessons: tuple[Lesson, ...]) -> list[tuple[str, str, str, str]]:
    """``(id, skill, key basis, first visible)`` for every graded item."""
    taught = introduced_in(lessons)
    out = []
    for lesson in lessons:
        for q in lesson.questions:
            skill = str(q.evidence.get("skill") or "; ".join(q.needs)) + f" [{', '.join(q.objectives)}]"
            basis = str(q.evidence.get("key_basis") or "")
            if basis.startswith("derived from the annotations") and q.citations:
                basis += f"; its explanation cites {', '.join(q.citations[:4])}" + (
                    ", ..." if len(q.citations) > 4 else ""
                )
            if _manual(q):
                basis = basis or key_basis(None, (), True, len(q.rubric))
            alts = len(q.alternatives)
            if alts:
                basis += f" (accepts {alts} alternative{'s' if alts > 1 else ''}, each with its reason)"
            out.append((q.id, skill, basis, first_visible(q, lesson, taught)))
    return out


def counts(lessons: tuple[Lesson, ...]) -> dict[str, int]:
    """Graded items, recall items left (an evidence note that says so), and search items whose
    evidence is reachable only through the packet."""
    graded = [q for lesson in lessons for q in lesson.questions]
    return {
        "graded": len(graded),
        "auto-graded": sum(1 for q in graded if not _manual(q)),
        "teacher-graded": sum(1 for q in graded if _manual(q)),
        "recall": sum(1 for q in graded if "recall" in str(q.evidence.get("note", "")).lower()),
        "search items that need the search": sum(
            1 for q in graded if qtypes.get(q.type).searches_packet and q.evidence.get("where") == "packet"
        ),
        "items whose evidence is only in the packet": sum(1 for q in graded if q.evidence.get("where") == "packet"),
    }


def render(lessons: tuple[Lesson, ...], title: str, objectives: Sequence[Objective] = ()) -> str:
    """The Markdown of ``docs/items.md`` (``objectives``: the legend of the objective ids)."""
    n = counts(lessons)
    lines = [
        f"# Graded items: {title}",
        "",
        "<!-- Generated by `make items-table` (medialit.curriculum.items_table) from the lesson",
        "YAML's `evidence:` fields; tests/integration/test_items_table.py checks it is current. -->",
        "",
        "For every graded item: what it tests, why its key holds, and where its decisive evidence",
        "first becomes visible to a student (a lesson page, the article, a made-up text printed",
        "with the item, or packet documents only). The exposure audit",
        "(tests/integration/test_exposure.py) checks that no earlier page, practice feedback,",
        "released explanation, source title or bundle field shows an item's evidence first.",
        "",
        f"- graded items: {n['graded']} ({n['auto-graded']} auto-graded, {n['teacher-graded']} teacher-graded)",
        f"- recall items left: {n['recall']}",
        f"- search items that need the search (evidence only in the packet): {n['search items that need the search']}",
        f"- items of any type whose evidence is only in the packet: {n['items whose evidence is only in the packet']}",
        "",
        *(["Objectives (in brackets after each skill):", ""] if objectives else []),
        *(f"- {o.id}: {o.text}" for o in objectives),
        *([""] if objectives else []),
        "| item | what it tests | why its key holds | evidence first visible |",
        "|---|---|---|---|",
    ]
    lines += [f"| {i} | {_cell(s)} | {_cell(b)} | {_cell(v)} |" for i, s, b, v in rows(lessons)]
    return "\n".join(lines) + "\n"
