"""The committed widget bundles are what esbuild makes of the widget modules today, byte for byte.

Each widget module (``static/<widget>.js``) imports its helpers from ``static/common.js``;
``scripts/build_widgets.mjs`` bundles each into ``static/bundled/<widget>.js``, which the
widget classes and the static book load. The bundles are committed so that installing
medialit needs no node. These tests rebuild them (twice, from two working directories)
and fail when a committed bundle is stale or the build is not deterministic.
"""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import pytest

from medialit.widgets._base import BUNDLED, STATIC

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_widgets.mjs"
WIDGETS = ("claim_spotter.js", "phrase_highlighter.js", "search_lab.js", "source_tracer.js")
HOW_TO_FIX = "rebuild with `npm ci && npm run build:widgets` and commit src/medialit/widgets/static/bundled/"


def _node() -> str:
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        pytest.skip("node/npm are not installed (make system-deps installs what the tests need)")
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["esbuild"]
    installed = ROOT / "node_modules" / "esbuild" / "package.json"
    assert installed.is_file(), f"esbuild is not installed in {ROOT / 'node_modules'}: run `npm ci` (make system-deps)"
    version = json.loads(installed.read_text(encoding="utf-8"))["version"]
    assert version == wanted, f"node_modules has esbuild {version}, package.json pins {wanted}: run `npm ci`"
    return node


def _build(node: str, outdir: pathlib.Path, cwd: pathlib.Path) -> dict[str, bytes]:
    proc = subprocess.run(
        [node, str(SCRIPT), str(outdir)], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return {path.name: path.read_bytes() for path in sorted(outdir.glob("*.js"))}


def test_every_widget_has_a_bundle_and_nothing_else_is_bundled() -> None:
    assert sorted(p.name for p in BUNDLED.iterdir()) == sorted(WIDGETS)
    for name in WIDGETS:
        assert (STATIC / name).is_file()


def test_committed_bundles_match_a_fresh_deterministic_build(tmp_path: pathlib.Path) -> None:
    node = _node()
    first = _build(node, tmp_path / "a", cwd=ROOT)
    second = _build(node, tmp_path / "b", cwd=tmp_path)  # another working directory, another run
    assert sorted(first) == sorted(WIDGETS)
    assert first == second, "two builds of the same sources differ: the bundle is not deterministic"
    for name, data in first.items():
        text = data.decode("utf-8")
        assert str(ROOT) not in text and str(tmp_path) not in text, f"{name} holds an absolute path"
        assert "// src/medialit/widgets/static/common.js" in text
        committed = (BUNDLED / name).read_bytes()
        assert committed == data, f"{BUNDLED / name} is stale: {HOW_TO_FIX}"
