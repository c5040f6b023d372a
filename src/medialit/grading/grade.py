"""Grade saved notebooks: extract answers, score them against the key, check locked cells.

:class:`Grader` grades one submission at a time and never raises for bad
input: a file that cannot be read, or a notebook of another assignment, is a
:class:`SubmissionResult` with status ``error`` and a message.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from medialit.errors import GradingError
from medialit.grading.checksum import normalize_source
from medialit.grading.extract import Extracted, blank_source, blank_value, extract, parse_notebook
from medialit.grading.inputs import Archive, IdRule, Source, iter_sources
from medialit.grading.integrity import integrity
from medialit.grading.limits import MAX_CODE_CHARS
from medialit.grading.sandbox import WALL_SECONDS, CodeRunner
from medialit.grading.score import (
    HIDDEN_CHECK,
    MANUAL_ANSWER_CHARS,
    PUBLIC_CHECK,
    CheckOutcome,
    QuestionResult,
    canonical_json,
    score_answer,
    value_fraction,
)
from medialit.grading.wellformed import shape_problems
from medialit.model import Lesson, Question

_QID = re.compile(r"^(L\d+)\.Q\d+$")
MARKER = "# medialit: "
INTERNAL_ERROR = "medialit failed on this notebook; please report it"


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
    """

    student: str
    file: str
    lesson: str
    questions: tuple[QuestionResult, ...]
    status: str
    message: str = ""
    seconds: float = 0.0
    modified: tuple[str, ...] = ()
    answers_digest: str = ""
    file_digest: str = ""
    late: bool = False

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
    """The questions of every lesson, indexed for grading.

    ``case_id`` (the article id) lets the grader tell a notebook of another case
    study from one of this key; ``case_dir`` is what code answers load;
    ``citations`` maps citation ids to ``(title, url)`` for released feedback.
    """

    lessons: dict[str, Lesson]
    questions: dict[str, Question] = field(default_factory=dict)
    case_dir: str | None = None
    case_id: str = ""
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_lessons(
        cls,
        lessons: Iterable[Lesson],
        case_dir: str | Path | None = None,
        case_id: str = "",
        citations: dict[str, tuple[str, str]] | None = None,
    ) -> AnswerKey:
        """Index the exercise questions of ``lessons`` (of the case in ``case_dir``, default embedded)."""
        by_id = {lesson.id: lesson for lesson in lessons}
        qs = {q.id: q for lesson in by_id.values() for q in lesson.questions}
        return cls(by_id, qs, str(Path(case_dir).resolve()) if case_dir else None, case_id, dict(citations or {}))

    def restrict(self, lesson_ids: Iterable[str]) -> AnswerKey:
        """The key of some lessons only; an unknown lesson id is a :class:`GradingError`."""
        wanted = list(lesson_ids)
        unknown = [lid for lid in wanted if lid not in self.lessons]
        if unknown:
            raise GradingError(f"unknown lesson {', '.join(unknown)}; the key has {', '.join(self.lessons)}")
        return AnswerKey.from_lessons(
            [self.lessons[lid] for lid in wanted], self.case_dir, self.case_id, self.citations
        )

    def lesson_of(self, ex: Extracted) -> Lesson:
        """The lesson a notebook belongs to, from its metadata or its question ids.

        Raises :class:`GradingError` for a notebook of another assignment.
        """
        meta = ex.metadata
        if meta.get("edition") == "lesson":
            raise GradingError("this is a lesson notebook; hand in the exercise notebook")
        assignment = meta.get("assignment")
        if isinstance(assignment, str) and self.case_id and "-" in assignment:
            case_part = assignment.rsplit("-", 1)[0]
            if case_part != self.case_id:
                raise GradingError(
                    f"this notebook belongs to assignment {assignment[:60]!r}, not to the {self.case_id!r} case "
                    "this key grades; grade it with its own key (--key CASE_DIR)"
                )
        found = {m.group(1) for qid in ex.present if (m := _QID.match(qid))}
        lid = meta.get("lesson")
        if isinstance(lid, str) and lid:
            if lid in self.lessons and (lid in found or not found):
                return self.lessons[lid]
            if lid not in self.lessons:
                raise GradingError(
                    f"this notebook is for lesson {lid[:20]}; this key grades {', '.join(self.lessons) or 'nothing'}"
                )
        known = {f for f in found if f in self.lessons}
        if len(known) == 1:
            return self.lessons[known.pop()]
        if not found:
            raise GradingError("no medialit answer cells found; is this a notebook of this assignment?")
        if not known:
            raise GradingError(
                f"the answer cells belong to lesson {', '.join(sorted(found))}, "
                f"which this key does not grade ({', '.join(self.lessons)})"
            )
        raise GradingError(f"answer cells of several lessons found ({', '.join(sorted(known))})")


def _strip_marker(source: str) -> str:
    lines = normalize_source(source).split("\n")
    return "\n".join(line for line in lines if not line.strip().startswith(MARKER.strip()))


def _code_checks(q: Question, public_ok: bool, hidden_ok: bool, hidden_msg: str) -> tuple[CheckOutcome, ...]:
    specs = [t for t in q.tests if isinstance(t, dict) and t.get("name")] or [
        {"name": PUBLIC_CHECK, "public": True},
        {"name": HIDDEN_CHECK, "public": False},
    ]
    out = []
    for t in specs:
        public = bool(t.get("public"))
        passed = public_ok if public else hidden_ok
        out.append(CheckOutcome(str(t["name"]), public, passed, "" if public else hidden_msg))
    return tuple(out)


def _unanswered_code(q: Question, message: str, check_note: str) -> QuestionResult:
    return QuestionResult(
        q.id, q.type, 0.0, q.points, "unanswered", message, checks=_code_checks(q, False, False, check_note)
    )


def grade_code(q: Question, ex: Extracted, runner: CodeRunner) -> QuestionResult:
    """Run a code answer in the sandbox and compare its ``answer`` with the key."""
    source = ex.sources.get(q.id)
    mx = q.points
    if source is None:
        return _unanswered_code(q, "The answer cell is missing.", "not run")
    if len(source) > MAX_CODE_CHARS:  # never parsed, compiled or run: the parser's memory grows with it
        size = f"{len(source):,} characters long, more than the {MAX_CODE_CHARS:,} allowed"
        msg = f"The answer cell is {size}; it was not run."
        return QuestionResult(q.id, q.type, 0.0, mx, "error", msg, checks=_code_checks(q, False, False, msg))
    if _strip_marker(source) == _strip_marker(q.starter):
        return _unanswered_code(q, "The starter code is unchanged.", "not run")
    run = runner.run(source)
    if run.refused:
        msg = f"Your code was not run automatically ({run.error}); your teacher will grade it."
        return QuestionResult(
            q.id,
            q.type,
            0.0,
            mx,
            "needs manual grading",
            msg,
            answer=source[:MANUAL_ANSWER_CHARS],
            checks=_code_checks(q, False, False, "not run: the code could not be isolated"),
        )
    if not run.ok:
        msg = f"Your code could not be graded: {run.error}."
        return QuestionResult(q.id, q.type, 0.0, mx, "error", msg, checks=_code_checks(q, False, False, msg))
    answer = canonical_json(run.value)
    if run.value is None:
        return _unanswered_code(q, "`answer` is still None.", "not answered")
    problems = shape_problems(q, run.value)
    if problems:
        msg = "; ".join(problems)
        msg = msg[:1].upper() + msg[1:] + "."
        return QuestionResult(
            q.id, q.type, 0.0, mx, "malformed", msg, answer=answer, checks=_code_checks(q, False, False, msg)
        )
    frac = value_fraction(q, run.value)
    ok = frac >= 1 - 1e-9
    msg = "Correct." if ok else "Your code runs, but `answer` is not the expected value yet."
    return QuestionResult(
        q.id,
        q.type,
        round(mx * frac, 4),
        mx,
        "correct" if ok else "incorrect",
        msg,
        answer=answer,
        checks=_code_checks(q, True, ok, msg),
    )


def grade_extracted(
    ex: Extracted, key: AnswerKey, runner: CodeRunner | None = None
) -> tuple[Lesson, list[QuestionResult]]:
    """Score every question of the notebook's lesson (a temporary sandbox is started if needed)."""
    lesson = key.lesson_of(ex)
    own = runner is None and any(q.type == "code" for q in lesson.questions)
    run = runner if runner is not None else CodeRunner(key.case_dir)
    try:
        results = []
        for q in lesson.questions:
            if q.type == "code":
                r = grade_code(q, ex, run)
            else:
                r = score_answer(q, ex.answers.get(q.id), present=q.id in ex.present)
            notes = list(ex.notes.get(q.id, ()))
            if q.type != "code" and q.id in ex.literal_notes and q.id not in ex.answers:
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
        Run code answers even where they cannot be isolated (see :mod:`medialit.grading.sandbox`).
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
        if any(q.type == "code" for q in key.questions.values()):
            self.runner.prestart()
        self._zips: dict[str, Archive] = {}

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
        self, nb: dict[str, Any], student: str, label: str, notes: list[str] | None = None, t0: float | None = None
    ) -> SubmissionResult:
        """Grade parsed notebook JSON; a notebook of another assignment raises :class:`GradingError`."""
        t0 = time.perf_counter() if t0 is None else t0
        notes = list(notes or ())
        ex = extract(nb, label or "this notebook")
        lesson, results = grade_extracted(ex, self.key, self.runner)
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
        status = "needs manual grading" if any(r.status == "needs manual grading" for r in results) else "graded"
        modified = tuple(r.question for r in results if r.modified) + (("setup",) if setup else ())
        return SubmissionResult(
            student,
            label,
            lesson.id,
            tuple(results),
            status,
            "; ".join(notes),
            time.perf_counter() - t0,
            modified,
            answers_digest(ex, lesson),
        )


def internal_error(student: str, label: str, exc: BaseException, t0: float | None = None) -> SubmissionResult:
    """The error row of a submission whose grading failed unexpectedly (names the exception and where)."""
    import traceback

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


def answers_digest(ex: Extracted, lesson: Lesson) -> str:
    """SHA-256 of a notebook's answer set, for copy detection; "" when it holds no written answer.

    Blank answers and unchanged starter code are left out (every student starts
    from the same exercise). Written text is compared case- and space-insensitively,
    code after the marker line and trailing spaces are dropped. Only a set with at
    least one written answer (short text or changed code) gets a digest: identical
    choices alone are what every student with full marks has.
    """
    items: list[tuple[str, Any]] = []
    written = False
    for q in lesson.questions:
        if q.type == "code":
            src = ex.sources.get(q.id)
            if src is None:
                continue
            code = _strip_marker(src)
            if blank_source(code) or code == _strip_marker(q.starter):
                continue
            items.append((q.id, code))
            written = True
        elif q.id in ex.answers and not blank_value(ex.answers[q.id]):
            value = ex.answers[q.id]
            if isinstance(value, str) and q.type == "short_text":
                value = " ".join(value.casefold().split())
                written = True
            items.append((q.id, value))
    if not written:
        return ""
    try:  # widget answers are JSON already: one fast dump
        text = json.dumps([lesson.id, items], sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):  # sets, tuples of odd types ...: canonical form, sets sorted
        plain = [(qid, canonical_json(v, sys.maxsize)) for qid, v in items]
        text = json.dumps([lesson.id, plain], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def iter_notebooks(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Notebook files under ``paths`` (zip members are not listed: see :func:`iter_sources`)."""
    for src in iter_sources(paths):
        if src.member is None and not src.error:
            yield Path(src.path)


def grade_file(path: Path, key: AnswerKey, student: str | None = None) -> SubmissionResult:
    """Grade one notebook file. Never raises for bad input: that becomes an error result."""
    rule = IdRule()
    sid = student or rule.from_name(Path(path).name)[0]
    with Grader(key) as grader:
        return grader.grade_source(Source(str(path), sid, str(path)))


class UniqueIds:
    """Makes student ids unique in arrival order: ``-2``, ``-3`` ... appended to repeats.

    Ids are compared as the report file names they become (case-insensitively,
    after :func:`safe_name`), so two students never share a feedback file.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def unique(self, sid: str) -> str:
        """``sid`` or the first free ``sid-N``."""
        cand, n = sid, 1
        while _file_key(cand) in self._seen:
            n += 1
            cand = f"{sid}-{n}"
        self._seen.add(_file_key(cand))
        return cand

    def apply(self, r: SubmissionResult) -> SubmissionResult:
        """``r`` with a unique student id (and a note when it was renamed)."""
        sid = self.unique(r.student)
        if sid == r.student:
            return r
        note = f"another submission has the student id {r.student!r}; this one is {sid!r}"
        return replace(r, student=sid, message="; ".join(m for m in (r.message, note) if m))


def _file_key(student: str) -> str:
    return safe_name(student).lower()


def safe_name(name: str) -> str:
    """A file name for a student's reports (letters, digits, ``-_.``; never empty or hidden)."""
    keep = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in name)
    return keep.strip(".")[:100] or "submission"


def grade_paths(
    paths: Iterable[str | Path],
    key: AnswerKey,
    progress: Callable[[int, int], None] | None = None,
) -> list[SubmissionResult]:
    """Grade every submission under ``paths`` in order; ``progress(done, total)`` after each."""
    sources = list(iter_sources(paths))
    ids = UniqueIds()
    out = []
    with Grader(key) as grader:
        for n, src in enumerate(sources, 1):
            out.append(ids.apply(grader.grade_source(src)))
            if progress is not None:
                progress(n, len(sources))
    return out
