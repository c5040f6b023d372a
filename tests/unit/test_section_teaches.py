"""``teaches:`` on a lesson section: a concept taught only by a section the case leaves out is not introduced.

A section tied to a question (``with:``) is left out when the case gives that question no
material. Before trial 28 the lesson still "introduced" what that section taught, so a question
that needed it passed the teach-before-test check while nothing on the page taught it (L3.Q4,
a headline rewrite, after the headline section tied to L3.Q5 was dropped).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medialit.case.load import load_case
from medialit.curriculum.spec import load_curriculum
from medialit.errors import CurriculumError

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"

LESSON = """\
schema_version: 1
number: 1
title: Headlines
minutes: 10
objectives: [F3]
introduces: [{introduces}]
sections:
  - md: |
      ## Does the headline match the body?

      A headline can say more than the body shows.
    with: L1.Q1
    teaches: [{teaches}]
questions:
  - id: L1.Q1
    type: short_text
    prompt: Compare the headline with the body.
    objectives: [F3]
    points: 1
    skip_if_empty: true
    key: {{derive: framing_passage, device: headline_body_mismatch, nth: 1}}
    rubric: ["1 point - names the mismatch.", "0 points - none."]
  - id: L1.Q2
    type: short_text
    prompt: Rewrite the headline.
    objectives: [F3]
    needs: [headline-body mismatch]
    points: 1
    rubric: ["1 point - a neutral headline.", "0 points - none."]
"""


def _folder(tmp_path: Path, teaches: str = "headline-body mismatch") -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    text = LESSON.format(introduces="headline-body mismatch", teaches=teaches)
    (folder / "01-headlines.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_concept_taught_only_by_a_left_out_section_is_asked_before_it_is_taught(tmp_path: Path) -> None:
    with pytest.raises(
        CurriculumError, match=r"asked before it is taught: L1.Q2 needs concept 'headline-body mismatch'"
    ):
        load_curriculum(load_case(CASES / "layers-none"), _folder(tmp_path))


def test_the_kept_section_introduces_its_concept(tmp_path: Path) -> None:
    (lesson,) = load_curriculum(load_case(CASES / "layers-full"), _folder(tmp_path))
    assert lesson.introduces == ("headline-body mismatch",)
    assert [q.id for q in lesson.questions] == ["L1.Q1", "L1.Q2"]


def test_a_section_teaching_a_concept_the_lesson_does_not_introduce_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CurriculumError, match=r"sections teach \['headlines'\], which the lesson's 'introduces:'"):
        load_curriculum(load_case(CASES / "layers-full"), _folder(tmp_path, teaches="headlines"))
