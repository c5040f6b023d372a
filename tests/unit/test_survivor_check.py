"""The session-end check of tests/conftest.py fails a run that leaves a process behind, also when
pytest-xdist runs the tests in workers (``make test-fast``): a worker's own report is never shown,
so it hands its findings to the controller, which prints them and fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]

PLANTED = textwrap.dedent(
    """
    import subprocess, sys
    from pathlib import Path

    _kept = []

    def test_starts_a_process_and_leaves_it(tmp_path_factory):
        # "-m medialit" in its command line: a process the suite must not leave behind
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "-m medialit"])
        _kept.append(p)
        Path({pidfile!r}).write_text(str(p.pid))

    def test_another_test_for_the_other_worker():
        pass
    """
)


def _session(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    pidfile = tmp_path / "planted.pid"
    test = tmp_path / "planted" / "test_planted.py"
    test.parent.mkdir()
    test.write_text(PLANTED.format(pidfile=str(pidfile)), "utf-8")
    env = {
        **os.environ,
        "MEDIALIT_TEST_SURVIVOR_GRACE": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider", "-q", "-W",
         "ignore::pytest.PytestUnraisableExceptionWarning", *args, str(test)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return result, int(pidfile.read_text())


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.slow
def test_a_process_left_behind_fails_the_run(tmp_path):
    result, pid = _session(tmp_path, "-p", "no:xdist")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "processes left behind" in result.stdout
    assert f"{pid} (started" in result.stdout
    assert _gone(pid)


@pytest.mark.slow
def test_a_process_a_worker_leaves_behind_fails_the_run(tmp_path):
    pytest.importorskip("xdist")
    result, pid = _session(tmp_path, "-n", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "processes left behind" in result.stdout
    assert "(worker gw" in result.stdout
    assert f"{pid} (started" in result.stdout
    assert "2 passed" in result.stdout  # the tests passed: the survivor alone fails the run
    assert _gone(pid)
