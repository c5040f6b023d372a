"""Write grade reports, streaming: grades.csv, results/, feedback/, summary.json/.html, manual-queue.csv.

:class:`ReportWriter` takes one :class:`SubmissionResult` at a time: per-student
files are written at once, the CSV rows go to a temporary file and the summary
keeps running counts, so memory does not grow with the batch. ``close()``
writes the files that need the whole batch (grades.csv has one column per
question seen).

Output is deterministic: the same inputs give byte-identical files (no times,
no random names, sorted keys). Every student string is escaped in HTML and
Markdown; CSV cells that a spreadsheet would run as a formula are quoted with
a leading apostrophe, reversibly (:func:`csv_cell`, :func:`csv_value`).

Reports are written into a private staging folder inside ``out``
(``.medialit-staging-<pid>-<start>-*``, mode 0700) and moved into ``out`` only
when the whole batch is done, so an interrupted run leaves the previous reports
as they were. A grader that was killed leaves its staging folder behind; the
next run removes every staging folder whose owner is gone (the grader holds a lock
on a file in it while it runs), and leaves those of graders still running
(:func:`medialit.grading.owners.remove_stale`).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from medialit import qtypes
from medialit.grading import owners
from medialit.grading.copies import CopyFinder
from medialit.grading.naming import safe_name
from medialit.grading.reports.feedback import Release, feedback_html, feedback_markdown
from medialit.grading.reports.gradescope import gradescope_results
from medialit.grading.reports.results import SubmissionResult
from medialit.grading.reports.summary import Summary, format_number
from medialit.grading.reports.summary import question_order as _qorder
from medialit.model import Question

EXIT_OK, EXIT_SOME_ERRORS = 0, 1
FIXED_HEAD = ("student", "file", "lesson")
FIXED_TAIL = ("total", "max", "status", "late", "modified", "copy_group", "copy_kind", "message")
QUEUE_HEAD = ("student", "question", "score", "comment", "max_score", "answer", "file")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A CSV cell that spreadsheets do not run as a formula: a leading apostrophe, reversibly.

    Text starting with a formula character, or with an apostrophe itself, gets
    one more apostrophe in front; :func:`csv_value` removes it again.
    """
    return "'" + text if text[:1] in _FORMULA or text[:1] == "'" else text


def csv_value(cell: str) -> str:
    """The text :func:`csv_cell` escaped (the leading apostrophe removed)."""
    return cell[1:] if cell[:1] == "'" else cell


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="replace", newline="\n")


def write_atomic(path: Path, text: str) -> None:
    """Write ``path`` through a private temporary file in its folder and a rename: never half written."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON with ``<``, ``>`` and ``&`` as ``\\u`` escapes: the same data, but safe to embed in HTML.

    Without ``indent`` json uses its C encoder (per-student files are compact, for speed).
    """
    text = json.dumps(data, indent=indent, sort_keys=True, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


def _dump(data: Any, path: Path, indent: int | None = None) -> None:
    _write(path, json_text(data, indent))


def write_student_files(
    out: Path,
    r: SubmissionResult,
    questions: Mapping[str, Question] | None = None,
    visibility: str = "visible",
    release: Release | None = None,
    stem: str | None = None,
) -> None:
    """Write ``results/<student>.json`` and ``feedback/<student>.md`` and ``.html`` of one submission.

    ``release`` (``--release-explanations``) adds each question's explanation and sources;
    ``stem`` names the files instead of the student's id (``alice.L3``: :func:`naming.report_stem`).
    """
    name = stem or safe_name(r.student)
    _dump(gradescope_results(r, questions, visibility, release), out / "results" / f"{name}.json")
    _write(out / "feedback" / f"{name}.md", feedback_markdown(r, questions, release))
    _write(out / "feedback" / f"{name}.html", feedback_html(r, questions, release))


REPORTS = ("grades.csv", "summary.json", "summary.html", "manual-queue.csv")
STAGING_PREFIX = ".medialit-staging-"


def _commit(staging: Path, out: Path) -> None:
    """Move the reports from ``staging`` into ``out``: each file and folder replaced by a rename.

    results/ and feedback/ are swapped whole (the previous ones, with files of
    students no longer in the batch, are removed); other files in ``out`` are kept.
    """
    for sub in ("results", "feedback"):
        old = out / sub
        if old.is_dir() and not old.is_symlink():
            os.replace(old, staging / f"previous-{sub}")
        elif old.exists() or old.is_symlink():
            old.unlink()
        os.replace(staging / sub, old)
    for name in REPORTS:
        os.replace(staging / name, out / name)
    shutil.rmtree(staging, ignore_errors=True)


class ReportWriter:
    """Streams reports into a staging folder and moves them into ``out`` on :meth:`close`.

    Use as a context manager: on an exception the staging folder is removed and
    ``out`` is left as it was.

    Parameters
    ----------
    out
        The report folder (created if needed).
    questions
        The key's questions by id: rubrics for feedback and the summary.
    visibility
        Gradescope visibility of the tests in results/ files.
    release
        Explanations and sources released in the feedback (``--release-explanations``).
    """

    def __init__(
        self,
        out: str | Path,
        questions: Mapping[str, Question] | None = None,
        visibility: str = "visible",
        release: Release | None = None,
    ) -> None:
        self.out = Path(out)
        self.questions = dict(questions or {})
        self.visibility = visibility
        self.out.mkdir(parents=True, exist_ok=True)
        owners.remove_stale(self.out, STAGING_PREFIX)
        self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + owners.owner_tag(), dir=self.out))
        self._lock: int | None = owners.hold(self.staging)
        self.release = release
        for sub in ("results", "feedback"):
            (self.staging / sub).mkdir()
        self.summary = Summary(self.questions)
        self.copies = CopyFinder()
        self.qids: set[str] = set()
        self._rows = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115 - closed in close()
        self._queue: list[list[str]] = []
        self.count = 0
        self.errors: list[SubmissionResult] = []
        self.closed = False

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self.abort()

    def abort(self) -> None:
        """Drop what was written so far; ``out`` keeps the previous reports."""
        self.closed = True
        self._rows.close()
        shutil.rmtree(self.staging, ignore_errors=True)
        self._release()

    def add(self, r: SubmissionResult, *, files_written: bool = False, stem: str | None = None) -> None:
        """Write one submission's files (unless a worker did: ``files_written``; ``stem`` names them)
        and remember its row."""
        self.count += 1
        if not files_written:
            write_student_files(self.staging, r, self.questions, self.visibility, self.release, stem)
        self.summary.add(r)
        self.copies.add(r.answers_digest, r.file_digest, r.written, (r.student, r.file))
        if r.status == "error":
            self.errors.append(r)
        scores = {q.question: format_number(q.score) for q in r.questions}
        self.qids.update(scores)
        row = {
            "student": csv_cell(r.student),
            "file": csv_cell(r.file),
            "lesson": r.lesson,
            "scores": scores,
            "total": format_number(r.score),
            "max": format_number(r.max_score),
            "status": r.status,
            "late": "late" if r.late else "",
            "modified": " ".join(r.modified),
            "message": csv_cell(r.message),
            "digests": [r.answers_digest, r.file_digest],
            "who": [r.student, r.file],
        }
        self._rows.write(json.dumps(row, ensure_ascii=False) + "\n")
        for q in r.questions:
            spec = self.questions.get(q.question)
            if q.status == "needs manual grading" or (q.teacher or (spec is not None and qtypes.is_manual(spec.type))):
                score = format_number(q.score) if q.teacher else ""
                comment = q.message.split("Comment: ", 1)[1] if q.teacher and "Comment: " in q.message else ""
                answer = _plain_answer(q.answer)
                self._queue.append(
                    [
                        csv_cell(r.student),
                        q.question,
                        score,
                        csv_cell(comment),
                        format_number(q.max_score),
                        csv_cell(answer),
                        csv_cell(r.file),
                    ]
                )

    def close(self) -> dict[str, Path]:
        """Write grades.csv, summary.json, summary.html and manual-queue.csv, move every report into ``out``.

        Returns the paths of those four files in ``out``.
        """
        paths = {
            "grades": self.out / "grades.csv",
            "summary": self.out / "summary.json",
            "summary_html": self.out / "summary.html",
            "manual_queue": self.out / "manual-queue.csv",
        }
        if self.closed:
            return paths
        self.closed = True
        try:
            self._write_batch_files()
        except BaseException:
            self.abort()
            raise
        try:
            _commit(self.staging, self.out)
        finally:
            self._release()
        return paths

    def _release(self) -> None:
        """Let go of the staging folder's lock (once: the descriptor's number may be reused after)."""
        lock, self._lock = self._lock, None
        owners.release(lock)

    def _write_batch_files(self) -> None:
        qids = sorted(self.qids, key=_qorder)
        with (self.staging / "grades.csv").open("w", encoding="utf-8", errors="replace", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([*FIXED_HEAD, *qids, *FIXED_TAIL])
            self._rows.seek(0)
            for line in self._rows:
                row = json.loads(line)
                group, kind = self.copies.label(*row["who"], *row["digests"])
                w.writerow(
                    [
                        row["student"],
                        row["file"],
                        row["lesson"],
                        *(row["scores"].get(q, "") for q in qids),
                        row["total"],
                        row["max"],
                        row["status"],
                        row["late"],
                        row["modified"],
                        group,
                        kind,
                        row["message"],
                    ]
                )
        self._rows.close()
        self.summary.copies = self.copies.groups()
        self.summary.near_copies = self.copies.near_copies()
        _dump(self.summary.to_dict(), self.staging / "summary.json", indent=2)
        _write(self.staging / "summary.html", self.summary.to_html())
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(QUEUE_HEAD)
        w.writerows(self._queue)
        _write(self.staging / "manual-queue.csv", buf.getvalue())


def _plain_answer(answer: str) -> str:
    """A short-text answer as the student wrote it (the canonical JSON string decoded)."""
    for text in (answer, answer[:-1] + '"'):
        try:
            value = json.loads(text)
        except ValueError:
            continue
        return value.strip() + ("…" if text is not answer else "") if isinstance(value, str) else answer
    return answer


def exit_code(results: Iterable[SubmissionResult]) -> int:
    """0 when every submission was graded, 1 when some were errors."""
    return EXIT_SOME_ERRORS if any(r.status == "error" for r in results) else EXIT_OK
