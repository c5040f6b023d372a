"""Short text: written prose, graded by the teacher with a rubric (no key, no automatic score).

Key: none (``None``). Answer: text (``str``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import LITERAL_WIDTH, KeyEntry, KeyExtras, QuestionType
from medialit.readable import Described, student_rubric, text_words


def anchor_lines(anchors: Sequence[Mapping[str, str | int]]) -> list[str]:
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


def _rubric_lines(shown: list[str] | tuple[str, ...], rubric: list[str] | tuple[str, ...]) -> list[str]:
    lines: list[str] = []
    if list(shown) != list(rubric):
        lines += ["Students see these criteria:", *[f"- {r}" for r in shown], ""]
    return [*lines, "Graded by hand with the rubric:", *[f"- {r}" for r in rubric]]


class ShortText(QuestionType[None, str]):
    """Write an answer; the teacher scores it against the rubric and its anchor answers."""

    name = "short_text"
    minutes = 8
    manual = True

    def is_key(self, key: object) -> TypeGuard[None]:
        return key is None

    def check_spec(self, spec: dict[str, object], where: str) -> None:
        super().check_spec(spec, where)
        if not spec.get("rubric"):
            raise CurriculumError(f"{where}: a short_text question needs a rubric.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        return "a short_text question is graded with its rubric; it takes no alternatives"

    def blank(self, q: Question) -> str:
        return "\n"

    def how_to_answer(self, q: Question) -> str:
        return "Write your answer between the triple quotes. Your teacher grades it with the criteria above."

    def answer_value(self, q: Question, *, solution: bool) -> str:
        if not solution:
            return self.blank(q)
        value = q.settings.get("model_answer", "See the rubric.")
        # Wrapped, so a long model answer does not run off the right edge of the cell.
        return "\n" + textwrap.fill(" ".join(str(value).split()), width=LITERAL_WIDTH) + "\n"

    def shape_problems(self, q: Question, value: object) -> list[str]:
        return [] if isinstance(value, str) else ["the answer must be text between quotes"]

    def written(self, value: object) -> tuple[object, bool]:
        if isinstance(value, str):
            return " ".join(value.casefold().split()), True
        return value, False

    def key_extras(self, q: Question) -> KeyExtras:
        return {
            "model_answer": str(q.settings.get("model_answer", "")).strip(),
            "anchors": [
                {"level": int(a["level"]), "answer": str(a["answer"]), "why": str(a.get("why", ""))}
                for a in sorted(q.settings.get("anchors") or (), key=lambda a: int(a["level"]))
            ],
            "student_rubric": list(student_rubric(q)),
        }

    def key_lines(self, entry: KeyEntry[None]) -> list[str]:
        lines = _rubric_lines(entry.get("student_rubric") or entry["rubric"], entry["rubric"])
        if entry.get("model_answer"):
            lines += ["", f"Model answer: {entry['model_answer']}"]
        return lines + anchor_lines(entry.get("anchors") or ())

    def key_cell_lines(self, q: Question, describe: Callable[[Question], list[str]]) -> list[str]:
        lines = ["", *_rubric_lines(student_rubric(q), q.rubric)]
        model = q.settings.get("model_answer")
        if model:
            lines += ["", f"Model answer: {str(model).strip()}"]
        return lines + anchor_lines(q.settings.get("anchors") or ())

    def in_words(self, value: str, q: Question) -> Described:
        return text_words(value, q)
