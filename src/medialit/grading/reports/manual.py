"""Teacher scores for manually graded answers, merged back into the reports.

``medialit grade ... --out OUT`` writes ``OUT/manual-queue.csv``: one row per
answer that a teacher grades (short text), with the columns ``student,
question, score, comment, max_score, answer, file``. The teacher fills in
``score`` (and ``comment`` if wanted) and runs the same command again with
``--manual OUT/manual-queue.csv``; grades.csv, results/, feedback/ and the
summary then include those scores. Any question may be given a teacher score
(a regrade overrides the automatic score). Rows with an empty score stay in
the queue.

The file is checked before anything is graded: required columns, numbers,
scores between 0 and the question's points, known question ids, no repeated
(student, question). Students and lessons are checked once the batch is
graded: a row for a student who is not in the batch, whose submission could
not be read, or whose notebook is of another lesson is an error.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from dataclasses import dataclass, replace
from pathlib import Path

from medialit.errors import GradingError
from medialit.grading.answer_key import AnswerKey
from medialit.grading.reports.report import csv_value
from medialit.grading.reports.results import QuestionResult, SubmissionResult, fraction_status, submission_status

REQUIRED = ("student", "question", "score")


class ManualScoresError(GradingError):
    """The teacher's score file cannot be used; the message names the file, row and fix."""


@dataclass(frozen=True)
class ManualScore:
    """One teacher score."""

    student: str
    question: str
    score: float
    comment: str
    row: int


def _fail(path: Path, row: int | None, msg: str) -> ManualScoresError:
    where = f"{path}" if row is None else f"{path}, row {row}"
    return ManualScoresError(f"{where}: {msg}")


class ManualScores:
    """Teacher scores keyed by (student, question), with bookkeeping of which were used."""

    def __init__(self, path: Path, entries: dict[tuple[str, str], ManualScore]) -> None:
        self.path = path
        self.entries = entries
        self._used: set[tuple[str, str]] = set()
        self._problems: list[str] = []

    @classmethod
    def load(cls, path: str | Path, key: AnswerKey) -> ManualScores:
        """Read and check a score file against the key; raises :class:`ManualScoresError`."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(p, None, f"cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED if c not in fields]
        if missing:
            need = "the header needs student,question,score[,comment]"
            raise _fail(p, 1, f"missing column(s) {', '.join(missing)}; {need}")
        entries: dict[tuple[str, str], ManualScore] = {}
        for n, raw in enumerate(reader, 2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
            student, qid, score_text = csv_value(row.get("student", "")), row.get("question", ""), row.get("score", "")
            if not student and not qid and not score_text:
                continue
            if not score_text:
                continue  # still waiting for the teacher
            if not student:
                raise _fail(p, n, "the student is empty")
            q = key.questions.get(qid)
            if q is None:
                close = difflib.get_close_matches(qid, list(key.questions), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise _fail(p, n, f"unknown question {qid!r}{hint}")
            try:
                score = float(score_text.replace(",", "."))
            except ValueError:
                raise _fail(p, n, f"the score {score_text!r} is not a number") from None
            if not math.isfinite(score) or score < 0:
                raise _fail(p, n, f"the score {score_text} must be 0 or more")
            if score > q.points + 1e-9:
                raise _fail(p, n, f"the score {score:g} is more than the {q.points:g} points of {qid}")
            if (student, qid) in entries:
                first = entries[(student, qid)].row
                raise _fail(p, n, f"{student} / {qid} is scored twice (rows {first} and {n})")
            entries[(student, qid)] = ManualScore(student, qid, score, csv_value(row.get("comment", "")), n)
        return cls(p, entries)

    def merge(self, r: SubmissionResult) -> tuple[SubmissionResult, list[tuple[str, str]], list[str]]:
        """``r`` with the teacher's scores merged in, the (student, question) keys used, and problems.

        Pure: nothing is recorded (worker processes call this; see :meth:`record`).
        """
        mine = {qid: e for (sid, qid), e in self.entries.items() if sid == r.student}
        if not mine:
            return r, [], []
        used = [(e.student, e.question) for e in mine.values()]
        if r.status == "error":
            return (
                r,
                used,
                [f"row {e.row}: {e.student}'s submission could not be graded ({r.message})" for e in mine.values()],
            )
        questions = []
        for q in r.questions:
            e = mine.pop(q.question, None)
            questions.append(_teacher_scored(q, e) if e is not None else q)
        problems = [
            f"row {e.row}: {e.question} is not a question of {e.student}'s lesson ({r.lesson})" for e in mine.values()
        ]
        return replace(r, questions=tuple(questions), status=submission_status(questions)), used, problems

    def record(self, used: list[tuple[str, str]], problems: list[str]) -> None:
        """Remember what :meth:`merge` used and found, for :meth:`check_all_used`."""
        self._used.update(used)
        self._problems.extend(problems)

    def apply(self, r: SubmissionResult) -> SubmissionResult:
        """:meth:`merge` and :meth:`record` in one step."""
        merged, used, problems = self.merge(r)
        self.record(used, problems)
        return merged

    def check_all_used(self) -> None:
        """Raise :class:`ManualScoresError` for rows that matched no graded submission."""
        problems = list(self._problems)
        for (sid, qid), e in sorted(self.entries.items(), key=lambda kv: kv[1].row):
            if (sid, qid) not in self._used:
                problems.append(f"row {e.row}: unknown student {sid!r} (no submission with that id in this batch)")
        if problems:
            raise ManualScoresError(
                f"{self.path}: {len(problems)} score(s) could not be merged: "
                + "; ".join(problems[:10])
                + ". The other reports were written; fix the file and run again."
            )


def _teacher_scored(q: QuestionResult, e: ManualScore) -> QuestionResult:
    frac = e.score / q.max_score if q.max_score else 0.0
    message = "Scored by your teacher." + (f" Comment: {e.comment}" if e.comment else "")
    return replace(q, score=round(e.score, 4), status=fraction_status(frac), message=message, teacher=True)
