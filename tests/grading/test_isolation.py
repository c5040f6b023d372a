"""A hostile code answer cannot reach other students, the grader, its reports or the network.

Each test is one attack from a security review of the autograder. It is run
through a whole batch (``api.grade``) next to a victim who answers everything
right, and asserts that the attack is blocked and that the victim's grade and
files are unchanged. The sandbox is the real one (bubblewrap); these tests are
skipped only where the machine cannot isolate code at all, and then
``test_without_isolation_code_goes_to_the_manual_queue`` covers what happens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from medialit.grading.isolation import _wire, _zygote, bwrap, sandbox
from medialit.grading.isolation.sandbox import CodeRunner

from .conftest import SECRET, attacker_answer

pytestmark = [
    pytest.mark.slow,  # each test runs sandboxed student code in real worker processes
    pytest.mark.skipif(bool(bwrap.unavailable()), reason=bwrap.unavailable() or "isolated"),
]


def victim_is_intact(got: dict[str, dict[str, str]]) -> None:
    assert set(got) == {"victim", "attacker"}, "no student was planted or removed"


def test_cannot_read_other_submissions_or_system_files(batch, baseline):
    victim = batch["subs"] / "victim.ipynb"
    got = batch["attack"](
        f"""
        found = []
        for path in [{str(victim)!r}, "/etc/passwd", "/etc/shadow", "/proc/1/cmdline", "/root/.bashrc"]:
            try:
                found.append(open(path, errors="replace").read()[:2000])
            except OSError as exc:
                found.append(type(exc).__name__)
        import os
        try:
            found.append(" ".join(os.listdir({str(batch["subs"])!r})))
        except OSError as exc:
            found.append(type(exc).__name__)
        answer = found
        """
    )
    assert got["victim"] == baseline
    report = attacker_answer(batch["out"])
    feedback = (batch["out"] / "feedback" / "attacker.md").read_text(encoding="utf-8")
    for text in (report, feedback):
        assert SECRET not in text
        assert "root:x:0:0" not in text
        assert "victim.ipynb" not in text


def test_cannot_overwrite_a_submission_or_plant_a_student(batch, baseline):
    victim = batch["subs"] / "victim.ipynb"
    before = victim.read_bytes()
    got = batch["attack"](
        f"""
        for path, data in [({str(victim)!r}, "{{}}"), ({str(batch["subs"] / "planted.ipynb")!r}, "{{}}")]:
            try:
                open(path, "w").write(data)
            except OSError:
                pass
        answer = 1
        """
    )
    assert victim.read_bytes() == before
    assert not (batch["subs"] / "planted.ipynb").exists()
    assert got["victim"] == baseline
    victim_is_intact(got)


def test_cannot_write_into_the_report_folder(batch, baseline):
    out = batch["out"]
    target = out / "feedback" / "victim.md"
    got = batch["attack"](
        f"""
        import os
        for path in [{str(target)!r}, {str(out / "grades.csv")!r}, {str(out / "forged.txt")!r}]:
            try:
                open(path, "w").write("forged")
            except OSError:
                pass
        answer = 1
        """
    )
    assert "forged" not in target.read_text(encoding="utf-8")
    assert not (out / "forged.txt").exists()
    assert got["victim"] == baseline


def test_cannot_open_connections_or_listen(batch, baseline):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    port = server.getsockname()[1]
    accepted: list[object] = []
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                accepted.append(server.accept())
            except OSError:
                continue

    t = threading.Thread(target=accept)
    t.start()
    try:
        got = batch["attack"](
            f"""
            import socket
            result = []
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2)
                result.append("connected")
            except OSError as exc:
                result.append(type(exc).__name__)
            try:
                s = socket.socket()
                s.bind(("0.0.0.0", 8765))
                s.listen()
                result.append("listening")
            except OSError as exc:
                result.append(type(exc).__name__)
            answer = result
            """
        )
    finally:
        done.set()
        t.join()
        server.close()
    assert accepted == []
    assert got["victim"] == baseline
    with CodeRunner(timeout=5) as runner:
        probe = runner.run(
            "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n"
            "    answer = 'out'\nexcept OSError:\n    answer = 'blocked'"
        )
    assert probe.value == "blocked"


def test_nothing_outlives_the_run(batch, baseline):
    out = batch["out"]
    servers = set(_sandbox_processes(batch["uid"]))  # other tests' warm servers, owned by live graders
    got = batch["attack"](
        f"""
        import os, time
        started = []
        for _ in range(3):
            try:
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        time.sleep(2)
                        open({str(out / "grades.csv")!r}, "w").write("student,score\\nvictim,0\\n")
                    os._exit(0)
                started.append("forked")
            except OSError as exc:
                started.append(type(exc).__name__)
        answer = started
        """
    )
    assert got["victim"] == baseline
    grades = (out / "grades.csv").read_bytes()
    time.sleep(3)
    assert (out / "grades.csv").read_bytes() == grades
    assert set(_sandbox_processes(batch["uid"])) <= servers


def _sandbox_processes(uid: int | None = None) -> list[int]:
    """Processes running as ``uid``: by default the sandbox uid of a grader in this process (when root)."""
    uid = bwrap.sandbox_uid() if uid is None else uid
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:  # not the folder's owner: a non-dumpable process's /proc folder belongs to root
            status = (entry / "status").read_text()
        except OSError:
            continue
        owner = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("Uid:")), -1)
        if owner == uid:
            pids.append(int(entry.name))
    return pids


def test_cannot_change_the_grader_environment(batch, baseline, tmp_path):
    import medialit

    package = Path(medialit.__file__).parent
    site = Path(sandbox.__file__).parents[3]
    pth = Path(sys.prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    targets = [pth / "zz_medialit_attack.pth", package / "grading" / "score.py", site / "zz_attack.py"]
    before = (package / "grading" / "score.py").read_bytes()
    got = batch["attack"](
        f"""
        done = []
        for path in {[str(t) for t in targets]!r}:
            try:
                with open(path, "a") as f:
                    f.write("import os; os.environ['PWNED'] = '1'\\n")
                done.append(path)
            except OSError as exc:
                done.append(type(exc).__name__)
        answer = done
        """
    )
    assert not targets[0].exists() and not targets[2].exists()
    assert (package / "grading" / "score.py").read_bytes() == before
    assert got["victim"] == baseline


def test_cannot_reach_the_grader_or_server_pipes(batch, baseline):
    got = batch["attack"](
        """
        import os
        seen = []
        for pid in range(1, 400):
            try:
                seen.append(os.listdir(f"/proc/{pid}/fd"))
            except OSError:
                pass
            for name in ("mem", "cmdline"):
                try:
                    seen.append(open(f"/proc/{pid}/{name}", "rb").read(10))
                except OSError:
                    pass
            if pid > 1:
                try:
                    os.kill(pid, 9)
                    seen.append(f"killed {pid}")
                except OSError:
                    pass
        answer = [os.getpid(), os.getppid(), len(seen)]
        """
    )
    report = attacker_answer(batch["out"])
    assert "killed" not in report
    assert got["victim"] == baseline


def test_the_grader_and_the_server_are_not_dumpable(key):
    with CodeRunner(timeout=5) as runner:
        assert runner.run("answer = 1").value == 1
        assert _dumpable(os.getpid()) == 0
        server = runner._proc
        assert server is not None and server.poll() is None
    # The answer runs as PID 1 of a namespace of its own: it sees no parent and no other process.
    with CodeRunner(timeout=5) as runner:
        got = runner.run("import os\nanswer = [os.getpid(), os.getppid(), os.listdir('/proc')]").value
    assert got == [1, 0, []]


def _dumpable(pid: int) -> int:
    import ctypes

    libc = ctypes.CDLL(None)
    assert pid == os.getpid()
    return int(libc.prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE


def test_memory_processes_and_disk_are_limited_across_the_answer(tmp_path):
    servers = set(_sandbox_processes())
    with CodeRunner(timeout=10) as runner:
        forks = runner.run(
            "import os\nn = 0\nfor _ in range(3):\n    try:\n        pid = os.fork()\n"
            "        if pid == 0:\n            x = bytearray(900 << 20)\n            import time; time.sleep(5)\n"
            "            os._exit(0)\n        n += 1\n    except OSError:\n        pass\nanswer = n"
        )
        assert forks.value == 0, "an answer cannot start other processes"
        threads = runner.run("import threading\nthreading.Thread(target=print).start()\nanswer = 1")
        assert not threads.ok
        assert runner.run("x = bytearray(1100 << 20)\nanswer = 1").error.startswith("MemoryError")
        disk = runner.run(
            "written = 0\ntry:\n    for i in range(40):\n        open(f'/tmp/f{i}', 'wb').write(b'0' * (4 << 20))\n"
            "        written += 4\nexcept OSError:\n    pass\nanswer = written"
        )
        assert disk.value is None or disk.value < 40  # stopped by the per-answer limits
        assert runner.run("import os\nanswer = os.listdir('/tmp')").value == []
        folder = runner.folder
        assert folder is not None and folder.is_dir()
    assert set(_sandbox_processes()) <= servers
    # This runner's own folder, not /tmp as a whole: other graders (a straggling worker of an
    # earlier test, another user's batch) may come and go there while this test runs.
    assert not folder.exists(), f"left behind: {folder}"


def test_a_reply_without_this_runs_nonce_is_refused(tmp_path):
    fake = tmp_path / "fake_server.py"
    fake.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(_zygote.__file__).parents[3])!r})\n"
        "import os, socket\n"
        "from medialit.grading.isolation import _wire\n"
        "sock = socket.socket(fileno=0)\n"
        "_wire.send(sock, {'ready': True})\n"
        "while True:\n"
        "    req, fds = _wire.receive(sock)\n"
        "    if req is None:\n"
        "        break\n"
        "    os.write(fds[1], b'\\x00\\x00\\x00\\x0c{\"value\": 99}')\n"
        "    _wire.send(sock, {'error': 'x', 'nonce': 'forged'})\n",
        encoding="utf-8",
    )
    runner = CodeRunner(timeout=5)
    ours, theirs = _wire.pair()
    runner._proc = subprocess.Popen([sys.executable, str(fake)], stdin=theirs, stdout=theirs)
    theirs.close()
    runner._sock = ours
    runner._ready = bool(runner._receive(ours, 10))
    try:
        result = runner.run("answer = 1")
    finally:
        runner.close()
    assert not result.ok
    assert "does not belong" in result.error


def test_parallel_workers_keep_students_apart(batch, baseline):
    got = batch["attack"]("import os\nanswer = os.listdir('/tmp')\n", jobs=2)
    assert got["victim"] == baseline


def test_code_sees_the_student_bundle_not_the_teachers_annotations():
    """A teacher's own case: code answers run on the bundle students had; the annotations are not mounted."""
    mini = Path(__file__).parents[1] / "data" / "cases" / "mini"
    with CodeRunner(mini, timeout=5) as runner:
        got = runner.run(
            f"try:\n    answer = open({str(mini / 'annotations.yaml')!r}).read()[:50]\n"
            "except OSError as exc:\n    answer = type(exc).__name__"
        )
        assert got.value in ("FileNotFoundError", "PermissionError")
        rows = runner.run("from medialit.runtime import claims_table\nanswer = len(claims_table())")
        assert isinstance(rows.value, int) and rows.value > 0
