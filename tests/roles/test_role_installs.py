"""Each role's install runs that role's commands: the wheel with one extra, alone, in a fresh venv.

The wheel is built once (``pip wheel --no-deps``, as ``make dist``) and installed into a new
venv per role with only that role's extra (pip takes dependencies from its cache, the
machine's wheelhouse or the package index). Everything then runs from that venv, outside the
repository:

- student (no extra; ipykernel stands for the Jupyter that runs the notebook): an exercise
  notebook's first cell and its widget cells, in a real kernel of the venv, leave answer
  records, and none of the extras' modules is installed;
- grader (``[grade]``): ``grade``, ``key``, ``gradescope-autograder``; the autograder's copy
  of medialit has the files of the project's wheel;
- author (``[author]``): ``new``, ``validate``, ``generate``;
- book (``[book]``): ``init`` and ``build``; the site's wheel has the files of the project's wheel.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3600)]

#: Modules that come only with an extra: a student's venv has none of them.
EXTRAS_ONLY = ("yaml", "jsonschema", "nbformat", "nbclient", "matplotlib", "rich", "jupyter_book", "sphinx")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH", "MEDIALIT_", "JPY_"))}
    env["MPLBACKEND"] = "Agg"
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def wheel_files(wheel: Path | bytes) -> set[str]:
    """The file names in a wheel, RECORD aside (its text differs between builders, not its role)."""
    import io

    source = io.BytesIO(wheel) if isinstance(wheel, bytes) else wheel
    with zipfile.ZipFile(source) as zf:
        return {n for n in zf.namelist() if not n.endswith("/RECORD")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built as ``make dist`` builds it."""
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)], dist, _env())
    return next(dist.glob("medialit-*-py3-none-any.whl"))


class Venv:
    """A fresh venv with ``medialit[extra]`` (or medialit alone) installed from ``wheel``."""

    def __init__(self, tmp: Path, wheel: Path, extra: str | None, also: tuple[str, ...] = ()) -> None:
        self.root = tmp / "venv"
        self.env = _env()
        _run([sys.executable, "-m", "venv", str(self.root)], tmp, self.env)
        self.env["PATH"] = f"{self.root / 'bin'}{os.pathsep}{self.env.get('PATH', '')}"
        self.python = str(self.root / "bin" / "python")
        self.medialit = str(self.root / "bin" / "medialit")
        target = f"{wheel}[{extra}]" if extra else str(wheel)
        _run([self.python, "-m", "pip", "install", "--quiet", target, *also], tmp, self.env)
        where = self.run([self.python, "-c", "import medialit; print(medialit.__file__)"], tmp).stdout.strip()
        assert where.startswith(str(self.root)), f"medialit imported from {where}, not from the fresh venv"

    def run(self, cmd: list[str], cwd: Path, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
        return _run(cmd, cwd, self.env, timeout)

    def has(self, module: str) -> bool:
        code = f"import importlib.util, sys; sys.exit(0 if importlib.util.find_spec({module!r}) else 1)"
        return subprocess.run([self.python, "-c", code], env=self.env, check=False).returncode == 0


def answer_records(notebook: Path) -> list[dict[str, object]]:
    nb = json.loads(notebook.read_text("utf-8"))
    return [
        o["data"]["application/vnd.medialit.answer+json"]
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if "application/vnd.medialit.answer+json" in o.get("data", {})
    ]


def test_student_install_runs_a_notebooks_first_cell_and_records_answers(
    tmp_path: Path, wheel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    venv = Venv(tmp_path, wheel, None, also=("ipykernel",))
    assert [m for m in EXTRAS_ONLY if venv.has(m)] == [], "the student install pulled in an extra's module"
    # The venv's kernel, driven from here (nbclient is the Jupyter of this test, not of the student).
    venv.run([venv.python, "-m", "ipykernel", "install", "--prefix", str(venv.root), "--name", "student"], tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(venv.root / "share" / "jupyter"))
    work = tmp_path / "work"
    work.mkdir()
    notebook = work / "03-sourcing.ipynb"
    notebook.write_bytes((ROOT / "exercises" / "03-sourcing.ipynb").read_bytes())
    (work / "medialit-case.json").write_bytes((ROOT / "exercises" / "medialit-case.json").read_bytes())
    nb = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="student", resources={"metadata": {"path": str(work)}}
    )
    client.execute(env={k: v for k, v in venv.env.items() if k != "JUPYTER_PATH"})
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    nbformat.write(nb, notebook)
    records = answer_records(notebook)
    assert records and all(r["schema_version"] == 1 for r in records)
    assert {r["question"] for r in records} >= {"L3.Q1"}


def test_grader_install_grades_keys_and_packs_the_autograder(tmp_path: Path, wheel: Path) -> None:
    venv = Venv(tmp_path, wheel, "grade")
    assert not venv.has("nbformat"), "[grade] alone should not bring the notebook builder's nbformat"
    work = tmp_path / "work"
    (work / "subs").mkdir(parents=True)
    (work / "subs" / "alice.ipynb").write_bytes((ROOT / "exercises" / "03-sourcing.ipynb").read_bytes())
    venv.run([venv.medialit, "grade", "subs", "--out", "grades"], work)
    with (work / "grades" / "grades.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["status"] != "error", rows
    key = venv.run([venv.medialit, "key"], work).stdout
    assert "L3.Q1" in key
    venv.run([venv.medialit, "gradescope-autograder", "--out", "autograder.zip"], work)
    with zipfile.ZipFile(work / "autograder.zip") as zf:
        packed = [n for n in zf.namelist() if n.endswith(".whl")]
        assert len(packed) == 1, zf.namelist()
        inner = zf.read(packed[0])
    assert wheel_files(inner) == wheel_files(wheel)


def test_author_install_drafts_validates_and_generates(tmp_path: Path, wheel: Path) -> None:
    venv = Venv(tmp_path, wheel, "author")
    work = tmp_path / "work"
    work.mkdir()
    article = work / "article.txt"
    article.write_text(
        "A made-up town report\n\n"
        "The council said on Monday that the bridge will reopen in May. "
        "Officials, who asked not to be named, called the delay a disgrace.\n\n"
        "According to the mayor, repairs cost 2 million dollars.\n",
        encoding="utf-8",
    )
    venv.run([venv.medialit, "new", str(article), "--out", "mycase"], work)
    assert (work / "mycase" / "annotations.yaml").is_file()
    assert "valid" in venv.run([venv.medialit, "validate", "mycase"], work).stdout
    venv.run([venv.medialit, "validate"], work)  # the embedded case
    venv.run([venv.medialit, "generate", "--out", "module"], work)
    assert (work / "module" / "exercises" / "03-sourcing.ipynb").is_file()
    assert (work / "module" / "lessons" / "medialit-case.json").is_file()


@pytest.mark.book
def test_book_install_inits_and_builds_a_site_whose_wheel_is_the_projects(tmp_path: Path, wheel: Path) -> None:
    venv = Venv(tmp_path, wheel, "book")
    work = tmp_path / "work"
    work.mkdir()
    venv.run([venv.medialit, "init", "course"], work)
    venv.run([venv.medialit, "build"], work / "course", timeout=2400)
    html = work / "course" / "book" / "_build" / "html"
    assert (html / "index.html").is_file()
    site = list((html / "_static" / "downloads").glob("medialit-*-py3-none-any.whl"))
    assert len(site) == 1
    assert wheel_files(site[0]) == wheel_files(wheel)
    assert any(n.endswith("etc/jupyter/jupyter_server_config.d/medialit.json") for n in wheel_files(site[0]))
