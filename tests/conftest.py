"""Shared fixtures: the embedded case, its curriculum, and a generated module in tmp.

Also the session-end check that the suite leaves no process behind: every sandbox server,
bwrap, grading worker or grader command the suite started must have ended when it finishes
(after a bounded wait), or the run fails and the survivors are listed (and killed). They are
found two ways: a watcher thread records, twice a second, every such process among this
session's descendants; and every process the grader starts carries this session's token in its
environment (``MEDIALIT_TEST_SESSION``, passed on by ``grading.isolation.sandbox``; never into the sandbox).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from medialit._jsonschema import jsonschema_module
from medialit.api import generate, load_module
from medialit.case.load import default_case_dir
from medialit.grading.isolation.bwrap import SERVER_MODULE
from medialit.grading.isolation.sandbox import TRACE_ENV

ROOT = Path(__file__).resolve().parents[1]

# jsonschema imported as medialit imports it (without the optional IRI checker that costs a second
# or more to import, see medialit._jsonschema), before a test module's `import nbformat` would
# import it whole: the suite then validates as `medialit validate` and `generate` do.
jsonschema_module()

#: What a process the suite must not leave behind has in its command line.
PROCESS_MARKERS = (SERVER_MODULE, "bwrap", "multiprocessing.spawn", "-m medialit")
#: How long the session-end check waits for processes to end (they are killed already; this is their exit);
#: tests/unit/test_survivor_check.py shortens it for the sessions it runs.
SURVIVOR_GRACE_SECONDS = float(os.environ.get("MEDIALIT_TEST_SURVIVOR_GRACE", "30"))


def _cmdline(p: psutil.Process) -> str:
    try:
        return " ".join(p.cmdline())
    except psutil.Error:
        return ""


def _marked(p: psutil.Process) -> bool:
    line = _cmdline(p)
    return any(m in line for m in PROCESS_MARKERS)


class _ProcessWatch(threading.Thread):
    """Records the suite's sandbox servers, bwraps, workers and grader commands while they run."""

    def __init__(self) -> None:
        super().__init__(name="medialit-process-watch", daemon=True)
        self.token = secrets.token_hex(8)
        self.seen: dict[int, tuple[float, str]] = {}
        self.halt = threading.Event()
        self.test = "(no test)"  # the test running when a process was first seen

    def snapshot(self) -> None:
        with contextlib.suppress(psutil.Error):
            for p in psutil.Process().children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if p.pid not in self.seen and _marked(p):
                        self.seen[p.pid] = (p.create_time(), self.test)

    def run(self) -> None:
        while not self.halt.wait(0.5):
            self.snapshot()

    def survivors(self) -> list[psutil.Process]:
        """Recorded or token-carrying processes that still run (zombies excepted)."""
        out: dict[int, psutil.Process] = {}
        for pid, (created, _) in list(self.seen.items()):
            with contextlib.suppress(psutil.Error):
                p = psutil.Process(pid)
                if p.create_time() == created:
                    out[pid] = p
        for p in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                if p.pid != os.getpid() and p.environ().get(TRACE_ENV) == self.token and _marked(p):
                    out[p.pid] = p
        alive = []
        for p in out.values():
            with contextlib.suppress(psutil.Error):
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    alive.append(p)
        return alive


_watch: _ProcessWatch | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _watch
    _watch = _ProcessWatch()
    os.environ[TRACE_ENV] = _watch.token
    _watch.start()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    if _watch is not None:
        _watch.test = item.nodeid
    yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a process the suite started outlives it (see the module docstring).

    Under pytest-xdist each worker checks the processes its own tests started and hands what it
    found to the controller (a worker's own report is never shown), which fails the run.
    """
    found = [m for m in (_left_behind(), *_from_workers) if m]
    if not found:
        return
    workeroutput = getattr(session.config, "workeroutput", None)  # set in a pytest-xdist worker only
    if workeroutput is not None:
        workeroutput[SURVIVORS_KEY] = "\n".join(found)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "processes left behind", red=True)
        for message in found:
            reporter.write_line(message)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


#: The key under which a pytest-xdist worker passes its report of processes left behind to the controller.
SURVIVORS_KEY = "medialit_processes_left_behind"
_from_workers: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist, in the controller: keep a finished worker's report of processes left behind."""
    message = getattr(node, "workeroutput", {}).get(SURVIVORS_KEY)
    if message:
        _from_workers.append(f"(worker {node.gateway.id}) {message}")


def _left_behind() -> str:
    """Stop the watch, wait for the recorded processes to end, kill those that do not; say which."""
    if _watch is None:
        return ""
    _watch.snapshot()
    _watch.halt.set()
    deadline = time.monotonic() + SURVIVOR_GRACE_SECONDS
    left = _watch.survivors()
    while left and time.monotonic() < deadline:
        time.sleep(0.25)
        left = _watch.survivors()
    if not left:
        return ""
    lines = []
    for p in left:
        with contextlib.suppress(psutil.Error):
            started = time.strftime("%H:%M:%S", time.localtime(p.create_time()))
            where = _watch.seen.get(p.pid, (0, "not seen as a descendant"))[1]
            lines.append(f"  {p.pid} (started {started}, parent {p.ppid()}, {where}): {_cmdline(p)[:120]}")
    for p in left:
        with contextlib.suppress(psutil.Error):
            p.kill()
    return "processes started by the test suite outlived it (now killed):\n" + "\n".join(lines)


@pytest.fixture(scope="session")
def module():
    """(case, lessons) of the embedded case study."""
    return load_module()


@pytest.fixture(scope="session")
def case(module):
    return module[0]


@pytest.fixture(scope="session")
def lessons(module):
    return module[1]


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> Path:
    """A freshly generated module (lessons/, exercises/, solutions/) in a temporary folder."""
    out = tmp_path_factory.mktemp("module")
    generate(out)
    return out


@pytest.fixture
def case_copy(tmp_path) -> Path:
    """A writable copy of the embedded case study, for tests that break it."""
    dest = tmp_path / "case"
    shutil.copytree(default_case_dir(), dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="session")
def book_project(tmp_path_factory) -> Path:
    """A copy of book/ in a temporary project folder (built books go to its book/_build)."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build"))
    return root


@pytest.fixture(scope="session")
def student_html(book_project) -> Path:
    """The student edition, built once per test session with a real Jupyter Book build."""
    from medialit.api import build

    return build("student", root=book_project)


@pytest.fixture(scope="session")
def teacher_html(book_project) -> Path:
    """The teacher edition, built once per test session."""
    from medialit.api import build

    return build("teacher", root=book_project)
