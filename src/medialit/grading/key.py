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

from collections.abc import Iterable

from medialit import qtypes
from medialit.case.cite import anchor, citation_text
from medialit.curriculum.review import UNREVIEWED_MARK, unreviewed_key, unreviewed_note
from medialit.grading.alternatives import key_alternatives
from medialit.model import Case, Lesson, Question
from medialit.qtypes.base import KeyCitation, KeyEntry
from medialit.readable import plural


def _citations(case: Case, q: Question) -> list[KeyCitation]:
    out: list[KeyCitation] = []
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


def key_entry(case: Case, lesson: Lesson, q: Question) -> KeyEntry[object]:
    """One question's key as plain data."""
    entry: KeyEntry[object] = {
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
    qt = qtypes.get(q.type)
    if qt.has_tolerance:
        entry["tolerance"] = q.tolerance
    if q.alternatives:
        entry["alternatives"] = key_alternatives(q)
    pending = unreviewed_key(case, q)
    if pending is not None:
        entry["unreviewed"] = {layer: n for layer, n in pending.layers}
    return {**entry, **qt.key_extras(q)}


def answer_key(case: Case, lessons: Iterable[Lesson]) -> list[KeyEntry[object]]:
    """Every exercise question's key, in lesson order."""
    return [key_entry(case, lesson, q) for lesson in lessons for q in lesson.questions]


def answer_key_markdown(entries: list[KeyEntry[object]]) -> str:
    """The answer key as Markdown."""
    lines = ["# Answer key", ""]
    for e in entries:
        lines += [f"## {e['question']} ({e['type'].replace('_', ' ')}, {plural(e['points'], 'point')})", ""]
        lines.append(f"Objectives: {', '.join(e['objectives'])}")
        if e.get("self_check"):
            lines.append("Self-check: students can test right/wrong with a salted hash.")
        if e.get("unreviewed"):
            lines += ["", f"**{UNREVIEWED_MARK}** {unreviewed_note(e['unreviewed'])}"]
        lines += ["", *qtypes.get(e["type"]).key_lines(e)]
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
