"""Grade saved notebooks: extract answers, score them against the key, check locked cells.

:class:`Grader` grades one submission at a time and never raises for bad
input: a file that cannot be read, or a notebook of another assignment, is a
:class:`SubmissionResult` with status ``error`` and a message.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import traceback
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from medialit import qtypes
from medialit.errors import GradingError
from medialit.grading.answer_key import AnswerKey
from medialit.grading.code_answers import grade_code, strip_marker
from medialit.grading.copies import Written, normal_code, normal_text
from medialit.grading.extract import Extracted, blank_source, blank_value, extract, parse_notebook
from medialit.grading.inputs import Archive, IdRule, Source
from medialit.grading.integrity import integrity
from medialit.grading.isolation.sandbox import WALL_SECONDS, CodeRunner
from medialit.grading.memo import ValueMemo
from medialit.grading.reports.results import QuestionResult, SubmissionResult, submission_status
from medialit.grading.score import canonical_json, score_answer
from medialit.model import Lesson

INTERNAL_ERROR = "medialit failed on this notebook; please report it"


def grade_extracted(
    ex: Extracted, key: AnswerKey, runner: CodeRunner | None = None, scores: ValueMemo[QuestionResult] | None = None
) -> tuple[Lesson, list[QuestionResult]]:
    """Score every question of the notebook's lesson (a temporary sandbox is started if needed).

    ``scores`` remembers the result of each distinct literal or widget answer of the batch
    (scoring is a pure function of the question and the value); code answers have their own cache.
    """
    lesson = key.lesson_of(ex)
    own = runner is None and any(qtypes.get(q.type).runs_code for q in lesson.questions)
    run = runner if runner is not None else CodeRunner(key.case_dir)
    try:
        results = []
        for q in lesson.questions:
            runs_code = qtypes.get(q.type).runs_code
            if runs_code:
                r = grade_code(q, ex, run)
            else:
                value, present = ex.answers.get(q.id), q.id in ex.present
                if scores is None:
                    r = score_answer(q, value, present=present)
                else:
                    r = scores.get((q.id, present), value, partial(score_answer, q, value, present=present))
            notes = list(ex.notes.get(q.id, ()))
            if not runs_code and q.id in ex.literal_notes and q.id not in ex.answers:
                notes.append(ex.literal_notes[q.id])
            if ex.found_by.get(q.id) == "marker":
                notes.append("the answer cell was found by its marker line (its cell metadata was missing)")
            if notes:
                r = replace(r, notes=tuple(notes))
            results.append(r)
    finally:
        if own:
            run.close()
    return lesson, results


class Grader:
    """Grades submissions one at a time against a key; holds one code sandbox.

    Parameters
    ----------
    key
        The answer key (see :class:`AnswerKey`).
    id_rule
        How student ids are found (see :mod:`medialit.grading.inputs`).
    code_timeout
        Wall-clock limit of one code answer, in seconds.
    unsafe_code
        Run code answers even where they cannot be isolated (see :mod:`medialit.grading.isolation.sandbox`).
    """

    def __init__(
        self,
        key: AnswerKey,
        *,
        id_rule: IdRule | None = None,
        code_timeout: float = WALL_SECONDS,
        unsafe_code: bool = False,
    ) -> None:
        self.key = key
        self.id_rule = id_rule or IdRule()
        self.runner = CodeRunner(key.case_dir, timeout=code_timeout, unsafe=unsafe_code)
        if any(qtypes.get(q.type).runs_code for q in key.questions.values()):
            self.runner.prestart()
        self._zips: dict[str, Archive] = {}
        self.scores: ValueMemo[QuestionResult] = ValueMemo()

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the sandbox and close open archives."""
        self.runner.close()
        for archive in self._zips.values():
            archive.close()
        self._zips.clear()

    def grade_source(self, source: Source) -> SubmissionResult:
        """Grade one :class:`~medialit.grading.inputs.Source`; never raises for bad input."""
        r = self._grade_source(source)
        return replace(r, late=True) if source.late else r

    def _grade_source(self, source: Source) -> SubmissionResult:
        t0 = time.perf_counter()
        notes = [] if source.id_matched else ["the file name does not match --id-pattern"]
        if source.note:
            notes.append(source.note)
        try:
            raw = source.read(self._zips)
        except GradingError as exc:
            return SubmissionResult(source.student, source.label, "", (), "error", "; ".join([str(exc), *notes]))
        except Exception as exc:  # MemoryError, or a bug of ours: one error row, the batch goes on
            return internal_error(source.student, source.label, exc, t0)
        return self.grade_bytes(raw, source.student, source.label, notes, t0)

    def grade_bytes(
        self, raw: bytes, student: str, label: str, notes: list[str] | None = None, t0: float | None = None
    ) -> SubmissionResult:
        """Grade notebook bytes; never raises for bad input (an unexpected failure is an error row too)."""
        t0 = time.perf_counter() if t0 is None else t0
        notes = list(notes or ())
        try:
            nb = parse_notebook(raw)
            student = self.id_rule.from_metadata(nb) or student
            r = self.grade_notebook(nb, student, label, notes, t0)
            return replace(r, file_digest=hashlib.sha256(raw).hexdigest()) if r.answers_digest or _answered(r) else r
        except GradingError as exc:
            msg = "; ".join([str(exc), *notes])
            return SubmissionResult(student, label, "", (), "error", msg, time.perf_counter() - t0)
        except (RecursionError, MemoryError) as exc:
            return SubmissionResult(
                student,
                label,
                "",
                (),
                "error",
                f"cannot read the notebook ({type(exc).__name__})",
                time.perf_counter() - t0,
            )
        except Exception as exc:  # a bug of ours must not stop the batch; the row says so
            return internal_error(student, label, exc, t0)

    def grade_notebook(
        self, nb: dict[str, object], student: str, label: str, notes: list[str] | None = None, t0: float | None = None
    ) -> SubmissionResult:
        """Grade parsed notebook JSON; a notebook of another assignment raises :class:`GradingError`."""
        t0 = time.perf_counter() if t0 is None else t0
        notes = list(notes or ())
        ex = extract(nb, label or "this notebook")
        lesson, results = grade_extracted(ex, self.key, self.runner, self.scores)
        per_q, setup, unchecked = integrity(ex, lesson)
        if per_q:
            results = [
                replace(r, modified=True, integrity=per_q[r.question]) if r.question in per_q else r for r in results
            ]
            changed = "; ".join(f"{qid} ({', '.join(why)})" for qid, why in per_q.items())
            notes.append(f"locked cells changed: {changed}")
        notes.extend(setup)
        if unchecked:
            notes.append(unchecked)
        if ex.metadata.get("edition") == "solutions":
            notes.append("this is the teacher's solutions notebook (edition 'solutions')")
        foreign = sorted(q for q in ex.present if not q.startswith(lesson.id + ".") or q not in self.key.questions)
        if foreign:
            notes.append("answer cells of other questions were ignored: " + ", ".join(foreign[:10]))
        modified = tuple(r.question for r in results if r.modified) + (("setup",) if setup else ())
        written = written_answers(ex, lesson)
        return SubmissionResult(
            student,
            label,
            lesson.id,
            tuple(results),
            submission_status(results),
            "; ".join(notes),
            time.perf_counter() - t0,
            modified,
            answers_digest(ex, lesson, written),
            written=written,
        )


def internal_error(student: str, label: str, exc: BaseException, t0: float | None = None) -> SubmissionResult:
    """The error row of a submission whose grading failed unexpectedly (names the exception and where)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    if isinstance(exc, (MemoryError, RecursionError)):
        msg = f"cannot read the notebook ({type(exc).__name__}{where})"
    else:
        msg = f"{INTERNAL_ERROR} ({type(exc).__name__}{where}: {str(exc)[:200]})"
    seconds = time.perf_counter() - t0 if t0 is not None else 0.0
    return SubmissionResult(student, label, "", (), "error", msg, seconds)


def _answered(r: SubmissionResult) -> bool:
    return any(q.status != "unanswered" for q in r.questions)


def written_answers(ex: Extracted, lesson: Lesson) -> tuple[Written, ...]:
    """A notebook's written answers, normalised for copy detection (see :mod:`.copies`).

    Short texts after :func:`~.copies.normal_text`, code changed from the starter (after the
    marker line) after :func:`~.copies.normal_code`; blank answers and unchanged starter code
    are left out.
    """
    out: list[Written] = []
    for q in lesson.questions:
        qt = qtypes.get(q.type)
        if qt.runs_code:
            src = ex.sources.get(q.id)
            if src is None:
                continue
            code = strip_marker(src)
            if blank_source(code) or normal_code(code) == normal_code(strip_marker(q.starter)):
                continue
            out.append((q.id, "tokens", normal_code(code)))
        elif q.id in ex.answers and not blank_value(ex.answers[q.id]):
            value, by_hand = qt.written(ex.answers[q.id])
            if by_hand and isinstance(value, str) and normal_text(value):
                out.append((q.id, "text", normal_text(value)))
    return tuple(out)


def answers_digest(ex: Extracted, lesson: Lesson, written: tuple[Written, ...] | None = None) -> str:
    """SHA-256 of a notebook's answer set, for copy detection; "" when it holds no written answer.

    Blank answers and unchanged starter code are left out (every student starts
    from the same exercise). Written answers are compared normalised
    (:func:`written_answers`: case, whitespace and punctuation of text, comments and
    spacing of code do not count). Only a set with at least one written answer (short
    text or changed code) gets a digest: identical choices alone are what every student
    with full marks has.
    """
    written = written_answers(ex, lesson) if written is None else written
    if not written:
        return ""
    by_q = {qid: norm for qid, _kind, norm in written}
    items: list[tuple[str, Any]] = []
    for q in lesson.questions:
        qt = qtypes.get(q.type)
        if q.id in by_q:
            items.append((q.id, by_q[q.id]))
        elif not qt.runs_code and q.id in ex.answers and not blank_value(ex.answers[q.id]):
            value, by_hand = qt.written(ex.answers[q.id])
            if not by_hand:
                items.append((q.id, value))
    try:  # widget answers are JSON already: one fast dump
        text = json.dumps([lesson.id, items], sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):  # sets, tuples of odd types ...: canonical form, sets sorted
        plain = [(qid, canonical_json(v, sys.maxsize)) for qid, v in items]
        text = json.dumps([lesson.id, plain], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
