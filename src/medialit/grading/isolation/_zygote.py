"""The code-answer sandbox server: a pristine, pre-warmed interpreter that forks one process per answer.

Started by :class:`medialit.grading.isolation.sandbox.CodeRunner` as
``python -s -P -m medialit.grading.isolation.code_server [--isolated] [--uid N --gid N | --late-uid N --gid N] BUNDLE``
with a minimal environment (that entry point hands :func:`main` the function that pre-loads
the student runtime, which the grader never imports itself); with
``--isolated`` inside the bubblewrap sandbox that :mod:`medialit.grading.isolation.bwrap` builds.
It changes to the given uid (root graders: before anything else; ``--late-uid``, unsafe mode: after
loading), loads the case's student bundle once, and then stays **pristine**:
it never reads a student's code or answer. For each request (limits, a nonce,
and two descriptors the grader made for it alone; see :mod:`medialit.grading.isolation._wire`)
it forks first, and only the child

- (``--isolated``) enters fresh user, mount, PID, network, IPC and UTS
  namespaces, mounts its own ``/proc`` and size-limited ``/tmp``, drops every
  capability and runs as PID 1 of its namespace (:func:`_fresh_namespaces`);
- closes every descriptor but its own two, starts a new session and a new
  session keyring (standard streams are ``/dev/null``);
- sets CPU-time, address-space, file-size, process and core-dump limits;
- reads the student's source from its source descriptor, runs it in a fresh
  namespace, and writes only the JSON of ``answer`` to its answer pipe, which
  goes to the grader, not to the server.

So a later answer, forked from the same server, finds no earlier student's
code or answer in the memory or descriptors it inherits. The server enforces
the wall-clock limit, kills the answer's PID 1 (and so its whole namespace) and
replies with how the run ended and the request's nonce.
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
import socket
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any, NoReturn

from medialit.grading.isolation import _namespaces as ns
from medialit.grading.isolation import _wire

RESULT_LIMIT = _wire.RESULT_LIMIT
INFRASTRUCTURE = _wire.INFRASTRUCTURE
#: Size of the private /tmp of one answer (isolated mode): small, so what it holds barely adds to the memory limit.
ANSWER_TMP_BYTES = 16 * 1024 * 1024
#: How long the per-answer namespaces may take to set up.
STARTUP_SECONDS = 10.0
#: Isolated: each answer's own tmpfs, mounted over the server's private /tmp.
PRIVATE_TMP = "/tmp"  # noqa: S108 - a mount point inside the sandbox, never the host's /tmp


def _plain(value: object) -> object:
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


def _child(source_fd: int, limits: dict[str, int], result_fd: int) -> None:  # pragma: no cover - runs forked
    os.setsid()
    ns.new_session_keyring()
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
    out: dict[str, object]
    try:
        source = _wire.read_source(source_fd)
        os.close(source_fd)
        code = compile(source, "<answer cell>", "exec")
        namespace: dict[str, object] = {"__name__": "__main__", "__builtins__": __builtins__}
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
        _wire.send_answer(result_fd, body)
    finally:
        os._exit(0)


def _send(fd: int, data: dict[str, object]) -> None:
    _wire.send_answer(fd, json.dumps(data).encode("utf-8"))


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


def _fresh_namespaces(
    outer_uid: int, outer_gid: int, control_fd: int, drop: tuple[int, ...]
) -> None:  # pragma: no cover - forked
    """In the forked child: new namespaces, then fork the process that runs the answer as PID 1.

    The intermediate process closes ``drop`` (the answer's descriptors), sends
    the PID (as the server sees it) and later its wait status over
    ``control_fd``, then exits. Only the PID-1 process returns from this
    function; when it ends, the kernel kills whatever it started, and its mounts
    (its own ``/tmp``) go with it.
    """
    ns.unshare(ns.ALL_NAMESPACES)
    ns.prctl(ns.PR_SET_DUMPABLE, 1)  # a changed uid made /proc/self root's; the id maps must be written
    ns.map_ids(outer_uid, outer_gid)
    ns.set_non_dumpable()
    pid = os.fork()
    if pid:
        for fd in drop:
            os.close(fd)
        os.write(control_fd, struct.pack(">i", pid))
        _, status = os.waitpid(pid, 0)
        os.write(control_fd, struct.pack(">i", status))
        os._exit(0)
    os.close(control_fd)
    ns.die_with_parent()  # (its parent is outside this PID namespace: getppid() is 0) and so does all it starts
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


def run_one(
    request: dict[str, Any], source_fd: int, answer_fd: int, isolated: bool = False, grader: int | None = None
) -> dict[str, object]:
    """Fork a child for one answer, wait for it within the wall-clock limit, and say how it ended.

    The child reads its source from ``source_fd`` and writes its answer to
    ``answer_fd``; this process never reads either, and closes both once the
    child is forked. The child closes every other descriptor (the server's
    socket among them) before any student code runs. ``isolated``: the child
    first enters fresh namespaces (see :func:`_fresh_namespaces`). ``grader``: the
    server's socket; should the grader close it meanwhile, the child is killed and
    the server exits (nobody is left to read the answer).

    Returns ``{"error": ...}``: what the grader reports when no complete answer came through the pipe.
    """
    limits = {k: int(request[k]) for k in ("cpu", "memory", "file_size")}
    limits["processes"] = int(request.get("processes", 0))
    if isolated:
        limits["isolated"] = 1
    wall = float(request["wall"])
    tmp = PRIVATE_TMP if isolated else tempfile.mkdtemp(prefix="medialit-run-")
    cr, cw = os.pipe() if isolated else (-1, -1)
    uid, gid, server = os.getuid(), os.getgid(), os.getpid()
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            _in_child((source_fd, answer_fd), limits, tmp, (cr, cw) if isolated else None, (uid, gid), server)
    finally:
        os.close(source_fd)
        os.close(answer_fd)
    start = time.monotonic()
    runner = pid
    if isolated:
        os.close(cw)
        inner = _read_int(cr, start + STARTUP_SECONDS)
        runner = inner if inner is not None else pid
    try:
        ended = _ended(pid, start + wall, grader)
    finally:
        elapsed = time.monotonic() - start
        status = _stop_child(pid, runner)
        if isolated:
            inner_status = _read_int(cr, time.monotonic() + 1)
            status = inner_status if inner_status is not None else status
            os.close(cr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if ended == "grader gone":
        os._exit(0)
    if ended == "timeout":
        return {"error": f"the code ran longer than {wall:g} s and was stopped"}
    return {"error": _describe(status, limits, elapsed)}


def _ended(pid: int, deadline: float, grader: int | None = None) -> str:
    """Wait until the child ``pid`` has ended (not reaped), ``deadline``, or the grader has gone.

    Returns "ended", "timeout" or "grader gone" (``grader``: the socket to watch).
    """
    watch = [] if grader is None else [grader]
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # pragma: no cover - not Linux 5.3+: poll
        while time.monotonic() < deadline:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return "ended"
            if grader is not None and _wire.peer_gone(grader):
                return "grader gone"
            time.sleep(0.01)
        return "timeout"
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout"
            ready = select.select([pidfd, *watch], [], [], left)[0]
            if pidfd in ready:
                return "ended"
            if grader is not None and grader in ready and _wire.peer_gone(grader):
                return "grader gone"
            if ready:  # the grader sent something out of turn: not a reason to stop the answer
                time.sleep(0.05)
    finally:
        os.close(pidfd)


def _close_all_but(keep: set[int]) -> None:  # pragma: no cover - child
    """Close every descriptor above the standard streams except ``keep``."""
    low = 3
    for fd in sorted(k for k in keep if k >= 3):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def _in_child(  # pragma: no cover - child
    fds: tuple[int, int],
    limits: dict[str, int],
    tmp: str,
    isolation: tuple[int, int] | None,
    ids: tuple[int, int],
    server: int,
) -> NoReturn:
    """The forked child: keep only its own descriptors, isolate (``isolation`` pipe given), run, exit."""
    source_fd, w = fds
    try:
        ns.die_with_parent(server)
        keep = {source_fd, w}
        if isolation is not None:
            keep.add(isolation[1])
        _close_all_but(keep)
        if isolation is not None:
            try:
                _fresh_namespaces(ids[0], ids[1], isolation[1], (source_fd, w))
            except BaseException as exc:
                _send(w, {"error": f"the sandbox could not isolate the code: {exc}", INFRASTRUCTURE: True})
                raise
        os.chdir(tmp)
        os.environ["HOME"] = tmp
        os.environ["TMPDIR"] = tmp
        tempfile.tempdir = tmp
        _child(source_fd, limits, w)
    finally:
        os._exit(0)


def _stop_child(pid: int, runner: int) -> int:
    """Kill the answer's runner and the forked child (with their process groups); return the child's wait status."""
    for target in (runner, pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(target, signal.SIGKILL)  # PID 1 of the answer's namespace: everything in it dies
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(target, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


def _become(uid: int, gid: int) -> None:
    """Root server: take an unprivileged uid of its own before anything of a student's runs."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:  # pragma: no cover - the kernel refused
        raise OSError("could not change to the sandbox user")


def _self_test() -> str:
    """Check that per-answer namespaces can be made (user namespaces may be disabled)."""
    source = _wire.source_file("answer = 1")
    r, w = os.pipe()
    limits = {"wall": STARTUP_SECONDS, "cpu": 5, "memory": 256 << 20, "file_size": 1 << 20}
    reply = run_one(limits, source, w, isolated=True)
    try:
        data = os.read(r, 4096)
    finally:
        os.close(r)
    if data[4:] == b'{"value": 1}':
        return ""
    text = data[4:].decode("utf-8", "replace")
    return text or str(reply.get("error", "no answer"))


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


def _serve(sock: socket.socket, isolated: bool) -> int:
    """Answer requests until the grader closes its end."""
    while True:
        request, fds = _wire.receive(sock)
        if request is None:
            return 0
        nonce = request.pop("nonce", None)
        try:
            if len(fds) != 2:
                raise ValueError("a request needs a source and an answer descriptor")
            source_fd, answer_fd = fds
            fds = []
            reply = run_one(request, source_fd, answer_fd, isolated=isolated, grader=sock.fileno())
        except Exception as exc:
            reply = {"error": f"the sandbox failed: {type(exc).__name__}: {str(exc)[:200]}", INFRASTRUCTURE: True}
        finally:
            for fd in fds:
                os.close(fd)
        reply["nonce"] = nonce
        _wire.send(sock, reply)


def main(warm: Callable[[str], None], argv: list[str] | None = None) -> int:
    """Serve requests until the grader closes the socket (the server's standard input and output).

    ``warm(case)`` loads the student runtime and the case once, before the first request
    (after the server dropped to its uid), so every forked answer starts with it loaded.
    """
    isolated, uid, gid, case, late = _parse_args(sys.argv[1:] if argv is None else argv)
    sock = socket.socket(fileno=os.dup(0))
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    sock.set_inheritable(False)
    # jsonschema compiles an optional IRI grammar (rfc3987_syntax) at import, 1-2 s; the case
    # schema uses no formats, so the sandbox goes without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    try:
        if sys.platform.startswith("linux"):
            ns.new_session_keyring()  # not the grader's: the server possesses no key of anyone's
        if uid is not None and not late:
            _become(uid, gid if gid is not None else uid)
        if isolated:
            ns.set_non_dumpable()
        with _wire.exit_without_peer(sock.fileno()):
            warm(case)
        if uid is not None and late:  # unsafe mode as root: no sandbox, but not root either
            _become(uid, gid if gid is not None else uid)
            ns.set_non_dumpable()
        if sys.platform.startswith("linux"):
            ns.die_with_parent()  # here: a change of uid clears it
        problem = _self_test() if isolated else ""
        if problem:
            raise OSError(f"a code answer cannot get namespaces of its own: {problem}")
        _wire.send(sock, {"ready": True, "isolated": isolated})
    except Exception as exc:
        _wire.send(sock, {"ready": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
        return 1
    return _serve(sock, isolated)
