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

from medialit.grading.score import value_fraction
from medialit.model import Option, Question
from medialit.qtypes import spans

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
        explanation="Seven claims.",
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


def test_scores_have_at_most_two_decimals_and_feedback_reads_the_answer() -> None:
    from medialit.grading.reports.feedback import Release, feedback_html, feedback_markdown
    from medialit.grading.reports.gradescope import gradescope_results
    from medialit.grading.reports.results import SubmissionResult
    from medialit.grading.score import score_answer

    case = CASES[0]
    result = score_answer(question("L2.Q2"), case["highlights"])
    assert result.score == 4.0  # 7 points x 4/7
    q2 = Question(**{**question("L2.Q2").__dict__, "points": 2.0, "citations": ("hrw",)})
    scored = score_answer(q2, case["highlights"])
    assert scored.score == 1.14  # 2 x 4/7, not 1.1429
    sub = SubmissionResult("ana", "ana.ipynb", "L2", (scored,), "graded")
    qs = {"L2.Q2": q2}
    md = feedback_markdown(sub, qs)
    page = feedback_html(sub, qs)
    results = gradescope_results(sub, qs)
    total = "Score: 1.14 of 2 points (2 graded automatically)."
    assert total in md and total in page and total in results["output"]  # one total, said the same way
    for text in (md, page, results["tests"][0]["output"]):
        assert '"start"' not in text and "{" not in text.replace("{font", "").split("<body>")[-1]
        assert "the MEK attacked high-ranking officials" in text and "paragraph 6" in text
        assert "1.1429" not in text and "1.142857" not in text
    # per-item right/wrong: the four highlights are right, the three missed key spans are counted, not named
    assert "✓ right: “the MEK attacked" in md and "✗ missed: 3 more in the key" in md
    assert "including the party leader" not in md
    # explanations and sources only when the teacher releases them
    assert "Seven claims" not in md and "No Exit" not in page
    release = Release({"hrw": ("No Exit (Human Rights Watch)", "https://www.hrw.org/")})
    released = feedback_html(sub, qs, release)
    assert "<a href='https://www.hrw.org/'>No Exit (Human Rights Watch)</a>" in released
    assert "Source: [No Exit (Human Rights Watch)](https://www.hrw.org/)" in feedback_markdown(sub, qs, release)
    assert (
        "Source: No Exit (Human Rights Watch) <https://www.hrw.org/>"
        in gradescope_results(sub, qs, "visible", release)["tests"][0]["output"]
    )
