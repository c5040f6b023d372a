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
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from medialit import qtypes
from medialit.grading.memo import IdentityMemo
from medialit.grading.reports.results import QuestionResult, SubmissionResult
from medialit.model import Question
from medialit.qtypes.hints import look_again
from medialit.readable import describe_answer, number, plural, points_split, student_rubric

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
#: The line before the pointer that :func:`look_again_line` gives a student whose answer was not all right.
LOOK_AGAIN = "What to look at again"


def look_again_line(q: QuestionResult, spec: Question | None) -> str | None:
    """Where to look again after an automatic score below full marks (never the key); ``None`` otherwise.

    Shown whether or not the teacher released explanations: it points to the paragraphs and
    the lesson concepts the item draws on (:func:`medialit.qtypes.hints.look_again`).
    """
    if spec is None or qtypes.is_manual(spec.type) or q.status not in ("partial", "incorrect"):
        return None
    return look_again(spec)


@dataclass(frozen=True)
class Release:
    """Explanations and citations released to students (``medialit grade --release-explanations``).

    ``citations`` maps a citation id to its ``(title, url)``, so sources are shown
    by title with a link, never by id.
    """

    citations: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def sources(self, q: Question) -> list[tuple[str, str]]:
        """``(title, url)`` of each citation of ``q`` (the id stands in for an unknown title)."""
        return [self.citations.get(cid, (cid, "")) for cid in q.citations]


def score_line(r: SubmissionResult, questions: Mapping[str, Question] | None = None) -> str:
    """The one total, said the same way in HTML, Markdown and results.json.

    ``Score: 8.5 of 14 points (11 graded automatically, 3 by your teacher; waiting for your teacher: L2.Q7).``
    """
    manual = [q for q in r.questions if qtypes.is_manual(q.type)]
    manual_max = sum(q.max_score for q in manual)
    pending = [q.question for q in r.questions if q.status == "needs manual grading"]
    split = points_split(r.max_score - manual_max, manual_max)
    text = f"Score: {number(r.score)} of {plural(r.max_score, 'point')} ({split}"
    if pending:
        text += f"; waiting for your teacher: {', '.join(pending)}"
    return text + ")."


def answer_lines(q: QuestionResult) -> tuple[str, list[str]]:
    """(summary, parts) of the answer as the student reads it."""
    if q.shown:
        return q.shown[0], list(q.shown[1:])
    return (_answer_text(q) if q.answer else "(none)"), []


_MD_TABLE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": " ", "\n": " ", **{c: "\\" + c for c in "\\`*_[]|~#"}}
)


def md_escape(text: str) -> str:
    """Text that Markdown shows literally: HTML escaped, markup characters backslash-escaped, one line."""
    return text.translate(_MD_TABLE)


def _answer_text(q: QuestionResult) -> str:
    """The answer as a readable list (highlights quoted, places in words), not JSON with offsets."""
    text = q.answer
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if isinstance(value, (list, dict)):
        summary, lines = describe_answer(value)
        text = summary + (": " + "; ".join(f"{n}. {line}" for n, line in enumerate(lines, 1)) if lines else "")
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


def _public_summary(q: QuestionResult) -> str:
    state = q.public_passed
    return "passed" if state else ("none" if state is None else "not passed")


def feedback_markdown(
    r: SubmissionResult, questions: Mapping[str, Question] | None = None, release: Release | None = None
) -> str:
    """Feedback for the student in Markdown (student strings escaped); ``release`` adds explanations and sources."""
    qs = questions or {}
    lines = [f"# Feedback for {md_escape(r.student)}", ""]
    if r.status == "error":
        lines += [f"Your notebook could not be graded: {md_escape(r.message)}.", "", ERROR_HELP, ""]
        return "\n".join(lines)
    lines += [
        f"Lesson {md_escape(r.lesson)}. **{md_escape(score_line(r, qs))}**",
        "",
        "## How your notebook was graded",
        "",
    ]
    lines += [f"- {md_escape(t).replace(chr(92) + '`', '`')}" for t in HOW_GRADED]
    lines += ["", "| Question | Points | Public checks | Result |", "|---|---|---|---|"]
    for q in r.questions:
        lines.append(
            f"| {md_escape(q.question)} | {number(q.score)} of {number(q.max_score)} | {_public_summary(q)} "
            f"| {md_escape(q.message)} |"
        )
    lines += ["", "## Details", ""]
    for q in r.questions:
        lines += _md_details(q, qs.get(q.question), release)
    return "\n".join(lines)


def _md_block(q: QuestionResult, spec: Question | None, release: Release | None) -> tuple[str, ...]:
    """The Markdown lines of one question's details (the same result renders the same: memoised)."""
    lines: list[str] = []
    kind = q.type.replace("_", " ")
    lines += [f"### {md_escape(q.question)} ({kind}): {number(q.score)} of {plural(q.max_score, 'point')}", ""]
    summary, parts = answer_lines(q)
    lines.append(f"- Your answer: {md_escape(summary)}" + (":" if parts else ""))
    lines += [f"  {n}. {md_escape(part)}" for n, part in enumerate(parts, 1)]
    if q.marks:
        lines.append("- Item by item:")
        lines += [f"  - {md_escape(m)}" for m in q.marks]
    lines += [f"- {md_escape(label)}: {md_escape(outcome)}" for label, outcome in _check_lines(q)]
    lines.append(f"- Result: {md_escape(q.message)}")
    again = look_again_line(q, spec)
    if again:
        lines.append(f"- {LOOK_AGAIN}: {md_escape(again)}")
    rubric = student_rubric(spec) if spec is not None else ()
    if rubric and not q.teacher:
        lines.append(f"- {MANUAL_NOTE}:")
        lines += [f"  - {md_escape(item)}" for item in rubric]
    if release is not None and spec is not None and not qtypes.is_manual(spec.type):
        if spec.explanation:
            lines.append(f"- Explanation: {md_escape(spec.explanation.strip())}")
        for title, url in release.sources(spec):
            lines.append(f"- Source: [{md_escape(title)}]({url})" if url else f"- Source: {md_escape(title)}")
    lines += [f"- Note: {md_escape(n)}" for n in q.notes]
    if q.modified:
        lines.append(
            "- Note: this question's locked cells were changed in your notebook "
            f"({md_escape(', '.join(q.integrity))}); it was graded against the original question."
        )
    lines.append("")
    return tuple(lines)


_md_details = IdentityMemo(_md_block)


def feedback_html(
    r: SubmissionResult, questions: Mapping[str, Question] | None = None, release: Release | None = None
) -> str:
    """Feedback for the student as a small standalone HTML page (everything escaped, no scripts)."""
    e = html.escape
    qs = questions or {}
    if r.status == "error":
        body = f"<p>Your notebook could not be graded: {e(r.message)}.</p><p>{e(ERROR_HELP)}</p>"
    else:
        rows = "".join(
            f"<tr><th scope='row'>{e(q.question)}</th><td>{number(q.score)} of {number(q.max_score)}</td>"
            f"<td>{_public_summary(q)}</td><td>{e(q.message)}</td></tr>"
            for q in r.questions
        )
        how = "".join(f"<li>{_code_spans(e(t))}</li>" for t in HOW_GRADED)
        details = "".join(_html_details(q, qs.get(q.question), release) for q in r.questions)
        body = (
            f"<p>Lesson {e(r.lesson)}. <strong>{e(score_line(r, qs))}</strong></p>"
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


def _html_block(q: QuestionResult, spec: Question | None, release: Release | None = None) -> str:
    e = html.escape
    summary, parts = answer_lines(q)
    listed = "<ol>" + "".join(f"<li>{e(p)}</li>" for p in parts) + "</ol>" if parts else ""
    items = [f"<li>Your answer: {e(summary)}{':' if parts else ''}{listed}</li>"]
    if q.marks:
        items.append("<li>Item by item:<ul>" + "".join(f"<li>{e(m)}</li>" for m in q.marks) + "</ul></li>")
    items += [f"<li>{e(label)}: {e(outcome)}</li>" for label, outcome in _check_lines(q)]
    items.append(f"<li>Result: {e(q.message)}</li>")
    again = look_again_line(q, spec)
    if again:
        items.append(f"<li>{e(LOOK_AGAIN)}: {e(again)}</li>")
    rubric = student_rubric(spec) if spec is not None else ()
    if rubric and not q.teacher:
        items.append(f"<li>{e(MANUAL_NOTE)}:<ul>" + "".join(f"<li>{e(i)}</li>" for i in rubric) + "</ul></li>")
    if release is not None and spec is not None and not qtypes.is_manual(spec.type):
        if spec.explanation:
            items.append(f"<li>Explanation: {e(spec.explanation.strip())}</li>")
        for title, url in release.sources(spec):
            link = f"<a href='{e(url)}'>{e(title)}</a>" if url.startswith(("https://", "http://")) else e(title)
            items.append(f"<li>Source: {link}</li>")
    items += [f"<li>Note: {e(n)}</li>" for n in q.notes]
    if q.modified:
        items.append(
            "<li>Note: this question's locked cells were changed in your notebook "
            f"({e(', '.join(q.integrity))}); it was graded against the original question.</li>"
        )
    title = f"{e(q.question)} ({e(q.type.replace('_', ' '))}): {number(q.score)} of {e(plural(q.max_score, 'point'))}"
    return f"<h3>{title}</h3><ul>{''.join(items)}</ul>"


#: One question's HTML details, rendered once per distinct result object (the grader shares the
#: result of a repeated answer, :class:`medialit.grading.memo.ValueMemo`).
_html_details = IdentityMemo(_html_block)
