"""Grade saved notebooks: find the files, extract answers, score them against the key."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from medialit.errors import GradingError
from medialit.grading.extract import Extracted, extract, read_notebook_json
from medialit.grading.sandbox import run_answer
from medialit.grading.score import QuestionResult, score_answer, value_fraction
from medialit.model import Lesson, Question


@dataclass(frozen=True)
class SubmissionResult:
    """The grade of one submitted notebook.

    Attributes
    ----------
    student : id taken from the file name (or notebook metadata).
    file : the path as given.
    lesson : the lesson id the notebook belongs to ("" when unknown).
    questions : one result per question of the lesson, in lesson order.
    status : ``graded``, ``needs manual grading`` or ``error``.
    message : why a submission is an error, or notes for the teacher.
    seconds : time spent grading it.
    """

    student: str
    file: str
    lesson: str
    questions: tuple[QuestionResult, ...]
    status: str
    message: str = ""
    seconds: float = 0.0

    @property
    def score(self) -> float:
        """Points earned."""
        return round(sum(q.score for q in self.questions), 4)

    @property
    def max_score(self) -> float:
        """Points available."""
        return round(sum(q.max_score for q in self.questions), 4)


@dataclass
class AnswerKey:
    """The questions of every lesson, indexed for grading."""

    lessons: dict[str, Lesson]
    questions: dict[str, Question] = field(default_factory=dict)
    case_dir: str | None = None

    @classmethod
    def from_lessons(cls, lessons: Iterable[Lesson], case_dir: str | None = None) -> AnswerKey:
        """Index the exercise questions of ``lessons`` (of the case in ``case_dir``, default embedded)."""
        by_id = {lesson.id: lesson for lesson in lessons}
        qs = {q.id: q for lesson in by_id.values() for q in lesson.questions}
        return cls(by_id, qs, case_dir)

    def lesson_of(self, ex: Extracted) -> Lesson:
        """The lesson a notebook belongs to, from its metadata or its question ids."""
        lid = ex.metadata.get("lesson")
        if isinstance(lid, str) and lid in self.lessons:
            return self.lessons[lid]
        found = {qid.split(".")[0] for qid in ex.present if qid in self.questions}
        if len(found) == 1:
            return self.lessons[found.pop()]
        if not found:
            raise GradingError("no medialit answer cells found; is this a notebook of this assignment?")
        raise GradingError(f"answer cells of several lessons found ({', '.join(sorted(found))})")


def iter_notebooks(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into notebook files, sorted within each folder.

    Checkpoint copies (``.ipynb_checkpoints``) and hidden folders are skipped.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*.ipynb")):
                if not any(part.startswith(".") for part in f.relative_to(p).parts):
                    yield f
        else:
            yield p


def _grade_code(q: Question, ex: Extracted, case_dir: str | None = None) -> QuestionResult:
    source = ex.sources.get(q.id)
    if source is None:
        return QuestionResult(q.id, q.type, 0.0, q.points, "unanswered", "The answer cell is missing.")
    run = run_answer(source, case_dir=case_dir)
    if not run.ok:
        return QuestionResult(q.id, q.type, 0.0, q.points, "error", f"Your code could not be graded: {run.error}.")
    if run.value is None:
        return QuestionResult(q.id, q.type, 0.0, q.points, "unanswered", "`answer` is still None.")
    frac = value_fraction(q, run.value)
    status = "correct" if frac >= 1 else "incorrect"
    msg = "Correct." if frac >= 1 else "Your code runs, but `answer` is not the expected value yet."
    return QuestionResult(q.id, q.type, q.points * frac, q.points, status, msg)


def grade_extracted(ex: Extracted, key: AnswerKey) -> tuple[Lesson, list[QuestionResult]]:
    """Score every question of the notebook's lesson."""
    lesson = key.lesson_of(ex)
    results = []
    for q in lesson.questions:
        if q.type == "code":
            r = _grade_code(q, ex, key.case_dir)
        else:
            r = score_answer(q, ex.answers.get(q.id), present=q.id in ex.present)
        notes = list(ex.notes.get(q.id, ()))
        if q.type != "code" and q.id in ex.literal_notes and q.id not in ex.answers:
            notes.append(ex.literal_notes[q.id])
        if notes:
            r = QuestionResult(
                r.question, r.type, r.score, r.max_score, r.status, r.message + " Note: " + "; ".join(notes) + "."
            )
        results.append(r)
    return lesson, results


def grade_file(path: Path, key: AnswerKey, student: str | None = None) -> SubmissionResult:
    """Grade one notebook file. Never raises for bad input: that becomes an error result."""
    t0 = time.perf_counter()
    sid = student or path.stem
    try:
        nb = read_notebook_json(path)
        ex = extract(nb)
        lesson, results = grade_extracted(ex, key)
    except GradingError as exc:
        return SubmissionResult(sid, str(path), "", (), "error", str(exc), time.perf_counter() - t0)
    except (RecursionError, MemoryError) as exc:  # pragma: no cover - defensive
        return SubmissionResult(sid, str(path), "", (), "error", f"cannot read: {type(exc).__name__}", 0.0)
    status = "needs manual grading" if any(r.status == "needs manual grading" for r in results) else "graded"
    return SubmissionResult(sid, str(path), lesson.id, tuple(results), status, "", time.perf_counter() - t0)


def student_ids(paths: list[Path]) -> list[str]:
    """Unique student ids from file stems (``-2``, ``-3`` ... added to repeats)."""
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        base = p.stem
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}-{n}")
    return out


def grade_paths(
    paths: Iterable[str | Path],
    key: AnswerKey,
    progress: Callable[[int, int], None] | None = None,
) -> list[SubmissionResult]:
    """Grade every notebook under ``paths``, in order; ``progress(done, total)`` after each."""
    files = list(iter_notebooks(paths))
    ids = student_ids(files)
    out = []
    for n, (path, sid) in enumerate(zip(files, ids, strict=True), 1):
        out.append(grade_file(path, key, sid))
        if progress is not None:
            progress(n, len(files))
    return out
