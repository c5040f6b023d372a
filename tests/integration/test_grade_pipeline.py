"""Grading saved notebooks end to end: full marks, zero, and one error row for a bad file."""

import csv
import json

import pytest

from medialit import qtypes
from medialit.api import grade
from medialit.grading.reports.report import exit_code

# Grades every generated solution and exercise, code answers included (sandboxed runs).
pytestmark = pytest.mark.slow


def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_solutions_full_marks_exercises_zero_corrupt_one_error(generated, tmp_path, lessons):
    subs = tmp_path / "subs"
    subs.mkdir()
    for n, path in enumerate(sorted((generated / "solutions").glob("*.ipynb"))):
        (subs / f"sol{n}.ipynb").write_bytes(path.read_bytes())
    for n, path in enumerate(sorted((generated / "exercises").glob("*.ipynb"))):
        (subs / f"ex{n}.ipynb").write_bytes(path.read_bytes())
    (subs / "corrupt.ipynb").write_text('{"cells": [', encoding="utf-8")
    out = tmp_path / "out"
    results: list = []
    grade([subs], out, keep=results)
    assert exit_code(results) == 1
    by_student = {r.student: r for r in results}
    auto_max = {
        lesson.id: sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual) for lesson in lessons
    }
    for name, r in by_student.items():
        if name.startswith("sol"):
            assert r.status in ("graded", "needs manual grading")
            auto = [q for q in r.questions if q.status != "needs manual grading"]
            assert all(q.status == "correct" for q in auto), [(q.question, q.status, q.message) for q in auto]
            assert r.score == auto_max[r.lesson]
        elif name.startswith("ex"):
            assert r.score == 0
            assert {q.status for q in r.questions} == {"unanswered"}
    bad = by_student["corrupt"]
    assert bad.status == "error" and "not valid JSON" in bad.message
    rows = _rows(out)
    assert len(rows) == len(results)
    assert sum(1 for r in rows if r["status"] == "error") == 1
    gs = json.loads((out / "results" / "sol0.json").read_text())
    assert gs["score"] == by_student["sol0"].score
    assert {t["status"] for t in gs["tests"] if "status" in t} <= {"passed", "failed"}
    # A question the teacher grades is pending on Gradescope: no status, never a failed 0/0 test.
    pending = [t for t in gs["tests"] if "status" not in t]
    manual = [q for q in by_student["sol0"].questions if q.status == "needs manual grading"]
    assert len(pending) == len(manual)
    assert all("score" not in t and t["output"].startswith("Pending") for t in pending)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"] == 1 and summary["submissions"] == len(results)


def test_reports_are_byte_identical_across_runs(generated, tmp_path):
    sub = sorted((generated / "solutions").glob("*.ipynb"))[0]
    a, b = tmp_path / "a", tmp_path / "b"
    grade([sub], a)
    grade([sub], b)
    for name in ("grades.csv", "summary.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
