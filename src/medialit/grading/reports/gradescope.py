"""Gradescope's ``results.json`` for one submission, and a validator for that format.

The format is Gradescope's autograder specification
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): a top-level
``score``, ``output``, ``visibility``, ``stdout_visibility``, ``extra_data`` and
one test per question with ``name``, ``number``, ``score``, ``max_score``,
``status`` (``passed``/``failed``), ``output`` and ``visibility``.

Choices:

- ``execution_time`` is left out: it would make reports differ from run to
  run, and reports are byte-identical for the same inputs.
- Outputs are plain text (``output_format: text``), so nothing a student wrote
  can become markup on Gradescope.
- A question a teacher grades (short text) is, until a teacher scored it, a
  test with no ``score``, ``max_score`` or ``status``: Gradescope's
  specification makes each of them optional when the top-level ``score`` is
  given (which overrides the tests' total), so the test is shown as pending,
  neither passed nor failed, and the autograder does not count it. Its name
  ends "graded by your teacher" and its output starts "Pending". Grade it in
  Gradescope as a manual question (or merge teacher scores with ``--manual``
  offline, which gives it its points and a status).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medialit import qtypes
from medialit.grading.memo import IdentityMemo
from medialit.grading.reports.feedback import (
    HOW_GRADED,
    LOOK_AGAIN,
    MANUAL_NOTE,
    Release,
    answer_lines,
    look_again_line,
    score_line,
)
from medialit.grading.reports.results import QuestionResult, SubmissionResult
from medialit.model import Question
from medialit.readable import student_rubric

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
FORMATS = ("text", "html", "simple_format", "md", "ansi")
TEST_STATUSES = ("passed", "failed")
PENDING = "graded by your teacher"
PENDING_NOTE = "Pending: your teacher grades this answer; its points are not in the score yet."
PENDING_BLANK = "Pending: no answer was found here; your teacher grades this question."
_TOP_KEYS = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
}
_TEST_KEYS = {
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
}


def _test_entry(
    n: int, q: QuestionResult, spec: Question | None, visibility: str, release: Release | None = None
) -> dict[str, object]:
    manual = qtypes.is_manual(spec.type if spec is not None else q.type)
    pending = manual and not q.teacher
    lines = [
        f'{"Public" if c.public else "Hidden"} check "{c.name}": {"passed" if c.passed else "not passed"}'
        + (f" ({c.message})" if c.message and not c.passed else "")
        for c in q.checks
    ]
    lines.append(f"Result: {q.message}")
    again = look_again_line(q, spec)
    if again:
        lines.append(f"{LOOK_AGAIN}: {again}")
    if q.answer:
        summary, parts = answer_lines(q)
        lines.append(f"Your answer: {summary}" + (":" if parts else ""))
        lines += [f"  {i}. {part}" for i, part in enumerate(parts, 1)]
    if q.marks:
        lines.append("Item by item:")
        lines += [f"- {m}" for m in q.marks]
    rubric = student_rubric(spec) if spec is not None else ()
    if pending and rubric:
        lines.append(f"{MANUAL_NOTE}:")
        lines += [f"- {item}" for item in rubric]
    if release is not None and spec is not None and not qtypes.is_manual(spec.type):
        if spec.explanation:
            lines.append(f"Explanation: {spec.explanation.strip()}")
        lines += [f"Source: {title}" + (f" <{url}>" if url else "") for title, url in release.sources(spec)]
    lines += [f"Note: {n}" for n in q.notes]
    if q.modified:
        lines.append(
            f"Note: locked cells of this question were changed ({', '.join(q.integrity)}); "
            "it was graded against the original question."
        )
    test: dict[str, object] = {
        "name": f"{q.question} ({q.type.replace('_', ' ')})" + (f" - {PENDING}" if pending else ""),
        "number": str(n),
    }
    if pending:
        # No score, maximum or status: Gradescope shows the test as neither passed nor failed,
        # and the top-level score (which overrides the tests' total) leaves it out.
        lines.insert(0, PENDING_NOTE if q.answer else PENDING_BLANK)
    else:
        test.update(score=q.score, max_score=q.max_score, status="passed" if q.status == "correct" else "failed")
    test.update(output="\n".join(lines), output_format="text", visibility=visibility)
    return test


#: One question's test entry, built once per distinct result object (a copy goes into each results.json).
_test = IdentityMemo(_test_entry)


def gradescope_results(
    r: SubmissionResult,
    questions: Mapping[str, Question] | None = None,
    visibility: str = "visible",
    release: Release | None = None,
) -> dict[str, Any]:
    """Gradescope's results.json for one submission (deterministic: no execution time).

    ``release`` adds each question's explanation and sources (``--release-explanations``).
    """
    extra = {"medialit": {"student": r.student, "lesson": r.lesson, "status": r.status, "modified": list(r.modified)}}
    if r.status == "error":
        return {
            "score": 0.0,
            "output": f"This submission could not be graded: {r.message}.",
            "output_format": "text",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "extra_data": extra,
            "tests": [],
        }
    qs = questions or {}
    tests = [dict(_test(n, q, qs.get(q.question), visibility, release)) for n, q in enumerate(r.questions, 1)]
    head = f"Lesson {r.lesson}. {score_line(r, qs)}"
    return {
        "score": r.score,
        "output": "\n".join([head, "", *HOW_GRADED]),
        "output_format": "text",
        "test_output_format": "text",
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "extra_data": extra,
        "tests": tests,
    }


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and x == x and abs(x) != float("inf")


def validate_results(data: object) -> list[str]:
    """Problems of a results.json document against Gradescope's specification (empty when valid)."""
    if not isinstance(data, dict):
        return ["results.json must be a JSON object"]
    problems = _top_level_problems(data)
    tests = data.get("tests")
    for i, t in enumerate(tests if isinstance(tests, list) else [], 1):
        problems += _test_problems(t, f"tests[{i}]")
    return problems


def _top_level_problems(data: dict[str, object]) -> list[str]:
    """Problems of the document's own keys (the tests are checked one by one elsewhere)."""
    problems = [f"unknown top-level key {k!r}" for k in sorted(set(data) - _TOP_KEYS)]
    tests = data.get("tests")
    scored = isinstance(tests, list) and tests and all("score" in t for t in tests if isinstance(t, dict))
    if "score" not in data and not scored:
        problems.append("a top-level score is required unless every test has one")
    if "score" in data and not _is_number(data["score"]):
        problems.append("score must be a number")
    if "execution_time" in data and not (isinstance(data["execution_time"], int) and data["execution_time"] >= 0):
        problems.append("execution_time must be a whole number of seconds")
    for k in ("output",):
        if k in data and not isinstance(data[k], str):
            problems.append(f"{k} must be a string")
    for k in ("output_format", "test_output_format", "test_name_format"):
        if k in data and data[k] not in FORMATS:
            problems.append(f"{k} must be one of {', '.join(FORMATS)}")
    for k in ("visibility", "stdout_visibility"):
        if k in data and data[k] not in VISIBILITIES:
            problems.append(f"{k} must be one of {', '.join(VISIBILITIES)}")
    if "extra_data" in data and not isinstance(data["extra_data"], dict):
        problems.append("extra_data must be an object")
    if tests is not None and not isinstance(tests, list):
        problems.append("tests must be a list")
    return problems


def _test_problems(t: object, where: str) -> list[str]:
    """Problems of one entry of ``tests`` (``where`` names it, ``tests[3]``)."""
    if not isinstance(t, dict):
        return [f"{where} must be an object"]
    problems = [f"{where}: unknown key {k!r}" for k in sorted(set(t) - _TEST_KEYS)]
    for k in ("score", "max_score"):
        if k in t and not _is_number(t[k]):
            problems.append(f"{where}: {k} must be a number")
    if "status" in t and t["status"] not in TEST_STATUSES:
        problems.append(f"{where}: status must be passed or failed")
    for k in ("name", "number", "output"):
        if k in t and not isinstance(t[k], str):
            problems.append(f"{where}: {k} must be a string")
    for k in ("output_format", "name_format"):
        if k in t and t[k] not in FORMATS:
            problems.append(f"{where}: {k} must be one of {', '.join(FORMATS)}")
    if "visibility" in t and t["visibility"] not in VISIBILITIES:
        problems.append(f"{where}: visibility must be one of {', '.join(VISIBILITIES)}")
    if "tags" in t and not (isinstance(t["tags"], list) and all(isinstance(x, str) for x in t["tags"])):
        problems.append(f"{where}: tags must be a list of strings")
    return problems
