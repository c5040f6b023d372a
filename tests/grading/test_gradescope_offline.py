"""Gradescope setup without a package index: the default zip says it needs one; a wheelhouse removes the need.

The offline test makes its wheelhouse by repacking the wheels of this test
environment (the same machine runs them, so their platform tags fit) and runs
setup.sh in a fresh virtual environment inside a network namespace of its own:
nothing can be fetched, so the install succeeds only from the zip's wheels.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from medialit import qtypes
from medialit.cli import main
from medialit.errors import GradingError
from medialit.grading.autograder import WHEELHOUSE_HOW, build_autograder, read_wheelhouse
from medialit.grading.reports.gradescope import validate_results

from .conftest import right_answers, to_bytes
from .test_gradescope import _layout, _run

ROOT = Path(__file__).resolve().parents[2]
SKIP_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _closure() -> list[metadata.Distribution]:
    """Installed distributions medialit[grade] needs, transitively (markers evaluated; the autograder's extra)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [(req, "grade") for req in metadata.requires("medialit") or []]
    while todo:
        text, extra = todo.pop()
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        key = _canonical(req.name)
        if key in seen:
            continue
        dist = metadata.distribution(req.name)
        seen[key] = dist
        todo.extend((r, "") for r in dist.requires or [])
    return [seen[k] for k in sorted(seen)]


def _hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _repack(dist: metadata.Distribution, dest: Path) -> Path:
    """A wheel of an installed distribution, from the files its RECORD lists (data files under .data/)."""
    wheel_info = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel_info.splitlines() if line.startswith("Tag:")]
    assert tags, f"{dist.metadata['Name']}: no WHEEL tags"
    py = ".".join(sorted({t.split("-")[0] for t in tags}))
    abi = ".".join(sorted({t.split("-")[1] for t in tags}))
    plat = ".".join(sorted({t.split("-")[2] for t in tags}))
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    stem = f"{name}-{dist.version}"
    info = next(str(f).split("/")[0] for f in dist.files or [] if str(f).split("/")[0].endswith(".dist-info"))
    records: list[tuple[str, bytes]] = []
    for f in dist.files or []:
        rel = str(f)
        parts = rel.split("/")
        if "__pycache__" in parts or (parts[0] == info and parts[-1] in SKIP_INFO):
            continue
        if parts[0] == "..":
            inside = [p for p in parts if p != ".."]
            if inside[0] == "bin":
                continue  # console scripts are made again from entry_points.txt
            arcname = f"{stem}.data/data/" + "/".join(inside)
        else:
            arcname = rel
        records.append((arcname, Path(f.locate()).read_bytes()))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for arcname, data in records:
        writer.writerow([arcname, _hash(data), len(data)])
    writer.writerow([f"{info}/RECORD", "", ""])
    records.append((f"{info}/RECORD", buf.getvalue().encode()))
    path = dest / f"{stem}-{py}-{abi}-{plat}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for arcname, data in records:
            zf.writestr(arcname, data)
    return path


@pytest.mark.slow
def test_default_zip_says_setup_needs_the_package_index(tmp_path, lesson, capsys):
    out = tmp_path / "ag.zip"
    assert main(["gradescope-autograder", "--out", str(out), "--lesson", lesson.id]) == 0
    assert "installs medialit's dependencies from the package index" in capsys.readouterr().err
    with zipfile.ZipFile(out) as zf:
        assert not any(n.startswith("wheels/") for n in zf.namelist())
        setup = zf.read("setup.sh").decode()
        assert json.loads(zf.read("medialit-autograder.json"))["offline"] is False
    assert "--no-index" not in setup
    assert "this step needs network access to it" in setup
    assert "setup needs network access to it, or rebuild the zip with --wheelhouse" in setup
    assert main(["gradescope-autograder", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Setup needs the package index" in help_text
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "setup.sh needs the package index" in readme
    assert "--wheelhouse" in readme


def _fake_wheel(folder: Path, name: str, tag: str = "py3-none-any") -> None:
    with zipfile.ZipFile(folder / f"{name}-1.0-{tag}.whl", "w") as zf:
        zf.writestr(f"{name}-1.0.dist-info/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")


@pytest.mark.slow
def test_wheelhouse_is_checked_before_the_zip_is_written(tmp_path, lesson):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GradingError, match=r"no \.whl files; fill it with: pip download"):
        read_wheelhouse(empty)
    partial = tmp_path / "partial"
    partial.mkdir()
    _fake_wheel(partial, "nbformat")
    with pytest.raises(GradingError, match=r"no wheel for .*anywidget.*medialit needs them"):
        read_wheelhouse(partial)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for req in metadata.requires("medialit") or []:
        # The autograder installs medialit[grade]: the extra's requirements are needed too.
        if ";" not in req or Requirement(req).marker.evaluate({"extra": "grade"}):
            _fake_wheel(mixed, re.sub(r"[-.]", "_", Requirement(req).name))
    _fake_wheel(mixed, "numpy", "cp311-cp311-manylinux_2_17_x86_64")
    _fake_wheel(mixed, "stable", "cp36-abi3-manylinux_2_17_x86_64")  # the stable ABI fits 3.11 too
    assert read_wheelhouse(mixed)[1] == "3.11"
    _fake_wheel(mixed, "pyzmq", "cp312-cp312-manylinux_2_17_x86_64")
    with pytest.raises(GradingError, match=r"several Python versions \(3\.11, 3\.12\)"):
        read_wheelhouse(mixed)
    with pytest.raises(GradingError, match="contradict"):
        build_autograder(tmp_path / "x.zip", lesson=lesson.id, from_pypi=True, wheelhouse=mixed)
    assert not (tmp_path / "x.zip").exists()
    assert "--python-version 3.11" in WHEELHOUSE_HOW


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare for a network namespace")
def test_setup_installs_offline_from_the_wheelhouse(tmp_path, lesson, submission):
    if subprocess.run(["unshare", "-rn", "true"], check=False).returncode != 0:
        pytest.skip("user namespaces are not allowed here")
    house = tmp_path / "wheels"
    house.mkdir()
    for dist in _closure():
        _repack(dist, house)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert read_wheelhouse(house)[1] == version
    zip_path = build_autograder(tmp_path / "ag.zip", lesson=lesson.id, code_timeout=10, wheelhouse=house)
    with zipfile.ZipFile(zip_path) as zf:
        setup = zf.read("setup.sh").decode()
        assert sorted(n for n in zf.namelist() if n.startswith("wheels/")) == sorted(
            f"wheels/{p.name}" for p in house.iterdir()
        )
        assert json.loads(zf.read("medialit-autograder.json"))["offline"] is True
    assert '--no-index --find-links "$HERE/wheels"' in setup
    assert f"for cand in python{version}; do" in setup
    root = _layout(tmp_path, zip_path, to_bytes(submission(right_answers(lesson))))
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHONPATH", "MEDIALIT_"))}
    env.update(
        {
            "MEDIALIT_VENV": str(venv),
            "PIP_CONFIG_FILE": os.devnull,  # no index or find-links from this machine's pip configuration
            "PIP_NO_CACHE_DIR": "1",
            "PATH": f"{Path(sys.base_prefix) / 'bin'}:{env.get('PATH', '')}",
        }
    )
    proc = subprocess.run(
        ["unshare", "-rn", "bash", str(root / "source" / "setup.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    site = next((venv / "lib").glob("python3*/site-packages"))
    # medialit[grade]: the runtime, and the YAML, schema and chart packages grading needs (no nbformat).
    for name in ("medialit", "anywidget", "yaml", "jsonschema", "numpy", "matplotlib"):
        assert (site / name).is_dir(), name
    data = _run(root, venv)
    assert validate_results(data) == []
    assert data["score"] == sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual)
