"""The practice feedback rule's shared test vectors, run through the Python twin.

``tests/data/vectors/practice.json`` also drives ``classifyItems`` in
``widgets/static/common.js`` and the Check buttons of the claim spotter and the
source tracer in Chromium (tests/browser/test_practice_vectors.py), so the two
languages cannot drift apart.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest
from practice_reference import RESULTS, classify_items

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "practice.json").read_text(encoding="utf-8")
)
CASES = VECTORS["cases"]


def item_ids(case: dict[str, Any]) -> list[str]:
    return list(case.get("item_ids", VECTORS["sentences"]))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_practice_vector(case: dict[str, Any]) -> None:
    got = classify_items(item_ids(case), case["key"], case["value"], case["labelled"])
    assert got.as_json() == {"items": case["items"], "tally": case["tally"], "total": case["total"]}, case["why"]


def test_the_vectors_cover_the_rule() -> None:
    results = {entry["result"] for case in CASES for entry in case["items"]}
    assert results == set(RESULTS)
    assert {type(c["key"]).__name__ for c in CASES} >= {"list", "dict", "NoneType"}
    assert any(c["value"] in ([], {}, None) for c in CASES), "an empty answer"
    assert any(c["key"] in ([], None) for c in CASES), "an empty key"
    known = set(VECTORS["sentences"])
    assert any(set(c["key"] or ()) - known and set(c["value"] or ()) - known for c in CASES), "unknown ids"
    for case in CASES:  # each vector is consistent with itself
        tally = {r: sum(1 for e in case["items"] if e["result"] == r) for r in RESULTS}
        assert case["tally"] == tally, case["name"]
        assert case["total"] == tally["right"] + tally["wrong"] + tally["missed"], case["name"]


def test_sets_and_tuples_read_as_lists_and_other_values_as_empty() -> None:
    ids = ["a", "b", "c"]
    as_list = classify_items(ids, ["a", "b"], ["b", "c"], False)
    assert classify_items(ids, ("a", "b"), {"b", "c"}, False) == as_list
    assert [r for _, r in as_list.items] == ["missed", "right", "extra"]
    assert classify_items(ids, "ab", 3, True).as_json() == {
        "items": [],
        "tally": dict.fromkeys(RESULTS, 0),
        "total": 0,
    }
