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
            return vectors.cases.map((c) => mod.classifyItems(c.item_ids || ids, c.key, c.value, c.labelled));
        }""",
        [(STATIC / "common.js").read_text(encoding="utf-8"), VECTORS],
    )
    assert len(got) == len(CASES)
    for case, result in zip(CASES, got, strict=True):
        want = {"items": case["items"], "tally": case["tally"], "total": case["total"]}
        assert result == want, (case["name"], case["why"])


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


def test_vectors_through_the_check_buttons(open_page: Any) -> None:
    assert {w for _, _, w in WIDGET_CASES} == {"claim_spotter", "source_tracer"}
    widgets = [widget_for(n, case, kind) for n, case, kind in WIDGET_CASES]
    page = open_page("practice-check", "".join(str(w._repr_mimebundle_()[0]["text/html"]) for w in widgets))
    for (_, case, kind), widget in zip(WIDGET_CASES, widgets, strict=True):
        root = "#medialit-" + widget.question.replace(".", "-")
        page.click(f"{root} .medialit-check")
        tally, total = case["tally"], case["total"]
        expected = case["items"]
        if kind == "claim_spotter":
            want = f"{tally['right']} of {total} right"
            want += f", {tally['wrong']} with the wrong label" if case["labelled"] else ""
            want += f", {tally['missed']} missed, {tally['extra']} not in the key."
        else:
            want = f"{tally['right']} of {total} right."
            expected = [e for e in expected if e["result"] != "extra"]  # a label question does not mark them
        assert page.inner_text(f"{root} .medialit-fb-summary") == want, (kind, case["name"])
        entries = page.locator(f"{root} .medialit-fb")
        assert entries.evaluate_all("es => es.map(e => e.dataset.result)") == [e["result"] for e in expected]
        for index, entry in enumerate(expected):
            opening = " ".join(VECTORS["sentences"][entry["id"]].split()[:4])
            assert opening in entries.nth(index).inner_text(), (kind, case["name"], entry)
