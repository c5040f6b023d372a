"""The span rule's shared test vectors, run through the Python scorer.

``tests/data/vectors/spans.json`` also drives the phrase highlighter's practice
feedback in Chromium (tests/browser/test_span_vectors.py), so the grade and
the practice feedback cannot drift apart.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from medialit.grading import spans
from medialit.grading.score import value_fraction
from medialit.model import Option, Question

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "spans.json").read_text(encoding="utf-8")
)
CASES = VECTORS["cases"]


def question(key_name: str) -> Question:
    return Question(
        id="L2.Q2",
        type="select_spans",
        prompt="Highlight each claim.",
        points=7.0,
        objectives=(),
        key=VECTORS["keys"][key_name],
        explanation="",
        citations=(),
        items=tuple(Option(sid, text) for sid, text in VECTORS["sentences"].items()),
        labels=tuple(VECTORS["labels"][key_name]),
    )


def test_the_vectors_state_the_rule_the_scorer_uses() -> None:
    rule = VECTORS["rule"]
    assert rule["threshold"] == spans.SPAN_THRESHOLD
    assert rule["cap_factor"] == spans.SPAN_CAP_FACTOR
    assert rule["cap_slack_chars"] == spans.SPAN_CAP_SLACK
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_span_vector(case: dict[str, Any]) -> None:
    key = VECTORS["keys"][case["key"]]
    match = spans.match_spans(key, case["highlights"], VECTORS["sentences"])
    assert list(match.found) == case["found"], case["why"]
    assert list(match.matched) == case["matched"], case["why"]
    assert match.fraction() == pytest.approx(case["fraction"])
    assert value_fraction(question(case["key"]), case["highlights"]) == pytest.approx(case["fraction"])


def test_the_issue_case_scores_four_of_seven_not_five() -> None:
    case = CASES[0]
    assert "including the party leader" in case["name"]
    assert value_fraction(question("L2.Q2"), case["highlights"]) * 7 == pytest.approx(4)
