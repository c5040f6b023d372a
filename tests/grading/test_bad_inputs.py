"""Every bad input is one clear row; the rest of the batch is graded (issue 5, "Done when")."""

import copy
import csv
import json
import os
import zipfile

import pytest

from medialit import qtypes
from medialit.grading.batch import BatchOptions, grade_batch

from .conftest import by_type, right_answers, to_bytes

pytestmark = pytest.mark.slow  # grades a whole batch, code answers in sandboxed workers


def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def batch(tmp_path_factory, key, lesson, exercise, solution, submission):
    """One batch with every bad input of the issue next to good submissions."""
    root = tmp_path_factory.mktemp("bad-batch")
    subs = root / "subs"
    subs.mkdir()
    w = lambda name, data: (subs / name).write_bytes(data)  # noqa: E731
    w("good.ipynb", to_bytes(submission(right_answers(lesson))))
    w("blank.ipynb", to_bytes(exercise))
    w("empty.ipynb", b"")
    w("binary.ipynb", bytes(range(256)) * 4)
    good = to_bytes(solution)
    w("truncated.ipynb", good[: len(good) * 3 // 5])
    w("nested.ipynb", b"[" * 100_000 + b"]" * 100_000)
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}
    w("oldformat.ipynb", json.dumps(v3).encode())
    big = copy.deepcopy(solution)
    first_code = next(c for c in big["cells"] if c["cell_type"] == "code")
    first_code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * (50 * 2**20)}]
    w("bigoutput.ipynb", json.dumps(big).encode())
    missing = copy.deepcopy(solution)
    missing["cells"] = [c for c in missing["cells"] if c["metadata"].get("medialit", {}).get("role") != "answer"]
    w("missing.ipynb", to_bytes(missing))
    dup = copy.deepcopy(solution)
    dup["cells"] = dup["cells"] + copy.deepcopy(dup["cells"])
    w("duplicated.ipynb", to_bytes(dup))
    single = by_type(lesson, "single_choice")
    md = copy.deepcopy(solution)
    for c in md["cells"]:
        m = c["metadata"].get("medialit", {})
        if m.get("question") == single.id and m["role"] == "answer":
            c["cell_type"] = "markdown"
            c.pop("outputs")
            c.pop("execution_count")
    w("markdown.ipynb", to_bytes(md))
    text_q = next(q for q in lesson.questions if q.type in ("short_text", "single_choice"))
    script = "<script>alert('owned')</script>"
    w("xss.ipynb", to_bytes(submission({text_q.id: script, single.id: script})))
    # A teacher's archive (an LMS download) is given as such: an archive found in a folder is a student's,
    # whose members never name anyone.
    with zipfile.ZipFile(root / "canvas.zip", "w") as zf:
        zf.writestr("../../zipslip.ipynb", good)
        zf.writestr("doejane_7_8_03.ipynb", good)
    with open(os.fsencode(subs) + b"/\xff\xfename.ipynb", "wb") as fh:
        fh.write(good)
    out = root / "out"
    kept = []
    result = grade_batch([subs, root / "canvas.zip"], key, out, BatchOptions(code_timeout=10), keep=kept)
    return result, {r.student: r for r in kept}, out


def test_each_bad_input_is_one_clear_row(batch):
    result, by_student, out = batch
    rows = _rows(out)
    expected_errors = {
        "empty": "the file is empty",
        "binary": "binary file",
        "truncated": "not valid JSON",
        "nested": "nested too deeply",
        "oldformat": "old format 3",
        "zipslip": "unsafe path",
    }
    for sid, reason in expected_errors.items():
        assert rows[sid]["status"] == "error", sid
        assert reason in rows[sid]["message"], (sid, rows[sid]["message"])
        assert rows[sid]["total"] == "0"
    assert result.exit_code == 1
    assert len(result.errors) == len(expected_errors)
    assert len(rows) == len(by_student) == 15


def test_the_rest_of_the_batch_is_graded(batch, lesson):
    _, by_student, _ = batch
    auto = sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual)
    for sid in ("good", "bigoutput", "duplicated", "7"):
        assert by_student[sid].status in ("graded", "needs manual grading"), sid
        assert by_student[sid].score == auto, (sid, [(q.question, q.message) for q in by_student[sid].questions])
    assert by_student["blank"].score == 0
    missing = by_student["missing"]
    assert {q.status for q in missing.questions} == {"unanswered"}
    assert all(q.message == "The answer cell is missing." for q in missing.questions)
    md = by_student["markdown"]
    assert md.score == auto
    assert any(q.notes for q in md.questions)
    weird = [r for sid, r in by_student.items() if "\ufffd" in sid]
    assert len(weird) == 1
    assert weird[0].score == auto


def test_answers_with_script_tags_are_escaped_everywhere(batch):
    _, _, out = batch
    for path in [
        out / "feedback" / "xss.html",
        out / "feedback" / "xss.md",
        out / "summary.html",
        out / "results" / "xss.json",
    ]:
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text, path
    assert "&lt;script&gt;" in (out / "feedback" / "xss.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in (out / "feedback" / "xss.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "said"), [(2, "old format 2"), (3, "old format 3"), (None, "old format 3 or older")])
def test_an_old_notebook_is_named_by_its_own_format(fmt, said):
    from medialit.errors import GradingError
    from medialit.grading.extract import _notebook_object

    data = {"worksheets": [{"cells": []}], "metadata": {}}
    if fmt is not None:
        data["nbformat"] = fmt
    with pytest.raises(GradingError, match=said):
        _notebook_object(data)
