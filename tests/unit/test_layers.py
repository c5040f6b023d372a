"""The layers of docs/architecture.md are enforced: `lint-imports` (in `make lint`) fails on a wrong-way import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import medialit

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.is_file(), reason="import-linter is not installed (make setup-dev)")


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with the project's contracts on the medialit package found in ``package_parent``."""
    env = {**os.environ, "PYTHONPATH": str(package_parent), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=package_parent,
        check=False,
        timeout=300,
    )


def _copy(tmp_path: Path) -> Path:
    pkg = tmp_path / "medialit"
    shutil.copytree(Path(medialit.__file__).parent, pkg, ignore=shutil.ignore_patterns("__pycache__", "casestudies"))
    return pkg


def test_the_package_keeps_its_layers(tmp_path):
    _copy(tmp_path)
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 broken." in result.stdout


def test_a_planted_wrong_way_import_fails(tmp_path):
    """The grader importing the runtime (the old zygote cycle) breaks the layers contract."""
    pkg = _copy(tmp_path)
    target = pkg / "grading" / "extract.py"
    text = target.read_text("utf-8")
    planted = text.replace(
        "from medialit import contracts\n", "from medialit import contracts\nimport medialit.runtime.record\n"
    )
    target.write_text(planted, "utf-8")
    assert "import medialit.runtime.record" in target.read_text("utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert out.count(" BROKEN") == 2, out
    assert "medialit.grading is not allowed to import medialit.runtime:" in out
    assert "- medialit.grading.extract -> medialit.runtime.record (l." in out
    # through the runtime, the grader now reaches IPython too: the pure-core contract says so
    assert "medialit.grading is not allowed to import IPython:" in out


def test_a_planted_jupyter_import_in_the_core_fails(tmp_path):
    pkg = _copy(tmp_path)
    target = pkg / "curriculum" / "derive.py"
    text = target.read_text("utf-8")
    target.write_text(text.replace("import difflib\n", "import difflib\n\nimport click  # noqa\n", 1), "utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "medialit.curriculum is not allowed to import click:" in result.stdout
    assert "medialit.curriculum.derive -> click (l." in result.stdout


def test_a_planted_drafter_import_in_the_core_fails(tmp_path):
    """The drafter (medialit new) stays out of the core: a curriculum module importing it breaks a contract."""
    pkg = _copy(tmp_path)
    target = pkg / "curriculum" / "derive.py"
    text = target.read_text("utf-8")
    target.write_text(text.replace("import difflib\n", "import difflib\n\nimport medialit.drafter.claims  # noqa\n", 1))
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "medialit.curriculum is not allowed to import medialit.drafter:" in result.stdout
    assert "medialit.curriculum.derive -> medialit.drafter.claims (l." in result.stdout


def test_a_planted_core_import_in_the_drafter_fails(tmp_path):
    """The drafter imports the case and the model, never the lessons, the grader or an adapter."""
    pkg = _copy(tmp_path)
    target = pkg / "drafter" / "claims.py"
    text = target.read_text("utf-8")
    planted = text.replace(
        "from medialit.model import Sentence\n",
        "from medialit.model import Sentence\nimport medialit.curriculum.spec  # noqa\n",
    )
    assert planted != text
    target.write_text(planted, "utf-8")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "medialit.drafter is not allowed to import medialit.curriculum:" in result.stdout
    assert "medialit.drafter.claims -> medialit.curriculum.spec (l." in result.stdout


def _plant(pkg: Path, module: str, after: str, line: str) -> None:
    """Add ``line`` after the first ``after`` line of ``medialit/<module>``, checking it landed."""
    target = pkg / module
    text = target.read_text("utf-8")
    assert after in text, f"{module} no longer has {after!r}: choose another anchor"
    target.write_text(text.replace(after, after + line, 1), "utf-8")


def test_notebooks_importing_the_grader_fails(tmp_path):
    """The notebooks and the grader are siblings: solution notebooks take self-checks from the question types."""
    pkg = _copy(tmp_path)
    _plant(pkg, "notebooks/questions.py", "from medialit.notebooks import cells\n", "import medialit.grading.key\n")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "medialit.notebooks is not allowed to import medialit.grading:" in result.stdout


def test_the_runtime_importing_the_grader_fails(tmp_path):
    """A student's kernel never loads the grader: the runtime reaching it, even lazily, breaks a contract."""
    pkg = _copy(tmp_path)
    _plant(pkg, "runtime/record.py", "from medialit.errors import WidgetError\n", "import medialit.grading.score\n")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "The student's runtime imports no grader module BROKEN" in result.stdout
    assert "medialit.runtime is not allowed to import medialit.grading:" in result.stdout


def test_a_widget_reaching_past_the_model_fails(tmp_path):
    """The widgets are a leaf adapter: importing the question types breaks widgets-leaf."""
    pkg = _copy(tmp_path)
    _plant(pkg, "widgets/_base.py", "from medialit.model import Question\n", "import medialit.qtypes\n")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "medialit.widgets is not allowed to import medialit.qtypes:" in result.stdout


#: What the widgets may import of medialit (and data packages that hold no code).
WIDGETS_MAY_IMPORT = {"medialit.model", "medialit.errors", "medialit.contracts", "medialit.widgets"}
NOT_CODE = {"medialit.casestudies", "medialit.schemas"}


def test_widgets_leaf_forbids_every_other_package():
    """A new top-level package is forbidden to the widgets too: the list cannot fall behind the package."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        contracts = tomllib.load(f)["tool"]["importlinter"]["contracts"]
    (forbidden,) = [c["forbidden_modules"] for c in contracts if c.get("id") == "widgets-leaf"]
    src = Path(medialit.__file__).parent
    packages = {
        f"medialit.{p.stem if p.is_file() else p.name}"
        for p in src.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert "medialit.grading" in packages and "medialit.cli" in packages
    missing = packages - WIDGETS_MAY_IMPORT - NOT_CODE - set(forbidden)
    assert not missing, f"add {sorted(missing)} to the widgets-leaf contract's forbidden_modules in pyproject.toml"
    assert not set(forbidden) - packages, "widgets-leaf forbids a package that no longer exists"


def test_the_isolation_room_importing_scoring_fails(tmp_path):
    """The isolation room runs code; a sandbox module reaching a module of the scorer breaks grading-isolation."""
    pkg = _copy(tmp_path)
    _plant(
        pkg,
        "grading/isolation/watchdog.py",
        "from __future__ import annotations\n",
        "\nimport medialit.grading.naming\n",
    )
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "medialit.grading.isolation is not allowed to import medialit.grading.naming:" in result.stdout


def test_a_report_reaching_the_sandbox_fails(tmp_path):
    """Reports render results; one importing the sandbox breaks the rooms' independence."""
    pkg = _copy(tmp_path)
    _plant(
        pkg,
        "grading/reports/summary.py",
        "from __future__ import annotations\n",
        "\nimport medialit.grading.isolation.sandbox\n",
    )
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(" BROKEN") == 1, result.stdout
    assert "The grader's rooms: isolation and reports do not import each other BROKEN" in result.stdout


#: What the isolation room may import of the grader besides itself: the input size limits and the
#: owner tags of its temporary folders.
ISOLATION_MAY_IMPORT = {"medialit.grading.isolation", "medialit.grading.limits", "medialit.grading.owners"}


def test_grading_isolation_forbids_every_other_grading_module():
    """A new module of the grader is forbidden to the isolation room too: the list cannot fall behind."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        contracts = tomllib.load(f)["tool"]["importlinter"]["contracts"]
    (forbidden,) = [c["forbidden_modules"] for c in contracts if c.get("id") == "grading-isolation"]
    grading = Path(medialit.__file__).parent / "grading"
    modules = {
        f"medialit.grading.{p.stem if p.is_file() else p.name}"
        for p in grading.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    assert "medialit.grading.score" in modules and "medialit.grading.reports" in modules
    missing = modules - ISOLATION_MAY_IMPORT - set(forbidden)
    assert not missing, f"add {sorted(missing)} to the grading-isolation contract's forbidden_modules in pyproject.toml"
    assert not set(forbidden) - modules, "grading-isolation forbids a module that no longer exists"
