"""The code-answer sandbox server: a clean, pre-warmed interpreter that forks one process per answer.

Started by :class:`medialit.grading.sandbox.CodeRunner` as
``python -s -P -m medialit.runtime.code_server [--isolated] [--uid N --gid N | --late-uid N --gid N] BUNDLE``
with a minimal environment (that entry point, in the runtime layer, hands :func:`main` the
function that pre-loads the student runtime, so grading never imports the runtime); with
``--isolated`` inside the bubblewrap sandbox that :mod:`medialit.grading.isolation` builds. It changes to the given uid
(root graders: before anything else; ``--late-uid``, unsafe mode: after
loading), loads the case's student bundle once, and for each request forks a
child that

- (``--isolated``) enters fresh user, mount, PID, network, IPC and UTS
  namespaces, mounts its own ``/proc`` and size-limited ``/tmp``, drops every
  capability and runs as PID 1 of its namespace (:func:`_fresh_namespaces`);
- starts a new session and drops the server's pipes (standard streams go to
  ``/dev/null``);
- sets CPU-time, address-space, file-size, process and core-dump limits;
- runs the student's source in a fresh namespace and sends back only the JSON
  of ``answer``.

The server enforces the wall-clock limit and kills the answer's PID 1 (and so
its whole namespace). It never runs student code itself and never receives
the key: it only ever sees the student's source and a nonce, which it echoes in
its reply. Protocol on stdin/stdout: 4-byte big-endian length, then UTF-8 JSON,
in both directions.
"""

from __future__ import annotations

import contextlib
import json
import numbers
import os
import random
import resource
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any, NoReturn

from medialit.grading import _namespaces as ns

RESULT_LIMIT = 1024 * 1024
#: Size of the private /tmp of one answer (isolated mode).
ANSWER_TMP_BYTES = 16 * 1024 * 1024
#: How long the per-answer namespaces may take to set up.
STARTUP_SECONDS = 10.0
#: Isolated: each answer's own tmpfs, mounted over the server's private /tmp.
PRIVATE_TMP = "/tmp"  # noqa: S108 - a mount point inside the sandbox, never the host's /tmp


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
    os.setsid()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 1))
    resource.setrlimit(resource.RLIMIT_AS, (limits["memory"], limits["memory"]))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file_size"], limits["file_size"]))
    # Isolated: the count is per user namespace, and holds the two processes of this answer; no more.
    nproc = 2 + limits["processes"] if "isolated" in limits else 0
    resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
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
    except SyntaxError as exc:
        out = {"error": f"SyntaxError: {exc.msg} (line {exc.lineno})"}
    except BaseException as exc:  # SystemExit, KeyboardInterrupt and MemoryError included
        out = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    try:
        body = json.dumps(out, allow_nan=True).encode("utf-8", "replace")
    except (TypeError, ValueError, RecursionError, MemoryError):
        body = b'{"error": "`answer` could not be sent back"}'
    if len(body) > RESULT_LIMIT:
        body = b'{"error": "`answer` is too large"}'
    try:
        _send_bytes(result_fd, body)
    finally:
        os._exit(0)


def _send_bytes(fd: int, body: bytes) -> None:
    # One write: atomic for small answers, so a forked copy of the student's code cannot interleave.
    view = memoryview(struct.pack(">I", len(body)) + body)
    while view:
        view = view[os.write(fd, view) :]


def _send(fd: int, data: dict[str, Any]) -> None:
    _send_bytes(fd, json.dumps(data).encode("utf-8"))


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


def _fresh_namespaces(outer_uid: int, outer_gid: int, control_fd: int) -> None:  # pragma: no cover - forked
    """In the forked child: new namespaces, then fork the process that runs the answer as PID 1.

    The intermediate process sends that PID (as the server sees it) and later
    its wait status over ``control_fd``, then exits. Only the PID-1 process
    returns from this function; when it ends, the kernel kills whatever it
    started, and its mounts (its own ``/tmp``) go with it.
    """
    ns.unshare(ns.ALL_NAMESPACES)
    ns.prctl(ns.PR_SET_DUMPABLE, 1)  # a changed uid made /proc/self root's; the id maps must be written
    ns.map_ids(outer_uid, outer_gid)
    ns.set_non_dumpable()
    pid = os.fork()
    if pid:
        os.write(control_fd, struct.pack(">i", pid))
        _, status = os.waitpid(pid, 0)
        os.write(control_fd, struct.pack(">i", status))
        os._exit(0)
    os.close(control_fd)
    ns.make_mounts_private()
    try:
        ns.mount("proc", "/proc", "proc", ns.MS_NOSUID | ns.MS_NODEV | ns.MS_NOEXEC)
    except OSError:  # the outer /proc has overmounts (bwrap's), so the kernel refuses: hide it instead
        ns.mount("tmpfs", "/proc", "tmpfs", ns.MS_RDONLY | ns.MS_NOSUID | ns.MS_NODEV | ns.MS_NOEXEC, "size=4k")
    tmp_options = f"size={ANSWER_TMP_BYTES},nr_inodes=1024,mode=1777"
    ns.mount("tmpfs", PRIVATE_TMP, "tmpfs", ns.MS_NOSUID | ns.MS_NODEV, tmp_options)
    ns.drop_capabilities()


def _read_int(fd: int, deadline: float) -> int | None:
    buf = b""
    while len(buf) < 4:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 4 - len(buf))
        if not chunk:
            return None
        buf += chunk
    return int(struct.unpack(">i", buf)[0])


def run_one(request: dict[str, Any], close: tuple[int, ...] = (), isolated: bool = False) -> dict[str, Any]:
    """Fork a child for one source; wait for its answer within the wall-clock limit.

    ``close`` lists the server's own descriptors (its protocol pipes), which the
    child closes before any student code runs. ``isolated``: the child first
    enters fresh namespaces (see :func:`_fresh_namespaces`).
    """
    limits = {k: int(request[k]) for k in ("cpu", "memory", "file_size")}
    limits["processes"] = int(request.get("processes", 0))
    if isolated:
        limits["isolated"] = 1
    wall = float(request["wall"])
    tmp = PRIVATE_TMP if isolated else tempfile.mkdtemp(prefix="medialit-run-")
    r, w = os.pipe()
    cr, cw = os.pipe() if isolated else (-1, -1)
    uid, gid = os.getuid(), os.getgid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        _in_child(str(request["source"]), limits, close, tmp, (r, w), (cr, cw) if isolated else None, (uid, gid))
    os.close(w)
    start = time.monotonic()
    runner = pid
    if isolated:
        os.close(cw)
        inner = _read_int(cr, start + STARTUP_SECONDS)
        runner = inner if inner is not None else pid
    try:
        buf, want, timed_out = _read_answer(r, start, wall)
    finally:
        elapsed = time.monotonic() - start
        status = _stop_child(pid, runner)
        os.close(r)
        if isolated:
            inner_status = _read_int(cr, time.monotonic() + 1)
            status = inner_status if inner_status is not None else status
            os.close(cr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if timed_out:
        return {"error": f"the code ran longer than {wall:g} s and was stopped"}
    if want is not None and len(buf) >= want + 4:
        return _decode_answer(buf[4 : 4 + want])
    return {"error": _describe(status, limits, elapsed)}


def _in_child(  # pragma: no cover - child
    source: str,
    limits: dict[str, int],
    close: tuple[int, ...],
    tmp: str,
    answer: tuple[int, int],
    isolation: tuple[int, int] | None,
    ids: tuple[int, int],
) -> NoReturn:
    """The forked child: close the server's descriptors, isolate (``isolation`` pipe given), run, exit."""
    r, w = answer
    try:
        os.close(r)
        for fd in close:
            os.close(fd)
        if isolation is not None:
            cr, cw = isolation
            os.close(cr)
            try:
                _fresh_namespaces(ids[0], ids[1], cw)
            except BaseException as exc:
                _send(w, {"error": f"the sandbox could not isolate the code: {exc}"})
                raise
        os.chdir(tmp)
        os.environ["HOME"] = tmp
        os.environ["TMPDIR"] = tmp
        tempfile.tempdir = tmp
        _child(source, limits, w)
    finally:
        os._exit(0)


def _read_answer(r: int, start: float, wall: float) -> tuple[bytes, int | None, bool]:
    """Read the child's length-prefixed answer from ``r`` until it is complete, too long, closed or out of time.

    Returns the bytes read, the announced length (None before four bytes came) and whether time ran out.
    """
    buf = b""
    want: int | None = None
    while want is None or len(buf) < want + 4:
        left = wall - (time.monotonic() - start)
        if left <= 0:
            return buf, want, True
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
    return buf, want, False


def _stop_child(pid: int, runner: int) -> int:
    """Kill the answer's runner and the forked child (with their process groups); return the child's wait status."""
    for target in (runner, pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(target, signal.SIGKILL)  # PID 1 of the answer's namespace: everything in it dies
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(target, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


def _decode_answer(payload: bytes) -> dict[str, Any]:
    """The child's JSON answer (with a value or an error), or an error saying it could not be read."""
    try:
        data: dict[str, Any] = json.loads(payload.decode("utf-8", "replace"))
        if isinstance(data, dict) and ("value" in data or "error" in data):
            return data
    except (ValueError, RecursionError):
        pass
    return {"error": "the code's answer could not be read"}


def _become(uid: int, gid: int) -> None:
    """Root server: take an unprivileged uid of its own before anything of a student's runs."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:  # pragma: no cover - the kernel refused
        raise OSError("could not change to the sandbox user")


def _self_test() -> str:
    """Check that per-answer namespaces can be made (user namespaces may be disabled)."""
    reply = run_one(
        {"source": "answer = 1", "wall": STARTUP_SECONDS, "cpu": 5, "memory": 256 << 20, "file_size": 1 << 20},
        isolated=True,
    )
    return "" if reply.get("value") == 1 else str(reply.get("error", "no answer"))


def _parse_args(argv: list[str]) -> tuple[bool, int | None, int | None, str, bool]:
    isolated, uid, gid, case, late = False, None, None, "", False
    it = iter(argv)
    for arg in it:
        if arg == "--isolated":
            isolated = True
        elif arg in ("--uid", "--late-uid"):
            uid = int(next(it))
            late = arg == "--late-uid"
        elif arg == "--gid":
            gid = int(next(it))
        else:
            case = arg
    return isolated, uid, gid, case, late


def main(warm: Callable[[str], None], argv: list[str] | None = None) -> int:
    """Serve requests until the grader closes the pipe.

    ``warm(case)`` loads the student runtime and the case once, before the first request
    (after the server dropped to its uid), so every forked answer starts with it loaded.
    """
    isolated, uid, gid, case, late = _parse_args(sys.argv[1:] if argv is None else argv)
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
        if uid is not None and not late:
            _become(uid, gid if gid is not None else uid)
        if isolated:
            ns.set_non_dumpable()
        warm(case)
        if uid is not None and late:  # unsafe mode as root: no sandbox, but not root either
            _become(uid, gid if gid is not None else uid)
            ns.set_non_dumpable()
        problem = _self_test() if isolated else ""
        if problem:
            raise OSError(f"a code answer cannot get namespaces of its own: {problem}")
        write_msg(proto_out, {"ready": True, "isolated": isolated})
    except Exception as exc:
        write_msg(proto_out, {"ready": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
        return 1
    while True:
        request = read_msg(proto_in)
        if request is None:
            return 0
        nonce = request.pop("nonce", None)
        try:
            reply = run_one(request, close=(proto_in, proto_out), isolated=isolated)
        except Exception as exc:
            reply = {"error": f"the sandbox failed: {type(exc).__name__}: {str(exc)[:200]}"}
        reply["nonce"] = nonce
        write_msg(proto_out, reply)
