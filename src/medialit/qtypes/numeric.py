"""Numeric: a number, right within the question's tolerance."""

from __future__ import annotations

import json
import math
from typing import Any

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import QuestionType
from medialit.readable import Described, in_words, number


def finite_number(v: Any) -> float | None:
    """``v`` as a finite float, or ``None`` (booleans, text, NaN and infinities are not numbers here)."""
    if isinstance(v, bool):
        return None
    try:
        got = float(v)
    except (OverflowError, TypeError, ValueError):
        return None
    return got if math.isfinite(got) else None


def within_tolerance(q: Question, target: Any, value: object) -> float:
    """1.0 when ``value`` is a finite number within the question's tolerance of ``target``, else 0.0."""
    got = finite_number(value)
    if got is None:
        return 0.0
    return 1.0 if abs(got - float(target)) <= q.tolerance + 1e-9 else 0.0


def number_alternative_problem(value: object) -> str:
    """Why an accepted alternative of a number key is not one ("" when it is)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{value!r} must be a number"
    return ""


def alternative_numbers_fraction(q: Question, value: object) -> float:
    """1.0 when ``value`` is within tolerance of an accepted alternative number."""
    return max((within_tolerance(q, alt.value, value) for alt in q.alternatives), default=0.0)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Numeric(QuestionType):
    """Type a number; an accepted alternative is another number (same tolerance)."""

    name = "numeric"
    minutes = 2
    has_tolerance = True
    self_checkable = True

    def validate(self, q: Question, where: str) -> None:
        if not isinstance(q.key, (int, float)):
            raise CurriculumError(f"{where}: a numeric key must be a number, got {q.key!r}.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        return number_alternative_problem(value)

    def how_to_answer(self, q: Question) -> str:
        return "Replace `None` with a number."

    def shape_problems(self, q: Question, value: object) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ["the answer must be a number"]
        if isinstance(value, float) and not math.isfinite(value):
            return ["the answer must be a finite number"]
        return []

    def key_fraction(self, q: Question, value: object) -> float:
        return within_tolerance(q, q.key, value)

    def alternatives_fraction(self, q: Question, value: object) -> float:
        return alternative_numbers_fraction(q, value)

    def canonical(self, q: Question, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return None
        return json.dumps(float(value))

    def self_check_refusal(self, q: Question) -> str:
        return f"not for {q.type} with tolerance {q.tolerance:g}" if q.tolerance > 0 else ""

    def describe(self, value: object, q: Question) -> Described:
        return in_words(value, q, _is_number, lambda v, _: (number(v), []))
