"""Dependencies by role: the student path imports only the runtime; each command names its missing extra.

Missing packages are simulated in a real subprocess (tests/roles/blocker.py): the module cannot
be imported at all, as in an environment installed without the extra.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from medialit import api
from medialit.case import yamlpos
from medialit.runtime.session import EMBEDDED_BUNDLE

from .blocker import blocked_env, run_medialit

ROOT = Path(__file__).resolve().parents[2]
#: What a student's kernel must never import to run the first cell and a widget cell.
NOT_STUDENT = ("yaml", "jsonschema", "nbformat", "nbclient", "matplotlib", "numpy", "rich", "jupyter_book")
FIRST_CELL = """
import json, sys, time
t = time.perf_counter()
from medialit.runtime import check, show, use
use({case!r}, case_id='mek')
first = time.perf_counter() - t
show('L3.Q1')
check('L3.Q1')
heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r}))
print(json.dumps({{"first": first, "heavy": heavy}}))
"""


def _first_cell(cwd: Path, case: str, env: dict[str, str] | None = None) -> dict:
    code = FIRST_CELL.format(case=case, heavy=list(NOT_STUDENT))
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_core_dependencies_are_the_student_runtime_and_extras_are_by_role():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    core = {d.split(">")[0].split("=")[0] for d in project["dependencies"]}
    assert core == {"anywidget", "ipywidgets", "click"}
    extras = project["optional-dependencies"]
    assert {"grade", "author", "book", "figures", "all"} <= set(extras)
    assert "jupyter-book==1.0.4.post1" in extras["book"]
    assert extras["all"] == ["medialit[grade,author,book,figures]"]
    assert '-e ".[all]"' in (ROOT / "Makefile").read_text("utf-8")


@pytest.mark.parametrize("case", ["medialit-case.json", "no-such-bundle.json"])
def test_first_cell_and_a_widget_import_nothing_of_the_extras(case):
    """The bundle beside the notebook, or (downloaded alone) the embedded case's packaged bundle: no YAML parsed."""
    out = _first_cell(ROOT / "exercises", case)
    assert out["heavy"] == []


def test_first_cell_works_with_every_extra_missing(tmp_path):
    """A student install: the extras' packages cannot be imported at all, and the exercise still runs."""
    env = blocked_env(tmp_path, list(NOT_STUDENT))
    out = _first_cell(ROOT / "exercises", "medialit-case.json", env)
    assert out["heavy"] == []
    assert out["first"] < 5  # it ran; the timing itself is measured by benchmarks/student_install.py


def test_packaged_embedded_bundle_is_the_current_student_bundle():
    assert EMBEDDED_BUNDLE.read_bytes() == api.student_bundle(), (
        "src/medialit/casestudies/mek/medialit-case.json is stale: run `medialit generate` in the checkout"
    )


def test_yaml_with_lines_uses_libyaml_and_matches_the_pure_python_loader():
    text = (ROOT / "src/medialit/casestudies/mek/annotations.yaml").read_text("utf-8")
    fast = yamlpos.load_with_lines(text)
    if yaml.__with_libyaml__:
        assert issubclass(yamlpos._FastLoader, yaml.CSafeLoader)
    assert not issubclass(yamlpos._Loader, getattr(yaml, "CSafeLoader", ()))
    assert yamlpos._read(yamlpos._Loader, text) == fast
    assert isinstance(fast[0]["claims"][0], dict)
    assert fast[1][("claims",)] > 1


def test_figure_cell_without_matplotlib_shows_its_description_and_the_extra(tmp_path):
    code = (
        "from medialit.runtime import use, sourcing_figure\n"
        "use('medialit-case.json', case_id='mek')\n"
        "f = sourcing_figure()\n"
        "print(repr(f)); print(f._repr_html_())"
    )
    env = blocked_env(tmp_path, ["matplotlib"])
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT / "lessons", env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "pip install 'medialit[figures]'" in proc.stdout
    assert "<figure" in proc.stdout and "paragraph" in proc.stdout.lower()


@pytest.mark.parametrize(
    ("args", "blocked", "extra"),
    [
        # `build` imports the library (nbformat, jsonschema) before naming its extra: 1.7 s each.
        pytest.param(["build"], ["jupyter_book"], "book", marks=pytest.mark.slow),
        pytest.param(["build"], ["rich"], "book", marks=pytest.mark.slow),
        (["validate"], ["jsonschema"], "author"),
        (["generate", "--check"], ["nbformat"], "author"),
        (["key"], ["yaml"], "grade"),
        (["review", "SUBS"], ["nbformat"], "author"),
        (["grade", "SUBS", "--out", "OUT"], ["yaml", "jsonschema", "matplotlib", "rich"], "grade"),
        (["init", "course"], ["yaml"], "book"),
    ],
)
def test_a_command_without_its_extra_says_which_in_one_line(tmp_path, args, blocked, extra):
    from medialit.publish.course import init_course

    init_course(tmp_path / "here")
    (tmp_path / "here" / "SUBS").mkdir()
    args = [a for a in args]
    proc = run_medialit(args, tmp_path / "here", blocked_env(tmp_path, blocked))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert f"needs the [{extra}] extra" in lines[0]
    assert f"pip install 'medialit[{extra}]'" in lines[0]
    assert f"`medialit {args[0]}`" in lines[0]


def test_help_works_with_every_extra_missing(tmp_path):
    proc = run_medialit(["--help"], tmp_path, blocked_env(tmp_path, list(NOT_STUDENT)))
    assert proc.returncode == 0, proc.stderr
    assert "medialit init" in proc.stdout


@pytest.mark.slow  # a fresh interpreter importing jsonschema twice: 1.6 s
def test_jsonschema_is_imported_without_the_slow_iri_checker_which_stays_importable():
    pytest.importorskip("rfc3987_syntax")
    code = (
        "import sys, time\n"
        "t = time.perf_counter()\n"
        "from medialit._jsonschema import jsonschema_module\n"
        "js = jsonschema_module()\n"
        "took = time.perf_counter() - t\n"
        "assert 'rfc3987_syntax' not in sys.modules, 'the slow checker was imported'\n"
        "assert js.Draft202012Validator({'type': 'string'}).is_valid('x')\n"
        "import rfc3987_syntax  # still importable for anyone else\n"
        "from medialit import api\n"
        "assert api.validate() == []\n"
        "print(took)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
