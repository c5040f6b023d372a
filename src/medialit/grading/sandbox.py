"""Run code answers isolated from each other and from the grader, and return only their ``answer``.

Student code is hostile. By default each code answer runs in a bubblewrap
sandbox (:mod:`medialit.grading.isolation`) and, inside it, in fresh user,
mount, PID, network, IPC and UTS namespaces of its own
(:mod:`medialit.grading._zygote`):

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

Identical code (same syntax tree) is run once per grading process and the
result reused: runs are deterministic (fixed hash seed, ``random`` seeded,
same case), and a batch of 500 untouched starter cells costs one run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import select
import subprocess
import sys
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medialit.case.load import load_case
from medialit.curriculum.bundle import student_bundle_bytes
from medialit.curriculum.spec import load_curriculum
from medialit.grading import _namespaces, _zygote, isolation
from medialit.grading.limits import MAX_CODE_CHARS

CPU_SECONDS = 20
WALL_SECONDS = 30.0
MEMORY_BYTES = 1024 * 1024 * 1024
FILE_BYTES = 8 * 1024 * 1024
STARTUP_SECONDS = 120.0
CACHE_SIZE = 4096


@dataclass(frozen=True)
class RunResult:
    """What came back from running a code answer: ``ok`` and its ``value``, or an ``error``.

    ``refused``: the code was not run because it could not be isolated (see the module docstring).
    """

    ok: bool
    value: Any = None
    error: str = ""
    refused: bool = False


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
    return env


def _cache_key(source: str) -> str:
    """Same code, same key: lines without trailing blanks, blank lines dropped. Never parsed here."""
    lines = (line.rstrip() for line in source.splitlines())
    text = "\n".join(line for line in lines if line)
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
        self._ready = False
        self._broken = ""
        self._cache: OrderedDict[str, RunResult] = OrderedDict()
        self._seen: dict[str, str] = {}
        self._cwd: tempfile.TemporaryDirectory[str] | None = None
        self.unsafe = unsafe
        self._refused = ""

    def __enter__(self) -> CodeRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the sandbox server."""
        proc, self._proc = self._proc, None
        ready, self._ready = self._ready, False
        if proc is not None:
            if not ready:
                proc.kill()  # still warming up: nothing to finish
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._cwd is not None:
            self._cwd.cleanup()
            self._cwd = None

    def prestart(self) -> None:
        """Start the sandbox server in the background, so it is warm when the first code answer comes."""
        if self._proc is None and not self._broken and hasattr(os, "fork") and not self.refusal():
            try:
                self._proc = self._spawn()
                self._ready = False
            except OSError as exc:
                self._broken = f"the code sandbox could not start: {exc}"

    def refusal(self) -> str:
        """Why code answers will not be run here ("" when they will)."""
        if self.unsafe:
            return ""
        if not self._refused:
            reason = isolation.unavailable()
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

    def _spawn(self) -> subprocess.Popen[bytes]:
        _namespaces_non_dumpable()
        self._cwd = self._cwd or tempfile.TemporaryDirectory(prefix="medialit-sandbox-")
        bundle_dir = Path(self._cwd.name) / "case"
        bundle_dir.mkdir(exist_ok=True)
        bundle_dir.chmod(0o755)
        Path(self._cwd.name).chmod(0o711)  # the sandbox user may pass through to the bundle, not list the folder
        case = self._student_bundle(bundle_dir)
        if self.unsafe:
            cmd = [sys.executable, "-s", "-P", "-m", "medialit.runtime.code_server", case]
            if os.geteuid() == 0:  # at least not as root: the server changes uid once the case is loaded
                uid = isolation.sandbox_uid()
                cmd[-1:-1] = ["--late-uid", str(uid), "--gid", str(uid)]
        else:
            cmd = isolation.bwrap_command(case, _env(case))
        return subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=self._cwd.name,
            env=_env(case),
            close_fds=True,
        )

    def _start(self) -> subprocess.Popen[bytes]:
        proc = self._proc if self._proc is not None and self._proc.poll() is None else self._spawn()
        self._proc = None
        hello = self._receive(proc, STARTUP_SECONDS)
        if not hello or not hello.get("ready"):
            proc.kill()
            proc.wait()
            why = (hello or {}).get("error") or "it did not answer"
            raise OSError(f"the code sandbox could not start: {why}")
        return proc

    @staticmethod
    def _receive(proc: subprocess.Popen[bytes], timeout: float) -> dict[str, Any] | None:
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        try:
            return _zygote.read_msg(fd)
        except (OSError, ValueError):
            return None

    def run(self, source: str) -> RunResult:
        """Run ``source`` and return its ``answer`` (cached by normalised text)."""
        if len(source) > MAX_CODE_CHARS:
            return RunResult(
                False, error=f"the code is {len(source):,} characters long; the limit is {MAX_CODE_CHARS:,}"
            )
        key = self._seen.get(source) or _cache_key(source)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if len(self._seen) >= CACHE_SIZE:
            self._seen.clear()
        self._seen[source] = key
        result = self._run(source)
        if "sandbox" not in result.error and not result.refused:  # infrastructure failures are not the student's result
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
            if self._proc is None or not self._ready or self._proc.poll() is not None:
                self._proc = self._start()
                self._ready = True
            request = {
                "source": source,
                "wall": self.timeout,
                "cpu": self.cpu_seconds,
                "memory": self.memory_bytes,
                "file_size": FILE_BYTES,
                "nonce": nonce,
            }
            assert self._proc.stdin is not None
            _zygote.write_msg(self._proc.stdin.fileno(), request)
            reply = self._receive(self._proc, self.timeout + 15)
        except OSError as exc:
            self._broken = str(exc)
            self.close()
            if not self.unsafe:
                self._broken = f"it was not run, because the isolated sandbox could not start: {exc}"
            return RunResult(False, error=self._broken, refused=not self.unsafe)
        self.runs += 1
        if reply is None:
            # The server died (the student's code may have killed it) or hung: restart it next time.
            self.close()
            return RunResult(False, error="the code stopped the sandbox and could not be graded")
        if reply.get("nonce") != nonce:
            # Not the reply to this request: never trust it, and never reuse this server.
            self.close()
            return RunResult(False, error="the sandbox sent a reply that does not belong to this run")
        if "error" in reply:
            return RunResult(False, error=str(reply["error"]))
        return RunResult(True, value=reply.get("value"))


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
