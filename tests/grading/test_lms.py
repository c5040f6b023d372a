"""Canvas and Moodle files from a grading run, checked column by column.

The sample LMS files are written here from the public descriptions of the
formats: Canvas's gradebook export (identity columns Student, ID, SIS User ID,
SIS Login ID, Section, then one "Name (id)" column per assignment and read-only
score columns, with a "Points Possible" row first) and Moodle's assignment
grading worksheet (Identifier "Participant N", Full name, Email address,
Status, Grade, Maximum Grade, Grade can be changed, Last modified (submission),
Last modified (grade), Feedback comments).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from medialit import qtypes
from medialit.cli import main
from medialit.errors import LmsExportError
from medialit.grading.inputs import IdRule, iter_sources
from medialit.grading.naming import collisions, id_key, report_stem, safe_name, shared_ids
from medialit.grading.reports.lms import (
    MOODLE_COLUMNS,
    GradeRow,
    canvas_import,
    moodle_worksheet,
    read_grades,
)

from .conftest import right_answers, to_bytes

CANVAS_HEAD = [
    "Student",
    "ID",
    "SIS User ID",
    "SIS Login ID",
    "Section",
    "Lesson 3: Sourcing (4411)",
    "Quiz 1 (4412)",
    "Current Score",
    "Unposted Current Score",
    "Final Score",
    "Unposted Final Score",
]
CANVAS_ROWS = [
    [
        "    Points Possible",
        "",
        "",
        "",
        "",
        "10.00",
        "5.00",
        "(read only)",
        "(read only)",
        "(read only)",
        "(read only)",
    ],
    ["Doe, Jane", "111", "S-111", "jdoe", "Section A", "", "4.00", "80", "80", "80", "80"],
    ["Smith, Bob", "333", "S-333", "bsmith", "Section B", "6.00", "5.00", "100", "100", "100", "100"],
    ["Student, Test", "999", "", "", "Section A", "", "", "", "", "", ""],
]


def _write_csv(path: Path, rows: list[list[str]], bom: bool = False) -> Path:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8", newline="")
    return path


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def gradebook(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "gradebook.csv", [CANVAS_HEAD, *CANVAS_ROWS], bom=True)


def _graded(student: str, total: float, file: str = "", max_score: float = 10) -> GradeRow:
    return GradeRow(student, file or f"subs/{student}.ipynb", total, max_score, "graded")


def test_canvas_import_columns_points_row_and_values(gradebook):
    rows = [
        _graded("111", 7.5),
        _graded("S-333", 9),  # matched by SIS User ID
        _graded("555", 3),  # nobody in the gradebook
        _graded("111-2", 2),  # an id of its own: medialit never renames a second submission 111-2
        GradeRow("777", "subs/777.ipynb", None, None, "error"),
        GradeRow("888", "subs/888.ipynb", 4, 10, "needs manual grading"),
    ]
    made = canvas_import(rows, gradebook, "Lesson 3: Sourcing")
    table = _rows(made.text)
    # Header: Canvas's identity columns in order, then the existing assignment's full header only.
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson 3: Sourcing (4411)"]
    # The Points Possible row is kept first, with the assignment's points.
    assert table[1] == ["    Points Possible", "", "", "", "", "10"]
    # One row per student of the export, identity cells copied as Canvas wrote them.
    assert [r[:5] for r in table[2:]] == [r[:5] for r in CANVAS_ROWS[1:]]
    # Grades: Jane by ID, Bob by SIS User ID; the test student keeps the exported (empty) value.
    assert [r[5] for r in table[2:]] == ["7.5", "9", ""]
    assert made.matched == 2
    text = "\n".join(made.warnings)
    assert "555 (subs/555.ipynb): no student in the Canvas gradebook has this id" in text
    assert "111-2 (subs/111-2.ipynb): no student in the Canvas gradebook has this id" in text
    assert "777 (subs/777.ipynb): not graded" in text
    assert "888 (subs/888.ipynb): needs manual grading" in text
    assert len(made.warnings) == 4


def test_canvas_unmatched_students_keep_their_exported_grade(gradebook):
    made = canvas_import([_graded("111", 8)], gradebook, "Lesson 3: Sourcing (4411)")
    table = _rows(made.text)
    assert table[0][-1] == "Lesson 3: Sourcing (4411)"
    assert [r[-1] for r in table[2:]] == ["8", "6.00", ""]


def test_canvas_new_assignment_scale_and_integration_id(tmp_path):
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section", "Quiz 1 (4412)"]
    path = _write_csv(
        tmp_path / "g.csv",
        [head, ["Doe, Jane", "111", "", "", "int-1", "A", "3"], ["Smith, Bob", "333", "", "", "", "B", "5"]],
    )
    made = canvas_import([_graded("111", 5), _graded("333", 10)], path, "medialit L3")
    table = _rows(made.text)
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section", "medialit L3"]
    assert table[1] == ["Doe, Jane", "111", "", "", "int-1", "A", "5"]
    assert table[2] == ["Smith, Bob", "333", "", "", "", "B", "10"]
    assert any("Canvas creates it on import" in w for w in made.warnings)
    # Scaling to the export's points possible (10 -> 20 here).
    book = _write_csv(tmp_path / "p.csv", [CANVAS_HEAD[:6], CANVAS_ROWS[0][:6], CANVAS_ROWS[1][:6]])
    book.write_text(book.read_text(encoding="utf-8").replace('"10.00"', '"20"'), encoding="utf-8")
    plain = canvas_import([_graded("111", 7)], book, "Lesson 3: Sourcing")
    assert _rows(plain.text)[2][-1] == "7"
    assert any("worth 20 points in Canvas" in w and "--lms-scale" in w for w in plain.warnings)
    scaled = canvas_import([_graded("111", 7)], book, "Lesson 3: Sourcing", scale=True)
    assert _rows(scaled.text)[1][-1] == "20"
    assert _rows(scaled.text)[2][-1] == "14"


def test_canvas_bad_exports_say_what_is_wrong(tmp_path, gradebook):
    bad = _write_csv(tmp_path / "bad.csv", [["Name", "ID", "Lesson 3"], ["Jane", "111", ""]])
    with pytest.raises(LmsExportError, match=r"bad\.csv: not a Canvas gradebook export: no column 'Student'"):
        canvas_import([], bad, "Lesson 3")
    twice = _write_csv(tmp_path / "twice.csv", [[*CANVAS_HEAD[:5], "L3 (1)", "L3 (2)"], ["J", "1", "", "", "", "", ""]])
    with pytest.raises(LmsExportError, match="several assignments are named 'L3'"):
        canvas_import([], twice, "L3")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"Student,ID\nJos\xe9,1\n")
    with pytest.raises(LmsExportError, match="not UTF-8"):
        canvas_import([], latin, "L3")
    with pytest.raises(LmsExportError, match="assignment name is empty"):
        canvas_import([], gradebook, " ")


MOODLE_ROWS = [
    [
        "Participant 1234567",
        "Jane Doe",
        "jane@example.edu",
        "Submitted for grading",
        "",
        "10.00",
        "Yes",
        "Monday, 2 March 2026, 9:14 AM",
        "-",
        "",
    ],
    [
        "Participant 1234568",
        "Bob Smith",
        "bob@example.edu",
        "Submitted for grading - Graded",
        "6.00",
        "10.00",
        "No",
        "Monday, 2 March 2026, 9:20 AM",
        "Tuesday, 3 March 2026, 1:00 PM",
        "See me.",
    ],
    ["Participant 1234569", "Ann Lee", "ann@example.edu", "No submission", "", "10.00", "Yes", "-", "-", ""],
]


@pytest.fixture
def worksheet(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "worksheet.csv", [list(MOODLE_COLUMNS), *MOODLE_ROWS], bom=True)


def test_moodle_worksheet_columns_and_values(worksheet):
    rows = [
        _graded("1234567", 7.5),  # the participant number from Moodle's download names
        _graded("BOB@example.edu", 8),  # matched by email, case-insensitively
        _graded("42", 1),  # not a participant
    ]
    made = moodle_worksheet(rows, worksheet)
    table = _rows(made.text)
    assert table[0] == list(MOODLE_COLUMNS)
    assert len(table) == 4
    col = {name: i for i, name in enumerate(MOODLE_COLUMNS)}
    jane, bob, ann = table[1:]
    assert jane[col["Grade"]] == "7.5"
    assert jane[col["Feedback comments"]] == "Marked by medialit: 7.5 of 10 points."
    assert bob[col["Grade"]] == "8"
    assert bob[col["Feedback comments"]] == "See me."  # a teacher's comment is never replaced
    assert ann == MOODLE_ROWS[2]  # no submission: unchanged
    # Every other column is Moodle's own value, untouched (Last modified (grade) drives Moodle's conflict check).
    for got, want in ((jane, MOODLE_ROWS[0]), (bob, MOODLE_ROWS[1])):
        for name in MOODLE_COLUMNS:
            if name not in ("Grade", "Feedback comments"):
                assert got[col[name]] == want[col[name]], name
    assert made.matched == 2
    text = "\n".join(made.warnings)
    assert "42 (subs/42.ipynb): no student in the Moodle worksheet has this id" in text
    assert "Participant 1234568): Moodle says the grade cannot be changed" in text


def test_moodle_maximum_grade_scale_and_extra_columns(tmp_path):
    head = ["Identifier", "Full name", "ID number", "Email address", "Status", "Grade", "Maximum Grade"]
    path = _write_csv(
        tmp_path / "w.csv", [head, ["Participant 5", "Jane Doe", "S-9", "j@x.org", "Submitted", "", "100"]]
    )
    plain = moodle_worksheet([_graded("s-9", 7)], path)
    assert _rows(plain.text)[1] == ["Participant 5", "Jane Doe", "S-9", "j@x.org", "Submitted", "7", "100"]
    assert any("maximum grade is 100" in w for w in plain.warnings)
    scaled = moodle_worksheet([_graded("Participant 5", 7)], path, scale=True)
    assert _rows(scaled.text)[1][5] == "70"
    bad = _write_csv(tmp_path / "b.csv", [["Full name", "Grade"], ["Jane", ""]])
    with pytest.raises(LmsExportError, match=r"b\.csv: not a Moodle grading worksheet: no identifier column \(headed"):
        moodle_worksheet([], bad)


def test_canvas_late_and_moodle_names_give_ids(tmp_path):
    (tmp_path / "doejane_LATE_111_222_03-sourcing.ipynb").write_bytes(b"{}")
    (tmp_path / "smithbob_333_444_03-sourcing.ipynb").write_bytes(b"{}")
    folder = tmp_path / "Ann Lee_1234569_assignsubmission_file_"
    folder.mkdir()
    (folder / "03-sourcing.ipynb").write_bytes(b"{}")
    (tmp_path / "Bob Smith_1234568_assignsubmission_file_03.ipynb").write_bytes(b"{}")
    found = {s.student: s.late for s in iter_sources([tmp_path], IdRule())}
    assert found == {"111": True, "333": False, "1234569": False, "1234568": False}


def test_grade_command_writes_lms_files_and_late_column(tmp_path, lesson, submission, gradebook, worksheet, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    nb = to_bytes(submission(right_answers(lesson)))
    (subs / "doejane_LATE_111_222_03.ipynb").write_bytes(nb)
    (subs / "ghost_555_666_03.ipynb").write_bytes(nb)
    (subs / "Jane Doe_1234567_assignsubmission_file_03.ipynb").write_bytes(nb)
    manual = tmp_path / "manual.csv"
    lines = ["student,question,score"]
    for q in lesson.questions:
        if qtypes.get(q.type).manual:
            lines += [f"{sid},{q.id},{q.points}" for sid in ("111", "555", "1234567")]
    manual.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["grade", str(subs), "--out", str(out), "--lesson", lesson.id, "--manual", str(manual)]
    code = main(
        [
            *args,
            "--canvas-gradebook",
            str(gradebook),
            "--assignment",
            "Lesson 3: Sourcing",
            "--moodle-worksheet",
            str(worksheet),
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    grades = {r.student: r for r in read_grades(out / "grades.csv")}
    assert grades["111"].late
    assert not grades["555"].late
    assert all(r.status == "graded" for r in grades.values())
    total = grades["111"].total
    assert total is not None
    canvas = _rows((out / "canvas-import.csv").read_text(encoding="utf-8"))
    assert canvas[0][-1] == "Lesson 3: Sourcing (4411)"
    assert canvas[2][1] == "111"
    assert canvas[2][-1] == f"{total:g}"
    moodle = _rows((out / "moodle-grades.csv").read_text(encoding="utf-8"))
    assert moodle[1][0] == "Participant 1234567"
    assert moodle[1][MOODLE_COLUMNS.index("Grade")] == f"{total:g}"
    assert "canvas: 1 grade(s)" in captured.out
    assert "moodle: 1 grade(s)" in captured.out
    assert "warning (canvas): 555 (" in captured.err
    assert "warning (moodle): 111 (" in captured.err


def test_grade_command_checks_lms_options_before_grading(tmp_path, lesson, subs_one, gradebook, capsys):
    out = tmp_path / "out"
    assert main(["grade", str(subs_one), "--out", str(out), "--canvas-gradebook", str(gradebook)]) == 2
    assert "--canvas-gradebook needs --assignment" in capsys.readouterr().err
    assert main(["grade", str(subs_one), "--out", str(out), "--assignment", "L3"]) == 2
    bad = _write_csv(tmp_path / "bad.csv", [["Name"], ["x"]])
    code = main(["grade", str(subs_one), "--out", str(out), "--canvas-gradebook", str(bad), "--assignment", "L3"])
    assert code == 1
    assert "bad.csv: not a Canvas gradebook export" in capsys.readouterr().err
    assert not (out / "grades.csv").exists()  # nothing graded on a wrong LMS file


@pytest.fixture
def subs_one(tmp_path, lesson, submission):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.ipynb").write_bytes(to_bytes(submission(right_answers(lesson))))
    return folder


def test_a_student_matched_by_two_submissions_gets_neither(gradebook, worksheet):
    made = canvas_import(
        [_graded("111", 7.5), _graded("s-111", 2, "subs/other.ipynb")], gradebook, "Lesson 3: Sourcing"
    )
    assert [r[5] for r in _rows(made.text)[2:]] == ["", "6.00", ""]  # Jane keeps the exported value
    assert made.matched == 0
    (warning,) = made.warnings
    assert "Doe, Jane (ID 111): 2 graded submissions match this student" in warning
    assert "111 (subs/111.ipynb)" in warning and "s-111 (subs/other.ipynb)" in warning
    made = moodle_worksheet([_graded("1234567", 7.5), _graded("jane@example.edu", 1)], worksheet)
    assert _rows(made.text)[1][MOODLE_COLUMNS.index("Grade")] == ""
    assert any(w.startswith("Participant 1234567: 2 graded submissions") for w in made.warnings)


def test_collisions_name_the_id_the_lesson_and_every_file():
    claims = [
        ("111", "a.ipynb", "L3"),
        ("bob", "b.ipynb", "L3"),
        ("111", "c.zip!x.ipynb", "L3"),
        ("BOB", "d.ipynb", "L3"),
        ("ann", "e", "L3"),
        ("ann", "f", "L4"),  # one student's notebooks of two lessons: both hers, no collision
        ("ann", "g", ""),  # a file that could not be graded claims no lesson's grade
    ]
    found = collisions(claims)
    assert sorted(found) == [0, 1, 2, 3]
    assert "2 files claim the student id '111' for L3 (a.ipynb, c.zip!x.ipynb)" in found[0]
    assert found[0] == found[2]
    assert "(b.ipynb, d.ipynb)" in found[1]  # ids match case-insensitively, as the LMS files do
    # ids that differ only in characters a file name cannot hold keep their own report files
    assert safe_name("渡辺") != safe_name("山田")
    assert safe_name("ann") == "ann"
    assert collisions([("渡辺", "a", "L3"), ("山田", "b", "L3")]) == {}


def test_a_student_with_several_notebooks_gets_report_files_per_lesson():
    shared = shared_ids(["ann", "bob", "ANN"])
    assert shared == {id_key("ann")}
    assert report_stem("ann", "L3", shared) == "ann.L3"
    assert report_stem("bob", "L3", shared) == "bob"
    assert report_stem("ann", "", shared) == "ann"  # an error row with no lesson
