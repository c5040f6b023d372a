"""`medialit key` covers every question type; the grade and gradescope-autograder commands."""

import csv
import json
import zipfile

import pytest

from medialit import qtypes
from medialit.cli import main

from .conftest import right_answers, to_bytes


def test_key_covers_every_type_with_rubrics_and_solutions(capsys, key):
    assert main(["key", "--format", "json"]) == 0
    entries = {e["question"]: e for e in json.loads(capsys.readouterr().out)}
    assert set(entries) == set(key.questions)
    for qid, q in key.questions.items():
        e = entries[qid]
        assert e["type"] == q.type
        assert e["points"] == q.points
        if qtypes.get(q.type).manual:
            assert e["rubric"] == list(q.rubric)
            assert e["rubric"]
            assert "model_answer" in e
        else:
            assert e["answer"] == q.key
        if q.type == "code":
            assert e["solution"]
            assert e["checks"]
            assert "tolerance" in e
        if q.options:
            assert set(e["options"]) == {o.id for o in q.options}
    assert main(["key"]) == 0
    md = capsys.readouterr().out
    for q in key.questions.values():
        assert f"## {q.id} ({q.type.replace('_', ' ')}" in md
        for r in q.rubric:
            assert r in md
    assert "```python" in md


@pytest.fixture(scope="module")
def subs(tmp_path_factory, lesson, submission):
    folder = tmp_path_factory.mktemp("cli-subs")
    (folder / "doejane_111_222_03.ipynb").write_bytes(to_bytes(submission(right_answers(lesson))))
    (folder / "smithbob_333_444_03.ipynb").write_bytes(b"")
    return folder


@pytest.mark.slow  # a code answer run in the sandbox, over a second
def test_grade_command_options_and_exit_codes(tmp_path, subs, lesson, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "grade",
            str(subs),
            "--out",
            str(out),
            "--lesson",
            lesson.id,
            "--jobs",
            "1",
            "--id-pattern",
            r"_(?P<id>\d+)_\d+_",
            "--code-timeout",
            "10",
            "--visibility",
            "after_published",
        ]
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "graded 1 of 2 submissions" in captured.out
    assert "the file is empty" in captured.err
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"111", "333"}
    data = json.loads((out / "results" / "111.json").read_text(encoding="utf-8"))
    assert data["visibility"] == "after_published"


def test_grade_manual_errors_are_one_line(tmp_path, subs, lesson, capsys):
    bad = tmp_path / "m.csv"
    bad.write_text("student,question,score\n111,L3.Q1,999\n", encoding="utf-8")
    assert main(["grade", str(subs), "--out", str(tmp_path / "o"), "--lesson", lesson.id, "--manual", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "m.csv, row 2" in err
    assert "Traceback" not in err
    assert main(["grade", str(subs), "--out", str(tmp_path / "o"), "--lesson", "L99"]) == 1
    assert "unknown lesson L99" in capsys.readouterr().err
    # a regular expression that does not compile is a usage error (the README: exit 2)
    assert main(["grade", str(subs), "--out", str(tmp_path / "o"), "--id-pattern", "("]) == 2
    assert "not a valid regular expression" in capsys.readouterr().err


@pytest.mark.slow
def test_gradescope_autograder_command(tmp_path, lesson, capsys):
    out = tmp_path / "ag.zip"
    assert main(["gradescope-autograder", "--out", str(out), "--lesson", lesson.id, "--from-pypi"]) == 0
    assert "wrote" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        assert not any(n.endswith(".whl") for n in zf.namelist())
        assert "'medialit[grade]==" in zf.read("setup.sh").decode()
    assert main(["gradescope-autograder", "--out", str(out), "--lesson", "L99"]) == 1


@pytest.mark.slow
def test_ids_from_notebook_metadata_claimed_twice_are_error_rows_in_order(tmp_path, lesson, submission, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("a", "b", "c"):
        nb = submission(right_answers(lesson))
        nb["metadata"]["medialit"]["student"] = "jdoe" if name != "c" else "other"
        (subs / f"{name}.ipynb").write_bytes(to_bytes(nb))
    out = tmp_path / "out"
    for jobs in ("1", "2"):
        assert (
            main(
                [
                    "grade",
                    str(subs),
                    "--out",
                    str(out / jobs),
                    "--id-metadata",
                    "medialit.student",
                    "--lesson",
                    lesson.id,
                    "--jobs",
                    jobs,
                ]
            )
            == 1  # error rows
        )
    with open(out / "1" / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # A student can type another's id into the metadata: both files are error rows, never jdoe and jdoe-2.
    assert [(r["student"], r["status"]) for r in rows] == [
        ("jdoe", "error"),
        ("jdoe", "error"),
        ("other", "needs manual grading"),
    ]
    for r in rows[:2]:
        assert "2 files claim the student id 'jdoe'" in r["message"]
        assert "a.ipynb" in r["message"] and "b.ipynb" in r["message"] and "--id-metadata" in r["message"]
    assert sorted(p.name for p in (out / "1" / "results").iterdir()) == ["jdoe.json", "other.json"]
    for rel in ("grades.csv", "results/jdoe.json", "feedback/other.html"):
        assert (out / "1" / rel).read_bytes() == (out / "2" / rel).read_bytes()
