"""Answers and ids in words a student can read: no JSON, no offsets, no bare ids.

One place decides how an answer is shown to people: the answer record under a
widget (``text/plain`` and ``text/html``), the solutions, the teacher's key and
the grader's feedback describe an answer through its question type
(:func:`medialit.qtypes.describe`), which reads it with the renderers here
(:func:`spans_words`, :func:`ids_words`, :func:`labels_words`, :func:`text_words`); a value
without its question is read by its shape (:func:`describe_answer`). Pure: no I/O, imports
only the model.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TypedDict, TypeGuard

from medialit.contracts import ANSWER_MIME, AnswerRecord
from medialit.model import Question

_PLACE = re.compile(r"^([pf])(\d+)", re.IGNORECASE)
_SENTENCE_ID = re.compile(r"^p\d+\.s\d+$")
_TRAILING_ID = re.compile(r"\s*\(([pf]\d+(?:\.s\d+)?)\)\s*$", re.IGNORECASE)
_QUOTES = ("“”", '""', "‘’")


def split_place(text: str) -> tuple[str, str]:
    """``("text", "p9.s4")`` from an item text that ends with its sentence id in brackets; else ``(text, "")``."""
    m = _TRAILING_ID.search(text)
    if not m:
        return text, ""
    return text[: m.start()], m.group(1)


def _unquote(text: str) -> str:
    text = text.strip()
    for pair in _QUOTES:
        if len(text) > 1 and text[0] == pair[0] and text[-1] == pair[1] and pair[0] not in text[1:-1]:
            return text[1:-1]
    return text


def place(item_id: str) -> str:
    """Where an id points, in words: ``"headline"``, ``"paragraph 8"``, ``"text around the article"``.

    ``""`` when the id names no paragraph (an option id such as ``"a"``).
    """
    m = _PLACE.match(str(item_id))
    if not m:
        return ""
    if m.group(1).lower() == "f":
        return "text around the article"
    return "headline" if m.group(2) == "0" else f"paragraph {int(m.group(2))}"


def short(text: str, words: int = 10) -> str:
    """The first ``words`` words of ``text`` (an ellipsis when cut)."""
    parts = str(text).split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def quote(text: str) -> str:
    """``text`` between typographic quotes."""
    return f"“{text}”"


def plural(n: float, word: str, many: str | None = None) -> str:
    """``"1 point"``, ``"2 points"``, ``"1.5 points"``; numbers shown with at most two decimals."""
    shown = number(n)
    return f"{shown} {word if shown == '1' else (many or word + 's')}"


def number(x: float) -> str:
    """A score or count with at most two decimals and no trailing zeros (``4.43``, ``2``, ``0.5``)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    try:
        f = float(x)
    except OverflowError:
        return "a number too large to show"
    if not math.isfinite(f):
        return str(f)
    text = f"{round(f, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points_split(auto: float, manual: float) -> str:
    """How a total divides, said the same way everywhere: ``"11 graded automatically, 3 by your teacher"``."""
    parts = [f"{number(auto)} graded automatically"]
    if manual:
        parts.append(f"{number(manual)} by your teacher")
    return ", ".join(parts)


def student_rubric(q: Question) -> tuple[str, ...]:
    """The criteria students see: ``settings.student_rubric`` when the teacher's rubric holds the answer."""
    own = q.settings.get("student_rubric")
    if isinstance(own, (list, tuple)) and own:
        return tuple(str(r) for r in own)
    return q.rubric


def _texts(q: Question | None) -> dict[str, str]:
    if q is None:
        return {}
    return {o.id: o.text for o in (*q.items, *q.options)}


def item_name(item_id: str, q: Question | None, words: int = 10) -> str:
    """An item as students see it: a short quote of its text and where it is (``“…” (paragraph 8)``).

    A claim shown marked in its sentence (``settings.in_sentence``) is named without added
    quotation marks, as its item shows it (``to resume launches in December (paragraph 9)``): in
    curly marks it read as a direct quote (trial 28); marks that are the article's own stay. The
    widgets' ``itemName`` says the same. Falls back to the id when the question does not know the item.
    """
    text = _texts(q).get(str(item_id))
    if text is None:
        where = place(str(item_id))
        if where and _SENTENCE_ID.match(str(item_id)):
            return f"sentence {str(item_id).split('.s')[1]} of " + ("the headline" if where == "headline" else where)
        return f"{item_id}" + (f" ({where})" if where else "")
    if q is not None and any(o.id == item_id for o in q.options):
        return f"{item_id}: {quote(short(text, words))}"
    body, sentence = split_place(text)
    where = place(sentence or str(item_id))
    if q is not None and _marked_in_sentence(q, str(item_id)):
        return short(body, words) + (f" ({where})" if where else "")
    if q is not None and is_summary_item(q, str(item_id)):
        # the course's words about a claim, not the article's: never in quotation marks
        return "summary: " + short(body, words) + (f" ({where})" if where else "")
    return quote(short(_unquote(body), words)) + (f" ({where})" if where else "")


def is_summary_item(q: Question, item_id: str) -> bool:
    """Whether ``q`` shows item ``item_id`` in the course's words, not the article's (``settings.as_summary``)."""
    return item_id in (q.settings.get("as_summary") or ())


def _marked_in_sentence(q: Question, item_id: str) -> bool:
    """Whether ``q`` shows item ``item_id`` as a claim marked in its sentence (as the widgets do)."""
    marked = (q.settings.get("in_sentence") or {}).get(item_id)
    return isinstance(marked, Mapping) and isinstance(marked.get("context"), str) and bool(marked.get("mark"))


def _reading_order(item_id: str, q: Question | None) -> tuple[int, int, int, str]:
    """Sort key: the question's item order, else paragraph and sentence numbers (p8 before p11)."""
    if q is not None:
        ids = [o.id for o in (*q.items, *q.options)]
        if item_id in ids:
            return (ids.index(item_id), 0, 0, "")
    nums = [int(n) for n in re.findall(r"\d+", item_id)[:2]]
    first, second = ([*nums, 0, 0])[:2]
    return (10**6, first, second, item_id)


def _int_or(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _span_name(span: Mapping[str, object]) -> str:
    where = place(str(span.get("sentence", "")))
    label = span.get("label") or ""
    return (
        quote(short(str(span.get("text", "")), 14))
        + (f" — {label}" if label else "")
        + (f" ({where})" if where else "")
    )


Described = tuple[str, list[str]]
"""``(summary, lines)``: an answer in words (see :func:`describe_answer`)."""


class Reading(TypedDict, total=False):
    """How :func:`describe_answer` reads a value: ``labelled`` items are sentences, text is a ``choice``."""

    labelled: str
    choice: bool


def unshowable() -> Described:
    """The words for an answer that cannot be shown (a value whose renderer failed)."""
    return "an answer that cannot be shown in words", []


def is_unanswered(value: object) -> bool:
    """An answer with nothing to describe: ``None``, blank text, ``[]`` or ``{}``."""
    return value is None or (isinstance(value, str) and not value.strip()) or value in ([], {})


def spans_words(value: Sequence[Mapping[str, object]], q: Question | None = None) -> Described:
    """Highlights (``[{sentence, start, end, text, label?}, ...]``), quoted, in reading order."""
    spans = sorted(value, key=lambda v: (_reading_order(str(v.get("sentence", "")), q), _int_or(v.get("start"))))
    return plural(len(value), "highlight"), [_span_name(v) for v in spans]


def ids_words(value: Iterable[object], q: Question | None = None) -> Described:
    """Chosen options, or selected sentences or items (a collection of ids), in reading order."""
    ids = sorted((str(v) for v in value), key=lambda i: _reading_order(i, q))
    if q is not None and bool(q.options):
        return plural(len(ids), "option") + " chosen", [item_name(i, q) for i in ids]
    noun = "sentence" if all(_SENTENCE_ID.match(i) for i in ids) else "item"
    return plural(len(ids), noun) + " selected", [item_name(i, q) for i in ids]


def labels_words(value: Mapping[str, object], q: Question | None = None, *, labelled: str = "item") -> Described:
    """Labelled items (``{item: label}``); ``labelled="sentence"`` when the items are sentences."""
    done = {str(k): v for k, v in value.items() if v not in ("", None)}
    total = len(q.items) if q is not None and q.items else len(value)
    lines = [f"{item_name(k, q)}: {v}" for k, v in done.items()]
    blank = [k for k, v in value.items() if v in ("", None)]
    lines += [f"{item_name(str(k), q)}: (no label yet)" for k in blank]
    if labelled != "item":
        return plural(len(done), labelled) + " selected and labelled", lines
    return f"{len(done)} of {plural(total, 'item')} labelled", lines


def text_words(value: str, q: Question | None = None, *, choice: bool = False) -> Described:
    """A written answer (its word count and text), or with ``choice=True`` a chosen option's id."""
    if choice:
        return "option " + value, [item_name(value, q)]
    text = value.strip()
    return plural(len(text.split()), "word"), [text]


def _is_spans(value: object) -> TypeGuard[list[dict[str, object]]]:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)


def describe_answer(
    value: object, q: Question | None = None, *, labelled: str = "item", choice: bool = False
) -> Described:
    """``(summary, lines)`` describing an answer in words, by the shape of the value. Never raises.

    ``summary`` is short (``"4 highlights"``, ``"2 sentences selected"``,
    ``"7 of 7 items labelled"``, ``"no answer yet"``); ``lines`` lists each part
    (a quote of each highlight, sentence or option, with its paragraph in words).
    ``q`` (optional) supplies item and option texts; without it ids are shown.

    Where the question type is known, its :meth:`~medialit.qtypes.base.QuestionType.describe`
    says how its well-formed answers read (with the renderers above); this shape-guessing
    reading is for a value of a type that sets none, or of an answer off its type's shape, and
    for reports that hold a value without its question. ``labelled="sentence"`` when a mapping
    answer labels sentences, ``choice=True`` when a text answer is an option id.
    """
    try:
        return _by_shape(value, q, labelled, choice)
    except (TypeError, ValueError, OverflowError, RecursionError, AttributeError):
        return unshowable()


def _by_shape(value: object, q: Question | None, labelled: str, choice: bool) -> Described:
    if is_unanswered(value):
        return "no answer yet", []
    if _is_spans(value):
        return spans_words(value, q)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ids_words(value, q)
    if isinstance(value, dict):
        return labels_words(value, q, labelled=labelled)
    if isinstance(value, str):
        return text_words(value, q, choice=choice)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value), []
    return repr(value), []


def answer_text(
    value: object, q: Question | None = None, *, heading: str = "Saved", described: Described | None = None
) -> str:
    """Plain text of an answer: ``Saved: 4 highlights:`` then one numbered line per part.

    ``described`` is the answer in words already (``medialit.qtypes.describe``); without it the
    answer is described without its question type's wording.
    """
    summary, lines = described or describe_answer(value, q)
    head = f"{heading}: {summary}" + (":" if lines else ".")
    return "\n".join([head, *(f"  {n}. {line}" for n, line in enumerate(lines, 1))])


def answer_html(
    value: object,
    q: Question | None = None,
    *,
    heading: str = "Saved",
    note: str = "",
    described: Described | None = None,
) -> str:
    """The same as :func:`answer_text` as an HTML fragment (escaped; no script, no kernel needed)."""
    summary, lines = described or describe_answer(value, q)
    parts = [
        '<div class="medialit-record">',
        f"<p><strong>{html.escape(heading)}:</strong> {html.escape(summary)}{':' if lines else '.'}</p>",
    ]
    if lines:
        parts.append("<ol>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ol>")
    if note:
        parts.append(f"<p><em>{html.escape(note)}</em></p>")
    parts.append("</div>")
    return "".join(parts)


def record_bundle(
    record: AnswerRecord, question: Question | None = None, described: Described | None = None
) -> dict[str, object]:
    """The MIME bundle of an answer record: the JSON record (ANSWER_MIME) and its readable text and HTML."""
    value = record.get("value")
    words = described or describe_answer(value, question)
    return {
        ANSWER_MIME: record,
        "text/plain": answer_text(value, question, described=words),
        "text/html": answer_html(value, question, described=words),
    }
