"""The lesson YAML contract: its schema_version, its JSON Schema and the derivations' signatures.

Before, ``schema_version: 99`` was read as if it were 1, an unknown field was ignored,
and ``kinds: [anonymous, vage]`` generated a different key without a word.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medialit.curriculum.derive import derivations
from medialit.curriculum.derive_args import argument_problems
from medialit.curriculum.spec import curriculum_dir, load_curriculum, load_lesson
from medialit.errors import CurriculumError

SOURCING = "03-sourcing.yaml"
L3Q1_KEY = (
    "key: {derive: sentences_by_source_kind, paragraphs: [p8, p10, p11, p12, p13, p14], kinds: [anonymous, vague]}"
)


def _edited(tmp_path: Path, case, old: str, new: str) -> tuple[Path, int]:
    """A copy of the case's lessons with ``old`` replaced in the sourcing lesson; the 1-based line of the edit."""
    folder = tmp_path / "lessons"
    shutil.copytree(curriculum_dir(case), folder)
    path = folder / SOURCING
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), "utf-8")
    return path, line


def test_the_shipped_lessons_fit_their_contract(case, lessons):
    assert len(lessons) == 8  # loading checked every file against lesson-v1.json and every derivation's signature


@pytest.mark.parametrize(("version", "shown"), [("99", "99"), ("42", "42"), ("'1'", "'1'")])
def test_a_lesson_of_another_schema_version_is_refused(tmp_path, case, version, shown):
    path, _ = _edited(tmp_path, case, "schema_version: 1\n", f"schema_version: {version}\n")
    with pytest.raises(CurriculumError) as err:
        load_lesson(case, path)
    msg = str(err.value)
    assert msg.startswith(f"{SOURCING}: the lesson spec has schema_version {shown}, ")
    assert "this medialit reads only schema_version 1" in msg


def test_a_lesson_without_a_schema_version_is_refused(tmp_path, case):
    path, _ = _edited(tmp_path, case, "schema_version: 1\n", "")
    with pytest.raises(
        CurriculumError, match=r"03-sourcing\.yaml: the lesson spec has no schema_version.*add 'schema_version: 1'"
    ):
        load_lesson(case, path)


def test_a_misspelt_derivation_value_names_file_line_question_and_allowed_values(tmp_path, case):
    path, line = _edited(
        tmp_path, case, L3Q1_KEY, L3Q1_KEY.replace("kinds: [anonymous, vague]", "kinds: [anonymous, vage]")
    )
    with pytest.raises(CurriculumError) as err:
        load_curriculum(case, path.parent)
    msg = str(err.value)
    assert msg.startswith(f"{SOURCING}:{line} [L3.Q1]: derivation 'sentences_by_source_kind': ")
    assert "argument 'kinds'[1]: 'vage' is not allowed (did you mean 'vague'?)" in msg
    assert "use one of: named_person, named_outlet, official_document, organisation, anonymous, vague, none" in msg


def test_an_unknown_or_missing_derivation_argument_is_refused(tmp_path, case):
    path, line = _edited(tmp_path, case, L3Q1_KEY, L3Q1_KEY.replace("kinds:", "kind:"))
    with pytest.raises(CurriculumError) as err:
        load_lesson(case, path)
    msg = str(err.value)
    assert msg.startswith(f"{SOURCING}:{line} [L3.Q1]: derivation 'sentences_by_source_kind': ")
    assert "unknown argument 'kind' (did you mean 'kinds'?); it takes: paragraphs, kinds" in msg
    assert "missing argument 'kinds' (a list of values among named_person" in msg


def test_a_misspelt_claim_rule_is_refused():
    fn = derivations()["claim_kinds"]
    assert argument_problems(fn, {"claims": {"select": "any", "limit": 6}}) == []
    assert argument_problems(fn, {"claims": ["P1.a", "P2.b"]}) == []
    [problem] = argument_problems(fn, {"claims": {"select": "anonymus"}})
    assert problem.startswith("argument 'claims'.select: 'anonymus' is not allowed (did you mean 'anonymous'?)")
    [problem] = argument_problems(fn, {"claims": {"selct": "any"}})
    assert "unknown key 'selct' (did you mean 'select'?)" in problem
    [problem] = argument_problems(fn, {"claims": {"limit": "six"}})
    assert problem == "argument 'claims'.limit must be a whole number, got 'six'"


def test_an_unknown_field_of_a_question_is_refused_with_its_line(tmp_path, case):
    old = "    citations: [facts-counts]\nquestions:\n"
    path, line = _edited(tmp_path, case, old, "    citatons: [facts-counts]\nquestions:\n")
    with pytest.raises(CurriculumError) as err:
        load_lesson(case, path)
    msg = str(err.value)
    assert msg.startswith(f"{SOURCING}:{line}: [L3.P")
    assert "'citatons' was unexpected" in msg and "Fix: did you mean 'citations'? (remove or rename the field" in msg
