"""The registry owns its question types: adding one is one module plus its tests.

A throwaway type (the ``Year`` of docs/authoring.md, "Adding a question type") is registered
for one test and goes through the spec loader, the lesson and bundle schemas, the notebook's
answer cell, the public check, the grader, the self-check, the answer in words and the time
budget, with no other file changed. The schemas' ``type`` enums come from the registry
(``python -m medialit.qtypes.schema_enums``), and each type's answer describer reads what the
shape-guessing reader read before it moved into the types.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeGuard

import pytest

from medialit import qtypes
from medialit.case.yamlpos import load_with_lines
from medialit.curriculum.bundle import schema_problems as bundle_problems
from medialit.curriculum.bundle import student_bundle_bytes
from medialit.curriculum.spec import check_lesson_data, curriculum_dir, resolve_question
from medialit.errors import CurriculumError
from medialit.grading.score import score_answer
from medialit.model import Case, Question
from medialit.notebooks.questions import answer_source
from medialit.publish.pages import question_minutes
from medialit.qtypes import schema_enums, selfcheck
from medialit.qtypes.base import QuestionType
from medialit.qtypes.wellformed import public_check
from medialit.readable import describe_answer

SCHEMAS = Path(str(resources.files("medialit") / "schemas"))


class Year(QuestionType[int, int]):
    """A four-digit year; right or wrong (docs/authoring.md's example, whole)."""

    name = "year"
    minutes = 2
    self_checkable = True

    def is_key(self, key: object) -> TypeGuard[int]:
        return isinstance(key, int) and not isinstance(key, bool)

    def validate(self, q: Question, where: str) -> None:
        if not self.is_key(q.key) or not 1900 <= q.key <= 2100:
            raise CurriculumError(f"{where}: a year key must be a year from 1900 to 2100, got {q.key!r}.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        return "" if isinstance(value, int) and value != q.key else f"{value!r} must be another year"

    def how_to_answer(self, q: Question) -> str:
        return "Replace `None` with a year, such as `1999`."

    def shape_problems(self, q: Question, value: object) -> list[str]:
        ok = isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100
        return [] if ok else ["the answer must be a year from 1900 to 2100"]

    def key_fraction(self, q: Question, value: int) -> float:
        return 1.0 if value == self.key(q) else 0.0

    def alternatives_fraction(self, q: Question, value: int) -> float:
        return 1.0 if any(value == a.value for a in q.alternatives) else 0.0

    def canonical(self, q: Question, value: object) -> str | None:
        return str(value) if isinstance(value, int) else None


YEAR_SPEC = {
    "id": "L1.Q90",
    "type": "year",
    "objectives": ["S1"],
    "prompt": "In which year was the article published?",
    "points": 1,
    "key": {"value": 2018, "reason": "the article's date line"},
    "explanation": "The date line says 2018.",
    "settings": {"evidence": "text"},
}


@pytest.fixture
def year() -> Iterator[Year]:
    qt = qtypes.register(Year())
    try:
        yield qt
    finally:
        qtypes.unregister("year")


def test_the_shipped_schemas_list_the_registered_types() -> None:
    assert schema_enums.type_enum_drift() == []
    for file, pointers in schema_enums.TYPE_ENUMS.items():
        schema = json.loads((SCHEMAS / file).read_text("utf-8"))
        for pointer in pointers:
            assert schema_enums._node(schema, pointer)["enum"] == list(qtypes.names()), (file, pointer)


def test_a_schema_enum_out_of_step_with_the_registry_fails_the_lint_step(tmp_path: Path) -> None:
    for file in schema_enums.TYPE_ENUMS:
        shutil.copy(SCHEMAS / file, tmp_path / file)
    lesson = json.loads((tmp_path / "lesson-v1.json").read_text("utf-8"))
    lesson["$defs"]["question"]["properties"]["type"]["enum"].remove("numeric")
    (tmp_path / "lesson-v1.json").write_text(json.dumps(lesson, indent=1) + "\n", "utf-8")
    [problem] = schema_enums.type_enum_drift(tmp_path)
    assert problem.startswith("lesson-v1.json /$defs/question/properties/type: the enum is")
    assert "--write" in problem
    assert schema_enums.write(tmp_path) == ["lesson-v1.json"]
    assert schema_enums.type_enum_drift(tmp_path) == []
    # The written file is the shipped one again, byte for byte.
    assert (tmp_path / "lesson-v1.json").read_bytes() == (SCHEMAS / "lesson-v1.json").read_bytes()
    ok = subprocess.run([sys.executable, "-m", "medialit.qtypes.schema_enums"], capture_output=True, check=False)
    assert ok.returncode == 0, ok.stderr


def test_registering_refuses_a_taken_or_odd_name() -> None:
    with pytest.raises(ValueError, match="registered already"):
        qtypes.register(qtypes.get("numeric"))

    class Odd(Year):
        name = "a year"

    with pytest.raises(ValueError, match="must be an identifier"):
        qtypes.register(Odd())
    with pytest.raises(KeyError, match="unknown question type 'year'"):
        qtypes.unregister("year")


def test_a_throwaway_type_is_one_module(year: Year, case: Case) -> None:
    assert qtypes.names()[-1] == "year" and qtypes.get("year") is year

    # The spec loader: a lesson spec of type year fits the lesson schema, and resolves.
    path = curriculum_dir(case) / "01-meet-the-article.yaml"
    data, lines = load_with_lines(path.read_text("utf-8"))
    data["questions"] = [*data.get("questions", ()), YEAR_SPEC]
    check_lesson_data(data, lines, str(path))
    q = resolve_question(case, dict(YEAR_SPEC), "test.yaml")
    assert q is not None and (q.type, q.key) == ("year", 2018)
    with pytest.raises(CurriculumError, match="a year key must be a year"):
        resolve_question(case, {**YEAR_SPEC, "key": {"value": 18, "reason": "short"}}, "test.yaml")

    # The notebook's answer cell, the student's public check and the grader.
    assert answer_source(q, solution=False).endswith("answer = None")
    assert answer_source(q, solution=True).endswith("answer = 2018")
    assert public_check(q, 1899)[0] is False and public_check(q, 1999)[0] is True
    assert (score_answer(q, 2018).score, score_answer(q, 2018).status) == (1.0, "correct")
    assert score_answer(q, 1999).score == 0.0
    assert score_answer(q, 1899).status == "malformed"

    # The self-check, the answer in words and the time budget.
    digest = selfcheck.encode(selfcheck.make(replace(q, settings={"self_check": True}), "a"))
    assert selfcheck.matches(q, 2018, digest) and not selfcheck.matches(q, 2017, digest)
    assert qtypes.describe(2018, q) == ("2018", [])
    assert question_minutes(q) == 2


def test_the_bundle_schema_follows_the_registry(year: Year, case: Case, lessons: Any) -> None:
    bundle = json.loads(student_bundle_bytes(case, lessons))
    practice = next(q for lesson in bundle["lessons"] for q in lesson.get("practice", ()))
    practice["type"] = "year"
    assert bundle_problems(bundle) == []
    qtypes.unregister("year")
    try:
        problems = bundle_problems(bundle)
        assert problems and "'year' is not one of" in problems[0]
    finally:
        qtypes.register(year)


#: How each type read its answers before the describer moved into the types (readable's shape reader).
_OLD_READING: dict[str, dict[str, Any]] = {
    "single_choice": {"choice": True},
    "select_sentences": {"labelled": "sentence"},
}
_VALUES: list[Any] = [
    None,
    "",
    "  ",
    [],
    {},
    (),
    "b",
    "Two words",
    3,
    2.5,
    True,
    ["p1.s1", "p2.s1"],
    ("p1.s1",),
    {"p1.s1", "x"},
    [{"sentence": "p1.s1", "start": 0, "end": 3, "text": "The"}],
    [{"sentence": "p1.s1"}, "p2.s1"],
    {"p1.s1": "opinion", "p2.s1": ""},
    {"a": None},
    object(),
    [["nested"]],
]


def test_each_types_describer_reads_as_before(lessons: Any) -> None:
    seen = set()
    for q in (q for lesson in lessons for q in (*lesson.practice, *lesson.questions)):
        if q.type == "search_lab" or q.type in seen:  # the search lab had its own reading already
            continue
        seen.add(q.type)
        for value in [*_VALUES, q.key]:
            before = describe_answer(value, q, **_OLD_READING.get(q.type, {}))
            assert qtypes.describe(value, q) == before, (q.type, value)
    assert len(seen) == len(qtypes.names()) - 1


DOCS = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def _docs_year_module() -> str:
    text = DOCS.read_text("utf-8")
    start = text.index("# src/medialit/qtypes/year.py")
    return text[start : text.index("```", start)]


def _mypy(path: Path) -> subprocess.CompletedProcess[str]:
    src = str(Path(__file__).resolve().parents[2] / "src")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": src},
    )


@pytest.mark.slow
def test_mypy_checks_a_types_hooks_against_its_key_and_answer_types(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    source = _docs_year_module()
    assert "class Year(QuestionType[int, int])" in source
    (tmp_path / "year.py").write_text(source, "utf-8")
    ok = _mypy(tmp_path / "year.py")
    assert ok.returncode == 0, ok.stdout
    # A hook that treats the answer as text, or takes another answer type, fails the check.
    planted = source.replace("value == self.key(q)", "value.upper() == self.key(q)")
    (tmp_path / "year.py").write_text(planted, "utf-8")
    bad = _mypy(tmp_path / "year.py")
    assert bad.returncode == 1 and '"int" has no attribute "upper"' in bad.stdout, bad.stdout
    planted = source.replace(
        "def alternatives_fraction(self, q: Question, value: int)",
        "def alternatives_fraction(self, q: Question, value: str)",
    )
    (tmp_path / "year.py").write_text(planted, "utf-8")
    bad = _mypy(tmp_path / "year.py")
    assert bad.returncode == 1 and "Liskov" in bad.stdout, bad.stdout
