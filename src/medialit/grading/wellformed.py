"""Public checks of an answer's shape: is it answered, well formed, using ids that exist.

These checks reveal nothing about the key, so student notebooks may run them.
"""

from __future__ import annotations

from typing import Any

from medialit.model import Question


def is_blank(q: Question, value: Any) -> bool:
    """True when the student has not answered yet."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set)):
        return len(value) == 0
    if isinstance(value, dict):
        return all(v in ("", None) for v in value.values()) or not value
    return False


def shape_problems(q: Question, value: Any) -> list[str]:
    """Problems with the form of ``value`` for question ``q`` (empty when well formed)."""
    t = q.type
    options = {o.id for o in q.options}
    items = {o.id for o in q.items}
    labels = set(q.labels)
    if t == "single_choice":
        if not isinstance(value, str):
            return [f"the answer must be one option id in quotes, such as {sorted(options)[0]!r}"]
        if value not in options:
            return [f"{value!r} is not an option; choose one of {', '.join(sorted(options))}"]
    elif t == "multi_select":
        if not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
            return ["the answer must be a list of option ids, such as [\"a\", \"c\"]"]
        bad = sorted(set(value) - options)
        if bad:
            return [f"not options: {', '.join(bad)}"]
    elif t in ("label_items", "match_pairs"):
        if not isinstance(value, dict):
            return ["the answer must be a dictionary {item: label}"]
        out = []
        unknown = sorted(set(map(str, value)) - items)
        if unknown:
            out.append(f"unknown items: {', '.join(unknown)}")
        bad = sorted({str(v) for v in value.values() if v not in labels and v not in ("", None)})
        if bad:
            out.append(f"not among the labels: {', '.join(bad)}")
        return out
    elif t == "select_sentences":
        chosen = list(value) if isinstance(value, (list, dict)) else None
        if chosen is None:
            return ["the answer must be a list of sentence ids"]
        unknown = sorted(set(map(str, chosen)) - items)
        if unknown:
            return [f"unknown sentences: {', '.join(unknown)}"]
        if isinstance(value, dict) and labels:
            bad = sorted({str(v) for v in value.values() if v not in labels})
            if bad:
                return [f"not among the labels: {', '.join(bad)}"]
    elif t == "select_spans":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return ["the answer must be a list of highlights"]
        out = []
        for v in value:
            if v.get("sentence") not in items:
                out.append(f"unknown sentence {v.get('sentence')!r}")
            elif labels and v.get("label") not in labels:
                out.append(f"unknown label {v.get('label')!r}")
            elif not isinstance(v.get("text"), str) or not v["text"].strip():
                out.append("a highlight has no text")
        return out
    elif t == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ["the answer must be a number"]
    elif t == "short_text" and not isinstance(value, str):
        return ["the answer must be text between quotes"]
    return []


def public_check(q: Question, value: Any) -> tuple[bool, list[str]]:
    """``(ok, messages)`` for the student: answered and well formed. Never says right or wrong."""
    if is_blank(q, value):
        return False, [f"{q.id}: not answered yet."]
    problems = shape_problems(q, value)
    if problems:
        return False, [f"{q.id}: {p}." for p in problems]
    return True, [f"{q.id}: answered and well formed. This is a public check, not your grade."]
