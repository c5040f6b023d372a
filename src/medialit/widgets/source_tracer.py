"""SourceTracer: for each claim, choose where the article says it comes from."""

from __future__ import annotations

from medialit.errors import WidgetError
from medialit.widgets._base import STATIC, QuestionWidget, check_item, check_label, esm_source, item_ids


class SourceTracer(QuestionWidget):
    """Claims, each with one toggle button per source label.

    Labels are source names (``"NBC News"``, ``"anonymous"``, ``"no source given"``)
    or attribution modes. Value: ``{item_id: label}`` for the claims answered so
    far. The practice key has the same shape; after Check each claim shows right
    or wrong with its explanation (the attribution chain) and citations.
    """

    kind = "source-tracer"
    _esm = esm_source("source_tracer.js")
    _css = STATIC / "widgets.css"

    @classmethod
    def _empty_value(cls, labels: list[str]) -> object:
        return {}

    @classmethod
    def _check_labels(cls, qid: str, labels: list[str]) -> None:
        if not labels:
            raise WidgetError(f"{qid}: a source tracer needs labels (the sources to choose from)")

    @classmethod
    def _check_value(
        cls,
        qid: str,
        value: object,
        items: list[dict[str, str]],
        labels: list[str],
        where: str = "value",
    ) -> object:
        if not isinstance(value, dict):
            raise WidgetError(f"{qid}: {where} must map item id -> label, not {type(value).__name__}")
        known = set(item_ids(items))
        return {
            check_item(qid, iid, known, where): check_label(qid, label, labels, where)
            for iid, label in sorted(value.items())
        }
