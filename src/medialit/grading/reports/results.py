"""The result types of grading: one question, one submission; their statuses as ``Literal`` types.

Nothing here computes a grade; :mod:`.score` (literal and widget answers),
:mod:`.code_answers` (code answers) and :mod:`.grade` (the grader) build these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from medialit.qtypes.base import TrailRecord

#: How one question was graded.
QuestionStatus = Literal["correct", "partial", "incorrect", "unanswered", "malformed", "needs manual grading", "error"]
#: How one submission was graded.
SubmissionStatus = Literal["graded", "needs manual grading", "error"]

STATUSES: tuple[QuestionStatus, ...] = get_args(QuestionStatus)

NEEDS_MANUAL: Literal["needs manual grading"] = "needs manual grading"


@dataclass(frozen=True)
class CheckOutcome:
    """One named check of a question, as the student sees it.

    ``public`` checks are the ones ``check(...)`` runs in the notebook (answered,
    well formed); hidden ones compare with the key and only their message is shown.
    """

    name: str
    public: bool
    passed: bool
    message: str = ""


@dataclass(frozen=True)
class QuestionResult:
    """The grade of one question.

    Attributes
    ----------
    question, type : the question id and type.
    score, max_score : points earned and available.
    status : one of :data:`STATUSES`.
    message : feedback for the student (never contains the key).
    modified : a locked cell of the question, or its metadata, was changed (tamper flag).
    answer : canonical JSON of the answer as read ("" when none), cut to ``score.ANSWER_CHARS``.
    checks : the public and hidden checks and their outcomes.
    notes : how the answer was read (cell retyped, duplicated, found by its marker ...).
    integrity : why the question counts as modified.
    teacher : the score was set by a teacher (``medialit grade --manual``).
    shown : the answer in words for the student: a summary, then one line per part
        (:func:`medialit.qtypes.describe`); empty when there is no answer.
    marks : per-item right/wrong lines for the feedback (``"✓ right: …"``, ``"✗ not in the key: …"``).
    trail : the process behind the answer, for the teacher's summary (a SearchLab record replayed:
        ``status`` verified or unverified, ``queries``, ``opened``; see
        :meth:`medialit.qtypes.base.QuestionType.trail`); ``None`` for other types.
    """

    question: str
    type: str
    score: float
    max_score: float
    status: QuestionStatus
    message: str
    modified: bool = False
    answer: str = ""
    checks: tuple[CheckOutcome, ...] = ()
    notes: tuple[str, ...] = ()
    integrity: tuple[str, ...] = ()
    teacher: bool = False
    shown: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    trail: TrailRecord | None = None

    @property
    def public_passed(self) -> bool | None:
        """True when every public check passed; ``None`` when there were none."""
        public = [c for c in self.checks if c.public]
        return all(c.passed for c in public) if public else None


@dataclass(frozen=True)
class SubmissionResult:
    """The grade of one submitted notebook.

    Attributes
    ----------
    student : id from the file name, the folder, or the notebook's metadata (see :mod:`.inputs`).
    file : where the notebook came from (a path, or ``archive.zip!member``).
    lesson : the lesson id the notebook belongs to ("" when unknown).
    questions : one result per question of the lesson, in lesson order.
    status : ``graded``, ``needs manual grading`` or ``error``.
    message : why a submission is an error, or notes for the teacher.
    seconds : time spent grading it (not written to any report: reports are deterministic).
    modified : question ids (and ``setup``) whose locked cells or metadata were changed.
    answers_digest : SHA-256 of the answer set when it holds a written answer (short text or
        changed code), else "": identical digests are flagged as copies (:mod:`.copies`).
    file_digest : SHA-256 of the notebook's bytes when it holds any answer, else "".
    late : the LMS marked the submission late (Canvas's ``LATE`` in the file name); the score is not changed.
    written : the written answers, normalised, as ``(question, "text" or "tokens" (code), normal form)``:
        near-copies are found from them (:mod:`.copies`); not written to any report.
    """

    student: str
    file: str
    lesson: str
    questions: tuple[QuestionResult, ...]
    status: SubmissionStatus
    message: str = ""
    seconds: float = 0.0
    modified: tuple[str, ...] = ()
    answers_digest: str = ""
    file_digest: str = ""
    late: bool = False
    written: tuple[tuple[str, str, str], ...] = ()

    @property
    def score(self) -> float:
        """Points earned."""
        return round(sum(q.score for q in self.questions), 4)

    @property
    def max_score(self) -> float:
        """Points available."""
        return round(sum(q.max_score for q in self.questions), 4)


def fraction_status(frac: float) -> QuestionStatus:
    """``correct`` for full credit, ``partial`` for some, ``incorrect`` for none."""
    if frac >= 1 - 1e-9:
        return "correct"
    return "partial" if frac > 0 else "incorrect"


def submission_status(questions: tuple[QuestionResult, ...] | list[QuestionResult]) -> SubmissionStatus:
    """``needs manual grading`` while a question waits for the teacher, else ``graded``."""
    return NEEDS_MANUAL if any(q.status == NEEDS_MANUAL for q in questions) else "graded"
