"""Issue 21, "Keys a careful student can dispute": each accepted alternative earns full credit.

A fact-checker graded doctored notebooks and found answers the lessons themselves support
losing credit. Each is now an ``accept:`` entry with its reason in the lesson YAML; this test
scores the key with each of them in place, and checks that a plainly wrong answer still loses.
"""

from __future__ import annotations

from typing import Any

import pytest

from medialit.grading.score import score_answer
from medialit.model import Lesson, Question

# (item, the disputed answer as the accept: entry gives it)
DISPUTED: list[tuple[str, Any]] = [
    ("L1.Q5", ["a", "b"]),
    ("L2.Q1", {"P5.b": "factual"}),
    ("L3.Q2", {"P8.a": "vague"}),
    ("L3.Q2", {"P11.a": "NBC News"}),
    ("L4.Q2", {"at-p12-former-members": "copied without credit"}),
    ("L6.Q1", {"sentence": "p16.s1", "text": "often without any public announcement"}),
    ("L6.Q4", {"c": "problem definition"}),
    ("L7.Q2", {"P2.f": "accurate but missing context"}),
]


def _q(lessons: tuple[Lesson, ...], qid: str) -> Question:
    return next(q for lesson in lessons for q in lesson.questions if q.id == qid)


def _answer(q: Question, value: Any) -> Any:
    """The key with the disputed answer in place, as a student would submit it."""
    if isinstance(value, list):
        return value
    if q.type == "select_spans":  # an extra highlight besides the key's
        return [*q.key, {"sentence": value["sentence"], "text": value["text"], "label": q.labels[0]}]
    return {**q.key, **value}


@pytest.mark.parametrize(("qid", "value"), DISPUTED, ids=[f"{q}-{i}" for i, (q, _) in enumerate(DISPUTED)])
def test_the_disputed_answer_is_accepted_with_a_reason(lessons, qid, value):
    q = _q(lessons, qid)
    alt = [a for a in q.alternatives if a.value == value]
    assert alt and "Issue 21" in alt[0].reason, (qid, [a.value for a in q.alternatives])
    assert score_answer(q, _answer(q, value)).score == q.points


def test_a_wrong_answer_still_loses(lessons):
    q = _q(lessons, "L2.Q1")
    assert score_answer(q, {**q.key, "P5.b": "prediction"}).score < q.points
    q = _q(lessons, "L7.Q2")
    assert score_answer(q, {**q.key, "P2.f": "inaccurate"}).score < q.points
