"""The code-answer sandbox server: a clean, pre-warmed interpreter that forks one process per answer.

Started by :class:`medialit.grading.sandbox.CodeRunner` as
``python -s -P -m medialit.grading._zygote [CASE_DIR]`` with a minimal
environment. It imports the student runtime and loads the (public) case study
once, then for each request forks a child that

- starts a new session (so the whole process group can be killed),
- moves into a fresh empty temporary folder,
- drops the server's pipes (standard streams go to ``/dev/null``),
- sets CPU-time, address-space, file-size, process and core-dump limits,
- runs the student's source in a fresh namespace and sends back only the JSON
  of ``answer``.

The server enforces the wall-clock limit and kills the child's process group.
It never runs student code itself and never receives the key: it only ever
sees the student's source. Protocol on stdin/stdout: 4-byte big-endian length,
then UTF-8 JSON, in both directions.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
from typing import Any

RESULT_LIMIT = 1024 * 1024


def _read_exact(fd: int, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def read_msg(fd: int) -> dict[str, Any] | None:
    """Read one length-prefixed JSON message (``None`` at end of stream)."""
    head = _read_exact(fd, 4)
    if head is None:
        return None
    (size,) = struct.unpack(">I", head)
    body = _read_exact(fd, size)
    if body is None:
        return None
    data: dict[str, Any] = json.loads(body.decode("utf-8"))
    return data


def write_msg(fd: int, data: dict[str, Any]) -> None:
    """Write one length-prefixed JSON message."""
    body = json.dumps(data, ensure_ascii=True).encode("ascii")
    payload = struct.pack(">I", len(body)) + body
    view = memoryview(payload)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _plain(value: Any) -> Any:
    import numbers

    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    raise TypeError(type(value).__name__)


def _child(source: str, limits: dict[str, int], result_fd: int) -> None:  # pragma: no cover - runs forked
    import random
    import resource

    os.setsid()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory"], limits["memory"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size"], limits["file_size"]))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    random.seed(0)
    out: dict[str, Any]
    try:
        code = compile(source, "<answer cell>", "exec")
        namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
        exec(code, namespace)  # noqa: S102 - this is the sandboxed child; see the module docstring
        try:
            out = {"value": _plain(namespace.get("answer"))}
        except (TypeError, RecursionError) as exc:
            out = {"error": f"`answer` holds a value that is not plain data ({str(exc)[:60]})"}
    except BaseException as exc:  # SystemExit, KeyboardInterrupt and MemoryError included
        out = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    try:
        body = json.dumps(out, allow_nan=True).encode("utf-8", "replace")
    except (TypeError, ValueError, RecursionError, MemoryError):
        body = b'{"error": "`answer` could not be sent back"}'
    if len(body) > RESULT_LIMIT:
        body = b'{"error": "`answer` is too large"}'
    try:
        # One write: atomic for small answers, so a forked copy of the student's code cannot interleave.
        view = memoryview(struct.pack(">I", len(body)) + body)
        while view:
            view = view[os.write(result_fd, view) :]
    finally:
        os._exit(0)


def _describe(status: int, limits: dict[str, int], elapsed: float) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU,) or (sig == signal.SIGKILL and elapsed >= limits["cpu"]):
            return f"the code used more than {limits['cpu']} s of CPU time and was stopped"
        if sig == signal.SIGXFSZ:
            return "the code wrote a file larger than the limit and was stopped"
        if sig == signal.SIGSEGV:
            return "the code crashed (segmentation fault)"
        return f"the code was stopped by signal {signal.Signals(sig).name}"
    return "the code ended without setting `answer` (it exited early)"


def run_one(request: dict[str, Any], close: tuple[int, ...] = ()) -> dict[str, Any]:
    """Fork a child for one source; wait for its answer within the wall-clock limit.

    ``close`` lists the server's own descriptors (its protocol pipes), which the
    child closes before any student code runs.
    """
    limits = {k: int(request[k]) for k in ("cpu", "memory", "file_size")}
    wall = float(request["wall"])
    tmp = tempfile.mkdtemp(prefix="medialit-run-")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        try:
            os.close(r)
            for fd in close:
                os.close(fd)
            os.chdir(tmp)
            os.environ["HOME"] = tmp
            os.environ["TMPDIR"] = tmp
            tempfile.tempdir = tmp
            _child(str(request["source"]), limits, w)
        finally:
            os._exit(0)
    os.close(w)
    start = time.monotonic()
    buf = b""
    want: int | None = None
    timed_out = False
    try:
        while want is None or len(buf) < want + 4:
            left = wall - (time.monotonic() - start)
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([r], [], [], left)
            if not ready:
                continue
            chunk = os.read(r, 65536)
            if not chunk:
                break
            buf += chunk
            if want is None and len(buf) >= 4:
                (want,) = struct.unpack(">I", buf[:4])
                if want > RESULT_LIMIT:
                    break
    finally:
        elapsed = time.monotonic() - start
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(r)
        shutil.rmtree(tmp, ignore_errors=True)
    if timed_out:
        return {"error": f"the code ran longer than {wall:g} s and was stopped"}
    if want is not None and len(buf) >= want + 4:
        try:
            data: dict[str, Any] = json.loads(buf[4 : 4 + want].decode("utf-8", "replace"))
            if isinstance(data, dict) and ("value" in data or "error" in data):
                return data
        except (ValueError, RecursionError):
            pass
        return {"error": "the code's answer could not be read"}
    return {"error": _describe(status, limits, elapsed)}


def main() -> int:
    """Serve requests until the grader closes the pipe."""
    proto_in, proto_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.set_inheritable(proto_in, False)
    os.set_inheritable(proto_out, False)
    # jsonschema compiles an optional IRI grammar (rfc3987_syntax) at import, 1-2 s; the case
    # schema uses no formats, so the sandbox goes without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    try:
        import medialit.runtime as runtime

        runtime.use(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
        runtime.claims_table()
        write_msg(proto_out, {"ready": True})
    except Exception as exc:
        write_msg(proto_out, {"ready": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
        return 1
    while True:
        request = read_msg(proto_in)
        if request is None:
            return 0
        try:
            reply = run_one(request, close=(proto_in, proto_out))
        except Exception as exc:
            reply = {"error": f"the sandbox failed: {type(exc).__name__}: {str(exc)[:200]}"}
        write_msg(proto_out, reply)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
