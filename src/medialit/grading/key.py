"""The teacher's answer key, for every question type: ``medialit key``.

Each entry has the question id, lesson, type, points and objectives, and:

- choice, label, pair, sentence and span questions: the key (``answer``) and
  the option, item and label texts it refers to;
- numeric and code questions: the key and its tolerance; code questions also
  the solution and the names of their public and hidden checks;
- short text: the rubric, the model answer and an anchor answer for every score
  (graded by hand);
- accepted alternatives (``alternatives``: value, reason and a one-line description);
- the explanation and its citations (title, publisher, date, URL or the reason
  there is none, leaning, and the anchor of the entry on the sources page), and
  whether a self-check is enabled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from medialit.case.cite import anchor, citation_text
from medialit.grading.alternatives import key_alternatives
from medialit.model import Case, Lesson, Question
from medialit.readable import place, plural, quote, short, split_place, student_rubric


def _citations(case: Case, q: Question) -> list[dict[str, Any]]:
    out = []
    for cid in q.citations:
        c = case.citation(cid)
        out.append(
            {
                "id": cid,
                "title": c.title,
                "publisher": c.publisher,
                "date": c.date,
                "url": c.url,
                "archive": c.archive,
                "no_url_reason": c.no_url_reason,
                "leaning": c.leaning,
                "kind": c.kind,
                "text": citation_text(c),
                "anchor": anchor(cid),
            }
        )
    return out


def anchor_lines(anchors: Any) -> list[str]:
    """Anchor answers (teacher only): one sample answer per rubric score, with why it scores so."""
    if not anchors:
        return []
    lines = [
        "",
        "Anchor answers (one per score; for teachers only):",
        "",
        "| score | sample answer | why |",
        "|---|---|---|",
    ]
    for a in sorted(anchors, key=lambda a: int(a["level"])):
        cells = [str(a["level"]), str(a["answer"]), str(a.get("why", ""))]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    return lines


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
    if q.alternatives:
        entry["alternatives"] = key_alternatives(q)
    if q.type == "code":
        entry["solution"] = str(q.settings.get("solution", "")).strip("\n")
        entry["checks"] = [
            {"name": str(t.get("name", "")), "public": bool(t.get("public"))} for t in q.tests if isinstance(t, dict)
        ]
    if q.manual:
        entry["model_answer"] = str(q.settings.get("model_answer", "")).strip()
        entry["anchors"] = [
            {"level": int(a["level"]), "answer": str(a["answer"]), "why": str(a.get("why", ""))}
            for a in sorted(q.settings.get("anchors") or (), key=lambda a: int(a["level"]))
        ]
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
        return lines + anchor_lines(e.get("anchors") or ())
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
        if e.get("alternatives"):
            lines += ["", "Accepted alternatives:"]
            lines += [f"- {a['description']}. Why: {a['reason']}" for a in e["alternatives"]]
        if e["explanation"]:
            lines += ["", e["explanation"]]
        if e["citations"]:
            lines += ["", "Sources (see the Sources page):"]
            lines += [f"- [{c['id']}](#{c['anchor']}): {c['text']}" for c in e["citations"]]
        lines.append("")
    return "\n".join(lines)
