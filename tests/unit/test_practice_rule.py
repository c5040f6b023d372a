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
from practice_reference import RESULTS, classify_items, feedback_stage, missed_places

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


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_missed_places_vector(case: dict[str, Any]) -> None:
    got = missed_places(classify_items(item_ids(case), case["key"], case["value"], case["labelled"]))
    assert got == case["missed_places"], case["why"]


@pytest.mark.parametrize("step", VECTORS["stages"], ids=[s["why"] for s in VECTORS["stages"]])
def test_feedback_stage_vector(step: dict[str, Any]) -> None:
    assert feedback_stage(step["wrong_checks"], step["perfect"], step["revealed"]) == step["stage"], step["why"]


def test_the_stage_vectors_cover_the_rule() -> None:
    stages = VECTORS["stages"]
    assert {s["stage"] for s in stages} == {"hint", "answer"}
    assert any(s["stage"] == "hint" for s in stages if s["wrong_checks"] == 1 and not s["revealed"])
    assert any(s["revealed"] and not s["perfect"] and s["stage"] == "answer" for s in stages)
    assert any(s["wrong_checks"] >= 2 and s["stage"] == "answer" for s in stages)
    assert any(len(c["missed_places"]) > 1 for c in CASES), "more than one place"
    assert any(
        len(c["missed_places"]) < len({e["id"].split(".")[0] for e in c["items"] if e["result"] == "missed"}) + 1
        and sum(e["result"] == "missed" for e in c["items"]) > len(c["missed_places"]) > 0
        for c in CASES
    ), "two missed items in one place, named once"


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
