"""The package ships its licence, and the benchmark scripts find their inputs relative to the repository."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from medialit.grading.autograder import build_wheel

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_declared_licence_has_its_text_in_license_files():
    project = _pyproject()["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("BSD 3-Clause License")
    assert "Neither the name of the copyright holder" in text  # the third clause: BSD-3, not BSD-2
    # license-files in [project] (PEP 639) needs hatchling 1.27 or newer.
    assert "hatchling>=1.27" in _pyproject()["build-system"]["requires"]
    assert "LICENSE" in _pyproject()["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]


def test_autograder_wheel_carries_the_licence():
    name, data = build_wheel()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = name.split("-py3")[0] + ".dist-info"
        assert zf.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
        record = zf.read(f"{info}/RECORD").decode()
        assert f"{info}/licenses/LICENSE," in record
        assert "License-File: LICENSE" in zf.read(f"{info}/METADATA").decode()


@pytest.mark.slow
def test_built_wheel_and_sdist_hold_the_licence(tmp_path):
    """A real build with the project's backend (pip fetches hatchling into an isolated build env)."""
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("medialit-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        licences = [n for n in zf.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(licences) == 1
        assert zf.read(licences[0]) == (ROOT / "LICENSE").read_bytes()


def _benchmark(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vs_baselines_reads_the_baselines_beside_the_repository(tmp_path):
    bench = _benchmark("vs_baselines")
    assert ROOT.parent / "shared" / "baselines" / "graders" == bench.DEFAULT_BASELINES
    assert '"/work' not in (ROOT / "benchmarks" / "vs_baselines.py").read_text(encoding="utf-8")
    folder = tmp_path / "graders"
    folder.mkdir()
    for script in bench.SCRIPTS:
        (folder / script).write_text("# stub\n", encoding="utf-8")
    assert bench.baselines_dir(folder, environ={}) == folder
    assert bench.baselines_dir(None, environ={"MEDIALIT_BASELINES": str(folder)}) == folder
    with pytest.raises(SystemExit, match=r"missing spec\.py, build_assignment\.py.*--baselines DIR"):
        bench.baselines_dir(tmp_path / "empty", environ={})
