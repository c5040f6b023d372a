"""Single choice: one option id (``"b"``); right or wrong.

Key: the right option's id (``str``). Answer: an option id (``str``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import ClassVar, TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Alternative, Case, Question
from medialit.qtypes.base import ACCEPTED, RIGHT, WRONG, KeyEntry, QuestionType, show
from medialit.readable import Described, Reading, text_words


class SingleChoice(QuestionType[str, str]):
    """Pick one option; an accepted alternative is another option id."""

    name = "single_choice"
    minutes = 1
    self_checkable = True
    reading: ClassVar[Reading] = {"choice": True}

    def is_key(self, key: object) -> TypeGuard[str]:
        return isinstance(key, str)

    def validate(self, q: Question, where: str) -> None:
        option_ids = {o.id for o in q.options}
        if q.key not in option_ids:
            raise CurriculumError(f"{where}: key {q.key!r} is not one of the options {sorted(option_ids)}.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        ok = value in {o.id for o in q.options} and value != q.key
        return "" if ok else f"{value!r} is not another option id"

    def blank(self, q: Question) -> str:
        return ""

    def how_to_answer(self, q: Question) -> str:
        # Examples use the question's real ids, but never the answer itself.
        example = next((o.id for o in q.options if o.id != q.key), None)
        return f'Type the id of one option between the quotes, for example `"{example}"`.' if example else ""

    def shape_problems(self, q: Question, value: object) -> list[str]:
        options = sorted(o.id for o in q.options)
        example = f", such as {options[0]!r}" if options else ""
        if not isinstance(value, str):
            return [f"the answer must be one option id in quotes{example}"]
        if value not in options:
            return [f"{show(value)} is not an option; choose one of {', '.join(options)}"]
        return []

    def key_fraction(self, q: Question, value: str) -> float:
        return 1.0 if value == self.key(q) else 0.0

    def alternatives_fraction(self, q: Question, value: str) -> float:
        return 1.0 if any(value == alt.value for alt in q.alternatives) else 0.0

    def marks(self, q: Question, value: str) -> list[str]:
        accepted = any(value == alt.value for alt in q.alternatives)
        mark = RIGHT if value == self.key(q) else ACCEPTED if accepted else WRONG
        return [f"{mark}: {self.item_line(value, q)}"]

    def key_lines(self, entry: KeyEntry[str]) -> list[str]:
        key = entry["answer"]
        return [f"Answer: `{key}`: {entry.get('options', {}).get(key, '')}".rstrip(": ")]

    def key_cell_lines(self, q: Question, describe: Callable[[Question], list[str]]) -> list[str]:
        return describe(q)

    def describe_alternative(self, q: Question, alt: Alternative) -> str:
        names = {o.id: o.text for o in (*q.options, *q.items)}
        return f"also accepted: `{alt.value}` ({names.get(str(alt.value), '')})".replace(" ()", "")

    def canonical(self, q: Question, value: object) -> str | None:
        return json.dumps(value.strip()) if isinstance(value, str) else None

    def in_words(self, value: str, q: Question) -> Described:
        return text_words(value, q, choice=True)
