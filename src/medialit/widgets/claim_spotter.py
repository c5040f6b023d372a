"""ClaimSpotter: select the sentences that make a claim (optionally labelling each)."""

from __future__ import annotations

from medialit.errors import WidgetError
from medialit.widgets._base import STATIC, QuestionWidget, check_item, check_label, esm_source, item_ids


class ClaimSpotter(QuestionWidget):
    """Sentences as toggle buttons; the student selects the ones that make a claim.

    Value: with no labels, the sorted list of selected item ids
    (``["p1.s1", "p2.s1"]``); with labels, ``{item_id: label}`` for the selected
    items (``{"p1.s1": "factual"}``), each item labelled through its own select.
    The practice key has the same shape.
    """

    kind = "claim-spotter"
    _esm = esm_source("claim_spotter.js")
    _css = STATIC / "widgets.css"

    @classmethod
    def _empty_value(cls, labels: list[str]) -> object:
        return {} if labels else []

    @classmethod
    def _check_value(
        cls,
        qid: str,
        value: object,
        items: list[dict[str, str]],
        labels: list[str],
        where: str = "value",
    ) -> object:
        known = set(item_ids(items))
        if labels:
            if not isinstance(value, dict):
                raise WidgetError(f"{qid}: {where} must map item id -> label, not {type(value).__name__}")
            return {
                check_item(qid, iid, known, where): check_label(qid, label, labels, where)
                for iid, label in sorted(value.items())
            }
        if not isinstance(value, (list, tuple)):
            raise WidgetError(f"{qid}: {where} must be a list of item ids, not {type(value).__name__}")
        return sorted({check_item(qid, iid, known, where) for iid in value})
