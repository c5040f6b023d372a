"""PhraseHighlighter: highlight words or phrases inside sentences and label them."""

from __future__ import annotations

from medialit.errors import WidgetError
from medialit.widgets._base import STATIC, QuestionWidget, check_item, check_label, esm_source

_SPAN_KEYS = ("sentence", "text", "start", "end", "label")


class PhraseHighlighter(QuestionWidget):
    """Sentences shown word by word; the student highlights phrases and labels them.

    Value: a list of ``{"sentence", "text", "start", "end", "label"}`` where
    ``text == sentence_text[start:end]`` (offsets count Unicode code points, as
    Python does), sorted by ``(sentence, start, end, label)``. With no labels the
    label is ``""``. Practice key: a list of ``{"sentence", "text", "start", "end",
    "label"}``; Check reports each key span found, missed, or extra with the
    grader's rule (:mod:`medialit.qtypes.spans`: same sentence and label, at least
    half of the key span's characters, one key span per highlight), re-implemented
    in the ESM so it works with no kernel; ``tests/data/vectors/spans.json`` keeps
    the two in step.
    """

    kind = "phrase-highlighter"
    _esm = esm_source("phrase_highlighter.js")
    _css = STATIC / "widgets.css"

    @classmethod
    def _empty_value(cls, labels: list[str]) -> object:
        return []

    @classmethod
    def _check_value(
        cls,
        qid: str,
        value: object,
        items: list[dict[str, str]],
        labels: list[str],
        where: str = "value",
    ) -> object:
        if not isinstance(value, (list, tuple)):
            raise WidgetError(f"{qid}: {where} must be a list of highlights, not {type(value).__name__}")
        texts = {item["id"]: item["text"] for item in items}
        spans = {}
        for span in value:
            if not isinstance(span, dict) or set(span) != set(_SPAN_KEYS):
                raise WidgetError(f"{qid}: {where} entry {span!r} needs exactly the keys {_SPAN_KEYS}")
            sid = check_item(qid, span["sentence"], texts.keys(), where)
            label = cls._label(qid, span["label"], labels, where)
            start, end, text = span["start"], span["end"], span["text"]
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
                raise WidgetError(f"{qid}: {where} span in {sid!r} needs integer start and end")
            if not (0 <= start < end <= len(texts[sid])) or texts[sid][start:end] != text:
                raise WidgetError(f"{qid}: {where} span {text!r} is not at [{start}:{end}] of sentence {sid!r}")
            spans[(sid, start, end, label)] = {
                "sentence": sid,
                "text": text,
                "start": start,
                "end": end,
                "label": label,
            }
        return [spans[k] for k in sorted(spans)]

    @classmethod
    def _check_key(cls, qid: str, key: object, items: list[dict[str, str]], labels: list[str]) -> object:
        if not isinstance(key, (list, tuple)):
            raise WidgetError(f"{qid}: key must be a list of spans, not {type(key).__name__}")
        texts = {item["id"]: item["text"] for item in items}
        out = []
        for span in key:
            if not isinstance(span, dict) or not {"sentence", "text"} <= set(span):
                raise WidgetError(f"{qid}: key entry {span!r} needs 'sentence' and 'text'")
            sid = check_item(qid, span["sentence"], texts.keys(), "key")
            label = cls._label(qid, span.get("label", ""), labels, "key")
            text = span["text"]
            if not isinstance(text, str) or not text or text not in texts[sid]:
                raise WidgetError(f"{qid}: key span {text!r} is not in sentence {sid!r}")
            start, end = span.get("start"), span.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and texts[sid][start:end] == text):
                start = texts[sid].index(text)
                end = start + len(text)
            out.append({"sentence": sid, "text": text, "start": start, "end": end, "label": label})
        return out

    @staticmethod
    def _label(qid: str, label: object, labels: list[str], where: str) -> str:
        if not labels:
            if label not in ("", None):
                raise WidgetError(f"{qid}: {where} has label {label!r} but the question has no labels")
            return ""
        return check_label(qid, label, labels, where)
