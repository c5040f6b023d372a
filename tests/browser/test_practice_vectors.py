"""The practice feedback rule's shared vectors in Chromium.

``tests/data/vectors/practice.json`` also drives the Python twin
(tests/unit/test_practice_rule.py). Here every vector goes through
``classifyItems`` of ``widgets/static/common.js``, and the vectors that name a
widget go through that widget's Check button as the static book runs it (the
bundled module), so a widget that stopped using the shared rule would fail too.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from medialit.model import Option, Question
from medialit.widgets import ClaimSpotter, SourceTracer
from medialit.widgets._base import STATIC

pytestmark = pytest.mark.browser

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "practice.json").read_text(encoding="utf-8")
)
CASES = VECTORS["cases"]
WIDGET_CASES = [(n, c, w) for n, c in enumerate(CASES) for w in c["widgets"]]


def test_every_vector_through_classify_items(open_page: Any) -> None:
    page = open_page("practice-vectors", "<p>vectors</p>")
    got = page.evaluate(
        """async ([source, vectors]) => {
            const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
            const mod = await import(url);
            const ids = Object.keys(vectors.sentences);
            return {
                cases: vectors.cases.map((c) => {
                    const got = mod.classifyItems(c.item_ids || ids, c.key, c.value, c.labelled);
                    return { ...got, missed_places: mod.missedPlaces(got.items) };
                }),
                stages: vectors.stages.map((s) => mod.feedbackStage(s.wrong_checks, s.perfect, s.revealed)),
            };
        }""",
        [(STATIC / "common.js").read_text(encoding="utf-8"), VECTORS],
    )
    assert len(got["cases"]) == len(CASES)
    for case, result in zip(CASES, got["cases"], strict=True):
        want = {k: case[k] for k in ("items", "tally", "total", "missed_places")}
        assert result == want, (case["name"], case["why"])
    assert got["stages"] == [s["stage"] for s in VECTORS["stages"]]


def widget_for(n: int, case: dict[str, Any], kind: str) -> Any:
    q = Question(
        id=f"L1.P{n + 1}{'S' if kind == 'claim_spotter' else 'T'}",
        type="select_sentences" if kind == "claim_spotter" else "label_items",
        prompt=case["name"],
        points=1.0,
        objectives=(),
        key=case["key"],
        explanation="",
        citations=(),
        items=tuple(Option(sid, text) for sid, text in VECTORS["sentences"].items()),
        labels=tuple(VECTORS["labels"]) if case["labelled"] else (),
        widget=kind,
    )
    cls = ClaimSpotter if kind == "claim_spotter" else SourceTracer
    return cls.from_question(q, mode="practice", value=case["value"])


def expected_summary(case: dict[str, Any], kind: str) -> str:
    tally, total = case["tally"], case["total"]
    if kind == "claim_spotter":
        want = f"{tally['right']} of {total} right"
        want += f", {tally['wrong']} with the wrong label" if case["labelled"] else ""
        return want + f", {tally['missed']} missed, {tally['extra']} not in the key."
    return f"{tally['right']} of {total} right."


def perfect(case: dict[str, Any], kind: str) -> bool:
    tally = case["tally"]
    return tally["wrong"] + tally["missed"] + (tally["extra"] if kind == "claim_spotter" else 0) == 0


def assert_whole_answer(page: Any, root: str, case: dict[str, Any], kind: str) -> None:
    expected = case["items"]
    if kind == "source_tracer":
        expected = [e for e in expected if e["result"] != "extra"]  # a label question does not mark them
    assert page.inner_text(f"{root} .medialit-fb-summary") == expected_summary(case, kind), (kind, case["name"])
    assert page.locator(f"{root} .medialit-reveal").count() == 0
    entries = page.locator(f"{root} .medialit-fb")
    assert entries.evaluate_all("es => es.map(e => e.dataset.result)") == [e["result"] for e in expected]
    for index, entry in enumerate(expected):
        opening = " ".join(VECTORS["sentences"][entry["id"]].split()[:4])
        assert opening in entries.nth(index).inner_text(), (kind, case["name"], entry)


def assert_hint(page: Any, root: str, case: dict[str, Any], kind: str) -> None:
    """The hint step: the student's own choices marked, where to look again, no key item or label."""
    assert page.inner_text(f"{root} .medialit-fb-summary") == expected_summary(case, kind), (kind, case["name"])
    region = page.locator(f"{root} .medialit-feedback")
    assert region.get_attribute("data-stage") == "hint"
    text = region.inner_text()
    shown = page.locator(f"{root} .medialit-fb").evaluate_all("es => es.map(e => e.dataset.result)")
    hidden = {"claim_spotter": ("missed",), "source_tracer": ("extra",)}[kind]
    assert shown == [e["result"] for e in case["items"] if e["result"] not in hidden], (kind, case["name"])
    for entry in case["items"]:
        if kind == "claim_spotter" and entry["result"] == "missed":
            opening = " ".join(VECTORS["sentences"][entry["id"]].split()[:4])
            assert opening not in text, ("a missed key item is named in the hint", case["name"])
    assert "the key says" not in text, case["name"]
    if case["missed_places"]:
        places = page.inner_text(f"{root} .medialit-fb-places")
        assert all(place in places for place in case["missed_places"]), (places, case["name"])
    else:
        assert page.locator(f"{root} .medialit-fb-places").count() == 0
    reveal = page.locator(f"{root} .medialit-reveal")
    assert reveal.get_attribute("aria-label") == "Show the whole answer and its explanation"
    assert reveal.inner_text() == "Show the answer"


def test_vectors_through_the_check_buttons(open_page: Any) -> None:
    """Check once: the hint (or the answer when all right); Show the answer (by keyboard): the whole answer."""
    assert {w for _, _, w in WIDGET_CASES} == {"claim_spotter", "source_tracer"}
    assert any(not perfect(c, w) for _, c, w in WIDGET_CASES) and any(perfect(c, w) for _, c, w in WIDGET_CASES)
    widgets = [widget_for(n, case, kind) for n, case, kind in WIDGET_CASES]
    page = open_page("practice-check", "".join(str(w._repr_mimebundle_()[0]["text/html"]) for w in widgets))
    for (_, case, kind), widget in zip(WIDGET_CASES, widgets, strict=True):
        root = "#medialit-" + widget.question.replace(".", "-")
        page.click(f"{root} .medialit-check")
        if perfect(case, kind):
            assert_whole_answer(page, root, case, kind)
            continue
        assert_hint(page, root, case, kind)
        page.focus(f"{root} .medialit-reveal")
        page.keyboard.press("Enter")
        assert_whole_answer(page, root, case, kind)
        assert page.evaluate("document.activeElement.className") == "medialit-fb-summary"


def test_a_second_check_shows_the_answer(open_page: Any, axe_source: str) -> None:
    """Without the button, the second Check that is still not all right gives the whole answer."""
    from tests.browser.test_search_lab_static import axe_violations

    n, case, kind = next((n, c, w) for n, c, w in WIDGET_CASES if not perfect(c, w))
    widget = widget_for(n, case, kind)
    page = open_page("practice-second-check", str(widget._repr_mimebundle_()[0]["text/html"]))
    root = "#medialit-" + widget.question.replace(".", "-")
    page.click(f"{root} .medialit-check")
    assert_hint(page, root, case, kind)
    assert axe_violations(page, axe_source) == []  # the hint step with its button
    page.click(f"{root} .medialit-check")
    assert_whole_answer(page, root, case, kind)
