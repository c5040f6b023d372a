"""Inputs that used to hang, crash or vanish from a batch are now one row each (issue 11, item 3).

One batch holds two ordinary students next to every hostile input; a reference
batch holds only the two. Each test checks one input's row and that the two
students' grades are the same as in the reference batch.
"""

import csv
import os
import stat
import zipfile

import pytest

from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.limits import MAX_CODE_CHARS

from .conftest import Code, by_type, right_answers, to_bytes

pytestmark = pytest.mark.slow  # grades two whole batches (code answers in sandboxed workers)


def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _wrong(lesson):
    """Some right and some wrong answers, and code that runs but gives another value."""
    answers = right_answers(lesson)
    single = by_type(lesson, "single_choice")
    answers[single.id] = next(o.id for o in single.options if o.id != single.key)
    code = by_type(lesson, "code")
    answers[code.id] = Code("answer = 0.01")
    return answers


def _grades(rows, student):
    row = next(r for r in rows if r["student"] == student)
    return {k: v for k, v in row.items() if k not in ("file", "message", "copy_group", "copy_kind")}


@pytest.fixture(scope="module")
def good(lesson, submission):
    return {"ann": to_bytes(submission(right_answers(lesson))), "bob": to_bytes(submission(_wrong(lesson)))}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, key, good):
    root = tmp_path_factory.mktemp("reference")
    subs = root / "subs"
    subs.mkdir()
    for name, data in good.items():
        (subs / f"{name}.ipynb").write_bytes(data)
    grade_batch([subs], key, root / "out", BatchOptions(code_timeout=10))
    rows = _rows(root / "out")
    return {sid: _grades(rows, sid) for sid in good}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, key, good, lesson, submission):
    """A folder with the two students and every hostile input, plus a FIFO and /dev/zero as arguments."""
    root = tmp_path_factory.mktemp("hostile")
    subs = root / "subs"
    subs.mkdir()
    for name, data in good.items():
        (subs / f"{name}.ipynb").write_bytes(data)
    os.mkfifo(subs / "pipe.ipynb")
    os.mkfifo(root / "argpipe.ipynb")
    (subs / "folder.ipynb").mkdir()
    (subs / "folder.ipynb" / "notes.txt").write_text("not a notebook")
    locked = subs / "locked"
    locked.mkdir()
    (locked / "hidden.ipynb").write_bytes(good["ann"])
    locked.chmod(0)
    code = by_type(lesson, "code")
    (subs / "hugecode.ipynb").write_bytes(
        to_bytes(submission({code.id: Code("answer = 1\n" + "x = 1\n" * (MAX_CODE_CHARS // 6 + 10))}))
    )
    inner = subs / "inner.zip"
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("dan.ipynb", good["ann"])
    single = next((q for q in lesson.questions if q.type == "single_choice" and not q.alternatives), None)
    if single is None:
        single = by_type(lesson, "single_choice")
    accepted = {single.key, *(a.value for a in single.alternatives)}
    first = right_answers(lesson)
    first[single.id] = next(o.id for o in single.options if o.id not in accepted)
    with zipfile.ZipFile(root / "outer.zip", "w") as zf:  # a teacher's archive, given as such
        zf.write(inner, "nested/inner.zip")
        zf.writestr("eve.ipynb", to_bytes(submission(first)))
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("eve.ipynb", good["ann"])
    inner.unlink()
    out = root / "out"
    kept = []
    paths = [subs, root / "outer.zip", root / "argpipe.ipynb", "/dev/zero"]
    try:
        result = grade_batch(paths, key, out, BatchOptions(code_timeout=10), keep=kept)
    finally:
        locked.chmod(stat.S_IRWXU)
    return result, _rows(out), {r.file: r for r in kept}, root


def _row(rows, suffix):
    found = [r for r in rows if r["file"].endswith(suffix)]
    assert len(found) == 1, (suffix, [r["file"] for r in rows])
    return found[0]


def test_the_two_students_are_graded_as_without_hostile_inputs(hostile, reference):
    result, rows, _, _ = hostile
    for sid, grades in reference.items():
        assert _grades(rows, sid) == grades
    assert result.count == len(rows)


def test_fifo_in_a_folder_is_one_row_and_does_not_hang(hostile):
    _, rows, _, _ = hostile
    row = _row(rows, "/pipe.ipynb")
    assert row["status"] == "error"
    assert "named pipe (FIFO)" in row["message"]


def test_fifo_given_as_an_argument_is_one_row(hostile):
    _, rows, _, _ = hostile
    row = _row(rows, "argpipe.ipynb")
    assert row["status"] == "error"
    assert "named pipe (FIFO)" in row["message"]


def test_dev_zero_given_as_an_argument_is_one_row(hostile):
    _, rows, _, _ = hostile
    row = _row(rows, "/dev/zero")
    assert row["status"] == "error"
    assert "character device" in row["message"]


def test_folder_named_like_a_notebook_is_one_row(hostile):
    _, rows, _, _ = hostile
    row = _row(rows, "folder.ipynb")
    assert row["status"] == "error"
    assert "folder named like a notebook" in row["message"]


def test_unreadable_folder_is_one_row(hostile):
    _, rows, _, _ = hostile
    if os.geteuid() == 0:  # root reads a mode-000 folder: its notebook is graded, which is also a row
        row = _row(rows, "locked/hidden.ipynb")
        assert row["status"] != "error"
        return
    row = _row(rows, "locked")
    assert row["status"] == "error"
    assert "cannot read the folder" in row["message"]


def test_unreadable_folder_as_a_row_even_as_root(tmp_path, key, good, monkeypatch):
    """Root can list any folder, so a listing failure is simulated for one folder (the rest is real)."""
    subs = tmp_path / "subs"
    (subs / "locked").mkdir(parents=True)
    (subs / "ann.ipynb").write_bytes(good["ann"])
    real_scandir = os.scandir

    def scandir(path):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = grade_batch([subs], key, tmp_path / "out", BatchOptions(code_timeout=10))
    rows = _rows(tmp_path / "out")
    assert result.count == 2
    row = _row(rows, "locked")
    assert row["status"] == "error"
    assert "cannot read the folder (Permission denied)" in row["message"]
    assert _row(rows, "ann.ipynb")["status"] != "error"


def test_nested_zip_is_one_row(hostile):
    _, rows, _, _ = hostile
    row = _row(rows, "outer.zip!nested/inner.zip")
    assert row["status"] == "error"
    assert "zip archive inside the archive" in row["message"]


def test_duplicate_zip_members_claim_one_id_and_are_both_error_rows(hostile):
    _, rows, _, _ = hostile
    eve = [r for r in rows if r["file"].endswith("outer.zip!eve.ipynb")]
    assert len(eve) == 2
    assert [r["student"] for r in eve] == ["eve", "eve"]  # never renamed eve-2
    for r in eve:
        assert r["status"] == "error"
        assert "2 files claim the student id 'eve'" in r["message"]
        assert r["message"].count("outer.zip!eve.ipynb") == 2


def test_huge_code_answer_is_not_parsed_and_is_one_question_error(hostile, lesson):
    _, rows, by_file, _ = hostile
    row = _row(rows, "hugecode.ipynb")
    assert row["status"] != "error"
    code = by_type(lesson, "code")
    q = next(q for q in by_file[row["file"]].questions if q.question == code.id)
    assert q.status == "error"
    assert f"more than the {MAX_CODE_CHARS:,} allowed; it was not run" in q.message


def test_nothing_vanishes(hostile):
    _, rows, _, root = hostile
    files = [r["file"].replace(f"{root}/", "") for r in rows]
    expected = [
        "subs/ann.ipynb",
        "subs/bob.ipynb",
        "subs/folder.ipynb",
        "subs/hugecode.ipynb",
        "subs/locked/hidden.ipynb" if os.geteuid() == 0 else "subs/locked",
        "subs/pipe.ipynb",
        "outer.zip!eve.ipynb",
        "outer.zip!eve.ipynb",
        "outer.zip!nested/inner.zip",
        "argpipe.ipynb",
        "/dev/zero",
    ]
    assert files == expected
