"""Packet search in Chromium: ``widgets/static/search.js`` gives exactly the results of
``medialit.analysis.search`` — on the shared vectors (tests/data/vectors/search.json, also
checked in Python by tests/unit/test_search.py) and on the MEK packet's own index — and
answers well under 20 ms a query, with no request outside the page."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import pytest

from medialit.analysis.search import build_index, search
from medialit.case.load import load_case
from medialit.widgets._base import STATIC

pytestmark = pytest.mark.browser

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "search.json").read_text(encoding="utf-8")
)
MEK_QUERIES = [
    "who is behind criticschronicle",
    '"exiled to Iraq and Albania"',
    "“American blood on its hands”",
    "incommunicado detention Abu Ghraib",
    "NBC nuclear scientists 2012",
    "Albania houses 3,000",
    "terrorist list removed 2012",
    "EU 2009 PMOI",
    "Nejat Society",
    "Monafeqin",
    "crowd Paris rally June 2018",
    "café",
    "the of and",
    'harbour "unclosed',
]

LOAD = """async (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    window.__search = await import(url);
    return Object.keys(window.__search).sort();
}"""


@pytest.fixture
def page(site: tuple[str, pathlib.Path], guarded_page: tuple[Any, Any]) -> Any:
    base, root = site
    pg, _ = guarded_page
    (root / "search.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>search</title></head><body></body></html>',
        encoding="utf-8",
    )
    pg.goto(f"{base}/search.html")
    exports = pg.evaluate(LOAD, (STATIC / "search.js").read_text(encoding="utf-8"))
    assert exports == ["parseQuery", "search", "tokenize"]
    return pg


def test_vectors_through_search_js(page: Any) -> None:
    got = page.evaluate(
        """(v) => ({
            tokens: v.tokenize.map((c) => window.__search.tokenize(c.text, v.index.stopwords)),
            cases: v.cases.map((c) => window.__search.search(v.index, c.query, c.limit === null ? undefined : c.limit)),
        })""",
        VECTORS,
    )
    assert got["tokens"] == [c["terms"] for c in VECTORS["tokenize"]]
    assert len(got["cases"]) == len(VECTORS["cases"])
    for case, results in zip(VECTORS["cases"], got["cases"], strict=True):
        assert [r["id"] for r in results] == case["ids"], (case["name"], case["why"])
        for r, want in zip(results, case["results"], strict=True):
            assert r["score"] == want["score"], case["name"]  # bit-identical to Python
            assert r["snippet"] == want["snippet"], case["name"]


def test_mek_index_same_results_as_python_and_fast(page: Any) -> None:
    packet = load_case().packet
    assert packet is not None
    index = build_index(packet)
    got = page.evaluate(
        """([index, queries]) => {
            const out = [];
            for (const q of queries) out.push(window.__search.search(index, q));
            const times = [];
            for (let round = 0; round < 5; round++) {
                for (const q of queries) {
                    const t0 = performance.now();
                    window.__search.search(index, q);
                    times.push(performance.now() - t0);
                }
            }
            times.sort((a, b) => a - b);
            return { out, median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
        }""",
        [index, MEK_QUERIES],
    )
    for query, results in zip(MEK_QUERIES, got["out"], strict=True):
        assert results == search(index, query), query
    assert any(got["out"]), "the queries find documents"
    assert got["median"] < 20, got
    print(f"search.js over the MEK packet: median {got['median']:.2f} ms, max {got['max']:.2f} ms a query")


def test_search_js_refuses_an_index_of_another_version(page: Any) -> None:
    message = page.evaluate(
        """(index) => {
            try { window.__search.search(index, "bridge"); return ""; } catch (e) { return e.message; }
        }""",
        dict(VECTORS["index"], schema_version=2),
    )
    assert "schema_version 1" in message
