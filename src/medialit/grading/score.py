"""Score one answer against its question's key; each type's scorer is in :mod:`medialit.qtypes`.

Partial-credit policy (documented in the README):

- sets (multi-select, select sentences): (right picks - wrong picks) / size of key, floored at 0;
- labels and pairs: share of items given the key's label;
- labelled sentences: a right sentence scores 1 with the right label, 1/2 with another; wrong picks cost 1;
- spans: a key span is found when a highlight in its sentence with its label covers at least
  half of its characters (not more than three times as long; the rule is in
  :mod:`medialit.qtypes.spans`); (found - 1/2 x extra highlights) / number of key spans, floored at 0;
- numbers: right within the question's tolerance;
- accepted alternatives (``accept:`` in the spec, each with a reason): the better of the key's
  score and the alternatives' score counts (:mod:`medialit.grading.alternatives`);
- short text: queued for a teacher (status ``needs manual grading``).
"""

from __future__ import annotations

import json
import math

from medialit import qtypes
from medialit.grading.reports.results import CheckOutcome, QuestionResult, QuestionStatus, fraction_status
from medialit.model import Question
from medialit.qtypes.wellformed import is_blank, shape_problems

ANSWER_CHARS = 400
MANUAL_ANSWER_CHARS = 20_000


def _plain(value: object) -> object:
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


def canonical_json(value: object, limit: int = ANSWER_CHARS) -> str:
    """Canonical JSON of an answer (sorted keys), cut to ``limit`` characters with an ellipsis."""
    try:
        text = json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    except (ValueError, RecursionError):
        text = "(unreadable answer)"
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_fraction(q: Question, value: object) -> float:
    """Fraction of the key matched by a well-formed ``value``; accepted alternatives count too (0 when malformed)."""
    return qtypes.get(q.type).score(q, value)


PUBLIC_CHECK = "answered and well formed"
HIDDEN_CHECK = "matches the key"


def public_checks(q: Question, value: object, present: bool) -> tuple[CheckOutcome, ...]:
    """The public check of an answer: the same one ``check(...)`` runs in the notebook."""
    if not present:
        return (CheckOutcome(PUBLIC_CHECK, True, False, "the answer cell is missing"),)
    if is_blank(q, value):
        return (CheckOutcome(PUBLIC_CHECK, True, False, "not answered yet"),)
    problems = shape_problems(q, value)
    if problems:
        return (CheckOutcome(PUBLIC_CHECK, True, False, "; ".join(problems)),)
    return (CheckOutcome(PUBLIC_CHECK, True, True, "answered and well formed"),)


def item_marks(q: Question, value: object) -> tuple[str, ...]:
    """Per-item right/wrong lines of a well-formed answer (never names a key item the student did not give).

    Missed key items are counted, not named, so the feedback teaches without
    handing out the rest of the key.
    """
    return tuple(qtypes.get(q.type).mark_lines(q, value))


def score_answer(q: Question, value: object, *, present: bool = True) -> QuestionResult:
    """Score a literal or widget answer (not code: see :mod:`medialit.grading.isolation.sandbox`)."""
    mx = q.points
    manual = qtypes.get(q.type).manual
    answer = "" if value is None else canonical_json(value, MANUAL_ANSWER_CHARS if manual else ANSWER_CHARS)
    shown: tuple[str, ...] = ()
    if value is not None and not manual:
        summary, parts = qtypes.describe(value, q)
        shown = (summary, *parts)
    public = public_checks(q, value, present)
    if not present:
        return QuestionResult(q.id, q.type, 0.0, mx, "unanswered", "The answer cell is missing.", checks=public)
    if is_blank(q, value):
        return QuestionResult(
            q.id, q.type, 0.0, mx, "unanswered", "Not answered.", answer=answer, checks=public, shown=shown
        )
    if manual:
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
    status = fraction_status(frac)
    messages: dict[QuestionStatus, str] = {
        "correct": "Correct.",
        "partial": f"Partly right ({frac:.0%} of the credit).",
        "incorrect": "Not right yet.",
    }
    message = messages[status]
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
        trail=qtypes.get(q.type).trail_of(q, value),
    )
