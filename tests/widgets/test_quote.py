"""The widgets' ``quote`` (static/common.js) does not double a quotation's own marks: feedback
on a direct quote or a scare-quoted phrase read ``““ready””`` (issue 22, a real news report's
direct quotes in the source tracer)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from medialit.widgets._base import STATIC

CASES = {
    "ready": "“ready”",
    "“ready”": "“ready”",
    "“We will appeal,”": "“We will appeal,”",
    '"We will appeal."': '"We will appeal."',
    "“This was a sad and tragic incident, and …": "“This was a sad and tragic incident, and …”",
    "“rogue” regime": "““rogue” regime”",
}


def test_quote_keeps_a_quotations_own_marks(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make system-deps installs what the tests need)")
    (tmp_path / "common.mjs").write_text((STATIC / "common.js").read_text("utf-8"), encoding="utf-8")
    script = (
        "import { quote } from './common.mjs';\n"
        f"const cases = {json.dumps(list(CASES))};\n"
        "console.log(JSON.stringify(cases.map(quote)));\n"
    )
    (tmp_path / "run.mjs").write_text(script, encoding="utf-8")
    out = subprocess.run([node, "run.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(out.stdout) == list(CASES.values())
