"""Practice feedback judges and marks an answer by one rule: the key alone (review, issue 22 trial 26)."""

from __future__ import annotations

from dataclasses import replace

from medialit.case.load import load_case
from medialit.curriculum.bundle import student_view
from medialit.curriculum.spec import load_curriculum
from medialit.runtime.checking import _practice_feedback
from medialit.runtime.session import Session


def test_an_accepted_alternative_in_practice_is_not_marked_accepted_beside_not_all_right() -> None:
    case = load_case()
    lessons = load_curriculum(case)
    # A label question with accepted alternatives, asked as practice (a case's own lessons may do this).
    q = next(q for lesson in lessons for q in lesson.questions if q.type == "label_items" and q.alternatives)
    practice = replace(q, id=q.id.replace(".Q", ".P9"))
    assert isinstance(q.key, dict)
    accepted = q.alternatives[0].value
    assert isinstance(accepted, dict)
    answer = {**q.key, **accepted}
    assert answer != q.key
    session = Session(student_view(case, lessons))
    lines = _practice_feedback(session, practice, answer, reveal=False)
    assert lines[0] == "Not all right yet."
    assert not any("accepted" in line for line in lines), lines
    assert any(line.startswith("✗") for line in lines), lines
