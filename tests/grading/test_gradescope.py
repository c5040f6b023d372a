"""The Gradescope autograder zip, run in a temporary folder laid out like Gradescope's."""

import json
import os
import stat
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from medialit import qtypes
from medialit.grading.autograder import build_autograder, build_wheel
from medialit.grading.reports.gradescope import validate_results

from .conftest import right_answers, to_bytes


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory, lesson):
    return build_autograder(tmp_path_factory.mktemp("ag") / "autograder.zip", lesson=lesson.id, code_timeout=10)


def _layout(tmp_path, zip_path, notebook_bytes=None):
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    with zipfile.ZipFile(zip_path) as zf:
        for info in zf.infolist():
            target = root / "source" / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info))
            target.chmod((info.external_attr >> 16) & 0o777)
    if notebook_bytes is not None:
        (root / "submission" / "03-sourcing.ipynb").write_bytes(notebook_bytes)
    return root


@pytest.mark.slow
def test_zip_holds_setup_run_config_and_a_wheel(autograder_zip, lesson, tmp_path):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = zf.namelist()
        assert {"setup.sh", "run_autograder", "medialit-autograder.json"} <= set(names)
        for script in ("setup.sh", "run_autograder"):
            assert (zf.getinfo(script).external_attr >> 16) & stat.S_IXUSR
        config = json.loads(zf.read("medialit-autograder.json"))
        assert config == {
            "case": None,
            "code_timeout": 10,
            "lesson": lesson.id,
            "visibility": "visible",
            "unsafe_code": False,
            "offline": False,
        }
        wheel = next(n for n in names if n.endswith(".whl"))
        # The [grade] extra: grading needs the YAML, schema and chart packages a student install leaves out.
        assert f'"$HERE/{wheel}[grade]"' in zf.read("setup.sh").decode()
    again = build_autograder(tmp_path / "again.zip", lesson=lesson.id, code_timeout=10)
    assert again.read_bytes() == autograder_zip.read_bytes()  # deterministic


def test_wheel_is_complete_and_consistent():
    name, data = build_wheel()
    import base64
    import hashlib
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        info = next(n for n in names if n.endswith(".dist-info/RECORD")).rsplit("/", 1)[0]
        assert {
            "medialit/__init__.py",
            "medialit/grading/isolation/_zygote.py",
            f"{info}/METADATA",
            f"{info}/WHEEL",
        } <= names
        assert any(n.startswith("medialit/casestudies/") and n.endswith("annotations.yaml") for n in names)
        assert not any("__pycache__" in n for n in names)
        for line in zf.read(f"{info}/RECORD").decode().splitlines():
            path, digest, size = line.rsplit(",", 2)
            if digest:
                body = zf.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()
                assert digest == "sha256=" + expected
                assert int(size) == len(body)
    assert name.endswith("-py3-none-any.whl")


def _run(root, venv, extra_env=None):
    env = {**os.environ, "MEDIALIT_AUTOGRADER_ROOT": str(root), "MEDIALIT_VENV": str(venv), **(extra_env or {})}
    proc = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


@pytest.fixture
def fake_venv(tmp_path):
    """A 'venv' whose python is this interpreter (medialit already installed), for fast runs."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    return venv


@pytest.mark.slow
def test_run_autograder_grades_the_submission(tmp_path, autograder_zip, lesson, submission, fake_venv):
    root = _layout(tmp_path, autograder_zip, to_bytes(submission(right_answers(lesson))))
    data = _run(root, fake_venv)
    assert validate_results(data) == []
    auto = sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual)
    assert data["score"] == auto
    assert len(data["tests"]) == len(lesson.questions)


@pytest.mark.slow
def test_run_autograder_always_writes_results(tmp_path, autograder_zip, fake_venv, rendered, lesson):
    root = _layout(tmp_path, autograder_zip)
    data = _run(root, fake_venv)
    assert validate_results(data) == []
    assert data["score"] == 0
    assert "no notebook" in data["output"]
    (root / "submission" / "x.ipynb").write_bytes(b"{ truncated")
    data = _run(root, fake_venv)
    assert validate_results(data) == []
    assert "could not be graded" in data["output"]
    other = next(p for p in sorted(rendered) if p.startswith("exercises/") and f"/{lesson.number:02d}-" not in p)
    (root / "submission" / "x.ipynb").write_bytes(rendered[other])
    data = _run(root, fake_venv)
    assert validate_results(data) == []
    assert "this key grades" in data["output"]


@pytest.mark.slow
def test_setup_sh_installs_the_included_wheel_offline(tmp_path, autograder_zip, lesson, submission):
    """setup.sh in a fresh venv; dependencies come from this environment, medialit from the zip's wheel."""
    root = _layout(tmp_path, autograder_zip, to_bytes(submission(right_answers(lesson))))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {
        **os.environ,
        "MEDIALIT_VENV": str(venv),
        "MEDIALIT_PIP_OPTIONS": "--no-deps --no-index --force-reinstall",
        "PIP_NO_CACHE_DIR": "1",
    }
    proc = subprocess.run(
        ["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert (site / "medialit" / "grading" / "autograder.py").is_file()
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import medialit; print(medialit.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(site))
    data = _run(root, venv)
    assert validate_results(data) == []
    assert data["score"] == sum(q.points for q in lesson.questions if not qtypes.get(q.type).manual)
