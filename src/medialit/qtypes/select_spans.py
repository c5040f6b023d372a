"""Select spans in the phrase highlighter: a list of ``{sentence, text, label, start, end}`` highlights.

A key span is found by a highlight under the rule of :mod:`medialit.qtypes.spans`
(shared with the widget's ESM through test vectors); the score is
(found - 1/2 x extra highlights) / number of key spans, floored at 0.
Accepted alternatives: ``{sentence, text, instead_of: KEY TEXT}`` finds that key span;
``{sentence, text}`` is an extra highlight that costs nothing; ``{optional: KEY TEXT}``
makes a key span count when found but not cost when missed.

Key: the spans to find (``list[KeySpan]``). Answer: the highlights (``list[Highlight]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NotRequired, TypedDict, TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Alternative, Case, Question
from medialit.qtypes import spans
from medialit.qtypes.base import (
    ACCEPTED,
    EXTRA,
    PHRASE_HIGHLIGHTER,
    RIGHT,
    KeyEntry,
    QuestionType,
    missed_line,
    show,
)
from medialit.readable import Described, describe_answer, place, quote, short, spans_words

#: The mark of an extra highlight that lies inside, holds or overlaps a key span (trial 28: "NASA
#: said" inside "both Roscosmos and NASA said" read "✗ not in the key"). The key span's words stay
#: unnamed, as the missed line leaves them: the mark says where to look, not what to highlight.
PART_OF = {
    spans.INSIDE: "✗ part of a key span",
    spans.HOLDS: "✗ holds a key span and more",
    spans.OVERLAPS: "✗ overlaps a key span",
}
_PART_HINT = {
    spans.INSIDE: "the whole {what} is longer",
    spans.HOLDS: "the {what} is a shorter part of it",
    spans.OVERLAPS: "the {what} starts or ends elsewhere",
}


def extra_line(
    key: Sequence[Mapping[str, object]], highlight: Mapping[str, object], sentences: Mapping[str, str], name: str
) -> str:
    """The mark line of a highlight that finds no key span (it changes no score).

    ``"✗ not in the key: NAME"``, or, when it lies inside, holds or overlaps a key span, says so:
    ``"✗ part of a key span: “NASA said” (paragraph 7); the whole attribution cue is longer"``.
    """
    part = spans.part_of(key, highlight, sentences)
    if part is None:
        return f"{EXTRA}: {name}"
    index, how = part
    label = key[index].get("label")
    what = str(label) if isinstance(label, str) and label else "key span"
    return f"{PART_OF[how]}: {name}; {_PART_HINT[how].format(what=what)}"


class KeySpan(TypedDict):
    """A span of the key: its sentence, its exact text and, when derived, its label and offsets."""

    sentence: str
    text: str
    label: NotRequired[str | None]
    start: NotRequired[int]
    end: NotRequired[int]


class Highlight(TypedDict):
    """A student's highlight as the phrase highlighter records it.

    The shape check vouches for ``sentence`` and ``text`` (and ``label`` when the question has
    labels); the offsets are read by :func:`medialit.qtypes.spans.highlight_range`, which
    takes any value, so they stay ``object`` here.
    """

    sentence: str
    text: str
    label: NotRequired[object]
    start: NotRequired[object]
    end: NotRequired[object]


def _optional(span: Mapping[str, object], field: str, kind: type) -> bool:
    return field not in span or (isinstance(span[field], kind) and not isinstance(span[field], bool))


def is_key_span(span: object) -> TypeGuard[KeySpan]:
    """A mapping with the fields of :class:`KeySpan`, each of its type."""
    return (
        isinstance(span, dict)
        and isinstance(span.get("sentence"), str)
        and isinstance(span.get("text"), str)
        and (span.get("label") is None or isinstance(span["label"], str))
        and _optional(span, "start", int)
        and _optional(span, "end", int)
    )


def span_roles(q: Question) -> tuple[dict[str, list[KeySpan]], list[KeySpan], set[str]]:
    """Span alternatives sorted by role: substitutes per key text, defensible extras, optional key texts."""
    default_label = q.labels[0] if len(q.labels) == 1 else ""
    subs: dict[str, list[KeySpan]] = {}
    extras: list[KeySpan] = []
    optional: set[str] = set()
    for alt in q.alternatives:
        val = alt.value
        if not isinstance(val, dict):
            continue
        if "optional" in val:
            optional.add(str(val["optional"]))
            continue
        span: KeySpan = {
            "sentence": str(val["sentence"]),
            "text": str(val["text"]),
            "label": val.get("label", default_label),
        }
        if val.get("instead_of"):
            subs.setdefault(str(val["instead_of"]), []).append(span)
        else:
            extras.append(span)
    return subs, extras, optional


def _key_span(span: Mapping[str, object]) -> str:
    """A key span: its words, its label when it has one, its paragraph (never an empty "()")."""
    label = span.get("label") or ""
    where = place(str(span.get("sentence", "")))
    return (
        quote(short(str(span.get("text", "")), 40))
        + (f" — {label}" if label else "")
        + (f" ({where})" if where else "")
    )


class SelectSpans(QuestionType[list[KeySpan], list[Highlight]]):
    """Highlight the phrases that apply (with a label when the question has several)."""

    name = "select_spans"
    minutes = 4
    widget = PHRASE_HIGHLIGHTER
    widgets = frozenset({PHRASE_HIGHLIGHTER})

    def is_key(self, key: object) -> TypeGuard[list[KeySpan]]:
        return isinstance(key, list) and all(is_key_span(k) for k in key)

    def validate(self, q: Question, where: str) -> None:
        if not self.is_key(q.key):
            raise CurriculumError(
                f"{where}: the key must be a list of spans {{sentence, text[, label]}}, got {q.key!r}."
            )

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        key_texts = {k["text"] for k in self._key(q)}
        if not isinstance(value, dict):
            return "must be {sentence, text[, instead_of]} or {optional: KEY TEXT}"
        if "optional" in value:
            return "" if value["optional"] in key_texts else f"optional {value['optional']!r} is not a key span"
        sid, text = value.get("sentence"), value.get("text")
        try:
            sentence = case.article.sentence(str(sid)).text
        except KeyError:
            return f"unknown sentence {sid!r}"
        if not text or str(text) not in sentence:
            return f"{text!r} is not in {sid}"
        if value.get("instead_of") and value["instead_of"] not in key_texts:
            return f"instead_of {value['instead_of']!r} is not a key span"
        if value.get("label") and value["label"] not in q.labels:
            return f"label {value['label']!r} is not one of {list(q.labels)}"
        return ""

    def how_to_answer(self, q: Question) -> str:
        first = "Choose a label above the text, then drag" if q.labels else "Drag"
        return (
            f"{first} across the words you want (or tap the first word, then the last) and press"
            " “Add highlight”. Keyboard: arrow keys move, Shift+arrow selects, Enter adds."
        )

    def shape_problems(self, q: Question, value: object) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return ["the answer must be a list of highlights"]
        items = {o.id for o in q.items}
        out = []
        for v in value:
            sentence, label, text = v.get("sentence"), v.get("label"), v.get("text")
            if not isinstance(sentence, str) or sentence not in items:
                out.append(f"unknown sentence {show(sentence)}")
            elif q.labels and (not isinstance(label, str) or label not in q.labels):
                out.append(f"unknown label {show(label)}")
            elif not isinstance(text, str) or not text.strip():
                out.append("a highlight has no text")
        return out[:5]

    def _key(self, q: Question) -> list[KeySpan]:
        return self.key(q) if q.key else []  # no key spans: nothing to find

    def key_fraction(self, q: Question, value: list[Highlight]) -> float:
        return spans.match_spans(self._key(q), value, {o.id: o.text for o in q.items}).fraction()

    def alternatives_fraction(self, q: Question, value: list[Highlight]) -> float:
        sentences = {o.id: o.text for o in q.items}

        def span_found(key_span: KeySpan, highlight: Highlight) -> bool:
            return spans.span_found(key_span, highlight, sentences)  # the scorer's own rule for one span

        key = self._key(q)
        if not key:
            return 0.0
        subs, extras, optional = span_roles(q)
        highlights = value

        def finds(k: KeySpan, h: Highlight) -> bool:
            return span_found(k, h) or any(span_found(s, h) for s in subs.get(k["text"], ()))

        found_required = sum(1 for k in key if k["text"] not in optional and any(finds(k, h) for h in highlights))
        found_optional = sum(1 for k in key if k["text"] in optional and any(finds(k, h) for h in highlights))
        required = sum(1 for k in key if k["text"] not in optional)
        extra = sum(
            1 for h in highlights if not any(finds(k, h) for k in key) and not any(span_found(e, h) for e in extras)
        )
        denominator = required + found_optional
        if denominator == 0:
            return 1.0 if extra == 0 else 0.0
        return max(0.0, min(1.0, (found_required + found_optional - 0.5 * extra) / denominator))

    def marks(self, q: Question, value: list[Highlight]) -> list[str]:
        key: object = q.key
        if not self.is_key(key):
            return []
        if q.alternatives and self.alternatives_fraction(q, value) > self.key_fraction(q, value):
            return self._marks_with_alternatives(q, key, value)
        sentences = {o.id: o.text for o in q.items}
        match = spans.match_spans(key, value, sentences)
        lines = [
            f"{RIGHT}: {describe_answer([span], q)[1][0]}"
            if hit is not None
            else extra_line(key, span, sentences, describe_answer([span], q)[1][0])
            for span, hit in zip(value, match.matched, strict=True)
        ]
        return lines + missed_line(len(match.found) - sum(match.found))

    def _marks_with_alternatives(self, q: Question, key: list[KeySpan], value: list[Highlight]) -> list[str]:
        """The marks of an answer that earns more through the accepted alternatives, by their rule.

        As :meth:`alternatives_fraction` counts: a highlight that finds a key span (or a span
        accepted instead of it) is right, an accepted extra costs nothing, a missed optional span
        is not missed (trial 26: "✗ not in the key" beside "Result: Correct").
        """
        sentences = {o.id: o.text for o in q.items}
        subs, extras, optional = span_roles(q)

        def finds(k: KeySpan, h: Highlight) -> bool:
            return any(spans.span_found(s, h, sentences) for s in (k, *subs.get(k["text"], ())))

        lines = []
        for h in value:
            if any(finds(k, h) for k in key):
                mark = RIGHT
            elif any(spans.span_found(e, h, sentences) for e in extras):
                mark = f"{ACCEPTED} (not in the key; costs nothing)"
            else:
                lines.append(extra_line(key, h, sentences, describe_answer([h], q)[1][0]))
                continue
            lines.append(f"{mark}: {describe_answer([h], q)[1][0]}")
        missed = sum(1 for k in key if k["text"] not in optional and not any(finds(k, h) for h in value))
        return lines + missed_line(missed)

    def key_lines(self, entry: KeyEntry[list[KeySpan]]) -> list[str]:
        return ["Phrases:", *[f"- {_key_span(s)}" for s in entry["answer"]]]

    def describe_alternative(self, q: Question, alt: Alternative) -> str:
        val = alt.value
        if not isinstance(val, dict):
            return super().describe_alternative(q, alt)
        if "optional" in val:
            return f'optional: "{val["optional"]}" earns credit when highlighted and costs nothing when left out'
        if val.get("instead_of"):
            return f'accepted instead of "{val["instead_of"]}": "{val["text"]}" ({val["sentence"]})'
        return f'no penalty for also highlighting: "{val["text"]}" ({val["sentence"]})'

    def in_words(self, value: list[Highlight], q: Question) -> Described:
        return spans_words(value, q)
