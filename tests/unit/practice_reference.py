"""The practice feedback rule of the item widgets: each item right, wrong, missed or extra.

When a student presses Check in the claim spotter or the source tracer, the widget's
JavaScript (``classifyItems`` in ``widgets/static/common.js``) sorts the items against
the practice key. :func:`classify_items` is the same rule in Python, the reference the
JavaScript must match: ``tests/data/vectors/practice.json`` runs both (in Python in
tests/unit/test_practice_rule.py, in Chromium in tests/browser/test_practice_vectors.py).

A key or an answer is a list of item ids (plain selection) or ``{item id: label}``.
An item in both is ``right`` (when ``labelled``, only with the key's label; otherwise
``wrong``); in the key only, ``missed``; in the answer only, ``extra``. Items in neither
are not listed, and ids that are not among the item ids are ignored. This is the
practice feedback, not the score: the grader's rules are each type's ``key_fraction``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Result = Literal["right", "wrong", "missed", "extra"]
RESULTS: tuple[Result, ...] = ("right", "wrong", "missed", "extra")


@dataclass(frozen=True)
class Classification:
    """Per-item results (in item order), how many of each, and the number of keyed items."""

    items: tuple[tuple[str, Result], ...]
    tally: dict[str, int]
    total: int

    def as_json(self) -> dict[str, Any]:
        """The shape ``classifyItems`` returns in JavaScript."""
        return {
            "items": [{"id": iid, "result": result} for iid, result in self.items],
            "tally": dict(self.tally),
            "total": self.total,
        }


def _as_labels(value: Any) -> dict[str, Any]:
    """A list, tuple or set of ids gives each the label ``None``; a dict stays; anything else is empty."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return {iid: None for iid in value if isinstance(iid, str)}
    if isinstance(value, dict):
        return value
    return {}


def classify_items(item_ids: Iterable[str], key: Any, value: Any, labelled: bool) -> Classification:
    """Sort each item of ``item_ids`` that is in ``key`` or ``value`` into right, wrong, missed or extra."""
    keyed = _as_labels(key)
    given = _as_labels(value)
    tally: dict[str, int] = dict.fromkeys(RESULTS, 0)
    items: list[tuple[str, Result]] = []
    seen: set[str] = set()
    for iid in item_ids:
        if iid in seen:
            continue
        seen.add(iid)
        chosen, expected = iid in given, iid in keyed
        if not chosen and not expected:
            continue
        result: Result
        if chosen and expected:
            result = "right" if not labelled or given[iid] == keyed[iid] else "wrong"
        else:
            result = "missed" if expected else "extra"
        tally[result] += 1
        items.append((iid, result))
    return Classification(tuple(items), tally, tally["right"] + tally["wrong"] + tally["missed"])


Stage = Literal["hint", "answer"]


def feedback_stage(wrong_checks: int, perfect: bool, revealed: bool) -> Stage:
    """The step of the practice feedback after a Check (``feedbackStage`` in ``common.js``).

    The whole answer when everything is right or the student pressed "Show the answer";
    otherwise a hint on the first Check that is not all right, the answer from the second.
    """
    if perfect or revealed:
        return "answer"
    return "hint" if wrong_checks <= 1 else "answer"


def place_of(item_id: str) -> str:
    """Where an id points, in words (``placeOf`` in ``common.js``)."""
    m = re.match(r"([pf])(\d+)", item_id, re.IGNORECASE)
    if m is None:
        return ""
    if m.group(1).lower() == "f":
        return "text around the article"
    return "headline" if m.group(2) == "0" else "paragraph " + m.group(2)


def missed_places(classification: Classification) -> list[str]:
    """The places of the missed items, in item order, each once (``missedPlaces`` in ``common.js``)."""
    places: list[str] = []
    for iid, result in classification.items:
        place = place_of(iid) if result == "missed" else ""
        if place and place not in places:
            places.append(place)
    return places
