"""Score one answer against its question's key: one scorer per question type.

Partial-credit policy (documented in the README):

- sets (multi-select, select sentences): (right picks - wrong picks) / size of key, floored at 0;
- labels and pairs: share of items given the key's label;
- labelled sentences: a right sentence scores 1 with the right label, 1/2 with another; wrong picks cost 1;
- spans: a key span is found when a highlight in its sentence with its label covers at least
  half of its characters (not more than three times as long; the rule is in
  :mod:`medialit.grading.spans`); (found - 1/2 x extra highlights) / number of key spans, floored at 0;
- numbers: right within the question's tolerance;
- accepted alternatives (``accept:`` in the spec, each with a reason): the better of the key's
  score and the alternatives' score counts (:mod:`medialit.grading.alternatives`);
- short text: queued for a teacher (status ``needs manual grading``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from medialit.grading import alternatives, spans
from medialit.grading.wellformed import is_blank, shape_problems
from medialit.model import Question
from medialit.readable import describe_answer, item_name

STATUSES = ("correct", "partial", "incorrect", "unanswered", "malformed", "needs manual grading", "error")
MANUAL_TYPES = frozenset({"short_text"})
ANSWER_CHARS = 400
MANUAL_ANSWER_CHARS = 20_000


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
    answer : canonical JSON of the answer as read ("" when none), cut to :data:`ANSWER_CHARS`.
    checks : the public and hidden checks and their outcomes.
    notes : how the answer was read (cell retyped, duplicated, found by its marker ...).
    integrity : why the question counts as modified.
    teacher : the score was set by a teacher (``medialit grade --manual``).
    shown : the answer in words for the student: a summary, then one line per part
        (:func:`medialit.readable.describe_answer`); empty when there is no answer.
    marks : per-item right/wrong lines for the feedback (``"✓ right: …"``, ``"✗ not in the key: …"``).
    """

    question: str
    type: str
    score: float
    max_score: float
    status: str
    message: str
    modified: bool = False
    answer: str = ""
    checks: tuple[CheckOutcome, ...] = ()
    notes: tuple[str, ...] = ()
    integrity: tuple[str, ...] = ()
    teacher: bool = False
    shown: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()

    @property
    def public_passed(self) -> bool | None:
        """True when every public check passed; ``None`` when there were none."""
        public = [c for c in self.checks if c.public]
        return all(c.passed for c in public) if public else None


def _plain(value: Any) -> Any:
    """JSON-compatible copy of a student value (sets sorted, odd types as their repr)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    return repr(value)


def canonical_json(value: Any, limit: int = ANSWER_CHARS) -> str:
    """Canonical JSON of an answer (sorted keys), cut to ``limit`` characters with an ellipsis."""
    try:
        text = json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    except (ValueError, RecursionError):
        text = "(unreadable answer)"
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status(frac: float) -> str:
    if frac >= 1 - 1e-9:
        return "correct"
    return "partial" if frac > 0 else "incorrect"


def _set_fraction(key: set[str], got: set[str]) -> float:
    if not key:
        return 1.0 if not got else 0.0
    return max(0.0, (len(got & key) - len(got - key)) / len(key))


def _single(q: Question, v: Any) -> float:
    return 1.0 if v == q.key else 0.0


def _multi(q: Question, v: Any) -> float:
    return _set_fraction(set(q.key), set(v))


def _labels(q: Question, v: dict[str, Any]) -> float:
    key: dict[str, str] = q.key
    if not key:
        return 0.0
    return sum(1 for item, lab in key.items() if v.get(item) == lab) / len(key)


def _sentences(q: Question, v: Any) -> float:
    if isinstance(q.key, list):
        chosen = set(v) if not isinstance(v, dict) else set(v.keys())
        return _set_fraction(set(q.key), chosen)
    key: dict[str, str] = q.key
    got = v if isinstance(v, dict) else {s: None for s in v}
    points = 0.0
    for sid, lab in got.items():
        if sid in key:
            points += 1.0 if lab == key[sid] else 0.5
        else:
            points -= 1.0
    return max(0.0, points / len(key)) if key else 0.0


def _spans(q: Question, v: list[dict[str, Any]]) -> float:
    return spans.match_spans(q.key or [], v, {o.id: o.text for o in q.items}).fraction()


def finite_number(v: Any) -> float | None:
    """``v`` as a finite float, or ``None`` (booleans, text, NaN and infinities are not numbers here)."""
    if isinstance(v, bool):
        return None
    try:
        got = float(v)
    except (OverflowError, TypeError, ValueError):
        return None
    return got if math.isfinite(got) else None


def _numeric(q: Question, v: float) -> float:
    got = finite_number(v)
    if got is None:
        return 0.0
    return 1.0 if abs(got - float(q.key)) <= q.tolerance + 1e-9 else 0.0


SCORERS: dict[str, Callable[[Question, Any], float]] = {
    "single_choice": _single,
    "multi_select": _multi,
    "label_items": _labels,
    "match_pairs": _labels,
    "select_sentences": _sentences,
    "select_spans": _spans,
    "numeric": _numeric,
}


def value_fraction(q: Question, value: Any) -> float:
    """Fraction of the key matched by a well-formed ``value``; accepted alternatives count too."""
    frac = _key_fraction(q, value)
    if q.alternatives:
        frac = max(frac, alternatives.fraction(q, value))
    return frac


def _key_fraction(q: Question, value: Any) -> float:
    """Fraction of the key itself matched by ``value`` (code answers compare like numbers)."""
    if q.type == "code":
        if isinstance(q.key, (int, float)) and not isinstance(q.key, bool):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return 0.0
            return _numeric(q, value)
        return 1.0 if value == q.key else 0.0
    return SCORERS[q.type](q, value)


PUBLIC_CHECK = "answered and well formed"
HIDDEN_CHECK = "matches the key"


def public_checks(q: Question, value: Any, present: bool) -> tuple[CheckOutcome, ...]:
    """The public check of an answer: the same one ``check(...)`` runs in the notebook."""
    if not present:
        return (CheckOutcome(PUBLIC_CHECK, True, False, "the answer cell is missing"),)
    if is_blank(q, value):
        return (CheckOutcome(PUBLIC_CHECK, True, False, "not answered yet"),)
    problems = shape_problems(q, value)
    if problems:
        return (CheckOutcome(PUBLIC_CHECK, True, False, "; ".join(problems)),)
    return (CheckOutcome(PUBLIC_CHECK, True, True, "answered and well formed"),)


RIGHT = "✓ right"
WRONG = "✗ not right"
EXTRA = "✗ not in the key"
HALF = "½ right sentence, other label"


def item_marks(q: Question, value: Any) -> tuple[str, ...]:
    """Per-item right/wrong lines of a well-formed answer (never names a key item the student did not give).

    Missed key items are counted, not named, so the feedback teaches without
    handing out the rest of the key.
    """
    key = q.key
    lines: list[str] = []
    missed = 0
    if q.type == "single_choice":
        lines.append(f"{RIGHT if value == key else WRONG}: {item_name(str(value), q)}")
    elif q.type in ("multi_select", "select_sentences") and isinstance(key, list):
        chosen = list(value.keys()) if isinstance(value, dict) else list(value)
        lines += [f"{RIGHT if c in key else EXTRA}: {item_name(str(c), q)}" for c in chosen]
        missed = len(set(key) - set(chosen))
    elif q.type == "select_sentences" and isinstance(key, dict):
        got = value if isinstance(value, dict) else {s: None for s in value}
        for sid, lab in got.items():
            mark = (RIGHT if lab == key[sid] else HALF) if sid in key else EXTRA
            lines.append(f"{mark}: {item_name(str(sid), q)}" + (f" — {lab}" if lab else ""))
        missed = len(set(key) - set(got))
    elif q.type in ("label_items", "match_pairs") and isinstance(key, dict) and isinstance(value, dict):
        for item in key:
            given = value.get(item)
            shown = given if given not in ("", None) else "(no label)"
            lines.append(f"{RIGHT if given == key[item] else WRONG}: {item_name(item, q)} — {shown}")
    elif q.type == "select_spans" and isinstance(key, list) and isinstance(value, list):
        match = spans.match_spans(key, value, {o.id: o.text for o in q.items})
        for span, hit in zip(value, match.matched, strict=True):
            lines.append(f"{RIGHT if hit is not None else EXTRA}: {describe_answer([span], q)[1][0]}")
        missed = len(match.found) - sum(match.found)
    if missed:
        lines.append(f"✗ missed: {missed} more in the key" + ("" if missed == 1 else " (not named here)"))
    return tuple(lines)


def score_answer(q: Question, value: Any, *, present: bool = True) -> QuestionResult:
    """Score a literal or widget answer (not code: see :mod:`medialit.grading.sandbox`)."""
    mx = q.points
    answer = "" if value is None else canonical_json(value, MANUAL_ANSWER_CHARS if q.manual else ANSWER_CHARS)
    shown: tuple[str, ...] = ()
    if value is not None and not q.manual:
        summary, parts = describe_answer(value, q)
        shown = (summary, *parts)
    public = public_checks(q, value, present)
    if not present:
        return QuestionResult(q.id, q.type, 0.0, mx, "unanswered", "The answer cell is missing.", checks=public)
    if is_blank(q, value):
        return QuestionResult(
            q.id, q.type, 0.0, mx, "unanswered", "Not answered.", answer=answer, checks=public, shown=shown
        )
    if q.manual:
        return QuestionResult(
            q.id,
            q.type,
            0.0,
            mx,
            "needs manual grading",
            "Your teacher grades this answer with the rubric.",
            answer=answer,
            checks=public,
        )
    if not public[0].passed:
        msg = public[0].message
        return QuestionResult(
            q.id,
            q.type,
            0.0,
            mx,
            "malformed",
            msg[:1].upper() + msg[1:] + ".",
            answer=answer,
            checks=public,
            shown=shown,
        )
    frac = value_fraction(q, value)
    status = _status(frac)
    message = {
        "correct": "Correct.",
        "partial": f"Partly right ({frac:.0%} of the credit).",
        "incorrect": "Not right yet.",
    }[status]
    hidden = CheckOutcome(HIDDEN_CHECK, False, status == "correct", message)
    return QuestionResult(
        q.id,
        q.type,
        round(mx * frac, 2),
        mx,
        status,
        message,
        answer=answer,
        checks=(*public, hidden),
        shown=shown,
        marks=item_marks(q, value),
    )
