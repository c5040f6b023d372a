"""The batch memos (``medialit.grading.memo``) reuse work, never a grade: a remembered score or
feedback block is only ever one that the same question and the exact same value would get."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from tests.grading.conftest import by_type, right_answers, to_bytes

from medialit.grading.grade import Grader
from medialit.grading.memo import IdentityMemo, ValueMemo
from medialit.grading.reports.feedback import feedback_html, feedback_markdown
from medialit.grading.reports.gradescope import gradescope_results
from medialit.grading.score import score_answer


def test_value_memo_tells_apart_values_python_calls_equal():
    memo: ValueMemo[str] = ValueMemo()
    calls = itertools.count()
    values = [1, 1.0, True, "1", [1], (1,), {1}, {"a": 1}, {"a": 1.0}, None, "", 0, False]
    first = [memo.get("q", v, lambda: f"result {next(calls)}") for v in values]
    assert len(set(first)) == len(values)  # 1 == 1.0 == True, yet each is scored on its own
    again = [memo.get("q", v, lambda: "computed again") for v in values]
    assert again == first
    assert memo.hits == len(values)
    assert memo.get("other question", 1, lambda: "other") == "other"


def test_value_memo_is_bounded_and_skips_long_values():
    memo: ValueMemo[int] = ValueMemo(size=3, chars=10)
    for n in range(5):
        memo.get("q", n, lambda n=n: n)
    assert len(memo._seen) <= 3
    assert memo.get("q", "x" * 50, lambda: 1) == 1
    assert memo.get("q", "x" * 50, lambda: 2) == 2  # too long to remember: computed each time


def test_identity_memo_recomputes_for_an_equal_but_distinct_object():
    seen = []

    def render(obj: list[int]) -> int:
        seen.append(obj)
        return sum(obj)

    memo = IdentityMemo(render)
    a, b = [1, 2], [1, 2]
    assert memo(a) == memo(a) == 3
    assert memo(b) == 3
    assert seen == [a, b]  # a once, b once: b is not a's object


@pytest.mark.slow  # ten graders, each starting a sandbox server: about two seconds
def test_a_batch_grades_each_student_as_if_graded_alone(key, lesson, submission):
    """Students whose answers look alike to ``==`` (1 and 1.0 and True, a list and a tuple, a
    right answer with one item flipped) each get exactly the grade and feedback of a fresh grader."""
    base = {qid: v for qid, v in right_answers(lesson).items() if not hasattr(v, "text")}
    numeric = next((q for q in lesson.questions if q.type == "numeric"), None)
    multi = by_type(lesson, "multi_select")
    variants = [
        base,
        base,  # an exact copy: the memo's case
        {**base, multi.id: tuple(multi.key)},
        {**base, multi.id: list(multi.key)[:-1]},
        {**base, multi.id: None},
    ]
    if numeric is not None:
        variants += [{**base, numeric.id: v} for v in (int(numeric.key), float(numeric.key), True, str(numeric.key))]
    notebooks = [to_bytes(submission(v)) for v in variants]
    with Grader(key, code_timeout=10) as batch:
        together = [batch.grade_bytes(nb, f"s{i}", f"s{i}.ipynb") for i, nb in enumerate(notebooks)]
        assert batch.scores.hits > 0  # the exact copy was served from the memo
    for i, nb in enumerate(notebooks):
        with Grader(key, code_timeout=10) as alone:
            own = alone.grade_bytes(nb, f"s{i}", f"s{i}.ipynb")
        assert replace(together[i], seconds=0.0) == replace(own, seconds=0.0), variants[i]
        assert feedback_markdown(together[i], key.questions) == feedback_markdown(own, key.questions)
        assert feedback_html(together[i], key.questions) == feedback_html(own, key.questions)
        assert gradescope_results(together[i], key.questions) == gradescope_results(own, key.questions)
    for q in lesson.questions:  # and each remembered score is the one score_answer gives
        if q.type not in ("code", "short_text") and q.id in base:
            assert batch.scores.get((q.id, True), base[q.id], lambda: None) == score_answer(q, base[q.id])
