"""Public checks of an answer's shape: is it answered, well formed, using ids that exist.

These checks reveal nothing about the key, so student notebooks may run them
(``check("L3.Q2")``). The grader runs the same checks first and reports them
as the *public* part of a question's feedback; the comparison with the key is
the *hidden* part. Every function here accepts any value (answers come from
students) and never raises.
"""

from __future__ import annotations

import math

from medialit import qtypes
from medialit.model import Question
from medialit.qtypes.base import show


def is_empty_answer(value: object) -> bool:
    """True for a value with nothing in it: ``None``, blank text, or a list or mapping of such.

    The one definition of "not answered yet" for the grader, ``check()`` and the runtime's
    restore of saved answers, so a record such as ``{"queries": [], "opened": [], "answer": None}``
    counts as blank everywhere.
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(is_empty_answer(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty_answer(v) for v in value.values())
    return False


def is_blank(q: Question, value: object) -> bool:
    """True when the student has not answered ``q`` yet (see :func:`is_empty_answer`)."""
    return is_empty_answer(value)


def shape_problems(q: Question, value: object) -> list[str]:
    """Problems with the form of ``value`` for question ``q`` (empty when well formed)."""
    return qtypes.get(q.type).shape_problems(q, value)


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


def incomplete_problems(q: Question, value: object) -> list[str]:
    """What a well-formed answer still lacks, for the student's ``check()``: blank items, numbers out of range.

    Not part of grading (a partly labelled answer earns partial credit); only the
    notebook's public check reports these, so a half-done answer is never "OK".
    """
    out = qtypes.get(q.type).lacking(q, value)
    bounds = value_range(q)
    if bounds is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = bounds
        if math.isfinite(value) and not low <= value <= high:
            out.append(
                f"{show(value)} is outside the range the question asks for ({_fmt(low)} to {_fmt(high)})"
                + (": give a share as a decimal, e.g. 0.65 for 65%" if (low, high) == (0.0, 1.0) else "")
            )
    return out


def public_check(q: Question, value: object) -> tuple[bool, list[str]]:
    """``(ok, messages)`` for the student: answered, well formed and complete. Never says right or wrong."""
    if is_blank(q, value):
        return False, [f"{q.id}: not answered yet."]
    problems = shape_problems(q, value) or incomplete_problems(q, value)
    if problems:
        return False, [f"{q.id}: {p}." for p in problems]
    return True, [f"{q.id}: answered and well formed. This is a public check, not your grade."]
