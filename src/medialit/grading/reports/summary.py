"""Item analysis for the teacher: summary.json and summary.html (with a score chart).

Statistics are accumulated one submission at a time (:meth:`Summary.add`), so
a batch of any size is summarised in bounded memory: per question the mean,
the score distribution, the statuses, and the most common wrong answers (their
canonical JSON, counted, and the same answer in words as the feedback pages write
it; at most :data:`MAX_DISTINCT` distinct answers are tracked per question, the
rest are counted as ``(other answers)``). Each student's search trail (a SearchLab
record replayed on the packet: searches, documents opened, verified or not) is
listed too, up to :data:`MAX_TRAILS`; near-copies found by :mod:`.copies` with
their similarity.
"""

from __future__ import annotations

import base64
import html
import io
import json
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from medialit import qtypes
from medialit.contracts import GRADE_SCHEMA_VERSION
from medialit.grading.copies import CopyGroup, NearCopy
from medialit.grading.reports.results import SubmissionResult
from medialit.model import Question
from medialit.qtypes.base import TrailRecord
from medialit.readable import describe_answer, number

MAX_DISTINCT = 5000
TOP_WRONG = 5
MAX_LISTED = 200
OTHER = "(other answers)"
WRONG = ("incorrect", "partial", "malformed")
BINS = 10
#: Search trails listed in the summary (one per student and search question).
MAX_TRAILS = 10_000
#: An answer in words is cut to this many characters in the summary.
WORDS_CHARS = 300


def answer_words(answer: str, shown: Sequence[str]) -> str:
    """An answer as the feedback pages write it: the summary, then its parts (not the raw JSON record)."""
    if shown:
        summary, lines = shown[0], list(shown[1:])
    else:
        try:
            value = json.loads(answer)
        except ValueError:
            value = answer
        if isinstance(value, (list, dict)):
            summary, lines = describe_answer(value)
        else:
            summary, lines = (value if isinstance(value, str) else answer), []
    text = summary + (": " + "; ".join(lines) if lines else "")
    return text if len(text) <= WORDS_CHARS else text[: WORDS_CHARS - 1] + "…"


def format_number(x: float) -> str:
    """A score as reports print it: ``2``, ``1.5``, ``4.43`` (at most two decimals, no trailing zeros)."""
    return number(x)


def question_order(qid: str) -> tuple[int, int, str]:
    """Sort key of question ids in lesson order (``L2.Q10`` after ``L2.Q9``); odd ids last."""
    try:
        lesson, q = qid.split(".")
        return int(lesson[1:]), int(q[1:]), ""
    except ValueError:
        return 10**6, 0, qid


def _median(dist: Counter[float]) -> float:
    values = sorted(dist.elements())
    return statistics.median(values) if values else 0.0


class StudentTrail(TrailRecord):
    """A search trail in the summary: whose, in which file, for which question."""

    student: str
    file: str
    question: str


@dataclass
class _QStats:
    type: str
    max_score: float
    n: int = 0
    total: float = 0.0
    full: int = 0
    modified: int = 0
    teacher: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    dist: Counter[float] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    words: dict[str, str] = field(default_factory=dict)


class Summary:
    """Running statistics of a batch; :meth:`to_dict` is summary.json, :meth:`to_html` the teacher's page."""

    def __init__(self, questions: Mapping[str, Question] | None = None) -> None:
        self.questions = dict(questions or {})
        self.submissions = 0
        self.errors = 0
        self.manual = 0
        self.modified = 0
        self.per_q: dict[str, _QStats] = {}
        self.totals: dict[str, Counter[float]] = {}
        self.lesson_max: dict[str, float] = {}
        self.error_rows: list[tuple[str, str, str]] = []
        self.modified_rows: list[tuple[str, str]] = []
        self.percent: Counter[int] = Counter()
        self.copies: list[CopyGroup] = []
        self.near_copies: list[NearCopy] = []
        self.trails: list[StudentTrail] = []
        self.trail_count = 0

    def add(self, r: SubmissionResult) -> None:
        """Count one submission."""
        self.submissions += 1
        if r.status == "error":
            self.errors += 1
            if len(self.error_rows) < MAX_LISTED:
                self.error_rows.append((r.student, r.file, r.message))
            return
        self.manual += r.status == "needs manual grading"
        if r.modified:
            self.modified += 1
            if len(self.modified_rows) < MAX_LISTED:
                self.modified_rows.append((r.student, " ".join(r.modified)))
        self.totals.setdefault(r.lesson, Counter())[r.score] += 1
        self.lesson_max[r.lesson] = r.max_score
        if r.max_score > 0:
            self.percent[min(BINS - 1, int(BINS * r.score / r.max_score))] += 1
        for q in r.questions:
            s = self.per_q.get(q.question)
            if s is None:
                s = self.per_q[q.question] = _QStats(q.type, q.max_score)
            s.n += 1
            s.total += q.score
            s.full += q.score >= q.max_score - 1e-9
            s.modified += q.modified
            s.teacher += q.teacher
            s.statuses[q.status] += 1
            s.dist[q.score] += 1
            if q.status in WRONG and q.answer and not q.teacher:
                if q.answer in s.wrong or len(s.wrong) < MAX_DISTINCT:
                    s.wrong[q.answer] += 1
                    if q.answer not in s.words:
                        s.words[q.answer] = answer_words(q.answer, q.shown)
                else:
                    s.wrong[OTHER] += 1
            if q.trail is not None:
                self.trail_count += 1
                if len(self.trails) < MAX_TRAILS:
                    self.trails.append(StudentTrail(student=r.student, file=r.file, question=q.question, **q.trail))

    @property
    def graded(self) -> int:
        """Submissions that could be read."""
        return self.submissions - self.errors

    def _question_dict(self, qid: str, s: _QStats) -> dict[str, object]:
        wrong = sorted(s.wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_WRONG]
        out: dict[str, object] = {
            "type": s.type,
            "n": s.n,
            "max_score": s.max_score,
            "mean": round(s.total / s.n, 4) if s.n else None,
            "full_marks": s.full,
            "statuses": dict(sorted(s.statuses.items())),
            "distribution": {format_number(k): v for k, v in sorted(s.dist.items())},
            "wrong_answers": [{"answer": a, "words": s.words.get(a, a), "count": c} for a, c in wrong],
            "modified": s.modified,
            "teacher_scored": s.teacher,
        }
        spec = self.questions.get(qid)
        if spec is not None and qtypes.is_manual(spec.type):
            out["rubric"] = list(spec.rubric)
        return out

    def to_dict(self) -> dict[str, Any]:
        """summary.json: counts, per-lesson totals and per-question item analysis."""
        all_totals = Counter[float]()
        for c in self.totals.values():
            all_totals.update(c)
        n_totals = sum(all_totals.values())
        lessons = {
            lid: {
                "n": sum(c.values()),
                "max_score": self.lesson_max[lid],
                "mean": round(sum(k * v for k, v in c.items()) / sum(c.values()), 4),
                "median": _median(c),
                "distribution": {format_number(k): v for k, v in sorted(c.items())},
            }
            for lid, c in sorted(self.totals.items(), key=lambda kv: question_order(kv[0] + ".Q0"))
        }
        return {
            "schema_version": GRADE_SCHEMA_VERSION,
            "submissions": self.submissions,
            "graded": self.graded,
            "errors": self.errors,
            "needs_manual_grading": self.manual,
            "modified": self.modified,
            "copies": {
                "groups": [
                    {
                        "group": g["group"],
                        "size": len(g["students"]),
                        **{k: g[k][:MAX_LISTED] for k in ("students", "files", "kinds")},
                    }
                    for g in self.copies[:MAX_LISTED]
                ],
                "group_count": len(self.copies),
                "flagged_submissions": sum(len(g["students"]) for g in self.copies),
            },
            "near_copies": self.near_copies[:MAX_LISTED],
            "search_trails": self.trails,
            "search_trails_count": self.trail_count,
            "mean_total": round(sum(k * v for k, v in all_totals.items()) / n_totals, 4) if n_totals else None,
            "lessons": lessons,
            "questions": {
                qid: self._question_dict(qid, s)
                for qid, s in sorted(self.per_q.items(), key=lambda kv: question_order(kv[0]))
            },
        }

    def alt_text(self) -> str:
        """A text description of the chart, for screen readers."""
        n = sum(self.percent.values())
        if not n:
            return "No submission could be graded, so there is no score distribution."
        bins = ", ".join(f"{10 * b}–{10 * b + 9 if b < BINS - 1 else 100}%: {self.percent[b]}" for b in range(BINS))
        return f"Bar chart of total scores of {n} graded submissions, as a percentage of the points: {bins}."

    def chart_png(self) -> bytes:
        """The score distribution as a small PNG (deterministic: no timestamps in the file)."""
        # Lazy: matplotlib takes 0.5 s to import, and every grading worker imports this module.
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        fig = Figure(figsize=(6, 2.6), dpi=100)
        ax = fig.add_subplot()
        labels = [f"{10 * b}" for b in range(BINS)]
        ax.bar(labels, [self.percent[b] for b in range(BINS)], color="#3b6ea5")
        ax.set_xlabel("total score (% of points, bins of 10)")
        ax.set_ylabel("submissions")
        ax.set_title("Score distribution")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()

    def to_html(self) -> str:
        """The teacher's summary page: counts, chart (PNG data URI with alt text), item analysis."""
        e = html.escape
        d = self.to_dict()
        png = base64.b64encode(self.chart_png()).decode("ascii")
        parts = [
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Grading summary</title>",
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'\">",
            "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
            "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.3em .6em;"
            "text-align:left;vertical-align:top}code{background:#eee}</style></head><body>",
            "<h1>Grading summary</h1>",
            f"<p>{d['submissions']} submissions: {d['graded']} graded, {d['errors']} could not be read, "
            f"{d['needs_manual_grading']} wait for manual grading, {d['modified']} with changed locked cells.</p>",
            f"<img src='data:image/png;base64,{png}' alt='{e(self.alt_text(), quote=True)}'>",
        ]
        if d["lessons"]:
            heads = "".join(f"<th scope='col'>{h}</th>" for h in ("Lesson", "Graded", "Mean", "Median", "Max"))
            parts.append(f"<h2>Totals</h2><table><thead><tr>{heads}</tr></thead><tbody>")
            for lid, s in d["lessons"].items():
                parts.append(
                    f"<tr><th scope='row'>{e(lid)}</th><td>{s['n']}</td><td>{format_number(s['mean'])}</td>"
                    f"<td>{format_number(s['median'])}</td><td>{format_number(s['max_score'])}</td></tr>"
                )
            parts.append("</tbody></table>")
        parts.append(self._questions_html(d["questions"]))
        parts.append(
            self._rows_html("Could not be graded", ("Student", "File", "Reason"), self.error_rows, self.errors)
        )
        copies = [
            (g["group"], ", ".join(f"{s} ({k})" for s, k in zip(g["students"][:MAX_LISTED], g["kinds"], strict=False)))
            for g in self.copies[:MAX_LISTED]
        ]
        parts.append(
            self._rows_html(
                "Identical answer sets (a reason to look, not proof)",
                ("Group", "Students (kind)"),
                copies,
                len(self.copies),
            )
        )
        near = [
            (", ".join(n["students"]), f"{n['similarity']:.0%}", ", ".join(n["questions"]))
            for n in self.near_copies[:MAX_LISTED]
        ]
        parts.append(
            self._rows_html(
                "Near-copies of written answers (similarity for you to judge; never scored)",
                ("Students", "Similarity", "Questions"),
                near,
                len(self.near_copies),
                "summary.json",
            )
        )
        parts.append(self._trails_html())
        parts.append(
            self._rows_html("Locked cells changed", ("Student", "Questions"), self.modified_rows, self.modified)
        )
        parts.append("</body></html>\n")
        return "".join(parts)

    def _trails_html(self) -> str:
        """Each student's search trail: the searches, then each document opened, found and read or not."""
        rows = []
        for t in self.trails[:MAX_LISTED]:
            searches = "; ".join(f"{i + 1}. “{x}”" for i, x in enumerate(t["queries"])) or "no search"
            opened = "; ".join(
                f"{o['doc']} ({o['seconds']} s, "
                + ("found by a search" if o["found"] else "no recorded search listed it")
                + ("" if o["read"] or not o["found"] else ", a glance")
                + ")"
                for o in t["opened"]
            )
            more = f" (+{t['more']} more)" if t.get("more") else ""
            status = t["status"] + (
                "" if t.get("process_credit") or t["status"] != "verified" else ", no process credit"
            )
            rows.append((t["student"], t["question"], status, searches + more, opened or "nothing opened"))
        return self._rows_html(
            "Search trails (unverified: the record does not replay on the packet; only the conclusion is credited)",
            ("Student", "Question", "Record", "Searches", "Opened"),
            rows,
            self.trail_count,
            "summary.json",
        )

    @staticmethod
    def _questions_html(questions: dict[str, Any]) -> str:
        e = html.escape
        if not questions:
            return ""
        out = [
            "<h2>Questions</h2><table><thead><tr><th scope='col'>Question</th><th scope='col'>Type</th>"
            "<th scope='col'>Mean / max</th><th scope='col'>Full marks</th><th scope='col'>Statuses</th>"
            "<th scope='col'>Most common wrong answers</th></tr></thead><tbody>"
        ]
        for qid, s in questions.items():
            statuses = ", ".join(f"{e(k)}: {v}" for k, v in s["statuses"].items())
            wrong = "".join(f"<li>{e(w['words'])} ({w['count']})</li>" for w in s["wrong_answers"])
            rubric = "".join(f"<li>{e(x)}</li>" for x in s.get("rubric", ()))
            extra = f"<p>Rubric:</p><ul>{rubric}</ul>" if rubric else ""
            mean = "" if s["mean"] is None else format_number(s["mean"])
            out.append(
                f"<tr><th scope='row'>{e(qid)}</th><td>{e(s['type'].replace('_', ' '))}</td>"
                f"<td>{mean} / {format_number(s['max_score'])}</td>"
                f"<td>{s['full_marks']} of {s['n']}</td><td>{statuses}</td>"
                f"<td>{'<ul>' + wrong + '</ul>' if wrong else ''}{extra}</td></tr>"
            )
        out.append("</tbody></table>")
        return "".join(out)

    @staticmethod
    def _rows_html(
        title: str, head: tuple[str, ...], rows: Sequence[tuple[str, ...]], total: int, see: str = "grades.csv"
    ) -> str:
        e = html.escape
        if not rows:
            return ""
        th = "".join(f"<th scope='col'>{e(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
        more = f"<p>… and {total - len(rows)} more: see {see}.</p>" if total > len(rows) else ""
        return f"<h2>{e(title)} ({total})</h2><table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>{more}"
