"""The widget modules are type-checked: ``// @ts-check`` and JSDoc types in every module of
``static/``, checked by TypeScript's ``tsc --noEmit`` (tsconfig.json, ``strict``), which
``make lint`` runs as ``npm run --silent check:js``.

The check runs on a copy of the modules, as make lint runs it, so that a type error planted in
the copy must fail it: a check that passed whatever the code said would fail this test.
"""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import subprocess

import pytest

from medialit.widgets._base import STATIC

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECK = "npm run --silent check:js"


def _modules() -> list[pathlib.Path]:
    return sorted(STATIC.glob("*.js"))


def test_every_widget_module_asks_for_the_check() -> None:
    assert {p.name for p in _modules()} >= {"common.js", "search.js", "spans.js", "phrase_highlighter.js"}
    for path in _modules():
        assert path.read_text(encoding="utf-8").startswith("// @ts-check\n"), f"{path.name} starts with // @ts-check"


def test_make_lint_runs_the_check_on_the_widget_modules() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lint, "the Makefile has a lint target"
    assert CHECK in lint.group(1)
    scripts = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["scripts"]
    assert scripts["check:js"] == "tsc -p tsconfig.json"
    config = json.loads((ROOT / "tsconfig.json").read_text(encoding="utf-8"))
    assert config["include"] == ["src/medialit/widgets/static/*.js"]
    options = config["compilerOptions"]
    assert options["checkJs"] is True and options["strict"] is True and options["noEmit"] is True


def _checker_copy(tmp_path: pathlib.Path) -> pathlib.Path:
    """The files make lint's JS check reads, copied, with the project's node_modules linked in."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm are not installed (make system-deps installs what the tests need)")
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["typescript"]
    installed = ROOT / "node_modules" / "typescript" / "package.json"
    assert installed.is_file(), (
        f"TypeScript is not installed in {ROOT / 'node_modules'}: run `npm ci` (make system-deps)"
    )
    version = json.loads(installed.read_text(encoding="utf-8"))["version"]
    assert version == wanted, f"node_modules has typescript {version}, package.json pins {wanted}: run `npm ci`"
    copy = tmp_path / "repo"
    static = copy / STATIC.relative_to(ROOT)
    static.mkdir(parents=True)
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(ROOT / name, copy / name)
    for path in _modules():
        shutil.copy(path, static / path.name)
    (copy / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return copy


def _check(copy: pathlib.Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CHECK.split(), cwd=copy, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_the_check_passes_and_a_planted_type_error_fails_it(tmp_path: pathlib.Path) -> None:
    copy = _checker_copy(tmp_path)
    clean = _check(copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    # sentenceWords takes a sentence (a string); a number is a type error that no test of behaviour
    # would see until a widget gets one.
    source = copy / STATIC.relative_to(ROOT) / "spans.js"
    planted = (
        source.read_text(encoding="utf-8")
        + "\n/** @type {number} */\nexport const planted = sentenceWords(7).length;\n"
    )
    source.write_text(planted, encoding="utf-8")
    failed = _check(copy)
    assert failed.returncode != 0, "tsc passed a planted type error"
    assert re.search(r"spans\.js\(\d+,\d+\): error TS2345", failed.stdout), failed.stdout + failed.stderr
