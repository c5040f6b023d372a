"""SearchLab: search the case's source packet, open documents, choose a conclusion.

The widget carries the packet's search index (``packet``, the ``packet`` of the student
bundle, built by :func:`medialit.analysis.search.build_index`) and ranks in the browser
with ``static/search.js``, so it works the same in a kernel and on a static book page,
with no request to anywhere. The items are the candidate conclusions.

Value (the answer of record, the process included)::

    {"queries": [str, ...],                                     # each search, in order
     "opened": [{"doc": id, "title": str, "seconds": int, "query": int}, ...],  # each opening
     "answer": item id or None}                                 # the chosen conclusion

``{}`` before the student has done anything. ``seconds`` is how long the document stayed
open, in whole seconds (kept up to date while it is open: on every change the widget saves,
and once :data:`~medialit.qtypes.search_lab.MIN_SECONDS` have passed); ``query`` is the index
in ``queries`` of the search whose results it was opened from (the grader replays it).
:mod:`medialit.qtypes.search_lab` scores it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import traitlets as t

from medialit.errors import WidgetError
from medialit.model import Question
from medialit.widgets._base import STATIC, QuestionWidget, check_item, esm_source, item_ids

#: A record longer than this is refused (a runaway front end, not a student).
MAX_ENTRIES = 500


class SearchLab(QuestionWidget):
    """A query box, ranked results, a reader pane and the conclusions to choose from."""

    kind = "search-lab"
    _esm = esm_source("search_lab.js")
    _css = STATIC / "widgets.css"

    #: The packet's search index (``{}``: the case has no packet; the widget says so).
    packet = t.Dict().tag(sync=True)

    @classmethod
    def from_question(
        cls,
        question: Question,
        *,
        mode: str,
        value: object = None,
        citations: Mapping[str, Mapping[str, Any]] | None = None,
        packet: Mapping[str, Any] | None = None,
    ) -> QuestionWidget:
        """As :meth:`QuestionWidget.from_question`, plus ``packet``: the search index to search.

        Raises
        ------
        WidgetError
            As the base class, or ``packet`` is not a medialit search index.
        """
        widget = super().from_question(question, mode=mode, value=value, citations=citations)
        if packet is not None:
            if packet.get("kind") != "medialit-search-index" or not isinstance(packet.get("documents"), list):
                raise WidgetError(
                    f"{question.id}: packet must be the student bundle's search index "
                    "(medialit.analysis.search.build_index)"
                )
            widget.packet = dict(packet)
        return widget

    @classmethod
    def _practice_key(cls, question: Question, items: list[dict[str, str]], labels: list[str]) -> dict[str, object]:
        key = super()._practice_key(question, items, labels)
        raw = question.settings.get("sources") or {}
        key["sources"] = {name: [str(d) for d in raw.get(name) or []] for name in ("independent", "partisan", "self")}
        return key

    def static_state(self) -> dict[str, object]:
        return {**super().static_state(), "packet": self.packet}

    @classmethod
    def _empty_value(cls, labels: list[str]) -> object:
        return {}

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
            raise WidgetError(
                f"{qid}: {where} must be a record {{queries, opened, answer}}, not {type(value).__name__}"
            )
        if not value:
            return {}
        extra = sorted(str(k) for k in value if k not in ("queries", "opened", "answer"))
        if extra:
            raise WidgetError(f"{qid}: {where} has unknown fields {extra}; use queries, opened, answer")
        queries = value.get("queries", [])
        if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
            raise WidgetError(f"{qid}: {where}.queries must be a list of strings")
        opened_raw = value.get("opened", [])
        if not isinstance(opened_raw, list):
            raise WidgetError(f"{qid}: {where}.opened must be a list")
        if len(queries) > MAX_ENTRIES or len(opened_raw) > MAX_ENTRIES:
            raise WidgetError(f"{qid}: {where} holds more than {MAX_ENTRIES} searches or openings")
        opened = []
        for i, entry in enumerate(opened_raw, 1):
            seconds = entry.get("seconds") if isinstance(entry, dict) else None
            k = entry.get("query") if isinstance(entry, dict) else None
            if (
                (k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 0))
                or not isinstance(entry, dict)
                or not isinstance(entry.get("doc"), str)
                or not entry["doc"]
                or not isinstance(entry.get("title", ""), str)
                or isinstance(seconds, bool)
                or not isinstance(seconds, int)
                or seconds < 0
            ):
                raise WidgetError(
                    f"{qid}: {where}.opened entry {i} must be {{doc, title, seconds (whole, ≥ 0), query (whole, ≥ 0)}}"
                )
            kept = {"doc": entry["doc"], "title": str(entry.get("title", "")), "seconds": seconds}
            opened.append(kept if k is None else {**kept, "query": k})
        answer = value.get("answer")
        if answer is not None:
            answer = check_item(qid, answer, set(item_ids(items)), where)
        return {"queries": list(queries), "opened": opened, "answer": answer}
