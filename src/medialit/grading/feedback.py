"""Feedback for students, as Markdown and as a standalone HTML page.

Every word a student reads about their grade lives here, so educators can
review it in one place. Every string that comes from a submission (student id,
file name, answers, and messages that quote answers) is escaped: HTML special
characters become entities in both formats, and Markdown punctuation is
backslash-escaped. Hidden checks are named and their result and message shown;
their code is never shown (there is none to show: the grader compares with the
key in its own process).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from medialit.grading.grade import SubmissionResult
from medialit.grading.score import QuestionResult
from medialit.model import Question

HOW_GRADED = (
    "Public checks are the ones the `check(...)` cells in your notebook run: is the question answered, "
    "is the answer well formed, does it use ids that exist. They never compare your answer with the key.",
    "Hidden checks compare your answer with the key. You see their result and message, never their code.",
    "So passing the public checks does not mean the answer is right: a question can pass them and still "
    "earn no points. Nothing your notebook printed about its own score was used.",
)
ERROR_HELP = "Check that you handed in the exercise notebook of this lesson, saved from Jupyter, and ask your teacher."
MANUAL_NOTE = "Your teacher grades this answer with the rubric"
ANSWER_SHOWN = 1000


def _num(x: float) -> str:
    return f"{x:g}"


_MD_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": " ", "\n": " ", **{c: "\\" + c for c in "\\`*_[]|~#"}}
)


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: HTML escaped, markup characters backslash-escaped, one line."""
    return text.translate(_MD_TABLE)


def _answer_text(q: QuestionResult) -> str:
    text = q.answer
    return text if len(text) <= ANSWER_SHOWN else text[: ANSWER_SHOWN - 1] + "…"


def _check_lines(q: QuestionResult) -> list[tuple[str, str]]:
    """(label, outcome) per check, for either format (raw text, escaped by the caller)."""
    out = []
    for c in q.checks:
        kind = "Public check" if c.public else "Hidden check"
        outcome = "passed" if c.passed else "not passed"
        detail = f": {c.message}" if c.message and not c.passed else ""
        out.append((f'{kind} "{c.name}"', outcome + detail))
    return out


def _headline(r: SubmissionResult) -> str:
    pending = [q for q in r.questions if q.status == "needs manual grading"]
    text = f"Score: {_num(r.score)} / {_num(r.max_score)} points"
    if pending:
        pts = sum(q.max_score for q in pending)
        text += f" ({_num(pts)} of them wait for your teacher: {', '.join(q.question for q in pending)})"
    return text + "."


def _public_summary(q: QuestionResult) -> str:
    state = q.public_passed
    return "passed" if state else ("none" if state is None else "not passed")


def feedback_markdown(r: SubmissionResult, questions: Mapping[str, Question] | None = None) -> str:
    """Feedback for the student in Markdown (student strings escaped)."""
    qs = questions or {}
    lines = [f"# Feedback for {md_escape(r.student)}", ""]
    if r.status == "error":
        lines += [f"Your notebook could not be graded: {md_escape(r.message)}.", "", ERROR_HELP, ""]
        return "\n".join(lines)
    lines += [f"Lesson {md_escape(r.lesson)}. **{md_escape(_headline(r))}**", "", "## How your notebook was graded", ""]
    lines += [f"- {md_escape(t).replace(chr(92) + '`', '`')}" for t in HOW_GRADED]
    lines += ["", "| Question | Points | Public checks | Result |", "|---|---|---|---|"]
    for q in r.questions:
        lines.append(
            f"| {md_escape(q.question)} | {_num(q.score)} / {_num(q.max_score)} | {_public_summary(q)} "
            f"| {md_escape(q.message)} |"
        )
    lines += ["", "## Details", ""]
    for q in r.questions:
        kind = q.type.replace("_", " ")
        lines += [f"### {md_escape(q.question)} ({kind}): {_num(q.score)} / {_num(q.max_score)}", ""]
        lines.append(f"- Your answer: {md_escape(_answer_text(q)) if q.answer else '(none)'}")
        lines += [f"- {md_escape(label)}: {md_escape(outcome)}" for label, outcome in _check_lines(q)]
        lines.append(f"- Result: {md_escape(q.message)}")
        rubric = qs[q.question].rubric if q.question in qs else ()
        if rubric and not q.teacher:
            lines.append(f"- {MANUAL_NOTE}:")
            lines += [f"  - {md_escape(item)}" for item in rubric]
        lines += [f"- Note: {md_escape(n)}" for n in q.notes]
        if q.modified:
            lines.append(
                "- Note: this question's locked cells were changed in your notebook "
                f"({md_escape(', '.join(q.integrity))}); it was graded against the original question."
            )
        lines.append("")
    return "\n".join(lines)


def feedback_html(r: SubmissionResult, questions: Mapping[str, Question] | None = None) -> str:
    """Feedback for the student as a small standalone HTML page (everything escaped, no scripts)."""
    e = html.escape
    qs = questions or {}
    if r.status == "error":
        body = f"<p>Your notebook could not be graded: {e(r.message)}.</p><p>{e(ERROR_HELP)}</p>"
    else:
        rows = "".join(
            f"<tr><th scope='row'>{e(q.question)}</th><td>{_num(q.score)} / {_num(q.max_score)}</td>"
            f"<td>{_public_summary(q)}</td><td>{e(q.message)}</td></tr>"
            for q in r.questions
        )
        how = "".join(f"<li>{_code_spans(e(t))}</li>" for t in HOW_GRADED)
        details = "".join(_html_details(q, qs.get(q.question)) for q in r.questions)
        body = (
            f"<p>Lesson {e(r.lesson)}. <strong>{e(_headline(r))}</strong></p>"
            f"<h2>How your notebook was graded</h2><ul>{how}</ul>"
            "<table><thead><tr><th scope='col'>Question</th><th scope='col'>Points</th>"
            "<th scope='col'>Public checks</th><th scope='col'>Result</th></tr></thead>"
            f"<tbody>{rows}</tbody></table><h2>Details</h2>{details}"
        )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>Feedback for {e(r.student)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:auto;padding:1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}"
        "code{background:#eee}</style></head><body>"
        f"<h1>Feedback for {e(r.student)}</h1>{body}</body></html>\n"
    )


def _code_spans(escaped: str) -> str:
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", escaped)


def _html_details(q: QuestionResult, spec: Question | None) -> str:
    e = html.escape
    items = [f"<li>Your answer: <code>{e(_answer_text(q))}</code></li>" if q.answer else "<li>Your answer: (none)</li>"]
    items += [f"<li>{e(label)}: {e(outcome)}</li>" for label, outcome in _check_lines(q)]
    items.append(f"<li>Result: {e(q.message)}</li>")
    if spec is not None and spec.rubric and not q.teacher:
        items.append(f"<li>{e(MANUAL_NOTE)}:<ul>" + "".join(f"<li>{e(i)}</li>" for i in spec.rubric) + "</ul></li>")
    items += [f"<li>Note: {e(n)}</li>" for n in q.notes]
    if q.modified:
        items.append(
            "<li>Note: this question's locked cells were changed in your notebook "
            f"({e(', '.join(q.integrity))}); it was graded against the original question.</li>"
        )
    title = f"{e(q.question)} ({e(q.type.replace('_', ' '))}): {_num(q.score)} / {_num(q.max_score)}"
    return f"<h3>{title}</h3><ul>{''.join(items)}</ul>"
