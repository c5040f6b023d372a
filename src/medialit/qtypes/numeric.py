"""Numeric: a number, right within the question's tolerance.

Key: a number (``float``; an ``int`` is one too). Answer: a finite number (``float``).
"""

from __future__ import annotations

import json
import math
from typing import SupportsFloat, SupportsIndex, TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import QuestionType
from medialit.readable import Described, number


def finite_number(v: object) -> float | None:
    """``v`` as a finite float, or ``None`` (booleans, text, NaN and infinities are not numbers here)."""
    if isinstance(v, bool) or not isinstance(v, (str, bytes, bytearray, SupportsFloat, SupportsIndex)):
        return None
    try:
        got = float(v)
    except (OverflowError, TypeError, ValueError):
        return None
    return got if math.isfinite(got) else None


def within_tolerance(q: Question, target: float, value: object) -> float:
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
    # Every alternative is a number (check_alternative refuses anything else when the spec loads).
    return max((within_tolerance(q, alt.value, value) for alt in q.alternatives if is_number(alt.value)), default=0.0)


def is_number(value: object) -> TypeGuard[float]:
    """An ``int`` or ``float`` that is not a ``bool``."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Numeric(QuestionType[float, float]):
    """Type a number; an accepted alternative is another number (same tolerance)."""

    name = "numeric"
    minutes = 2
    has_tolerance = True
    self_checkable = True

    def is_key(self, key: object) -> TypeGuard[float]:
        return is_number(key)

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

    def key_fraction(self, q: Question, value: float) -> float:
        return within_tolerance(q, self.key(q), value)

    def alternatives_fraction(self, q: Question, value: float) -> float:
        return alternative_numbers_fraction(q, value)

    def canonical(self, q: Question, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return None
        return json.dumps(float(value))

    def self_check_refusal(self, q: Question) -> str:
        return f"not for {q.type} with tolerance {q.tolerance:g}" if q.tolerance > 0 else ""

    def in_words(self, value: float, q: Question) -> Described:
        return number(value), []
