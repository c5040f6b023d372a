"""Feedback that teaches (issue 21): a hint before the answer, and a pointer that never releases the key.

``feedback_stage`` is the Python side of the practice step rule whose vectors
(tests/data/vectors/practice.json, "stages") the widgets' ``feedbackStage`` also runs
(tests/browser/test_practice_vectors.py). ``look_again`` is what the grader's feedback
says after a wrong answer when the teacher has not released explanations, and what
``check()`` says after a first wrong practice answer.
"""

from __future__ import annotations

import dataclasses
import json
import pathlib
from typing import Any

import pytest

from medialit import api, qtypes, runtime
from medialit.grading.reports.feedback import LOOK_AGAIN, Release, feedback_html, feedback_markdown
from medialit.grading.reports.gradescope import gradescope_results
from medialit.grading.reports.results import QuestionResult, SubmissionResult
from medialit.model import Question, find_question
from medialit.qtypes.hints import feedback_stage, look_again, paragraphs

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "practice.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def questions() -> dict[str, Question]:
    _, lessons = api.load_module()
    return {q.id: q for lesson in lessons for q in (*lesson.practice, *lesson.questions)}


@pytest.mark.parametrize("step", VECTORS["stages"], ids=[s["why"] for s in VECTORS["stages"]])
def test_feedback_stage_follows_the_shared_vectors(step: dict[str, Any]) -> None:
    assert feedback_stage(step["wrong_checks"], step["perfect"], step["revealed"]) == step["stage"], step["why"]


def test_look_again_names_paragraph_ranges_concepts_and_the_lesson(questions: dict[str, Question]) -> None:
    q = questions["L3.Q1"]  # "P8, P10 and P13 to P17"
    assert paragraphs(q) == [8, 10, 13, 14, 15, 16, 17]
    assert look_again(q) == (
        "Look again at paragraphs 8, 10 and 13 to 17 of the article; what the lessons say about source kinds "
        "and attribution chain (Lesson 3 and the lessons before it)."
    )
    assert "the source packet" in look_again(questions["L5.Q8"])
    assert look_again(questions["L1.P1"]).startswith("Look again at the headline and paragraphs 1 to 18 of")


def test_look_again_never_reads_the_key(questions: dict[str, Question]) -> None:
    """The pointer is the same whatever the key says, and names no keyed option."""
    for q in questions.values():
        said = look_again(q)
        assert said == look_again(dataclasses.replace(q, key=None, explanation="", citations=())), q.id
        keyed = {q.key} if isinstance(q.key, str) else set()
        for option in q.options:
            if option.id in keyed:
                assert option.text not in said, q.id


def result(question: str, type_: str, score: float, status: Any) -> SubmissionResult:
    qr = QuestionResult(
        question,
        type_,
        score,
        2.0,
        status,
        {"correct": "Right.", "partial": "Partly right."}.get(status, "Not right yet."),
    )
    return SubmissionResult("s1", "s1.ipynb", question.split(".")[0], (qr,), "graded")


@pytest.mark.parametrize("release", [None, Release()], ids=["not released", "released"])
def test_wrong_answers_feedback_points_to_what_to_look_at_again(
    questions: dict[str, Question], release: Release | None
) -> None:
    q = questions["L3.Q1"]
    pointer = look_again(q)
    for status, score in (("incorrect", 0.0), ("partial", 1.0)):
        r = result(q.id, q.type, score, status)
        md = feedback_markdown(r, questions, release)
        html = feedback_html(r, questions, release)
        out = gradescope_results(r, questions, "visible", release)["tests"][0]["output"]
        assert f"{LOOK_AGAIN}: Look again at paragraphs 8, 10 and 13 to 17 of the article" in md
        assert f"{LOOK_AGAIN}: {pointer}" in html and f"{LOOK_AGAIN}: {pointer}" in out
        if release is None:  # the key's explanation stays with the teacher
            assert q.explanation.split(".")[0] not in md + html + out
    right = result(q.id, q.type, 2.0, "correct")
    assert LOOK_AGAIN not in feedback_markdown(right, questions, release)
    assert LOOK_AGAIN not in gradescope_results(right, questions, "visible", release)["tests"][0]["output"]


def test_no_pointer_for_manual_or_unanswered_questions(questions: dict[str, Question]) -> None:
    manual = next(q for q in questions.values() if qtypes.is_manual(q.type) and ".Q" in q.id)
    assert LOOK_AGAIN not in feedback_markdown(result(manual.id, manual.type, 0.0, "incorrect"), questions)
    q = questions["L3.Q1"]
    assert LOOK_AGAIN not in feedback_markdown(result(q.id, q.type, 0.0, "unanswered"), questions)


# -- check() of a practice item: a hint first, the answer later -----------------------------------


@pytest.fixture
def session() -> Any:
    runtime.use()
    return runtime.session.current()


def test_practice_check_gives_a_hint_then_the_answer(session: Any) -> None:
    q = find_question(session.lessons, "L3.P1")[1]
    wrong = [next(o.id for o in q.items if o.id not in q.key)]
    missed = next(iid for iid in q.key if iid not in wrong)
    missed_text = next(o.text for o in q.items if o.id == missed)
    first = repr(runtime.check("L3.P1", wrong))
    assert "Not all right yet." in first and "Look again at paragraphs 14 to 18 of the article" in first
    assert 'check("L3.P1", reveal=True)' in first
    assert " ".join(missed_text.split()[:4]) not in first, "the hint names no missed key item"
    assert "The answer:" not in first and q.explanation.split(".")[0] not in first
    second = repr(runtime.check("L3.P1", wrong))
    assert "The answer:" in second and " ".join(missed_text.split()[:4]) in second
    assert q.explanation.split(".")[0] in second


def test_practice_check_reveal_and_all_right(session: Any) -> None:
    q = find_question(session.lessons, "L2.P2")[1]
    revealed = repr(runtime.check("L2.P2", ["p1.s1"], reveal=True))
    assert "The answer:" in revealed
    assert "The answer:" in repr(runtime.check("L2.P2", reveal=True, answer=[])), "reveal needs no answer"
    right = repr(runtime.check("L2.P2", list(q.key)))
    assert "Right: your answer matches the key." in right and "Look again" not in right


def test_an_exercise_check_stays_a_public_check(session: Any) -> None:
    said = repr(runtime.check("L3.Q1", ["p8.s1"]))
    assert "Look again" not in said and "The answer" not in said and "Right:" not in said
