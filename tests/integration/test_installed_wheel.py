"""End to end outside the repository: a built wheel in a fresh venv runs, grades and builds a course site.

The wheel is built with the project's own backend, installed into a new venv in a temporary
folder (``medialit[all]``; pip's cache supplies what was downloaded before), and everything then
runs from that venv with the temporary folder as working directory: ``medialit generate``, an
exercise executed headless by nbclient in a real kernel, ``medialit grade`` on it, and
``medialit init`` + ``medialit build`` for the site, which must carry the downloads and the wheel.
"""

from __future__ import annotations

import csv
import html as html_lib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.book, pytest.mark.timeout(3600)]

EXECUTE = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
nbformat.write(nb, path)
"""


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    )
    return proc


def test_wheel_in_a_fresh_venv_runs_grades_and_builds_a_course_site(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH", "MEDIALIT_"))}
    env["MPLBACKEND"] = "Agg"
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)], tmp_path, env)
    wheel = next(dist.glob("medialit-*-py3-none-any.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {"medialit/bookskel/_config.yml", "medialit/casestudies/mek/pages/intro.md"} <= names
    assert "medialit/casestudies/mek/medialit-case.json" in names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    py, medialit = str(venv / "bin" / "python"), str(venv / "bin" / "medialit")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    _run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{wheel}[all]"], tmp_path, env)
    where = _run([py, "-c", "import medialit; print(medialit.__file__)"], tmp_path, env).stdout.strip()
    assert where.startswith(str(venv)), f"medialit imported from {where}, not from the fresh venv"

    # A student's exercise, run headless in a real kernel of the venv.
    work = tmp_path / "work"
    work.mkdir()
    _run([medialit, "generate", "--out", "module"], work, env)
    exercise = work / "module" / "exercises" / "03-sourcing.ipynb"
    _run([py, "-c", EXECUTE, str(exercise), str(exercise.parent)], work, env)
    executed = json.loads(exercise.read_text("utf-8"))
    records = [
        o["data"]["application/vnd.medialit.answer+json"]
        for c in executed["cells"]
        for o in c.get("outputs", [])
        if "application/vnd.medialit.answer+json" in o.get("data", {})
    ]
    assert records, "the executed exercise holds no answer record"
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []

    # The teacher grades it.
    _run([medialit, "grade", str(exercise), "--out", "grades"], work, env)
    with (work / "grades" / "grades.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1
    assert rows[0]["status"] != "error", rows[0]
    assert float(rows[0]["max"]) > 0

    # A course site from a pip-installed medialit: init, then build inside the folder.
    _run([medialit, "init", "course"], work, env)
    proc = _run([medialit, "build"], work / "course", env, timeout=2400)
    html = work / "course" / "book" / "_build" / "html"
    assert (html / "index.html").is_file(), proc.stdout[-2000:]
    site_wheels = list((html / "_static" / "downloads").glob("medialit-*-py3-none-any.whl"))
    assert len(site_wheels) == 1
    assert (html / "_static/downloads/exercises/03-sourcing.ipynb").is_file()
    page = (html / "exercises" / "03-sourcing.html").read_text("utf-8")
    assert "Download this notebook" in page and "Show code cell source" not in page
    install = html_lib.unescape(re.sub(r"<[^>]+>", "", (html / "install.html").read_text("utf-8")))
    assert f"pip install ./{site_wheels[0].name}" in install  # the code block, highlighting removed
