"""Run code answers isolated from each other and from the grader, and return only their ``answer``.

Student code is hostile. By default each code answer runs in a bubblewrap
sandbox (:mod:`medialit.grading.isolation.bwrap`) and, inside it, in fresh user,
mount, PID, network, IPC and UTS namespaces of its own
(:mod:`medialit.grading.isolation._zygote`):

- it sees a read-only view of Python, its packages, medialit and the case, a
  private size-limited ``/tmp``, and nothing else: no other submission, no
  ``--out``, no ``/etc``, no home folder, no grader process, no network;
- it runs with no capabilities, under limits on CPU time, memory (it cannot
  start other processes or threads, so one address-space limit bounds it all),
  file size and disk, and is process 1 of its PID namespace, so nothing it
  started outlives it;
- the key never reaches the sandbox: the grader compares the JSON that comes
  back, and every reply must carry the nonce of its request.

A server (the zygote) loads the case's student bundle once inside the outer
sandbox and forks one child per answer, so a run costs milliseconds, not an
interpreter start. Code answers see what students had (the bundle the grader
writes from the case), never the teacher's annotations, from which keys derive.

Where isolation cannot be had (no ``bwrap``, user namespaces disabled, not
Linux), code answers are **not run**: :meth:`CodeRunner.run` returns a result
with ``refused`` set, and the grader sends the question to the teacher's manual
queue. ``unsafe=True`` (``medialit grade --unsafe-code``) runs them anyway in a
forked process with resource limits only, as the grader's user: that process
can read what the grader can read and use the network.

Identical code is run once per grading process and the result reused: runs
are deterministic (fixed hash seed, ``random`` seeded, same case). "Identical"
means the same source once its line ends are made ``\\n`` (``\\r\\n`` and
``\\r``), as Python's own tokenizer does, and nothing else: two sources that
Python could read differently never share a result (:func:`cache_key`).

Each runner gives its server a private working folder in the system's temporary
folder, ``medialit-sandbox-<pid>-<start time>-*``, and removes it when it closes.
A grader killed with SIGKILL cannot; the next batch, and the first runner a
process starts, remove the folders whose owner process is gone (:mod:`medialit.grading.owners`).

The server never sees a student's code or answer (see :mod:`medialit.grading.isolation._wire`):
each run's source goes in an anonymous file and its answer comes back on a pipe,
both made for that run and handed only to the process forked for it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import select
import socket
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medialit.case.load import load_case
from medialit.curriculum.bundle import student_bundle_bytes
from medialit.curriculum.spec import load_curriculum
from medialit.grading import owners
from medialit.grading.isolation import _namespaces, _wire, bwrap
from medialit.grading.limits import MAX_CODE_CHARS

CPU_SECONDS = 20
WALL_SECONDS = 30.0
MEMORY_BYTES = 1024 * 1024 * 1024
FILE_BYTES = 8 * 1024 * 1024
STARTUP_SECONDS = 120.0
CACHE_SIZE = 4096
#: Set by the test suite; passed on to the processes the grader starts (never into the sandbox), so it can find them.
TRACE_ENV = "MEDIALIT_TEST_SESSION"


INFRASTRUCTURE = _wire.INFRASTRUCTURE
#: The start of each runner's working folder's name; the owner tag follows (:func:`medialit.grading.owners.owner_tag`).
SANDBOX_PREFIX = "medialit-sandbox-"


@functools.cache
def remove_stale_folders() -> None:
    """Remove the working folders of runners whose process is gone (graders killed with SIGKILL).

    Once per process: a batch calls it when it starts, and so does the first runner a process starts.
    """
    owners.remove_stale(Path(tempfile.gettempdir()), SANDBOX_PREFIX)


@dataclass(frozen=True)
class RunResult:
    """What came back from running a code answer: ``ok`` and its ``value``, or an ``error``.

    ``refused``: the code was not run because it could not be isolated (see the module docstring).
    ``infrastructure``: the grader's sandbox failed, not the answer (a server that died or answered
    out of turn, a namespace that could not be made): the result is never cached, so the same code
    is run again rather than given another answer's failure.
    """

    ok: bool
    value: object = None
    error: str = ""
    refused: bool = False
    infrastructure: bool = False


def _env(case_dir: str | None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if case_dir:
        env["MEDIALIT_CASE"] = case_dir
    package = bwrap.package_path()
    if package:
        env["PYTHONPATH"] = package
    return env


def _process_env(case_dir: str | None) -> dict[str, str]:
    """The environment of the server process (or of bwrap): the sandbox's, and the test suite's marker."""
    env = _env(case_dir)
    if os.environ.get(TRACE_ENV):
        env[TRACE_ENV] = os.environ[TRACE_ENV]
    return env


def cache_key(source: str) -> str:
    """The result-cache key of ``source``: its exact text once line ends are ``\\n``. Never parsed here.

    Python's tokenizer reads ``\\r\\n`` and ``\\r`` as ``\\n`` (in string literals too)
    and nothing else as a line end; ``str.splitlines()`` and ``str.strip()`` would also take
    U+2028, ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85`` and Unicode spaces, so code
    that Python runs differently would share a result.
    """
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class CodeRunner:
    """Runs code answers through one sandbox server; use as a context manager or call :meth:`close`.

    Parameters
    ----------
    case_dir
        The case study the student runtime loads (``None``: the embedded one).
    timeout, cpu_seconds, memory_bytes
        Wall-clock, CPU-time and memory limits of one run.
    unsafe
        Run code even where it cannot be isolated (``--unsafe-code``); see the module docstring.
    """

    def __init__(
        self,
        case_dir: str | Path | None = None,
        *,
        timeout: float = WALL_SECONDS,
        cpu_seconds: int = CPU_SECONDS,
        memory_bytes: int = MEMORY_BYTES,
        unsafe: bool = False,
    ) -> None:
        self.case_dir = str(Path(case_dir).resolve()) if case_dir else None
        self.timeout = float(timeout)
        self.cpu_seconds = max(1, min(int(cpu_seconds), int(timeout) + 1))
        self.memory_bytes = memory_bytes
        self.runs = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._sock: socket.socket | None = None
        self._ready = False
        self._broken = ""
        self._cache: OrderedDict[str, RunResult] = OrderedDict()
        self._seen: dict[str, str] = {}
        self._cwd: tempfile.TemporaryDirectory[str] | None = None
        self._lock: int | None = None  # held on the folder's lock file while the folder is ours
        self.unsafe = unsafe
        self._refused = ""

    def __enter__(self) -> CodeRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the sandbox server."""
        proc, self._proc = self._proc, None
        sock, self._sock = self._sock, None
        self._ready = False
        if sock is not None:
            sock.close()  # the server sees the end of its requests and exits
        if proc is not None:
            # Even a server still warming up is left to see the socket's end and exit (it does within
            # a fraction of a second): killing bwrap while it sets the sandbox up can orphan its inner process.
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._cwd is not None:
            owners.release(self._lock)
            self._lock = None
            self._cwd.cleanup()
            self._cwd = None

    @property
    def folder(self) -> Path | None:
        """The private folder this runner gives its server (the student bundle); ``None`` before the
        server starts and after :meth:`close`, which removes it."""
        return Path(self._cwd.name) if self._cwd is not None else None

    def prestart(self) -> None:
        """Start the sandbox server in the background, so it is warm when the first code answer comes."""
        if self._proc is None and not self._broken and hasattr(os, "fork") and not self.refusal():
            try:
                self._proc, self._sock = self._spawn()
                self._ready = False
            except OSError as exc:
                self._broken = f"the code sandbox could not start: {exc}"

    def refusal(self) -> str:
        """Why code answers will not be run here ("" when they will)."""
        if self.unsafe:
            return ""
        if not self._refused:
            reason = bwrap.unavailable()
            self._refused = (
                f"it was not run, because code answers cannot be isolated on this machine: {reason}" if reason else ""
            )
        return self._refused

    def _student_bundle(self, folder: Path) -> str:
        """Write the case's student bundle into ``folder``: code answers load what students had, not the keys."""
        path = folder / "medialit-case.json"
        path.write_bytes(_bundle_bytes(self.case_dir))
        path.chmod(0o644)
        return str(path)

    def _spawn(self) -> tuple[subprocess.Popen[bytes], socket.socket]:
        """Start the server; it talks on a socket (its standard input and output), the grader keeps the other end."""
        _namespaces_non_dumpable()
        if self._cwd is None:
            remove_stale_folders()
            self._cwd = tempfile.TemporaryDirectory(prefix=SANDBOX_PREFIX + owners.owner_tag())
            self._lock = owners.hold(Path(self._cwd.name))
        bundle_dir = Path(self._cwd.name) / "case"
        bundle_dir.mkdir(exist_ok=True)
        bundle_dir.chmod(0o755)
        Path(self._cwd.name).chmod(0o711)  # the sandbox user may pass through to the bundle, not list the folder
        case = self._student_bundle(bundle_dir)
        if self.unsafe:
            cmd = [sys.executable, "-s", "-P", "-m", bwrap.SERVER_MODULE, case]
            if os.geteuid() == 0:  # at least not as root: the server changes uid once the case is loaded
                uid = bwrap.sandbox_uid()
                cmd[-1:-1] = ["--late-uid", str(uid), "--gid", str(uid)]
        else:
            cmd = bwrap.bwrap_command(case, _env(case))
        ours, theirs = _wire.pair()
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=theirs.fileno(),
                stdout=theirs.fileno(),
                stderr=subprocess.DEVNULL,
                cwd=self._cwd.name,
                env=_process_env(case),
                close_fds=True,
                preexec_fn=_die_with_parent(),  # one prctl, no lock taken
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        return proc, ours

    def _start(self) -> tuple[subprocess.Popen[bytes], socket.socket]:
        if self._proc is not None and self._sock is not None and self._proc.poll() is None:
            proc, sock = self._proc, self._sock
        else:
            self.close()
            proc, sock = self._spawn()
        self._proc, self._sock = None, None
        hello = self._receive(sock, STARTUP_SECONDS)
        if not hello or not hello.get("ready"):
            sock.close()
            proc.kill()
            proc.wait()
            why = (hello or {}).get("error") or "it did not answer"
            raise OSError(f"the code sandbox could not start: {why}")
        return proc, sock

    @staticmethod
    def _receive(sock: socket.socket, timeout: float) -> dict[str, Any] | None:
        ready, _, _ = select.select([sock], [], [], timeout)
        if not ready:
            return None
        try:
            data, fds = _wire.receive(sock)
        except (OSError, ValueError):
            return None
        for fd in fds:  # the server sends none; never keep one
            os.close(fd)
        return data

    def run(self, source: str) -> RunResult:
        """Run ``source`` and return its ``answer`` (cached by :func:`cache_key`)."""
        if len(source) > MAX_CODE_CHARS:
            return RunResult(
                False, error=f"the code is {len(source):,} characters long; the limit is {MAX_CODE_CHARS:,}"
            )
        key = self._seen.get(source) or cache_key(source)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if len(self._seen) >= CACHE_SIZE:
            self._seen.clear()
        self._seen[source] = key
        result = self._run(source)
        if not (result.infrastructure or result.refused):  # the sandbox's failures are not the answer's result
            self._cache[key] = result
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def _run(self, source: str) -> RunResult:
        refused = self.refusal()
        if refused:
            return RunResult(False, error=refused, refused=True)
        if not hasattr(os, "fork"):  # pragma: no cover - Windows
            return run_answer(source, timeout=self.timeout, case_dir=self.case_dir)
        if self._broken:
            return RunResult(False, error=self._broken, refused=not self.unsafe)
        nonce = secrets.token_hex(16)
        try:
            if self._proc is None or self._sock is None or not self._ready or self._proc.poll() is not None:
                self._proc, self._sock = self._start()
                self._ready = True
            header = {
                "wall": self.timeout,
                "cpu": self.cpu_seconds,
                "memory": self.memory_bytes,
                "file_size": FILE_BYTES,
                "nonce": nonce,
            }
            reply, answer = _exchange(self._sock, header, source, self.timeout + 15)
        except OSError as exc:
            self._broken = str(exc)
            self.close()
            if not self.unsafe:
                self._broken = f"it was not run, because the isolated sandbox could not start: {exc}"
            return RunResult(False, error=self._broken, refused=not self.unsafe, infrastructure=True)
        self.runs += 1
        if reply is None:
            # The server died or hung: restart it next time.
            self.close()
            return RunResult(False, error="the code stopped the sandbox and could not be graded", infrastructure=True)
        if reply.get("nonce") != nonce:
            # Not the reply to this request: never trust it, and never reuse this server.
            self.close()
            return RunResult(
                False, error="the sandbox sent a reply that does not belong to this run", infrastructure=True
            )
        if answer is None:  # no answer from the child: the server says why
            data = {"error": reply.get("error", "no answer"), INFRASTRUCTURE: reply.get(INFRASTRUCTURE) is True}
        else:
            data = _decode_answer(answer)
        if "error" in data:
            return RunResult(False, error=str(data["error"]), infrastructure=data.get(INFRASTRUCTURE) is True)
        return RunResult(True, value=data.get("value"))


def send_request(sock: socket.socket, header: dict[str, object], source: str) -> int:
    """Send one request: ``header`` (limits, nonce) with the source in a new file and a new answer pipe.

    Returns the read end of that pipe, on which only the child forked for this request can answer.
    """
    source_fd = _wire.source_file(source)
    r, w = os.pipe()
    try:
        _wire.send(sock, header, [source_fd, w])
    except BaseException:
        os.close(r)
        raise
    finally:
        os.close(source_fd)
        os.close(w)
    return r


def _exchange(
    sock: socket.socket, header: dict[str, object], source: str, timeout: float
) -> tuple[dict[str, Any] | None, bytes | None]:
    """Send a request; return the server's reply (``None``: none came in time) and the child's complete answer.

    The answer (``None`` unless complete) is read from the request's own pipe while the server runs the child.
    """
    r = send_request(sock, header, source)
    reply: dict[str, Any] | None = None
    buf = b""
    deadline = time.monotonic() + timeout
    control = sock.fileno()
    watching = [control, r]
    try:
        while r in watching or (reply is None and control in watching):
            if reply is not None:  # the child has ended: what it wrote is in the pipe; never wait long for EOF
                deadline = min(deadline, time.monotonic() + 2)
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select(watching, [], [], left)
            if control in ready:
                got = CodeRunner._receive(sock, 0)
                if got is None:  # end of stream: the server is gone
                    return None, _complete(buf)
                reply = got
                watching.remove(control)
            if r in ready:
                chunk = os.read(r, 65536)
                buf += chunk
                want = _wire.answer_length(buf)
                if not chunk or (want is not None and (want > _wire.RESULT_LIMIT or len(buf) >= want + 4)):
                    watching.remove(r)
    finally:
        os.close(r)
    return reply, _complete(buf)


def _complete(buf: bytes) -> bytes | None:
    """The payload of a complete length-prefixed answer in ``buf`` (``None`` when incomplete or too long)."""
    want = _wire.answer_length(buf)
    if want is None or want > _wire.RESULT_LIMIT or len(buf) < want + 4:
        return None
    return buf[4 : 4 + want]


def _decode_answer(payload: bytes) -> dict[str, object]:
    """The child's JSON answer (with a value or an error), or an error saying it could not be read."""
    try:
        data: dict[str, object] = json.loads(payload.decode("utf-8", "replace"))
        if isinstance(data, dict) and ("value" in data or "error" in data):
            return data
    except (ValueError, RecursionError):
        pass
    return {"error": "the code's answer could not be read"}


def _die_with_parent() -> Any:
    """A ``preexec_fn`` that makes the started process die with the grader (Linux; ``None`` elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    parent = os.getpid()
    return functools.partial(_namespaces.die_with_parent, parent)


_RUNNER = r"""
import json, sys
src = sys.stdin.read()
ns = {"__name__": "__main__"}
try:
    exec(compile(src, "<answer cell>", "exec"), ns)
    value = ns.get("answer")
    out = json.dumps({"value": value})
except BaseException as exc:
    out = json.dumps({"error": type(exc).__name__ + ": " + str(exc)[:300]})
sys.stdout.write("@@medialit-answer@@" + out)
"""


@functools.lru_cache(maxsize=4)
def _bundle_bytes(case_dir: str | None) -> bytes:
    """The student bundle of a case (a bundle file is taken as it is), built once per process."""
    if case_dir and Path(case_dir).is_file():
        return Path(case_dir).read_bytes()
    case = load_case(case_dir)
    return student_bundle_bytes(case, load_curriculum(case))


def _namespaces_non_dumpable() -> None:
    """The grader keeps other processes of its user out of its memory and pipes (Linux only)."""
    if sys.platform.startswith("linux"):
        _namespaces.set_non_dumpable()


def run_answer(source: str, *, timeout: float = WALL_SECONDS, case_dir: str | None = None) -> RunResult:
    """Run ``source`` in a new isolated interpreter (the portable, slow path)."""
    with tempfile.TemporaryDirectory(prefix="medialit-run-") as tmp:
        env = {**_env(case_dir), "HOME": tmp}
        try:
            proc = subprocess.run(
                [sys.executable, "-I", "-c", _RUNNER],
                input=source,
                capture_output=True,
                text=True,
                cwd=tmp,
                env=env,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return RunResult(False, error=f"the code ran longer than {timeout:g} s and was stopped")
    out = proc.stdout
    if "@@medialit-answer@@" not in out:
        return RunResult(False, error=f"the code did not finish (exit code {proc.returncode})")
    try:
        data = json.loads(out.rsplit("@@medialit-answer@@", 1)[1])
    except ValueError:
        return RunResult(False, error="the code's answer could not be read")
    if "error" in data:
        return RunResult(False, error=str(data["error"]))
    return RunResult(True, value=data.get("value"))
