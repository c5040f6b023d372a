"""Extraction per question (deleted, duplicated, reordered, retyped cells) and tamper awareness."""

import copy
import json
import random

import nbformat
import pytest

from medialit import contracts, qtypes
from medialit.errors import GradingError
from medialit.grading.extract import extract, literal_answer, parse_notebook

from .conftest import Code, by_type, first_question, right_answers


def _cells(nb, role, qid=None):
    return [
        c
        for c in nb["cells"]
        if c["metadata"].get("medialit", {}).get("role") == role
        and (qid is None or c["metadata"]["medialit"].get("question") == qid)
    ]


def _grade(grader, nb, student="s"):
    return grader.grade_notebook(nb, student, f"{student}.ipynb")


def _by_q(r):
    return {q.question: q for q in r.questions}


def test_every_generated_locked_cell_carries_a_valid_checksum(rendered):
    n = 0
    for path, data in rendered.items():
        nb = json.loads(data)
        for cell in nb["cells"]:
            m = cell["metadata"].get("medialit", {})
            if m.get("role") in ("setup", "prompt", "check", "answer"):
                assert contracts.verify(cell) == "ok", (path, cell["id"])
                n += 1
    assert n > 20


def test_checksums_survive_what_front_ends_do_when_saving(exercise):
    nb = copy.deepcopy(exercise)
    for cell in nb["cells"]:
        m = cell["metadata"].get("medialit", {})
        if "points" in m and float(m["points"]).is_integer():
            m["points"] = int(m["points"])  # JavaScript drops the ".0"
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = src.replace("\n", "\r\n") + "  \n"
        cell["metadata"]["trusted"] = True
        cell["metadata"] = dict(reversed(list(cell["metadata"].items())))
    again = nbformat.reads(nbformat.writes(nbformat.from_dict(nb)), as_version=4)
    for cell in again.cells:
        if cell.metadata.get("medialit", {}).get("role") in ("setup", "prompt", "check", "answer"):
            assert contracts.verify(cell) == "ok", cell.id


def test_solution_grades_full_and_exercise_zero_with_nothing_modified(grader, solution, exercise):
    sol, ex = _grade(grader, solution), _grade(grader, exercise)
    auto = [q for q in sol.questions if q.status != "needs manual grading"]
    assert all(q.status == "correct" for q in auto), [(q.question, q.message) for q in auto]
    assert ex.score == 0
    assert {q.status for q in ex.questions} == {"unanswered"}
    assert sol.modified == ()
    assert ex.modified == ()
    assert "solutions notebook" in sol.message


def test_edited_prompt_deleted_check_and_changed_points_are_reported(grader, lesson, submission):
    qs = lesson.questions
    nb = submission(right_answers(lesson))
    _cells(nb, "prompt", qs[0].id)[0]["source"] = "## changed the question"
    nb["cells"].remove(_cells(nb, "check", qs[1].id)[0])
    _cells(nb, "answer", qs[2].id)[0]["metadata"]["medialit"]["points"] = 99
    r = _grade(grader, nb)
    got = _by_q(r)
    assert got[qs[0].id].modified
    assert "prompt cell was edited" in got[qs[0].id].integrity[0]
    assert got[qs[1].id].modified
    assert "check cell was deleted" in got[qs[1].id].integrity[0]
    assert got[qs[2].id].modified
    assert {qs[0].id, qs[1].id, qs[2].id} <= set(r.modified)
    # Never silently failed: the scores are those of the answers, from the key.
    assert got[qs[2].id].max_score == qs[2].points
    assert got[qs[2].id].status == "correct"
    assert "locked cells changed" in r.message


def test_forged_metadata_with_a_recomputed_checksum_is_still_caught(grader, lesson, submission):
    q = lesson.questions[0]
    nb = submission({})
    cell = _cells(nb, "answer", q.id)[0]
    cell["metadata"]["medialit"]["points"] = 50
    contracts.seal(cell)
    r = _by_q(_grade(grader, nb))[q.id]
    assert r.modified
    assert "does not match the key" in " ".join(r.integrity)


def test_setup_cell_edit_and_unverifiable_notebooks(grader, exercise):
    nb = copy.deepcopy(exercise)
    _cells(nb, "setup")[0]["source"] = "import os"
    assert _grade(grader, nb).modified == ("setup",)
    stripped = copy.deepcopy(exercise)
    for cell in stripped["cells"]:
        cell["metadata"] = {}
    r = _grade(grader, stripped)
    assert r.status != "error"
    assert r.modified == ()
    assert "not checked" in r.message
    old = copy.deepcopy(exercise)
    for cell in old["cells"]:
        cell["metadata"].get("medialit", {}).pop("checksum", None)
    r = _grade(grader, old)
    assert r.modified == ()
    assert "no checksums" in r.message


def test_deleted_duplicated_reordered_and_retyped_answer_cells(grader, lesson, submission):
    single = by_type(lesson, "single_choice")
    multi = by_type(lesson, "multi_select")
    numeric = by_type(lesson, "numeric")
    answers = right_answers(lesson)
    nb = submission(answers)
    # delete: unanswered, only that question
    nb["cells"].remove(_cells(nb, "answer", numeric.id)[0])
    # duplicate: a blank copy after the answered one does not erase it
    dup = copy.deepcopy(_cells(nb, "answer", multi.id)[0])
    dup["id"] = "dup"
    dup["source"] = f"# medialit: {multi.id}\nanswer = []"
    nb["cells"].append(dup)
    # retype: a markdown answer cell is still read (nothing runs either way), with a note
    cell = _cells(nb, "answer", single.id)[0]
    cell["cell_type"] = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    # reorder everything
    random.Random(3).shuffle(nb["cells"])
    got = _by_q(_grade(grader, nb))
    assert got[numeric.id].status == "unanswered"
    assert got[numeric.id].message == "The answer cell is missing."
    assert got[multi.id].status == "correct"
    assert any("more than once" in n for n in got[multi.id].notes)
    assert got[single.id].status == "correct"
    assert any("markdown cell" in n for n in got[single.id].notes)
    others = [
        q for q in lesson.questions if q.id not in (numeric.id, multi.id, single.id) and not qtypes.get(q.type).manual
    ]
    assert all(got[q.id].status == "correct" for q in others), [(q.id, got[q.id].message) for q in others]


def test_marker_line_finds_answers_when_metadata_is_gone(grader, lesson, submission):
    single = by_type(lesson, "single_choice")
    nb = submission({single.id: single.key})
    cell = _cells(nb, "answer", single.id)[0]
    cell["metadata"] = {}
    got = _by_q(_grade(grader, nb))[single.id]
    assert got.status == "correct"
    assert any("marker line" in n for n in got.notes)


def test_notebook_of_another_assignment_is_an_error(grader, key, exercise):
    nb = copy.deepcopy(exercise)
    nb["metadata"]["medialit"]["assignment"] = "othercase-L3"
    with pytest.raises(GradingError, match="assignment 'othercase-L3'"):
        _grade(grader, nb)
    nb = copy.deepcopy(exercise)
    nb["metadata"]["medialit"]["lesson"] = "L99"
    with pytest.raises(GradingError, match="lesson L99"):
        _grade(grader, nb)
    lesson_nb = copy.deepcopy(exercise)
    lesson_nb["metadata"]["medialit"]["edition"] = "lesson"
    with pytest.raises(GradingError, match="lesson notebook"):
        _grade(grader, lesson_nb)
    empty = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}
    with pytest.raises(GradingError, match="no medialit answer cells"):
        _grade(grader, empty)


def test_literal_answers_are_read_never_run():
    assert literal_answer("answer = ['a', 'b']") == (True, ["a", "b"], "")
    assert literal_answer("answer: int = 3\nanswer = 4") == (True, 4, "")
    found, _, note = literal_answer("import os\nanswer = os.system('touch /tmp/pwned')")
    assert not found
    assert "plain value" in note
    assert literal_answer("answer = (")[2].startswith("the answer cell has a syntax error")
    assert literal_answer("answer = " + "[" * 150 + "]" * 150)[0] is False


def test_widget_record_with_highest_seq_wins(lesson, submission):
    q = first_question(lesson, lambda q: bool(q.widget), "widget question")
    nb = submission({q.id: q.key})
    cell = _cells(nb, "answer", q.id)[0]
    old = copy.deepcopy(cell["outputs"][0])
    old["data"]["application/vnd.medialit.answer+json"]["seq"] = 2
    old["data"]["application/vnd.medialit.answer+json"]["value"] = []
    cell["outputs"].append(old)
    assert extract(nb).answers[q.id] == q.key


def test_parse_rejects_non_notebooks_with_reasons():
    cases = {
        b"": "empty",
        b"\x00\x01\x02": "binary",
        b"PK\x03\x04rest": "zip archive",
        b"%PDF-1.4": "PDF",
        b'{"cells": [': "not valid JSON",
        b"\xff\xfe{}": "not UTF-8",
        b"[]": "not an object",
        json.dumps({"nbformat": 3, "worksheets": []}).encode(): "format 3",
        json.dumps({"nbformat": 4, "cells": {}}).encode(): "no list of cells",
        b"[" * 100_000 + b"]" * 100_000: "nested too deeply",
        b'{"nbformat": 4, "cells": [], "x": ' + b"1" * 5000 + b"}": "not valid JSON",
    }
    for raw, reason in cases.items():
        with pytest.raises(GradingError, match=reason):
            parse_notebook(raw)
    assert parse_notebook(b"\xef\xbb\xbf" + json.dumps({"nbformat": 4, "cells": []}).encode())["cells"] == []


def test_code_answer_in_a_retyped_cell_still_runs(grader, lesson, submission):
    code = by_type(lesson, "code")
    nb = submission({code.id: Code(code.settings["solution"])})
    cell = _cells(nb, "answer", code.id)[0]
    cell["cell_type"] = "raw"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)
    got = _by_q(_grade(grader, nb))[code.id]
    assert got.status == "correct"
    assert any("raw cell" in n for n in got.notes)
