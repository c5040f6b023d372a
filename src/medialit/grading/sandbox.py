"""Run code answers in separate, limited processes and return only their ``answer``.

Isolation, per submission:

- Each code answer runs in its own process, forked from a clean sandbox
  server (:mod:`medialit.grading._zygote`) that was started with
  ``python -s -P`` (no user site, no current folder on the path), a minimal
  environment and a fixed hash seed. The server loads the public case study
  once, so a run costs milliseconds instead of a 2-second interpreter start.
- The child gets a fresh empty working folder, ``/dev/null`` for its standard
  streams, and limits on CPU time, address space, file size, processes and
  core dumps; the server kills its whole process group at the wall-clock limit.
- The key never reaches the sandbox: the grader holds it and compares the JSON
  that comes back. The server is a separate process started before any
  student code runs; it receives only student source.
- A crash, a timeout or a memory bomb zeroes that question only, with the reason.

Limits to know: the child runs as the grader's user, so it can read files that
user can read (the installed package and its public case study, other
submissions in the batch) and can use the network. Run batches of untrusted
code in a container or as an unprivileged user for more than this.

Identical code (same syntax tree) is run once per grading process and the
result reused: the sandbox is deterministic (fixed hash seed, ``random``
seeded, same case), so the result is the same, and a batch of 500 untouched
starter cells costs one run.

On platforms without ``fork`` (Windows), each answer runs in a new
``python -I`` process instead (:func:`run_answer`).
"""

from __future__ import annotations

import ast
import hashlib
import os
import select
import subprocess
import sys
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medialit.grading import _zygote

CPU_SECONDS = 20
WALL_SECONDS = 30.0
MEMORY_BYTES = 1024 * 1024 * 1024
FILE_BYTES = 8 * 1024 * 1024
STARTUP_SECONDS = 120.0
CACHE_SIZE = 4096


@dataclass(frozen=True)
class RunResult:
    """What came back from running a code answer: ``ok`` and its ``value``, or an ``error``."""

    ok: bool
    value: Any = None
    error: str = ""


def _env(case_dir: str | None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if case_dir:
        env["MEDIALIT_CASE"] = case_dir
    return env


def _cache_key(source: str) -> str:
    try:
        shape = ast.dump(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        shape = source
    return hashlib.sha256(shape.encode("utf-8", "surrogatepass")).hexdigest()


class CodeRunner:
    """Runs code answers through one sandbox server; use as a context manager or call :meth:`close`.

    Parameters
    ----------
    case_dir
        The case study the student runtime loads (``None``: the embedded one).
    timeout, cpu_seconds, memory_bytes
        Wall-clock, CPU-time and address-space limits of one run.
    """

    def __init__(
        self,
        case_dir: str | Path | None = None,
        *,
        timeout: float = WALL_SECONDS,
        cpu_seconds: int = CPU_SECONDS,
        memory_bytes: int = MEMORY_BYTES,
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
        if self._proc is None and not self._broken and hasattr(os, "fork"):
            try:
                self._proc = self._spawn()
                self._ready = False
            except OSError as exc:
                self._broken = f"the code sandbox could not start: {exc}"

    def _spawn(self) -> subprocess.Popen[bytes]:
        self._cwd = self._cwd or tempfile.TemporaryDirectory(prefix="medialit-sandbox-")
        cmd = [sys.executable, "-s", "-P", "-m", "medialit.grading._zygote", self.case_dir or ""]
        return subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=self._cwd.name,
            env=_env(self.case_dir),
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
        """Run ``source`` and return its ``answer`` (cached by syntax tree)."""
        key = self._seen.get(source) or _cache_key(source)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if len(self._seen) >= CACHE_SIZE:
            self._seen.clear()
        self._seen[source] = key
        result = self._run(source)
        if "sandbox" not in result.error:  # infrastructure failures are not the student's result
            self._cache[key] = result
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return result

    def _run(self, source: str) -> RunResult:
        try:
            compile(source, "<answer cell>", "exec")
        except SyntaxError as exc:
            return RunResult(False, error=f"SyntaxError: {exc.msg} (line {exc.lineno})")
        except (ValueError, RecursionError, MemoryError) as exc:
            return RunResult(False, error=f"the code cannot be compiled ({type(exc).__name__})")
        if not hasattr(os, "fork"):  # pragma: no cover - Windows
            return run_answer(source, timeout=self.timeout, case_dir=self.case_dir)
        if self._broken:
            return RunResult(False, error=self._broken)
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
            }
            assert self._proc.stdin is not None
            _zygote.write_msg(self._proc.stdin.fileno(), request)
            reply = self._receive(self._proc, self.timeout + 15)
        except OSError as exc:
            self._broken = str(exc)
            self.close()
            return RunResult(False, error=self._broken)
        self.runs += 1
        if reply is None:
            # The server died (the student's code may have killed it) or hung: restart it next time.
            self.close()
            return RunResult(False, error="the code stopped the sandbox and could not be graded")
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


def run_answer(source: str, *, timeout: float = WALL_SECONDS, case_dir: str | None = None) -> RunResult:
    """Run ``source`` in a new isolated interpreter (the portable, slow path)."""
    import json

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
