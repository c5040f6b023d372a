"""Code: the student completes a code cell so that ``answer`` holds the result.

The grader runs the cell in its sandbox (:mod:`medialit.grading.code_answers`)
and compares ``answer`` with the key: numbers within the tolerance, anything
else exactly. The public check tests the type of ``answer`` only.

Key: any JSON value (``object``). Answer: whatever the cell leaves in ``answer`` (``object``;
the public check compares its type with the key's). The source the student wrote is the
grader's (:mod:`medialit.grading.code_answers`), not a value this type scores.
"""

from __future__ import annotations

from typing import TypeGuard

from medialit.case.bundle import answer_type
from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import KeyEntry, KeyExtras, QuestionType
from medialit.qtypes.numeric import (
    alternative_numbers_fraction,
    is_number,
    number_alternative_problem,
    within_tolerance,
)

_TYPES: dict[str, tuple[type, ...]] = {
    "number": (int, float),
    "list": (list,),
    "dictionary": (dict,),
    "text": (str,),
}


class Code(QuestionType[object, object]):
    """Write code; its ``answer`` is compared with the key. Public and hidden checks are named in ``tests``."""

    name = "code"
    minutes = 10
    runs_code = True
    has_tolerance = True

    def is_key(self, key: object) -> TypeGuard[object]:
        return True

    def check_spec(self, spec: dict[str, object], where: str) -> None:
        if spec.get("widget") is not None:
            raise CurriculumError(f"{where}: a code question cannot use a widget.")

    def validate(self, q: Question, where: str) -> None:
        if not q.tests:
            raise CurriculumError(f"{where}: a code question needs tests.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        return number_alternative_problem(value)

    def how_to_answer(self, q: Question) -> str:
        return "Complete the code so that `answer` holds the result, then run the cell."

    def answer_body(self, q: Question, *, solution: bool) -> str:
        body = q.starter.rstrip("\n")
        if solution:
            body = q.settings.get("solution", body).rstrip("\n")
        return body

    def shape_problems(self, q: Question, value: object) -> list[str]:
        # The key's type, or (in a student's notebook, which has no key) the type the bundle records.
        kind = answer_type(q.key) if q.key is not None else q.settings.get("answer_type")
        allowed = _TYPES.get(str(kind))
        if allowed is None:
            return []
        if isinstance(value, bool) or not isinstance(value, allowed):
            return [f"`answer` must be {'a ' if kind != 'text' else ''}{kind}, not {type(value).__name__}"]
        return []

    def key_fraction(self, q: Question, value: object) -> float:
        key = self.key(q)
        if is_number(key):
            return within_tolerance(q, key, value) if is_number(value) else 0.0
        return 1.0 if value == key else 0.0

    def alternatives_fraction(self, q: Question, value: object) -> float:
        return alternative_numbers_fraction(q, value) if is_number(self.key(q)) else 0.0

    def key_extras(self, q: Question) -> KeyExtras:
        return {
            "solution": str(q.settings.get("solution", "")).strip("\n"),
            "checks": [
                {"name": str(t.get("name", "")), "public": bool(t.get("public"))}
                for t in q.tests
                if isinstance(t, dict)
            ],
        }

    def key_lines(self, entry: KeyEntry[object]) -> list[str]:
        lines = super().key_lines(entry)
        if entry.get("solution"):
            lines += ["", "Solution:", "", "```python", entry["solution"], "```"]
        if entry.get("checks"):
            checks = "; ".join(f"{c['name']} ({'public' if c['public'] else 'hidden'})" for c in entry["checks"])
            lines += ["", "Checks: " + checks]
        return lines
