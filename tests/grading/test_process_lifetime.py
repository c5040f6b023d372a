"""Every process the grader starts lives inside its life, and none can hang it (issue 20, attack 7).

- a ``--jobs`` worker stopped with SIGSTOP is noticed by the watchdog: the batch finishes with
  every row as one process grades it (its files graded again alone);
- a grader killed with SIGKILL takes its workers, bwrap and sandbox servers (and the answers
  running in them) with it;
- the next run removes the staging folder a killed grader left in ``--out`` and the sandbox
  working folders its workers left in the temporary folder, and only folders whose owner is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from medialit.grading.batch import BatchOptions, grade_batch
from medialit.grading.isolation import bwrap, watchdog
from medialit.grading.isolation.sandbox import SANDBOX_PREFIX
from medialit.grading.owners import LOCK_NAME, hold, owner_gone, owner_tag, release, remove_stale
from medialit.grading.reports.report import STAGING_PREFIX, ReportWriter

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


def _dead_pid() -> int:
    """The pid of a process that has ended (the test is skipped if the kernel gave the pid again at once)."""
    gone = subprocess.Popen([sys.executable, "-c", "import os; print(os.getpid())"], stdout=subprocess.PIPE)
    pid = int(gone.communicate()[0])
    if psutil.pid_exists(pid):
        pytest.skip("the pid was reused at once")
    return pid


@pytest.mark.slow
@pytest.mark.skipif(bool(bwrap.unavailable()), reason=bwrap.unavailable() or "isolated")
def test_a_runner_removes_the_sandbox_folders_of_dead_graders_and_keeps_live_ones(tmp_path):
    dead_pid = _dead_pid()
    tmp = Path(tempfile.gettempdir())
    stale = tmp / f"{SANDBOX_PREFIX}{dead_pid}-12345-{tmp_path.name}"
    reused = tmp / f"{SANDBOX_PREFIX}{os.getpid()}-1-{tmp_path.name}"  # this pid, another start time
    live = tmp / f"{SANDBOX_PREFIX}{owner_tag()}{tmp_path.name}"  # this process: still running
    legacy = tmp / f"{SANDBOX_PREFIX}{tmp_path.name}x"  # an older version's name: kept
    made = (stale, reused, live, legacy)
    try:
        for folder in made:
            (folder / "case").mkdir(parents=True)
            (folder / "case" / "medialit-case.json").write_text("{}", encoding="utf-8")
            (folder / LOCK_NAME).touch()  # a lock file nobody holds, as a dead owner leaves it
        # A fresh process, as a grader is: the removal runs once per process, when its first runner starts.
        script = (
            "import sys\n"
            "from medialit.grading.isolation.sandbox import CodeRunner\n"
            "with CodeRunner(sys.argv[1]) as r:\n"
            "    assert r.run('answer = 1').value == 1\n"
        )
        case = str(REPO / "src" / "medialit" / "casestudies" / "mek")
        subprocess.run([sys.executable, "-c", script, case], cwd=REPO, check=True, timeout=180)
        assert not stale.exists()
        assert not reused.exists()
        assert live.exists()
        assert legacy.exists()
    finally:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)


def test_remove_stale_leaves_files_links_and_other_prefixes(tmp_path):
    dead_pid = _dead_pid()
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("x", encoding="utf-8")
    (tmp_path / f"{SANDBOX_PREFIX}{dead_pid}-1-file").write_text("x", encoding="utf-8")
    (tmp_path / f"{SANDBOX_PREFIX}{dead_pid}-1-link").symlink_to(target)
    (tmp_path / f"other-{dead_pid}-1-dir").mkdir()
    (tmp_path / f"other-{dead_pid}-1-dir" / LOCK_NAME).touch()
    (tmp_path / f"{SANDBOX_PREFIX}{dead_pid}-1-dir").mkdir()
    (tmp_path / f"{SANDBOX_PREFIX}{dead_pid}-1-dir" / LOCK_NAME).touch()
    removed = remove_stale(tmp_path, SANDBOX_PREFIX)
    assert [p.name for p in removed] == [f"{SANDBOX_PREFIX}{dead_pid}-1-dir"]
    assert (tmp_path / f"{SANDBOX_PREFIX}{dead_pid}-1-file").is_file()
    assert (tmp_path / f"{SANDBOX_PREFIX}{dead_pid}-1-link").is_symlink()
    assert (target / "keep.txt").is_file()
    assert (tmp_path / f"other-{dead_pid}-1-dir").is_dir()


def test_remove_stale_keeps_what_it_cannot_prove_abandoned(tmp_path):
    """Review findings: a planted name must not crash the grader, and a live owner the pid test cannot
    see (another pid namespace sharing the folder) keeps its folder while it holds the lock."""
    dead_pid = _dead_pid()

    def made(name: str, lock: bool = True) -> Path:
        folder = tmp_path / f"{SANDBOX_PREFIX}{name}"
        folder.mkdir()
        if lock:
            (folder / LOCK_NAME).touch()
        return folder

    huge = [made(f"{n}-1-x") for n in ("99999999999999999999", str(2**31), str(2**63), "\u00b2")]
    for folder in huge:
        assert not owner_gone(folder.name[len(SANDBOX_PREFIX) :])
    no_lock = made(f"{dead_pid}-1-nolock", lock=False)
    linked = made(f"{dead_pid}-1-link", lock=False)
    (linked / LOCK_NAME).symlink_to(tmp_path / "elsewhere.lock")
    (tmp_path / "elsewhere.lock").touch()
    held = made(f"{dead_pid}-1-held", lock=False)
    fd = hold(held)  # the owner runs in another pid namespace: its tagged pid means nothing here
    others = []
    if os.geteuid() == 0:  # another user's folder: a root grader leaves it alone
        others.append(made(f"{dead_pid}-1-theirs"))
        os.chown(others[0], 65534, 65534)
    try:
        assert remove_stale(tmp_path, SANDBOX_PREFIX) == []
        for folder in (*huge, no_lock, linked, held, *others):
            assert folder.is_dir()
    finally:
        release(fd)
    assert remove_stale(tmp_path, SANDBOX_PREFIX) == [held]  # once the owner lets go, it is stale


def test_a_folder_of_an_ended_process_not_yet_reaped_is_stale(tmp_path):
    """A zombie (ended, waiting for its parent to reap it) still has its pid and start time, and uses no folder."""
    child = subprocess.Popen(
        [sys.executable, "-c", "from medialit.grading.owners import owner_tag; print(owner_tag(), flush=True)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        tag = child.stdout.readline().strip()
        deadline = time.monotonic() + 30
        while psutil.Process(child.pid).status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert psutil.Process(child.pid).status() == psutil.STATUS_ZOMBIE
        folder = tmp_path / f"{SANDBOX_PREFIX}{tag}abcd"
        folder.mkdir()
        (folder / LOCK_NAME).touch()
        assert remove_stale(tmp_path, SANDBOX_PREFIX) == [folder]
        assert not folder.exists()
    finally:
        child.wait()
        if child.stdout is not None:
            child.stdout.close()


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
        sandboxes = _sandbox_folders(family)
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
    assert sandboxes, "the killed grader's workers made no sandbox folder"
    assert all(p.exists() for p in sandboxes), "a SIGKILLed worker cannot remove its own folder"
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
    assert not [p for p in sandboxes if p.exists()], "the next run left the killed workers' sandbox folders"


def _sandbox_folders(family: list[psutil.Process]) -> list[Path]:
    """The sandbox working folders made by the processes of ``family`` (named by their owner tag)."""
    pids = {str(p.pid) for p in family}
    tmp = Path(tempfile.gettempdir())
    return [p for p in tmp.glob(SANDBOX_PREFIX + "*") if p.name[len(SANDBOX_PREFIX) :].split("-", 1)[0] in pids]


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def test_a_stale_staging_folder_is_removed_and_a_live_ones_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead_pid = _dead_pid()
    stale = out / f"{STAGING_PREFIX}{dead_pid}-12345-abcd"
    live = out / f"{STAGING_PREFIX}{owner_tag()}efgh"  # this process: still running
    reused = out / f"{STAGING_PREFIX}{os.getpid()}-1-ijkl"  # this pid, but another start time: its owner is gone
    legacy = out / f"{STAGING_PREFIX}x1y2z3"  # an older version's name: the owner cannot be told, kept
    for folder in (stale, live, reused, legacy):
        (folder / "results").mkdir(parents=True)
        (folder / "results" / "someone.json").write_text("{}", encoding="utf-8")
        (folder / LOCK_NAME).touch()  # a lock file nobody holds
    with ReportWriter(out) as writer:
        mine = writer.staging
        assert mine.exists() and mine.name.startswith(STAGING_PREFIX + owner_tag())
    assert not stale.exists()
    assert not reused.exists()
    assert live.exists()
    assert legacy.exists()
