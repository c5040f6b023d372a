"""The teacher's answer key, for every question type: ``medialit key``.

Each entry has the question id, lesson, type, points and objectives, and:

- choice, label, pair, sentence and span questions: the key (``answer``) and
  the option, item and label texts it refers to;
- numeric and code questions: the key and its tolerance; code questions also
  the solution and the names of their public and hidden checks;
- short text: the rubric and the model answer (graded by hand);
- the explanation and its citations, and whether a self-check is enabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from medialit.model import Case, Lesson, Question
from medialit.readable import place, plural, quote, short, split_place, student_rubric


def _citations(case: Case, q: Question) -> list[dict[str, Any]]:
    out = []
    for cid in q.citations:
        c = case.citation(cid)
        out.append({"id": cid, "title": c.title, "facts_section": c.facts_section, "url": c.url})
    return out


def key_entry(case: Case, lesson: Lesson, q: Question) -> dict[str, Any]:
    """One question's key as plain data."""
    entry: dict[str, Any] = {
        "question": q.id,
        "lesson": lesson.id,
        "type": q.type,
        "points": q.points,
        "objectives": list(q.objectives),
        "answer": q.key,
        "rubric": list(q.rubric),
        "explanation": q.explanation,
        "citations": _citations(case, q),
        "self_check": bool(q.settings.get("self_check")),
    }
    if q.options:
        entry["options"] = {o.id: o.text for o in q.options}
    if q.items:
        entry["items"] = {o.id: o.text for o in q.items}
    if q.labels:
        entry["labels"] = list(q.labels)
    if q.type in ("numeric", "code"):
        entry["tolerance"] = q.tolerance
    if q.type == "code":
        entry["solution"] = str(q.settings.get("solution", "")).strip("\n")
        entry["checks"] = [
            {"name": str(t.get("name", "")), "public": bool(t.get("public"))} for t in q.tests if isinstance(t, dict)
        ]
    if q.manual:
        entry["model_answer"] = str(q.settings.get("model_answer", "")).strip()
        entry["student_rubric"] = list(student_rubric(q))
    return entry


def answer_key(case: Case, lessons: Iterable[Lesson]) -> list[dict[str, Any]]:
    """Every exercise question's key, in lesson order."""
    return [key_entry(case, lesson, q) for lesson in lessons for q in lesson.questions]


def _item(item_id: str, text: str) -> str:
    """An item as the teacher reads it: its text and, in words, its paragraph (no trailing id in brackets)."""
    body, sentence = split_place(text)
    where = place(sentence or item_id)
    return body.strip() + (f" ({where})" if where else "")


def _span(span: dict[str, Any]) -> str:
    """A key span: its words, its label when it has one, its paragraph (never an empty "()")."""
    label = span.get("label") or ""
    where = place(str(span.get("sentence", "")))
    return (
        quote(short(str(span.get("text", "")), 40))
        + (f" — {label}" if label else "")
        + (f" ({where})" if where else "")
    )


def _js(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _answer_lines(e: dict[str, Any]) -> list[str]:
    t, key = e["type"], e["answer"]
    options, items = e.get("options", {}), e.get("items", {})
    if t == "short_text":
        lines = []
        shown = e.get("student_rubric") or e["rubric"]
        if shown != e["rubric"]:
            lines += ["Students see these criteria:", *[f"- {r}" for r in shown], ""]
        lines += ["Graded by hand with the rubric:", *[f"- {r}" for r in e["rubric"]]]
        if e.get("model_answer"):
            lines += ["", f"Model answer: {e['model_answer']}"]
        return lines
    if t == "single_choice":
        return [f"Answer: `{key}`: {options.get(key, '')}".rstrip(": ")]
    if t == "multi_select":
        return ["Answer:", *[f"- `{k}`: {options.get(k, '')}" for k in key]]
    if t in ("label_items", "match_pairs") or (t == "select_sentences" and isinstance(key, dict)):
        lines = ["| item | answer |", "|---|---|"]
        for item, lab in key.items():
            lines.append(f"| `{item}` {_item(item, items.get(item, ''))} | {lab} |".replace("\n", " "))
        return lines
    if t == "select_sentences":
        return ["Sentences:", *[f"- {_item(s, items.get(s, ''))}" for s in key]]
    if t == "select_spans":
        return ["Phrases:", *[f"- {_span(s)}" for s in key]]
    tol = f" (tolerance ±{e.get('tolerance', 0):g})" if e.get("tolerance") else ""
    lines = [f"Answer: `{_js(key)}`{tol}"]
    if t == "code":
        if e.get("solution"):
            lines += ["", "Solution:", "", "```python", e["solution"], "```"]
        if e.get("checks"):
            lines += [
                "",
                "Checks: " + "; ".join(f"{c['name']} ({'public' if c['public'] else 'hidden'})" for c in e["checks"]),
            ]
    return lines


def answer_key_markdown(entries: list[dict[str, Any]]) -> str:
    """The answer key as Markdown."""
    lines = ["# Answer key", ""]
    for e in entries:
        lines += [f"## {e['question']} ({e['type'].replace('_', ' ')}, {plural(e['points'], 'point')})", ""]
        lines.append(f"Objectives: {', '.join(e['objectives'])}")
        if e.get("self_check"):
            lines.append("Self-check: students can test right/wrong with a salted hash.")
        lines += ["", *_answer_lines(e)]
        if e["explanation"]:
            lines += ["", e["explanation"]]
        if e["citations"]:
            lines += ["", "Sources:"] + [
                f"- {c['title']}" + (f" <{c['url']}>" if c.get("url") else "") for c in e["citations"]
            ]
        lines.append("")
    return "\n".join(lines)
