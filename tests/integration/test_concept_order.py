"""Teach before test: a question may only need concepts its lesson or an earlier one introduces."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from medialit.api import generate
from medialit.curriculum.spec import curriculum_dir, load_curriculum
from medialit.errors import CurriculumError


def test_every_exercise_question_declares_what_it_needs(lessons):
    introduced = {c for lesson in lessons for c in lesson.introduces}
    for lesson in lessons:
        assert lesson.introduces, f"{lesson.id} introduces no concepts"
        for q in lesson.questions:
            assert q.needs, f"{q.id} declares no concepts"
            assert set(q.needs) <= introduced


def _planted(tmp_path: Path, case, file: str, qid: str, line: str) -> Path:
    folder = tmp_path / "lessons"
    shutil.copytree(curriculum_dir(case), folder)
    path = folder / file
    text = path.read_text("utf-8")
    pattern = re.compile(rf"(  - id: {re.escape(qid)}\n(?:    .*\n)*?    needs: )\[[^\]]*\]")
    new, n = pattern.subn(rf"\1{line}", text, count=1)
    assert n == 1
    path.write_text(new, "utf-8")
    return folder


def test_planted_question_needing_a_later_concept_fails_naming_both(tmp_path, case):
    folder = _planted(tmp_path, case, "02-spotting-claims.yaml", "L2.Q3", "[check-worthiness, news peg]")
    with pytest.raises(CurriculumError) as err:
        load_curriculum(case, folder)
    msg = str(err.value)
    assert "L2.Q3" in msg and "'news peg'" in msg and "L6" in msg


def test_planted_unknown_concept_fails(tmp_path, case):
    folder = _planted(tmp_path, case, "03-sourcing.yaml", "L3.Q2", "[source kindz]")
    with pytest.raises(CurriculumError, match=r"L3\.Q2 needs concept 'source kindz', which no lesson introduces"):
        load_curriculum(case, folder)


def test_generate_refuses_a_case_whose_lessons_test_before_teaching(tmp_path, case_copy):
    """The check runs where authors meet it: `medialit generate` on a case with its own lessons."""
    _planted(case_copy, _case(case_copy), "04-attribution.yaml", "L4.Q7", "[contested claim, Entman functions]")
    with pytest.raises(CurriculumError, match=r"L4\.Q7 needs concept 'Entman functions'.*L6"):
        generate(tmp_path / "out", case_copy)


def _case(path: Path):
    from medialit.case.load import load_case

    return load_case(path)
