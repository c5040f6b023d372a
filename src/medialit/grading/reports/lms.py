"""Grades for an LMS: a Canvas gradebook import file and a Moodle grading worksheet.

Both are written from the rows of one grading run (``grades.csv``, or the
:class:`~medialit.grading.reports.results.SubmissionResult` objects themselves) merged
onto a file the LMS exported, so the LMS recognises every student:

Canvas (:func:`canvas_import`)
    Merged onto the gradebook export (Grades > Export > Export Entire
    Gradebook). The import file has the identity columns Canvas requires,
    copied from the export: ``Student``, ``ID``, ``SIS User ID``,
    ``SIS Login ID``, ``Integration ID`` (only when the export has it),
    ``Section``; then one column for the assignment. The assignment column
    keeps the export's header (``Lesson 3 (1234)``) when ``assignment`` names
    an existing assignment, else it is ``assignment`` itself and Canvas creates
    the assignment on import. The export's ``Points Possible`` row is kept
    (the first data row, as Canvas writes it). Grades are matched by the
    student id of the grading run against ``ID`` (the Canvas user id, which
    Canvas puts in its submission download names), then ``SIS User ID``, then
    ``SIS Login ID``.

Moodle (:func:`moodle_worksheet`)
    Merged onto the assignment's grading worksheet (View all submissions >
    Grading action > Download grading worksheet), every column kept as Moodle
    wrote it: ``Identifier`` (``Participant N``), ``Full name``,
    ``Email address``, ``Status``, ``Grade``, ``Maximum Grade``,
    ``Grade can be changed``, ``Last modified (submission)``,
    ``Last modified (grade)``, ``Feedback comments`` (and any other column
    the site adds). ``Grade`` is filled in; an empty ``Feedback comments``
    cell gets one line with the score. Grades are matched by the student id
    of the grading run against the ``N`` of ``Participant N`` (the number in
    Moodle's "Download all submissions" names), then the whole identifier,
    then ``Email address`` and ``ID number`` (case-insensitive). A worksheet
    downloaded in another language is read the same way: its columns are found
    by Moodle's translated headers or by their content (:func:`moodle_columns`),
    and written back with the headers Moodle gave them.

Nothing is dropped silently: a graded submission whose student is not in the
LMS file, an id two students of the LMS file share, a submission that is an
error row (with its message: two files claiming one id say which) or waits for
manual grading, and a points mismatch are each one line of
:attr:`LmsExport.warnings`. A student of the LMS file whom two graded
submissions match gets neither grade (the warning names both). Students of the
LMS file without a graded submission keep the value the LMS exported (the
import changes nothing for them).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from medialit.errors import LmsExportError
from medialit.grading.reports.report import csv_value, write_atomic
from medialit.grading.reports.summary import format_number

CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_OPTIONAL_IDENTITY = ("Integration ID",)
CANVAS_MATCH = ("ID", "SIS User ID", "SIS Login ID")
POINTS_POSSIBLE = "Points Possible"
MOODLE_COLUMNS = (
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
)
#: Moodle's header strings for the worksheet's columns: English, then translations from Moodle's
#: language packs (``assign`` and core strings ``recordid``, ``grade``, ``maxgrade``,
#: ``gradecanbechanged``, ``email``, ``idnumber``, and the feedback comments plugin's name).
#: Columns not found by name are found by content (:func:`moodle_columns`).
MOODLE_HEADERS: dict[str, tuple[str, ...]] = {
    "identifier": ("Identifier", "Identificador"),
    "grade": ("Grade", "Calificación"),
    "maximum": ("Maximum Grade", "Calificación máxima"),
    "changeable": (
        "Grade can be changed",
        "La calificación puede ser cambiada",
        "La calificación puede cambiarse",
        "La note peut être modifiée",
        "La valutazione può essere cambiata",
    ),
    "feedback": ("Feedback comments", "Comentarios de retroalimentación"),
    "email": ("Email address",),
    "idnumber": ("ID number",),
}
#: A worksheet identifier: Moodle's word for a participant, then the participant number.
PARTICIPANT = re.compile(r"^\s*(?P<word>[^\d\s][^\d]*?)\s*(?P<n>\d+)\s*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LMS_BYTES = 50 * 2**20


@dataclass(frozen=True)
class GradeRow:
    """One submission's outcome as an LMS needs it.

    Attributes
    ----------
    student : the student id of the grading run.
    file : where the notebook came from (for warnings).
    total, max_score : points earned and available (``None`` for an error row).
    status : ``graded``, ``needs manual grading`` or ``error``.
    late : the LMS marked the submission late.
    """

    student: str
    file: str
    total: float | None
    max_score: float | None
    status: str
    late: bool = False
    message: str = ""


def _number(text: str) -> float | None:
    """A number as an LMS writes it (``10.00``; ``10,00`` where the decimal separator is a comma)."""
    text = text.strip()
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_grades(path: str | Path) -> list[GradeRow]:
    """The rows of a ``grades.csv`` written by ``medialit grade``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LmsExportError(f"{path}: cannot read grades ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("student", "file", "total", "max", "status") if c not in (reader.fieldnames or [])]
    if missing:
        raise LmsExportError(f"{path}: not a medialit grades.csv (no column {', '.join(missing)}); grade again")
    return [
        GradeRow(
            csv_value(row["student"]),
            csv_value(row["file"]),
            _number(row["total"]) if row["status"] != "error" else None,
            _number(row["max"]) if row["status"] != "error" else None,
            row["status"],
            (row.get("late") or "") == "late",
            csv_value(row.get("message") or ""),
        )
        for row in reader
    ]


@dataclass(frozen=True)
class LmsExport:
    """A file for an LMS: its CSV text, what was matched, and the warnings to show the teacher."""

    kind: str
    text: str
    matched: int
    warnings: tuple[str, ...]

    def write(self, path: str | Path) -> Path:
        """Write the CSV to ``path`` (atomically) and return the path."""
        path = Path(path)
        write_atomic(path, self.text)
        return path


@dataclass(frozen=True)
class _Table:
    path: str
    header: list[str]
    rows: list[list[str]]


def _read_table(path: str | Path, what: str) -> _Table:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_LMS_BYTES + 1)
    except OSError as exc:
        raise LmsExportError(f"{p}: cannot read the {what} ({exc.strerror or exc})") from None
    if len(raw) > MAX_LMS_BYTES:
        raise LmsExportError(f"{p}: the {what} is larger than {MAX_LMS_BYTES // 2**20} MB; is it the right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LmsExportError(
            f"{p}: the {what} is not UTF-8 text; download it again from the LMS "
            "(a spreadsheet that re-saved it may have changed the encoding: save as 'CSV UTF-8')"
        ) from None
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise LmsExportError(f"{p}: the {what} is not valid CSV ({exc})") from None
    if not table:
        raise LmsExportError(f"{p}: the {what} is empty")
    header = [h.strip() for h in table[0]]
    width = len(header)
    rows = [(row + [""] * width)[:width] for row in table[1:] if any(cell.strip() for cell in row)]
    return _Table(str(p), header, rows)


def _csv(rows: Sequence[Sequence[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerows(rows)
    return buf.getvalue()


def _index(keys_of_rows: list[list[str]], fold: bool = False) -> list[dict[str, int | None]]:
    """Per matching column: value -> row number (``None`` when two rows share the value)."""
    width = len(keys_of_rows[0]) if keys_of_rows else 0
    out: list[dict[str, int | None]] = [{} for _ in range(width)]
    for i, keys in enumerate(keys_of_rows):
        for col, key in enumerate(keys):
            key = key.strip().casefold() if fold else key.strip()
            if key:
                out[col][key] = None if key in out[col] else i
    return out


def _find(student: str, index: list[dict[str, int | None]], fold: bool = False) -> tuple[int | None, bool]:
    """``(row, ambiguous)`` of the first matching column whose value names one row."""
    key = student.strip().casefold() if fold else student.strip()
    ambiguous = False
    for col in index:
        if key in col:
            row = col[key]
            if row is not None:
                return row, False
            ambiguous = True
    return None, ambiguous


def _scaled(row: GradeRow, points: float | None, scale: bool) -> float:
    assert row.total is not None
    if scale and points is not None and row.max_score:
        return round(row.total * points / row.max_score, 2)
    return row.total


def _unmatched(row: GradeRow, where: str, ambiguous: bool) -> str:
    if ambiguous:
        why = f"several students in the {where} have this id; fix the export or grade with --id-pattern"
    else:
        why = f"no student in the {where} has this id; its grade is NOT in the file"
    return f"{row.student} ({row.file}): {why}"


def _gradeable(rows: Iterable[GradeRow], warnings: list[str]) -> list[GradeRow]:
    out = []
    for row in rows:
        if row.status == "error" or row.total is None:
            why = f": {row.message}" if row.message else ""
            warnings.append(f"{row.student} ({row.file}): not graded (an error row in grades.csv{why}); left unchanged")
        elif row.status != "graded":
            warnings.append(
                f"{row.student} ({row.file}): {row.status}; left unchanged until the teacher's scores "
                "are merged (grade again with --manual)"
            )
        else:
            out.append(row)
    return out


def _match(
    graded: list[GradeRow], index: list[dict[str, int | None]], where: str, label: list[str], warnings: list[str]
) -> dict[int, GradeRow]:
    """The graded row of each LMS row (by row number); ``label[i]`` names LMS row ``i`` in warnings.

    A row of the LMS file that two graded submissions match gets neither: its value stays as the LMS
    exported it, and the warning names both.
    """
    claims: dict[int, list[GradeRow]] = {}
    for g in graded:
        i, ambiguous = _find(g.student, index, fold=True)
        if i is None:
            warnings.append(_unmatched(g, where, ambiguous))
        else:
            claims.setdefault(i, []).append(g)
    out: dict[int, GradeRow] = {}
    for i, rows in claims.items():
        if len(rows) == 1:
            out[i] = rows[0]
            continue
        both = ", ".join(f"{g.student} ({g.file})" for g in rows)
        warnings.append(
            f"{label[i]}: {len(rows)} graded submissions match this student ({both}); neither is written, "
            f"the {where} keeps its value: keep one submission per student and grade again"
        )
    return dict(sorted(out.items()))


def _common_max(rows: list[GradeRow]) -> float | None:
    maxima = {r.max_score for r in rows if r.max_score is not None}
    return maxima.pop() if len(maxima) == 1 else None


def _canvas_column(header: list[str], assignment: str, path: str) -> int | None:
    name = assignment.strip()
    exact = [i for i, h in enumerate(header) if h == name]
    if exact:
        return exact[0]
    pattern = re.compile(re.escape(name) + r"\s*\(\d+\)$")
    found = [i for i, h in enumerate(header) if pattern.match(h)]
    if len(found) > 1:
        names = ", ".join(repr(header[i]) for i in found)
        raise LmsExportError(f"{path}: several assignments are named {name!r} ({names}); pass the full column header")
    return found[0] if found else None


def canvas_import(
    rows: Iterable[GradeRow], gradebook: str | Path, assignment: str, *, scale: bool = False
) -> LmsExport:
    """A Canvas gradebook import file: ``gradebook`` (Canvas's export) with the grades of ``rows``.

    ``assignment`` names the assignment column (an existing one, with or without
    Canvas's ``(id)`` suffix, or a new one). With ``scale``, scores are rescaled
    from medialit's maximum to the assignment's ``Points Possible``.
    """
    if not assignment.strip():
        raise LmsExportError("the Canvas assignment name is empty; pass --assignment NAME")
    table = _read_table(gradebook, "Canvas gradebook export")
    missing = [c for c in CANVAS_IDENTITY if c not in table.header]
    if missing:
        raise LmsExportError(
            f"{table.path}: not a Canvas gradebook export: no column {', '.join(map(repr, missing))} "
            f"(Canvas exports start with {', '.join(CANVAS_IDENTITY)}); export the gradebook again from "
            "Grades > Export > Export Entire Gradebook"
        )
    identity = [c for c in table.header if c in CANVAS_IDENTITY or c in CANVAS_OPTIONAL_IDENTITY]
    pos = {c: table.header.index(c) for c in identity}
    col = _canvas_column(table.header, assignment, table.path)
    title = table.header[col] if col is not None else assignment.strip()
    warnings: list[str] = []
    points_row, students = _canvas_rows(table, pos, warnings)
    graded = _gradeable(rows, warnings)
    points = _canvas_points(points_row, col, _common_max(graded), title, scale, warnings)
    index = _index([[row[pos[c]] for c in CANVAS_MATCH] for row in students], fold=True)
    names = [f"{row[pos['Student']]} (ID {row[pos['ID']]})" for row in students]
    matches = _match(graded, index, "Canvas gradebook", names, warnings)
    values = {i: format_number(_scaled(g, points, scale)) for i, g in matches.items()}
    out = [[*identity, title]]
    if points_row is not None:
        pp = format_number(points) if points is not None else ""
        out.append([*(points_row[pos[c]] for c in identity), pp])
    for i, row in enumerate(students):
        kept = row[col] if col is not None else ""
        out.append([*(row[pos[c]] for c in identity), values.get(i, kept)])
    return LmsExport("canvas", _csv(out), len(values), tuple(warnings))


def _canvas_rows(table: _Table, pos: dict[str, int], warnings: list[str]) -> tuple[list[str] | None, list[list[str]]]:
    """The export's ``Points Possible`` row (if any) and its student rows; other rows are counted in ``warnings``."""
    points_row: list[str] | None = None
    students: list[list[str]] = []
    skipped = 0
    for row in table.rows:
        if row[pos["Student"]].strip() == POINTS_POSSIBLE and not row[pos["ID"]].strip():
            points_row = row
        elif row[pos["ID"]].strip():
            students.append(row)
        else:
            skipped += 1
    if skipped:
        warnings.append(f"{skipped} row(s) of the export have no ID (not students); not copied")
    if not students:
        raise LmsExportError(f"{table.path}: the Canvas gradebook export lists no student (no row has an ID)")
    return points_row, students


def _canvas_points(
    points_row: list[str] | None, col: int | None, top: float | None, title: str, scale: bool, warnings: list[str]
) -> float | None:
    """The assignment's points possible (the export's, else medialit's common maximum ``top``).

    Warns when Canvas creates the column on import, and when the points differ from ``top``
    (rescaled with ``scale``, otherwise written out of ``top``).
    """
    points: float | None = None
    if points_row is not None and col is not None:
        points = _number(points_row[col])
    elif top is not None:
        points = top
    if col is None:
        warnings.append(f"{title!r} is not an assignment of the export: Canvas creates it on import")
    if top is not None and points is not None and abs(top - points) > 1e-9:
        if scale:
            warnings.append(f"scores rescaled from {format_number(top)} to {format_number(points)} points possible")
        else:
            warnings.append(
                f"{title!r} is worth {format_number(points)} points in Canvas but medialit's total is out of "
                f"{format_number(top)}: scores are written out of {format_number(top)} (use --lms-scale to rescale)"
            )
    return points


def _participant(identifier: str) -> str:
    """The number of a worksheet identifier (``Participant 12``; ``Participante12`` in Spanish)."""
    m = PARTICIPANT.match(identifier)
    return m.group("n") if m else ""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _by_header(header: list[str], column: str) -> int | None:
    names = {_fold(h) for h in MOODLE_HEADERS[column]}
    found = [i for i, h in enumerate(header) if _fold(h) in names]
    return found[0] if found else None


def _column(table: _Table, i: int) -> list[str]:
    return [row[i].strip() for row in table.rows]


def _identifier_column(table: _Table) -> int | None:
    """The column of ``Participant N`` identifiers, by header or by content: every cell one word and a number."""
    i = _by_header(table.header, "identifier")
    if i is not None:
        return i
    for i in range(len(table.header)):
        cells = _column(table, i)
        found = [PARTICIPANT.match(c) for c in cells]
        if cells and all(found) and len({_fold(m.group("word")) for m in found if m}) == 1:
            return i
    return None


def _maximum_column(table: _Table) -> int | None:
    """The maximum grade column, by header or by content: the same positive number in every row."""
    i = _by_header(table.header, "maximum")
    if i is not None:
        return i
    for i in range(1, len(table.header)):
        values = {_number(c) for c in _column(table, i)}
        if len(values) == 1 and (top := values.pop()) is not None and top > 0:
            before = [_number(c) for c in _column(table, i - 1) if c and c != "-"]
            if all(v is not None and 0 <= v <= top for v in before):
                return i
    return None


def moodle_columns(table_or_path: str | Path) -> dict[str, int]:
    """Where the columns medialit reads and writes are in a Moodle grading worksheet, in any language.

    Keys: ``identifier`` and ``grade`` (always), ``maximum``, ``changeable``, ``feedback``,
    ``email``, ``idnumber`` (when found). Columns are found by Moodle's header strings
    (:data:`MOODLE_HEADERS`: English and the translations listed) or else by content: the
    identifier column holds one word and a number in every row (``Participant 12``,
    ``Participante12``), the maximum grade column one positive number in every row, and the
    grade column is the one before it (Moodle writes them side by side); the email column
    holds addresses.
    """
    return _moodle_columns(_read_table(table_or_path, "Moodle grading worksheet"))


def _moodle_columns(table: _Table) -> dict[str, int]:
    cols: dict[str, int] = {}
    ident = _identifier_column(table)
    maximum = _maximum_column(table)
    grade = _by_header(table.header, "grade")
    if grade is None and maximum is not None:
        grade = maximum - 1
    if ident is None or grade is None:
        wanted = {
            "identifier": "identifier column (headed "
            + " or ".join(map(repr, MOODLE_HEADERS["identifier"]))
            + ", or 'Participant N' in every row)",
            "grade": "grade column (headed "
            + " or ".join(map(repr, MOODLE_HEADERS["grade"]))
            + ", or just before a maximum grade column)",
        }
        missing = " and no ".join(wanted[k] for k, col in (("identifier", ident), ("grade", grade)) if col is None)
        raise LmsExportError(
            f"{table.path}: not a Moodle grading worksheet: no {missing}; download it from the assignment's "
            "'View all submissions' page (Grading action > Download grading worksheet)"
        )
    cols["identifier"], cols["grade"] = ident, grade
    if maximum is not None:
        cols["maximum"] = maximum
    for column in ("changeable", "feedback", "email", "idnumber"):
        i = _by_header(table.header, column)
        if i is not None:
            cols[column] = i
    if "email" not in cols:
        for i in range(len(table.header)):
            cells = [c for c in _column(table, i) if c]
            if cells and all(EMAIL.match(c) for c in cells):
                cols["email"] = i
                break
    return cols


def moodle_worksheet(rows: Iterable[GradeRow], worksheet: str | Path, *, scale: bool = False) -> LmsExport:
    """A Moodle grading worksheet to upload: ``worksheet`` (Moodle's download) with the grades of ``rows``.

    Every column of the worksheet is kept; the grade is filled in and an empty
    feedback comments cell gets the score. With ``scale``, scores are rescaled
    from medialit's maximum to the worksheet's maximum grade. The worksheet may be
    in any language (:func:`moodle_columns`).
    """
    table = _read_table(worksheet, "Moodle grading worksheet")
    h = _moodle_columns(table)
    warnings: list[str] = []
    graded = _gradeable(rows, warnings)

    def cell(row: list[str], column: str) -> str:
        return row[h[column]] if column in h else ""

    keys = [
        [_participant(cell(row, "identifier")), cell(row, "identifier"), cell(row, "email"), cell(row, "idnumber")]
        for row in table.rows
    ]
    index = _index(keys, fold=True)
    labels = [cell(row, "identifier") for row in table.rows]
    values: dict[int, tuple[str, GradeRow]] = {}
    rescaled: set[tuple[str, str]] = set()
    for i, g in _match(graded, index, "Moodle worksheet", labels, warnings).items():
        row = table.rows[i]
        maximum = _number(cell(row, "maximum"))
        if maximum is not None and g.max_score is not None and abs(maximum - g.max_score) > 1e-9:
            rescaled.add((format_number(g.max_score), format_number(maximum)))
        if _fold(cell(row, "changeable")) == "no":
            warnings.append(
                f"{g.student} ({cell(row, 'identifier')}): Moodle says the grade cannot be changed "
                "(locked or overridden in the gradebook); Moodle will skip this row"
            )
        values[i] = (format_number(_scaled(g, maximum, scale)), g)
    for mine, theirs in sorted(rescaled):
        if scale:
            warnings.append(f"scores rescaled from {mine} to Moodle's maximum grade {theirs}")
        else:
            warnings.append(
                f"Moodle's maximum grade is {theirs} but medialit's total is out of {mine}: scores are "
                f"written out of {mine} (use --lms-scale to rescale)"
            )
    out = [table.header]
    for i, row in enumerate(table.rows):
        row = list(row)
        if i in values:
            value, g = values[i]
            row[h["grade"]] = value
            if "feedback" in h and not row[h["feedback"]].strip():
                earned, available = format_number(g.total or 0.0), format_number(g.max_score or 0.0)
                row[h["feedback"]] = f"Marked by medialit: {earned} of {available} points."
        out.append(row)
    return LmsExport("moodle", _csv(out), len(values), tuple(warnings))
