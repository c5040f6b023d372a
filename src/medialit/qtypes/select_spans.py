"""Select spans in the phrase highlighter: a list of ``{sentence, text, label, start, end}`` highlights.

A key span is found by a highlight under the rule of :mod:`medialit.qtypes.spans`
(shared with the widget's ESM through test vectors); the score is
(found - 1/2 x extra highlights) / number of key spans, floored at 0.
Accepted alternatives: ``{sentence, text, instead_of: KEY TEXT}`` finds that key span;
``{sentence, text}`` is an extra highlight that costs nothing; ``{optional: KEY TEXT}``
makes a key span count when found but not cost when missed.
"""

from __future__ import annotations

from typing import Any

from medialit.model import Alternative, Case, Question
from medialit.qtypes import spans
from medialit.qtypes.base import EXTRA, PHRASE_HIGHLIGHTER, RIGHT, KeyEntry, QuestionType, is_spans, missed_line, show
from medialit.readable import Described, describe_answer, in_words, place, quote, short, spans_words


def span_roles(q: Question) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], set[str]]:
    """Span alternatives sorted by role: substitutes per key text, defensible extras, optional key texts."""
    default_label = q.labels[0] if len(q.labels) == 1 else ""
    subs: dict[str, list[dict[str, Any]]] = {}
    extras: list[dict[str, Any]] = []
    optional: set[str] = set()
    for alt in q.alternatives:
        val = alt.value
        if not isinstance(val, dict):
            continue
        if "optional" in val:
            optional.add(str(val["optional"]))
            continue
        span = {"sentence": str(val["sentence"]), "text": str(val["text"]), "label": val.get("label", default_label)}
        if val.get("instead_of"):
            subs.setdefault(str(val["instead_of"]), []).append(span)
        else:
            extras.append(span)
    return subs, extras, optional


def _key_span(span: dict[str, object]) -> str:
    """A key span: its words, its label when it has one, its paragraph (never an empty "()")."""
    label = span.get("label") or ""
    where = place(str(span.get("sentence", "")))
    return (
        quote(short(str(span.get("text", "")), 40))
        + (f" — {label}" if label else "")
        + (f" ({where})" if where else "")
    )


class SelectSpans(QuestionType):
    """Highlight the phrases that apply (with a label when the question has several)."""

    name = "select_spans"
    minutes = 4
    widget = PHRASE_HIGHLIGHTER
    widgets = frozenset({PHRASE_HIGHLIGHTER})

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        key_texts = {k["text"] for k in q.key}
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

    def key_fraction(self, q: Question, value: Any) -> float:
        return spans.match_spans(q.key or [], value, {o.id: o.text for o in q.items}).fraction()

    def alternatives_fraction(self, q: Question, value: object) -> float:
        sentences = {o.id: o.text for o in q.items}

        def span_found(key_span: dict[str, Any], highlight: dict[str, Any]) -> bool:
            return spans.span_found(key_span, highlight, sentences)  # the scorer's own rule for one span

        key: list[dict[str, str]] = list(q.key)
        if not key or not isinstance(value, list):
            return 0.0
        subs, extras, optional = span_roles(q)
        highlights = [h for h in value if isinstance(h, dict)]

        def finds(k: dict[str, str], h: dict[str, Any]) -> bool:
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

    def marks(self, q: Question, value: object) -> list[str]:
        if not isinstance(q.key, list) or not isinstance(value, list):
            return []
        match = spans.match_spans(q.key, value, {o.id: o.text for o in q.items})
        lines = [
            f"{RIGHT if hit is not None else EXTRA}: {describe_answer([span], q)[1][0]}"
            for span, hit in zip(value, match.matched, strict=True)
        ]
        return lines + missed_line(len(match.found) - sum(match.found))

    def key_lines(self, entry: KeyEntry) -> list[str]:
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

    def describe(self, value: object, q: Question) -> Described:
        return in_words(value, q, is_spans, spans_words)
