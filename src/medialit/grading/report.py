"""Write grade reports, streaming: grades.csv, results/, feedback/, summary.json/.html, manual-queue.csv.

:class:`ReportWriter` takes one :class:`SubmissionResult` at a time: per-student
files are written at once, the CSV rows go to a temporary file and the summary
keeps running counts, so memory does not grow with the batch. ``close()``
writes the files that need the whole batch (grades.csv has one column per
question seen).

Output is deterministic: the same inputs give byte-identical files (no times,
no random names, sorted keys). Every student string is escaped in HTML and
Markdown; CSV cells that a spreadsheet would run as a formula are quoted with
a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from medialit.grading.feedback import Release, feedback_html, feedback_markdown
from medialit.grading.grade import SubmissionResult, safe_name
from medialit.grading.gradescope import gradescope_results
from medialit.grading.summary import Summary
from medialit.grading.summary import format_number as _num
from medialit.grading.summary import question_order as _qorder
from medialit.model import Question

EXIT_OK, EXIT_SOME_ERRORS = 0, 1
FIXED_HEAD = ("student", "file", "lesson")
FIXED_TAIL = ("total", "max", "status", "modified", "message")
QUEUE_HEAD = ("student", "question", "score", "comment", "max_score", "answer", "file")


def csv_cell(text: str) -> str:
    """A CSV cell that spreadsheets do not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", errors="replace", newline="\n")


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
) -> None:
    """Write ``results/<student>.json`` and ``feedback/<student>.md`` and ``.html`` of one submission.

    ``release`` (``--release-explanations``) adds each question's explanation and sources.
    """
    name = safe_name(r.student)
    _dump(gradescope_results(r, questions, visibility, release), out / "results" / f"{name}.json")
    _write(out / "feedback" / f"{name}.md", feedback_markdown(r, questions, release))
    _write(out / "feedback" / f"{name}.html", feedback_html(r, questions, release))


class ReportWriter:
    """Streams reports into ``out``; use as a context manager or call :meth:`close`.

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
        self.release = release
        for sub in ("results", "feedback"):
            (self.out / sub).mkdir(parents=True, exist_ok=True)
        self.summary = Summary(self.questions)
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
            self._rows.close()

    def add(self, r: SubmissionResult, *, files_written: bool = False) -> None:
        """Write one submission's files (unless a worker did: ``files_written``) and remember its row."""
        self.count += 1
        if not files_written:
            write_student_files(self.out, r, self.questions, self.visibility, self.release)
        self.summary.add(r)
        if r.status == "error":
            self.errors.append(r)
        scores = {q.question: _num(q.score) for q in r.questions}
        self.qids.update(scores)
        row = {
            "student": csv_cell(r.student),
            "file": csv_cell(r.file),
            "lesson": r.lesson,
            "scores": scores,
            "total": _num(r.score),
            "max": _num(r.max_score),
            "status": r.status,
            "modified": " ".join(r.modified),
            "message": csv_cell(r.message),
        }
        self._rows.write(json.dumps(row, ensure_ascii=False) + "\n")
        for q in r.questions:
            spec = self.questions.get(q.question)
            if q.status == "needs manual grading" or (q.teacher or (spec is not None and spec.manual)):
                score = _num(q.score) if q.teacher else ""
                comment = q.message.split("Comment: ", 1)[1] if q.teacher and "Comment: " in q.message else ""
                answer = _plain_answer(q.answer)
                self._queue.append(
                    [
                        csv_cell(r.student),
                        q.question,
                        score,
                        csv_cell(comment),
                        _num(q.max_score),
                        csv_cell(answer),
                        csv_cell(r.file),
                    ]
                )

    def close(self) -> dict[str, Path]:
        """Write grades.csv, summary.json, summary.html and manual-queue.csv; return their paths."""
        paths = {
            "grades": self.out / "grades.csv",
            "summary": self.out / "summary.json",
            "summary_html": self.out / "summary.html",
            "manual_queue": self.out / "manual-queue.csv",
        }
        if self.closed:
            return paths
        self.closed = True
        qids = sorted(self.qids, key=_qorder)
        with paths["grades"].open("w", encoding="utf-8", errors="replace", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([*FIXED_HEAD, *qids, *FIXED_TAIL])
            self._rows.seek(0)
            for line in self._rows:
                row = json.loads(line)
                w.writerow(
                    [
                        row["student"],
                        row["file"],
                        row["lesson"],
                        *(row["scores"].get(q, "") for q in qids),
                        row["total"],
                        row["max"],
                        row["status"],
                        row["modified"],
                        row["message"],
                    ]
                )
        self._rows.close()
        _dump(self.summary.to_dict(), paths["summary"], indent=2)
        _write(paths["summary_html"], self.summary.to_html())
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(QUEUE_HEAD)
        w.writerows(self._queue)
        _write(paths["manual_queue"], buf.getvalue())
        return paths


def _plain_answer(answer: str) -> str:
    """A short-text answer as the student wrote it (the canonical JSON string decoded)."""
    for text in (answer, answer[:-1] + '"'):
        try:
            value = json.loads(text)
        except ValueError:
            continue
        return value.strip() + ("…" if text is not answer else "") if isinstance(value, str) else answer
    return answer


def grades_csv(results: list[SubmissionResult]) -> str:
    """grades.csv for a list of results, as text (see :class:`ReportWriter`)."""
    with tempfile.TemporaryDirectory() as tmp:
        with ReportWriter(tmp) as w:
            for r in results:
                w.add(r)
        return (Path(tmp) / "grades.csv").read_text(encoding="utf-8")


def summary(results: list[SubmissionResult]) -> dict[str, Any]:
    """summary.json for a list of results."""
    s = Summary()
    for r in results:
        s.add(r)
    return s.to_dict()


def write_reports(
    results: Iterable[SubmissionResult], out: Path, questions: Mapping[str, Question] | None = None
) -> dict[str, Path]:
    """Write every report under ``out`` and return the main paths."""
    with ReportWriter(out, questions) as w:
        for r in results:
            w.add(r)
    return w.close()


def exit_code(results: Iterable[SubmissionResult]) -> int:
    """0 when every submission was graded, 1 when some were errors."""
    return EXIT_SOME_ERRORS if any(r.status == "error" for r in results) else EXIT_OK
