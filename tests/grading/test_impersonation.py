"""No student can take another's grade through a name they chose (issue 20, attack 4 and item 8).

Each attack is one whole batch through ``medialit grade`` (the command line, so the
LMS import is made as a teacher makes it): an attacker hands in a blank notebook
under a name built to claim the victim's id, beside the victim's real work. The
victim's row of grades.csv must be the one the victim gets when graded alone, and
the victim's row of the Canvas or Moodle import must carry the victim's score.
Every batch runs twice, as issue 20 asks of each attack: as this test's user and, where the
machine allows one, as the unprivileged user ``nobody`` (the setup docs/security.md recommends).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from medialit import qtypes
from medialit.cli import main
from medialit.grading.reports.lms import moodle_columns, moodle_worksheet, read_grades

from .conftest import right_answers, run_as_nobody, to_bytes

pytestmark = pytest.mark.slow  # whole batches, the victim's code answer in the sandbox

MOODLE_HEAD = [
    "Identifier",
    "Full name",
    "Email address",
    "Status",
    "Grade",
    "Maximum Grade",
    "Grade can be changed",
    "Last modified (submission)",
    "Last modified (grade)",
    "Feedback comments",
]
SPANISH_HEAD = [
    "Identificador",
    "Nombre completo",
    "Dirección de correo",
    "Estado",
    "Calificación",
    "Calificación máxima",
    "La calificación puede ser cambiada",
    "Última modificación (entrega)",
    "Última modificación (calificación)",
    "Comentarios de retroalimentación",
]
NOT_GRADED = ("student", "file", "message", "copy_group", "copy_kind")


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _grades(out: Path) -> list[dict[str, str]]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _graded_part(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k not in NOT_GRADED}


@pytest.fixture(scope="module")
def notebooks(lesson, submission, exercise):
    """The victim's real work (written answers left for another day: no manual grading) and a blank notebook."""
    answers = {qid: a for qid, a in right_answers(lesson).items() if not qtypes.get(lesson_types(lesson)[qid]).manual}
    return {"victim": to_bytes(submission(answers)), "blank": to_bytes(exercise)}


def lesson_types(lesson) -> dict[str, str]:
    return {q.id: q.type for q in lesson.questions}


@pytest.fixture(scope="module")
def alone(tmp_path_factory, lesson, notebooks):
    """The victim's row of grades.csv, graded alone."""
    root = tmp_path_factory.mktemp("alone")
    (root / "subs").mkdir()
    (root / "subs" / "victim.ipynb").write_bytes(notebooks["victim"])
    assert main(["grade", str(root / "subs"), "--out", str(root / "out"), "--lesson", lesson.id]) == 0
    (row,) = _grades(root / "out")
    assert float(row["total"]) > 0
    return _graded_part(row)


Cli = Callable[[list[str]], int]


@pytest.fixture(params=["grader's user", "unprivileged grader"])
def cli(request, tmp_path, unprivileged_python) -> Cli:
    """``medialit ARGS`` as this test's user, or as ``nobody`` (its output printed here for ``capsys``)."""
    if request.param == "grader's user":
        return main
    if unprivileged_python is None:
        pytest.skip("no Python that an unprivileged user can run with this environment's packages")

    def as_nobody(args: list[str]) -> int:
        # tmp_path is private to this test's user: the batch runs on a copy nobody can reach,
        # and its reports come back where the test looks for them.
        with tempfile.TemporaryDirectory(prefix="medialit-nobody-") as tmp:
            work = Path(tmp) / "work"
            shutil.copytree(tmp_path, work)
            argv = ["-m", "medialit", *(a.replace(str(tmp_path), str(work)) for a in args)]
            proc = run_as_nobody(unprivileged_python, argv, Path(tmp))
            sys.stdout.write(proc.stdout)
            sys.stderr.write(proc.stderr)
            for made in work.iterdir():
                if made.is_dir() and not (tmp_path / made.name).exists():
                    shutil.copytree(made, tmp_path / made.name)
            return proc.returncode

    return as_nobody


def _grade(cli: Cli, subs: Path, out: Path, lesson, *lms: str) -> int:
    return cli(["grade", str(subs), "--out", str(out), "--lesson", lesson.id, *lms])


def _row(rows: list[dict[str, str]], student: str) -> dict[str, str]:
    found = [r for r in rows if r["student"] == student]
    assert len(found) == 1, (student, [(r["student"], r["file"]) for r in rows])
    return found[0]


def _moodle_sheet(path: Path, head: list[str] = MOODLE_HEAD, word: str = "Participant ") -> Path:
    rows = [
        [f"{word}111", "Mallory Bad", "m@example.edu", "Submitted", "", "100.00", "Yes", "-", "-", ""],
        [f"{word}222", "Victor Good", "v@example.edu", "Submitted", "", "100.00", "Yes", "-", "-", ""],
    ]
    return _write_csv(path, [head, *rows])


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_moodle_upload_named_like_another_participant(cli, tmp_path, lesson, notebooks, alone, layout, capsys):
    """Participant 111 uploads ``hw_222_assignsubmission_file_x.ipynb`` (or ``x_222_5_hw.ipynb`` in a folder)."""
    subs = tmp_path / "subs"
    subs.mkdir()
    if layout == "file":  # Moodle's names without "download as folders"
        (subs / "Mallory Bad_111_assignsubmission_file_hw_222_assignsubmission_file_x.ipynb").write_bytes(
            notebooks["blank"]
        )
        (subs / "Victor Good_222_assignsubmission_file_03.ipynb").write_bytes(notebooks["victim"])
    else:  # one folder per participant; the file keeps the name the student gave it
        (subs / "Mallory Bad_111_assignsubmission_file").mkdir()
        (subs / "Mallory Bad_111_assignsubmission_file" / "x_222_5_hw.ipynb").write_bytes(notebooks["blank"])
        (subs / "Victor Good_222_assignsubmission_file").mkdir()
        (subs / "Victor Good_222_assignsubmission_file" / "03.ipynb").write_bytes(notebooks["victim"])
    sheet = _moodle_sheet(tmp_path / "worksheet.csv")
    out = tmp_path / "out"
    assert _grade(cli, subs, out, lesson, "--moodle-worksheet", str(sheet)) == 0, capsys.readouterr().err
    rows = _grades(out)
    assert sorted(r["student"] for r in rows) == ["111", "222"]
    assert _graded_part(_row(rows, "222")) == alone
    assert float(_row(rows, "111")["total"]) < float(alone["total"])
    moodle = {r[0]: r for r in _csv(out / "moodle-grades.csv")[1:]}
    assert moodle["Participant 222"][4] == alone["total"]
    assert moodle["Participant 111"][4] == _row(rows, "111")["total"]


def test_canvas_zip_holding_another_users_folder(cli, tmp_path, lesson, notebooks, alone, capsys):
    """Canvas user 111 hands in ``hw.zip`` holding ``222/hw.ipynb``: Canvas names it ``aaron_111_555_hw.zip``."""
    subs = tmp_path / "subs"
    subs.mkdir()
    with zipfile.ZipFile(subs / "aaron_111_555_hw.zip", "w") as zf:
        zf.writestr("222/hw.ipynb", notebooks["blank"])
    (subs / "victor_222_556_03.ipynb").write_bytes(notebooks["victim"])
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson (4411)"]
    book = _write_csv(
        tmp_path / "gradebook.csv",
        [
            head,
            ["    Points Possible", "", "", "", "", "100"],
            ["Bad, Aaron", "111", "", "", "A", ""],
            ["Good, Victor", "222", "", "", "A", ""],
        ],
    )
    out = tmp_path / "out"
    code = _grade(cli, subs, out, lesson, "--canvas-gradebook", str(book), "--assignment", "Lesson")
    assert code == 0, capsys.readouterr().err
    rows = _grades(out)
    assert sorted(r["student"] for r in rows) == ["111", "222"]
    assert _row(rows, "111")["file"].endswith("aaron_111_555_hw.zip!222/hw.ipynb")
    assert _graded_part(_row(rows, "222")) == alone
    canvas = {r[1]: r[-1] for r in _csv(out / "canvas-import.csv")[2:]}
    assert canvas == {"111": _row(rows, "111")["total"], "222": alone["total"]}


def test_zip_holding_another_students_folder(cli, tmp_path, lesson, notebooks, alone):
    """Alice's zip holds ``bob/03.ipynb``; Bob hands in his folder. The zip names Alice, never Bob."""
    subs = tmp_path / "subs"
    (subs / "bob").mkdir(parents=True)
    (subs / "bob" / "03.ipynb").write_bytes(notebooks["victim"])
    with zipfile.ZipFile(subs / "alice.zip", "w") as zf:
        zf.writestr("bob/03.ipynb", notebooks["blank"])
    out = tmp_path / "out"
    assert _grade(cli, subs, out, lesson) == 0
    rows = _grades(out)
    assert sorted(r["student"] for r in rows) == ["alice", "bob"]
    assert _graded_part(_row(rows, "bob")) == alone
    assert "another submission" not in _row(rows, "bob")["message"]
    assert json.loads((out / "results" / "bob.json").read_text(encoding="utf-8"))["score"] == float(alone["total"])


def test_two_files_claiming_one_id_are_both_error_rows_and_stay_out_of_the_import(
    cli, tmp_path, lesson, notebooks, capsys
):
    """Outside an LMS download a student can still name a file like Canvas does: then neither file counts."""
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "mallory_222_999_03.ipynb").write_bytes(notebooks["blank"])
    (subs / "victor_222_556_03.ipynb").write_bytes(notebooks["victim"])
    (subs / "ann_333_557_03.ipynb").write_bytes(notebooks["victim"])
    head = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Lesson (4411)"]
    book = _write_csv(
        tmp_path / "gradebook.csv",
        [head, ["Good, Victor", "222", "", "", "A", "55"], ["Lee, Ann", "333", "", "", "A", ""]],
    )
    sheet = _moodle_sheet(tmp_path / "worksheet.csv")
    out = tmp_path / "out"
    lms = ["--canvas-gradebook", str(book), "--assignment", "Lesson", "--moodle-worksheet", str(sheet)]
    assert _grade(cli, subs, out, lesson, *lms) == 1  # error rows
    err = capsys.readouterr().err
    rows = _grades(out)
    assert [r["student"] for r in rows] == ["333", "222", "222"]  # never renamed 222-2
    for r in rows[1:]:
        assert r["status"] == "error"
        assert "2 files claim the student id '222'" in r["message"]
        assert "mallory_222_999_03.ipynb" in r["message"] and "victor_222_556_03.ipynb" in r["message"]
    assert rows[0]["status"] != "error"
    canvas = {r[1]: r[-1] for r in _csv(out / "canvas-import.csv")[1:]}
    assert canvas == {"222": "55", "333": rows[0]["total"]}  # the victim's row keeps Canvas's own value
    moodle = {r[0]: r[4] for r in _csv(out / "moodle-grades.csv")[1:]}
    assert moodle["Participant 222"] == ""
    warned = [line for line in err.splitlines() if "warning (canvas): 222 (" in line]
    assert len(warned) == 2
    assert all("2 files claim the student id '222'" in line for line in warned)


def test_one_students_notebooks_of_several_lessons_are_all_graded(cli, tmp_path, lesson, notebooks, rendered, alone):
    """A student's folder holds a notebook of each lesson: each is graded under the student's id, with
    report files per lesson; only two notebooks of one lesson under one id are error rows."""
    other = next(
        data
        for path, data in sorted(rendered.items())
        if path.startswith("exercises/") and not Path(path).name.startswith(f"{lesson.number:02d}-")
    )
    other_lesson = json.loads(other)["metadata"]["medialit"]["lesson"]
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / "mine.ipynb").write_bytes(notebooks["victim"])
    (subs / "alice" / "other.ipynb").write_bytes(other)
    (subs / "bob").mkdir()
    (subs / "bob" / "a.ipynb").write_bytes(notebooks["victim"])
    (subs / "bob" / "b.ipynb").write_bytes(notebooks["blank"])
    out = tmp_path / "out"
    assert cli(["grade", str(subs), "--out", str(out)]) == 1  # bob's two notebooks of one lesson
    rows = _grades(out)
    alice = {r["lesson"]: r for r in rows if r["student"] == "alice"}
    assert set(alice) == {lesson.id, other_lesson}
    assert all(r["status"] != "error" for r in alice.values())
    assert (alice[lesson.id]["total"], alice[lesson.id]["max"]) == (alone["total"], alone["max"])
    for lid in (lesson.id, other_lesson):
        assert (out / "results" / f"alice.{lid}.json").is_file()
        assert (out / "feedback" / f"alice.{lid}.html").is_file()
    bob = [r for r in rows if r["student"] == "bob"]
    assert [r["status"] for r in bob] == ["error", "error"]
    assert all(f"2 files claim the student id 'bob' for {lesson.id}" in r["message"] for r in bob)


def test_a_zipped_folder_takes_ids_from_the_level_below(cli, tmp_path, lesson, notebooks, alone):
    """``subs.zip`` holding ``subs/<student>/...`` or ``subs/<student>.ipynb``: students, not ``subs``, ``subs-2``."""
    folders = tmp_path / "folders.zip"
    with zipfile.ZipFile(folders, "w") as zf:
        zf.writestr("subs/", b"")
        zf.writestr("subs/bob/03.ipynb", notebooks["victim"])
        zf.writestr("subs/cy/03.ipynb", notebooks["blank"])
        zf.writestr("__MACOSX/subs/._cy", b"junk")
    files = tmp_path / "files.zip"
    with zipfile.ZipFile(files, "w") as zf:
        zf.writestr("subs/dee.ipynb", notebooks["blank"])
        zf.writestr("subs/eve.ipynb", notebooks["blank"])
    out = tmp_path / "out"
    assert cli(["grade", str(folders), str(files), "--out", str(out), "--lesson", lesson.id]) == 0
    rows = _grades(out)
    assert [r["student"] for r in rows] == ["bob", "cy", "dee", "eve"]
    assert all(r["message"] == "" for r in rows)
    assert _graded_part(_row(rows, "bob")) == alone


def test_a_zip_of_one_lms_folder_keeps_the_lms_id(cli, tmp_path, lesson, notebooks, alone):
    """A Moodle download holding one student's folder: the id is Moodle's (5), never a number the
    student typed into the file name (``x_222_9_y`` looks like a Canvas name for 222)."""
    one = tmp_path / "one.zip"
    with zipfile.ZipFile(one, "w") as zf:
        zf.writestr("Ann Lee_5_assignsubmission_file/x_222_9_y.ipynb", notebooks["victim"])
    out = tmp_path / "out"
    assert cli(["grade", str(one), "--out", str(out), "--lesson", lesson.id]) == 0
    rows = _grades(out)
    assert [r["student"] for r in rows] == ["5"]
    assert _graded_part(rows[0]) == alone


def test_spanish_moodle_worksheet_through_a_batch(cli, tmp_path, lesson, notebooks, alone, capsys):
    """A worksheet downloaded from a Moodle in Spanish: headers and 'Participante' are Moodle's Spanish strings."""
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "Mallory Bad_111_assignsubmission_file_03.ipynb").write_bytes(notebooks["blank"])
    (subs / "Victor Good_222_assignsubmission_file_03.ipynb").write_bytes(notebooks["victim"])
    sheet = _moodle_sheet(tmp_path / "hoja.csv", SPANISH_HEAD, "Participante")
    out = tmp_path / "out"
    assert _grade(cli, subs, out, lesson, "--moodle-worksheet", str(sheet)) == 0, capsys.readouterr().err
    table = _csv(out / "moodle-grades.csv")
    assert table[0] == SPANISH_HEAD  # every column kept as Moodle wrote it
    by_id = {r[0]: r for r in table[1:]}
    assert by_id["Participante222"][4] == alone["total"]
    assert by_id["Participante222"][9] == f"Marked by medialit: {alone['total']} of {alone['max']} points."
    assert by_id["Participante111"][4] == _row(_grades(out), "111")["total"]


def test_worksheet_columns_found_by_content_in_any_language(tmp_path):
    """Headers medialit does not know: the identifier and the grade beside its maximum are found by content."""
    head = ["Kennzeichen", "Vollständiger Name", "E-Mail", "Status", "Bewertung", "Höchstbewertung", "Zuletzt"]
    rows = [
        ["Teilnehmer/in 7", "Jana Do", "jana@example.edu", "Abgegeben", "", "10,00", "-"],
        ["Teilnehmer/in 8", "Ben Sm", "ben@example.edu", "Abgegeben", "4,00", "10,00", "-"],
    ]
    sheet = _write_csv(tmp_path / "sheet.csv", [head, *rows])
    assert moodle_columns(sheet) == {"identifier": 0, "grade": 4, "maximum": 5, "email": 2}
    made = moodle_worksheet(_grade_rows(tmp_path, [("7", 7.5), ("BEN@example.edu", 9)]), sheet)
    table = _csv_text(made.text)
    assert [r[4] for r in table[1:]] == ["7.5", "9"]
    assert table[0] == head
    assert made.matched == 2


def _grade_rows(tmp_path: Path, scores: list[tuple[str, float]]):
    lines = ["student,file,total,max,status"] + [f"{sid},subs/{sid}.ipynb,{total},10,graded" for sid, total in scores]
    (tmp_path / "grades.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_grades(tmp_path / "grades.csv")


def _csv_text(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))
