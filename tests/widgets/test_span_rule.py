"""The span rule's own module (``static/spans.js``): the shared vectors in node, and how a
sentence splits into the words a selection snaps to.

``tests/data/vectors/spans.json`` also drives the Python scorer (tests/grading/test_span_vectors.py)
and, in Chromium, the phrase highlighter's bundle and Check button (tests/browser/test_span_vectors.py).
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess
from typing import Any

import pytest

from medialit.widgets._base import STATIC

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "spans.json").read_text(encoding="utf-8")
)


def run_spans(tmp_path: pathlib.Path, body: str, data: Any) -> Any:
    """Run `body` (it has `spans`, the module, and `data`) in node; its printed JSON."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make system-deps installs what the tests need)")
    (tmp_path / "spans.mjs").write_text((STATIC / "spans.js").read_text("utf-8"), encoding="utf-8")
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    script = (
        "import * as spans from './spans.mjs';\n"
        "import { readFileSync } from 'node:fs';\n"
        "const data = JSON.parse(readFileSync('data.json', 'utf-8'));\n"
        f"console.log(JSON.stringify({body}));\n"
    )
    (tmp_path / "run.mjs").write_text(script, encoding="utf-8")
    out = subprocess.run([node, "run.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def test_every_vector_through_spans_js(tmp_path: pathlib.Path) -> None:
    got = run_spans(
        tmp_path,
        "data.cases.map((c) => spans.matchSpans(data.keys[c.key], c.highlights, data.sentences))",
        VECTORS,
    )
    assert len(got) == len(VECTORS["cases"])
    for case, result in zip(VECTORS["cases"], got, strict=True):
        assert result == {"found": case["found"], "matched": case["matched"]}, (case["name"], case["why"])


def test_a_selection_snaps_to_words_without_quotes_and_trailing_punctuation(tmp_path: pathlib.Path) -> None:
    # 𝒳 is one code point and two UTF-16 units: offsets after it differ between the two counts.
    text = "“We will appeal,” said the U.S. envoy (𝒳 again)."
    words = run_spans(tmp_path, "spans.sentenceWords(data)", text)
    assert [w["chunk"] for w in words] == text.split()
    cores = [text[w["start"] : w["end"]] for w in words]  # Python indices count code points
    # a final full stop goes, unless the word has another one (an abbreviation keeps it: "U.S.")
    assert cores == ["We", "will", "appeal", "said", "the", "U.S.", "envoy", "𝒳", "again"]
    utf16 = text.encode("utf-16-le")
    assert [utf16[2 * w["u0"] : 2 * w["u1"]].decode("utf-16-le") for w in words] == cores


def test_spans_js_is_self_contained() -> None:
    """Like search.js: no imports and no network; the widget imports it and the bundle holds it."""
    source = (STATIC / "spans.js").read_text(encoding="utf-8")
    assert not re.search(r"^\s*import\b|\bimport\(|https?://|fetch\(|XMLHttpRequest|document\.|window\.", source, re.M)
    assert set(re.findall(r"^export function (\w+)", source, re.M)) == {"matchSpans", "partOf", "sentenceWords"}
    widget = (STATIC / "phrase_highlighter.js").read_text(encoding="utf-8")
    assert 'from "./spans.js";' in widget
    assert not re.search(r"^(?:function|const) (coverage|matchSpans|wordCore|STOP_WORDS)\b", widget, re.M)
