"""Code grading: run a code answer in the sandbox and compare its ``answer`` with the key.

The comparison itself is the code question type's (:mod:`medialit.qtypes.code`);
this module runs the cell and turns what happened (refused, failed, unchanged,
malformed, right or wrong) into a :class:`~medialit.grading.reports.results.QuestionResult`
whose checks carry the names the question's ``tests`` give them.
"""

from __future__ import annotations

from medialit.contracts import MARKER, normalize_source
from medialit.grading.extract import Extracted
from medialit.grading.isolation.sandbox import CodeRunner
from medialit.grading.limits import MAX_CODE_CHARS
from medialit.grading.reports.results import CheckOutcome, QuestionResult
from medialit.grading.score import HIDDEN_CHECK, MANUAL_ANSWER_CHARS, PUBLIC_CHECK, canonical_json, value_fraction
from medialit.model import Question
from medialit.qtypes.wellformed import shape_problems


def strip_marker(source: str) -> str:
    """``source`` without its marker line (``# medialit: L2.Q5``), normalized like a checksum's input."""
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
    if strip_marker(source) == strip_marker(q.starter):
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
