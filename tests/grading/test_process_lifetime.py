"""Every process the grader starts lives inside its life, and none can hang it (issue 20, attack 7).

- a ``--jobs`` worker stopped with SIGSTOP is noticed by the watchdog: the batch finishes with
  every row as one process grades it (its files graded again alone);
- a grader killed with SIGKILL takes its workers, bwrap and sandbox servers (and the answers
  running in them) with it;
- the next run removes the staging folder a killed grader left in ``--out``, and only folders
  whose owner is gone.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.isolation import bwrap, watchdog
from medialit.grading.reports.report import STAGING_PREFIX, ReportWriter, staging_owner

from .conftest import Code, by_type, right_answers, to_bytes
from .test_batch_robustness import _rows, _scores, _workers

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def folder(tmp_path_factory, lesson, submission):
    subs = tmp_path_factory.mktemp("lifetime")
    code = by_type(lesson, "code")
    for i in range(10):
        answers = right_answers(lesson)
        answers[code.id] = Code(f"answer = {i}")
        (subs / f"s{i:02d}.ipynb").write_bytes(to_bytes(submission(answers)))
    return subs


@pytest.fixture(scope="module")
def one_process(tmp_path_factory, key, folder):
    out = tmp_path_factory.mktemp("ref")
    grade_batch([folder], key, out, BatchOptions(code_timeout=10))
    return _rows(out)


@pytest.mark.slow
def test_a_stopped_worker_does_not_hang_the_batch(tmp_path, key, folder, one_process, monkeypatch):
    monkeypatch.setattr(watchdog, "STOPPED_SECONDS", 2.0)
    stopped: list[int] = []

    def progress(done, total):
        if not stopped:
            workers = _workers()
            assert workers, "no worker process found"
            workers[-1].send_signal(signal.SIGSTOP)
            stopped.append(workers[-1].pid)

    try:
        result = grade_batch([folder], key, tmp_path / "out", BatchOptions(jobs=2, code_timeout=10), progress)
        # The watchdog killed the stopped worker; the kill may still be landing when the batch returns.
        left = [pid for pid in stopped if not _gone(pid, within=10.0)]
        info = [(pid, watchdog.state(pid)) for pid in left]  # state T: still stopped
    finally:
        for pid in stopped:  # never leave a stopped process behind, whatever happened
            if psutil.pid_exists(pid):
                os.kill(pid, signal.SIGKILL)
    assert stopped
    assert not left, f"the stopped worker {left} outlived the batch ({info})"
    rows = _rows(tmp_path / "out")
    assert result.count == len(rows) == len(one_process)
    for sid, row in one_process.items():
        assert _scores(rows[sid]) == _scores(row), sid


def _gone(pid: int, within: float) -> bool:
    """True once ``pid`` has exited (or is a zombie), polling for at most ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def _family(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _survivors(procs: list[psutil.Process]) -> list[str]:
    left = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                left.append(f"{p.pid} {' '.join(p.cmdline())[:120]}")
        except psutil.Error:
            continue
    return left


@pytest.mark.slow
@pytest.mark.skipif(bool(bwrap.unavailable()), reason=bwrap.unavailable() or "isolated")
def test_killing_the_grader_kills_everything_it_started(tmp_path, folder, lesson, submission):
    subs = tmp_path / "subs"
    subs.mkdir()
    code = by_type(lesson, "code")
    for i in range(4):  # every worker is inside a code answer when the grader dies
        answers = right_answers(lesson)
        answers[code.id] = Code(f"import time\ntime.sleep(60)\nanswer = {i}")
        (subs / f"slow{i}.ipynb").write_bytes(to_bytes(submission(answers)))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "medialit", "grade", str(subs), "--out", str(out), "--jobs", "2"]
    cmd += ["--code-timeout", "90"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            family = _family(proc.pid)
            servers = [p for p in family if "code_server" in " ".join(_cmdline(p))]
            if len(servers) >= 2 and any(p.name() == "bwrap" for p in family):
                break
            assert proc.poll() is None, "the grader ended before its sandboxes started"
            time.sleep(0.2)
        else:
            pytest.fail("the workers' sandbox servers never started")
        time.sleep(2)  # the answers are running now
        family = _family(proc.pid)
        staged = [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
        proc.send_signal(signal.SIGKILL)  # the grader alone, not its process group
        proc.wait(timeout=30)
        deadline = time.monotonic() + 60  # a bounded wait for the kernel to deliver the signals
        while _survivors(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _survivors(family)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p in family:  # clean up whatever survived, after recording it
            with contextlib.suppress(psutil.Error):
                p.kill()
    assert family, "no process of the grader was seen"
    assert not left, f"processes outlived the grader: {left}"
    assert staged, "the killed grader left no staging folder to clean up"
    assert all(p.exists() for p in staged)
    # The next run removes the folder the killed grader left.
    (subs / "slow0.ipynb").write_bytes(to_bytes(submission(right_answers(lesson))))
    for extra in ("slow1", "slow2", "slow3"):
        (subs / f"{extra}.ipynb").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "medialit", "grade", str(subs), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert (out / "grades.csv").is_file(), done.stderr[-2000:]
    assert not any(p.exists() for p in staged)
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def test_a_stale_staging_folder_is_removed_and_a_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "import os; print(os.getpid())"], stdout=subprocess.PIPE)
    dead_pid = int(gone.communicate()[0])
    stale = out / f"{STAGING_PREFIX}{dead_pid}-12345-abcd"
    live = out / f"{STAGING_PREFIX}{staging_owner()}efgh"  # this process: still running
    reused = out / f"{STAGING_PREFIX}{os.getpid()}-1-ijkl"  # this pid, but another start time: its owner is gone
    legacy = out / f"{STAGING_PREFIX}x1y2z3"  # an older version's name: the owner cannot be told, kept
    for folder in (stale, live, reused, legacy):
        (folder / "results").mkdir(parents=True)
        (folder / "results" / "someone.json").write_text("{}", encoding="utf-8")
    if psutil.pid_exists(dead_pid):
        pytest.skip("the pid was reused at once")
    with ReportWriter(out) as writer:
        mine = writer.staging
        assert mine.exists() and mine.name.startswith(STAGING_PREFIX + staging_owner())
    assert not stale.exists()
    assert not reused.exists()
    assert live.exists()
    assert legacy.exists()
