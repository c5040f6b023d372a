"""Write grade reports: grades.csv, Gradescope results, feedback pages, summary.json.

Every student-provided string is escaped in HTML; hidden checks' code is never
shown. Output is deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from medialit.grading.grade import SubmissionResult
from medialit.model import GRADE_SCHEMA_VERSION

EXIT_OK, EXIT_SOME_ERRORS = 0, 1


def _num(x: float) -> str:
    return f"{x:g}"


def grades_csv(results: list[SubmissionResult]) -> str:
    """One row per submission: student, file, lesson, each question's score, total, max, status, message."""
    qids = sorted({q.question for r in results for q in r.questions}, key=_qorder)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "file", "lesson", *qids, "total", "max", "status", "message"])
    for r in results:
        by_q = {q.question: q for q in r.questions}
        cells = [_num(by_q[q].score) if q in by_q else "" for q in qids]
        w.writerow([r.student, r.file, r.lesson, *cells, _num(r.score), _num(r.max_score), r.status, r.message])
    return buf.getvalue()


def _qorder(qid: str) -> tuple[int, int]:
    lesson, q = qid.split(".")
    return int(lesson[1:]), int(q[1:])


def gradescope_results(r: SubmissionResult) -> dict[str, Any]:
    """Gradescope's results.json for one submission (score, execution_time, tests with status)."""
    if r.status == "error":
        return {
            "score": 0.0,
            "execution_time": max(1, math.ceil(r.seconds)),
            "output": f"This submission could not be graded: {r.message}",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [],
        }
    tests = []
    for n, q in enumerate(r.questions, 1):
        tests.append(
            {
                "name": f"{q.question} ({q.type.replace('_', ' ')})",
                "number": str(n),
                "score": q.score,
                "max_score": q.max_score,
                "status": "passed" if q.status == "correct" else "failed",
                "output": f"{q.status}: {q.message}",
                "visibility": "visible",
            }
        )
    return {
        "score": r.score,
        "execution_time": max(1, math.ceil(r.seconds)),
        "output": "Graded by medialit from your saved answers; no code of yours was run except code questions.",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def feedback_markdown(r: SubmissionResult) -> str:
    """Feedback for the student in Markdown (student strings never echoed unescaped)."""
    lines = [f"# Feedback for {_md(r.student)}", ""]
    if r.status == "error":
        lines += [f"Your notebook could not be graded: {_md(r.message)}", ""]
        return "\n".join(lines)
    lines += [f"Lesson {r.lesson}: **{_num(r.score)} / {_num(r.max_score)}** points.", ""]
    lines += ["| question | points | result |", "|---|---|---|"]
    for q in r.questions:
        lines.append(f"| {q.question} | {_num(q.score)} / {_num(q.max_score)} | {_md(q.message)} |")
    lines += [
        "",
        "The `check(...)` cells in your notebook run public checks only (answered, well formed).",
        "This grade compares your answers with the key, so it can differ from what those checks said.",
        "",
    ]
    return "\n".join(lines)


def _md(text: str) -> str:
    return html.escape(text).replace("|", "\\|").replace("\n", " ")


def feedback_html(r: SubmissionResult) -> str:
    """Feedback for the student as a small standalone HTML page (everything escaped)."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(q.question)}</td><td>{_num(q.score)} / {_num(q.max_score)}</td>"
        f"<td>{e(q.status)}</td><td>{e(q.message)}</td></tr>"
        for q in r.questions
    )
    body = (
        f"<p>Your notebook could not be graded: {e(r.message)}</p>"
        if r.status == "error"
        else (
            f"<p>Lesson {e(r.lesson)}: <strong>{_num(r.score)} / {_num(r.max_score)}</strong> points.</p>"
            "<table><thead><tr><th scope='col'>Question</th><th scope='col'>Points</th>"
            "<th scope='col'>Status</th><th scope='col'>Feedback</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            "<p>The <code>check(...)</code> cells run public checks only; this grade uses the key.</p>"
        )
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Feedback for {e(r.student)}</title></head><body>"
        f"<h1>Feedback for {e(r.student)}</h1>{body}</body></html>\n"
    )


def summary(results: list[SubmissionResult]) -> dict[str, Any]:
    """Per-question statistics for the teacher (mean, distribution, common wrong statuses)."""
    graded = [r for r in results if r.status != "error"]
    per_q: dict[str, list[float]] = {}
    statuses: dict[str, Counter[str]] = {}
    maxes: dict[str, float] = {}
    for r in graded:
        for q in r.questions:
            per_q.setdefault(q.question, []).append(q.score)
            statuses.setdefault(q.question, Counter())[q.status] += 1
            maxes[q.question] = q.max_score
    questions = {
        qid: {
            "n": len(scores),
            "max_score": maxes[qid],
            "mean": round(statistics.fmean(scores), 4),
            "full_marks": sum(1 for s in scores if s >= maxes[qid]),
            "statuses": dict(sorted(statuses[qid].items())),
        }
        for qid, scores in sorted(per_q.items(), key=lambda kv: _qorder(kv[0]))
    }
    totals = [r.score for r in graded]
    return {
        "schema_version": GRADE_SCHEMA_VERSION,
        "submissions": len(results),
        "graded": len(graded),
        "errors": len(results) - len(graded),
        "needs_manual_grading": sum(1 for r in results if r.status == "needs manual grading"),
        "mean_total": round(statistics.fmean(totals), 4) if totals else None,
        "questions": questions,
    }


def write_reports(results: list[SubmissionResult], out: Path) -> dict[str, Path]:
    """Write every report under ``out`` and return the main paths."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "results").mkdir(exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    paths = {"grades": out / "grades.csv", "summary": out / "summary.json"}
    paths["grades"].write_text(grades_csv(results), encoding="utf-8")
    for r in results:
        name = _safe(r.student)
        _dump(gradescope_results(r), out / "results" / f"{name}.json")
        (out / "feedback" / f"{name}.md").write_text(feedback_markdown(r), encoding="utf-8")
        (out / "feedback" / f"{name}.html").write_text(feedback_html(r), encoding="utf-8")
    _dump(summary(results), paths["summary"])
    return paths


def _safe(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return keep.strip(".") or "submission"


def _dump(data: Any, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def exit_code(results: Iterable[SubmissionResult]) -> int:
    """0 when every submission was graded, 1 when some were errors."""
    return EXIT_SOME_ERRORS if any(r.status == "error" for r in results) else EXIT_OK
