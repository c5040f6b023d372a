"""Fixtures for the grader: the key, generated notebooks as JSON, and a submission builder.

Submissions are written as code (answers by question id), not as hand-edited
.ipynb files: ``submission({"L3.Q3": "b", "L3.Q7": "answer = 0.5"})`` returns
notebook JSON for the exercise notebook with those answers filled in.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medialit.api import render_module
from medialit.contracts import ANSWER_MIME
from medialit.grading.answer_key import AnswerKey
from medialit.grading.batch import load_key
from medialit.grading.grade import Grader
from medialit.model import Lesson, Question

WIDGET_SOURCE = "show("


@pytest.fixture(scope="session")
def key() -> AnswerKey:
    return load_key()


@pytest.fixture(scope="session")
def rendered() -> dict[str, bytes]:
    """The generated notebooks (the student bundle files beside them left out)."""
    return {path: data for path, data in render_module().items() if path.endswith(".ipynb")}


def _pick_lesson(key: AnswerKey) -> Lesson:
    """The lesson with the most question types among those with a code and a select_spans question
    (the grading tests need both), the earliest on a tie."""

    def rank(lesson: Lesson) -> tuple[bool, int, int]:
        types = {q.type for q in lesson.questions}
        return ({"code", "select_spans"} <= types, len(types), -lesson.number)

    return max(key.lessons.values(), key=rank)


@pytest.fixture(scope="session")
def lesson(key: AnswerKey) -> Lesson:
    return _pick_lesson(key)


def _notebook(rendered: dict[str, bytes], edition: str, lesson: Lesson) -> dict[str, Any]:
    for path, data in sorted(rendered.items()):
        if path.startswith(edition + "/") and Path(path).name.startswith(f"{lesson.number:02d}-"):
            return json.loads(data)
    raise LookupError(f"no {edition} notebook for {lesson.id}")


@pytest.fixture(scope="session")
def exercise(rendered, lesson) -> dict[str, Any]:
    return _notebook(rendered, "exercises", lesson)


@pytest.fixture(scope="session")
def solution(rendered, lesson) -> dict[str, Any]:
    return _notebook(rendered, "solutions", lesson)


def first_question(lesson: Lesson, wanted: Callable[[Question], bool], what: str) -> Question:
    """The first question of the lesson that is ``wanted``. A lesson without one fails the test
    (never skips it): a grading test must not pass silently when the curriculum changes."""
    for q in lesson.questions:
        if wanted(q):
            return q
    pytest.fail(
        f"{lesson.id} has no {what}: the grading tests use the lesson with the most question types "
        "(tests/grading/conftest.py, _pick_lesson); give that lesson one, or change the pick",
        pytrace=False,
    )


def by_type(lesson: Lesson, qtype: str) -> Question:
    """The first question of ``qtype`` in the lesson; the test fails when there is none."""
    return first_question(lesson, lambda q: q.type == qtype, f"{qtype} question")


def fill(template: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``template`` with answers: widget questions get an answer record, others a literal.

    A value of type :class:`Code` replaces the whole answer cell body (for code questions).
    """
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        m = cell.get("metadata", {}).get("medialit", {})
        qid = m.get("question")
        if m.get("role") != "answer" or qid not in answers:
            continue
        value = answers[qid]
        head = f"# medialit: {qid}\n"
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if isinstance(value, Code):
            cell["source"] = head + value.text
        elif WIDGET_SOURCE in source:
            rec = {"schema_version": 1, "question": qid, "seq": 7, "value": value}
            data = {ANSWER_MIME: rec, "text/plain": "x"}
            cell["outputs"] = [{"output_type": "display_data", "metadata": {}, "data": data}]
        else:
            cell["source"] = head + "answer = " + repr(value)
    return nb


class Code:
    """The body of a code answer cell."""

    def __init__(self, text: str) -> None:
        self.text = text


def right_answers(lesson: Lesson) -> dict[str, Any]:
    """The key of every automatically graded question, as a student would enter it."""
    out: dict[str, Any] = {}
    for q in lesson.questions:
        if q.type == "code":
            out[q.id] = Code(q.settings["solution"])
        elif q.type == "short_text":
            out[q.id] = "I would search the exact phrase and compare dates."
        else:
            out[q.id] = copy.deepcopy(q.key)
    return out


@pytest.fixture(scope="session")
def submission(exercise) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda answers: fill(exercise, answers)


def to_bytes(nb: dict[str, Any]) -> bytes:
    return json.dumps(nb, indent=1, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="session")
def grader(key) -> Grader:
    g = Grader(key, code_timeout=10)
    yield g
    g.close()
