"""Opt-in right/wrong self-check through a salted slow hash: no key in the notebook."""

import dataclasses
import json

import pytest

from medialit import contracts
from medialit.errors import CurriculumError
from medialit.notebooks.questions import question_cells
from medialit.qtypes import selfcheck
from medialit.runtime import check

from .conftest import by_type


def _opted_in(q):
    return dataclasses.replace(q, settings={**q.settings, "self_check": True})


@pytest.mark.parametrize("qtype", ["single_choice", "multi_select", "label_items", "match_pairs", "numeric"])
def test_right_and_wrong_answers(key, qtype):
    checkable = [
        (x, q)
        for x in key.lessons.values()
        for q in x.questions
        if q.type == qtype and not q.alternatives and not (qtype == "numeric" and q.tolerance)
    ]
    assert checkable, f"no {qtype} question without alternatives (or tolerance) in any lesson to self-check"
    lesson, q = checkable[0]
    digest = selfcheck.encode(selfcheck.make(q, "mek-" + lesson.id))
    assert selfcheck.matches(q, q.key, digest)
    wrong = {"single_choice": "zz", "multi_select": [], "label_items": {}, "match_pairs": {}, "numeric": -1}[qtype]
    assert not selfcheck.matches(q, wrong, digest)
    if qtype == "multi_select":
        assert selfcheck.matches(q, list(reversed(q.key)), digest)  # order does not matter
    if qtype == "single_choice":
        assert selfcheck.matches(q, f"  {q.key} ", digest)


@pytest.mark.parametrize("qtype", ["short_text", "select_spans", "code"])
def test_types_without_exact_answers_are_refused(lesson, qtype):
    with pytest.raises(selfcheck.SelfCheckUnavailable, match=qtype):
        selfcheck.make(by_type(lesson, qtype), "a")


def test_numeric_with_a_tolerance_is_refused(lesson):
    q = dataclasses.replace(by_type(lesson, "numeric"), tolerance=0.5)
    with pytest.raises(selfcheck.SelfCheckUnavailable, match=r"tolerance 0\.5"):
        selfcheck.make(q, "a")


def test_the_exercise_notebook_gets_salt_and_hash_only(case, lesson):
    q = _opted_in(by_type(lesson, "multi_select"))
    cells = question_cells(q, case, solution=False)
    check_cell = next(c for c in cells if c.metadata["medialit"]["role"] == "check")
    spec = check_cell.metadata["medialit"]["self_check"]
    assert set(spec) == {"algorithm", "iterations", "salt", "hash"}
    assert spec["iterations"] >= 100_000
    assert f"expect={selfcheck.encode(spec)!r}" in check_cell.source
    text = json.dumps([dict(c) for c in cells])
    assert json.dumps(q.key) not in text
    assert repr(q.key) not in text
    assert contracts.verify(check_cell) == "ok"  # the hash is covered by the cell's checksum
    again = question_cells(q, case, solution=False)
    assert json.dumps([dict(c) for c in again], sort_keys=True) == json.dumps([dict(c) for c in cells], sort_keys=True)


def test_unsupported_self_check_is_an_author_error(case, lesson):
    q = by_type(lesson, "select_spans")
    with pytest.raises(CurriculumError, match="self_check"):
        question_cells(_opted_in(q), case, solution=False)


def test_runtime_check_says_right_or_not_right_yet(key):
    # a single choice without accepted alternatives (self-check compares with the key only)
    lesson, q = next(
        (x, q) for x in key.lessons.values() for q in x.questions if q.type == "single_choice" and not q.alternatives
    )
    digest = selfcheck.encode(selfcheck.make(q, "mek-" + lesson.id))
    assert "Self-check: right" in repr(check(q.id, q.key, expect=digest))
    other = next(o.id for o in q.options if o.id != q.key)
    result = check(q.id, other, expect=digest)
    assert result.ok
    assert "not right yet" in repr(result)
    assert "Look again at " in repr(result), "a wrong self-check says what to look at again"
    assert "Look again" not in repr(check(q.id, q.key, expect=digest))
    assert "Self-check" not in repr(check(q.id, other))  # without opting in: public checks only
    assert "not your grade" in repr(check(q.id, other))
    assert "damaged" in repr(check(q.id, q.key, expect="garbage"))


def test_a_lesson_without_the_type_fails_the_test_instead_of_skipping(lesson):
    """by_type is how grading tests find their question: a missing type must fail, never skip."""
    bare = dataclasses.replace(lesson, questions=tuple(q for q in lesson.questions if q.type != "numeric"))
    with pytest.raises(pytest.fail.Exception, match=f"{lesson.id} has no numeric question"):
        by_type(bare, "numeric")
