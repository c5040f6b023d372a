"""Public checks of an answer's shape: is it answered, well formed, using ids that exist.

These checks reveal nothing about the key, so student notebooks may run them
(``check("L3.Q2")``). The grader runs the same checks first and reports them
as the *public* part of a question's feedback; the comparison with the key is
the *hidden* part. Every function here accepts any value (answers come from
students) and never raises.
"""

from __future__ import annotations

import math
from typing import Any

from medialit.case.bundle import answer_type
from medialit.model import Question

_SHOW = 40


def _show(value: Any) -> str:
    """A short repr of a student value for a message (escaped later by every renderer)."""
    text = repr(value)
    return text if len(text) <= _SHOW else text[: _SHOW - 1] + "…"


def is_blank(q: Question, value: Any) -> bool:
    """True when the student has not answered yet."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) == 0
    if isinstance(value, dict):
        return not value or all(v in ("", None) for v in value.values())
    return False


def _ids(values: Any) -> list[str] | None:
    if not isinstance(values, (list, tuple, set, frozenset)) or not all(isinstance(v, str) for v in values):
        return None
    return sorted(values)


def _labels_problems(q: Question, value: Any) -> list[str]:
    if not isinstance(value, dict):
        return ["the answer must be a dictionary {item: label}"]
    items = {o.id for o in q.items}
    labels = set(q.labels)
    out = []
    unknown = sorted({str(k) for k in value} - items)
    if unknown:
        out.append("unknown items: " + ", ".join(_show(u) for u in unknown[:5]))
    not_text = [v for v in value.values() if v is not None and not isinstance(v, str)]
    if not_text:
        out.append("each label must be text between quotes")
    bad = sorted({v for v in value.values() if isinstance(v, str) and v and v not in labels})
    if bad:
        out.append("not among the labels: " + ", ".join(_show(b) for b in bad[:5]))
    return out


def _sentences_problems(q: Question, value: Any) -> list[str]:
    items = {o.id for o in q.items}
    if isinstance(value, dict):
        chosen = list(value)
        if not all(isinstance(k, str) for k in chosen):
            return ["the answer must name sentences by their ids"]
        if q.labels and not all(isinstance(v, str) and v in q.labels for v in value.values()):
            return ["each chosen sentence needs one of the labels"]
    else:
        ids = _ids(value)
        if ids is None:
            return ["the answer must be a list of sentence ids"]
        chosen = ids
    unknown = sorted(set(chosen) - items)
    if unknown:
        return ["unknown sentences: " + ", ".join(_show(u) for u in unknown[:5])]
    return []


def _spans_problems(q: Question, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return ["the answer must be a list of highlights"]
    items = {o.id for o in q.items}
    out = []
    for v in value:
        sentence, label, text = v.get("sentence"), v.get("label"), v.get("text")
        if not isinstance(sentence, str) or sentence not in items:
            out.append(f"unknown sentence {_show(sentence)}")
        elif q.labels and (not isinstance(label, str) or label not in q.labels):
            out.append(f"unknown label {_show(label)}")
        elif not isinstance(text, str) or not text.strip():
            out.append("a highlight has no text")
    return out[:5]


_CODE_TYPES: dict[str, tuple[type, ...]] = {
    "number": (int, float),
    "list": (list,),
    "dictionary": (dict,),
    "text": (str,),
}


def _code_problems(q: Question, value: Any) -> list[str]:
    # The key's type, or (in a student's notebook, which has no key) the type the bundle records.
    kind = answer_type(q.key) if q.key is not None else q.settings.get("answer_type")
    allowed = _CODE_TYPES.get(str(kind))
    if allowed is None:
        return []
    if isinstance(value, bool) or not isinstance(value, allowed):
        return [f"`answer` must be {'a ' if kind != 'text' else ''}{kind}, not {type(value).__name__}"]
    return []


def shape_problems(q: Question, value: Any) -> list[str]:
    """Problems with the form of ``value`` for question ``q`` (empty when well formed)."""
    t = q.type
    options = sorted(o.id for o in q.options)
    if t == "single_choice":
        example = f", such as {options[0]!r}" if options else ""
        if not isinstance(value, str):
            return [f"the answer must be one option id in quotes{example}"]
        if value not in options:
            return [f"{_show(value)} is not an option; choose one of {', '.join(options)}"]
    elif t == "multi_select":
        ids = _ids(value)
        if ids is None:
            return ['the answer must be a list of option ids, such as ["a", "c"]']
        bad = sorted(set(ids) - set(options))
        if bad:
            return ["not options: " + ", ".join(_show(b) for b in bad[:5])]
    elif t in ("label_items", "match_pairs"):
        return _labels_problems(q, value)
    elif t == "select_sentences":
        return _sentences_problems(q, value)
    elif t == "select_spans":
        return _spans_problems(q, value)
    elif t == "numeric":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ["the answer must be a number"]
        if isinstance(value, float) and not math.isfinite(value):
            return ["the answer must be a finite number"]
    elif t == "short_text" and not isinstance(value, str):
        return ["the answer must be text between quotes"]
    elif t == "code":
        return _code_problems(q, value)
    return []


def value_range(q: Question) -> tuple[float, float] | None:
    """The range a number answer must fall in (``settings.range: [low, high]``), if the question sets one."""
    bounds = q.settings.get("range")
    if (
        isinstance(bounds, (list, tuple))
        and len(bounds) == 2
        and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
    ):
        return float(bounds[0]), float(bounds[1])
    return None


def _fmt(x: float) -> str:
    return f"{x:g}"


def incomplete_problems(q: Question, value: Any) -> list[str]:
    """What a well-formed answer still lacks, for the student's ``check()``: blank items, numbers out of range.

    Not part of grading (a partly labelled answer earns partial credit); only the
    notebook's public check reports these, so a half-done answer is never "OK".
    """
    out: list[str] = []
    if q.type in ("label_items", "match_pairs") and isinstance(value, dict):
        from medialit.readable import item_name

        blank = [o.id for o in q.items if value.get(o.id) in ("", None)]
        if blank:
            names = "; ".join(f"{i} {item_name(i, q, words=6)}" for i in blank[:4])
            more = f" and {len(blank) - 4} more" if len(blank) > 4 else ""
            out.append(f"{len(blank)} of {len(q.items)} items have no label yet: {names}{more}")
    bounds = value_range(q)
    if bounds is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = bounds
        if math.isfinite(value) and not low <= value <= high:
            out.append(
                f"{_show(value)} is outside the range the question asks for ({_fmt(low)} to {_fmt(high)})"
                + (": give a share as a decimal, e.g. 0.65 for 65%" if (low, high) == (0.0, 1.0) else "")
            )
    return out


def public_check(q: Question, value: Any) -> tuple[bool, list[str]]:
    """``(ok, messages)`` for the student: answered, well formed and complete. Never says right or wrong."""
    if is_blank(q, value):
        return False, [f"{q.id}: not answered yet."]
    problems = shape_problems(q, value) or incomplete_problems(q, value)
    if problems:
        return False, [f"{q.id}: {p}." for p in problems]
    return True, [f"{q.id}: answered and well formed. This is a public check, not your grade."]
