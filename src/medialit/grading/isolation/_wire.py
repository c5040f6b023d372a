"""The wire between the grader and its code-answer server: one message per datagram, descriptors beside it.

The grader and the server (:mod:`medialit.grading.isolation._zygote`) talk over a
``SOCK_SEQPACKET`` Unix socket pair: each message is one datagram of ASCII JSON,
and a request carries two descriptors (``SCM_RIGHTS``), made by the grader for
that request alone:

- the **source**: an anonymous file (``memfd``) holding the student's code, which
  only the forked child reads; the server passes the descriptor on unread;
- the **answer**: the write end of a fresh pipe, on which the child sends its
  ``answer`` (4-byte big-endian length, then UTF-8 JSON) straight to the grader.

So no student's code or answer ever passes through the server's memory, and a
later answer, forked from that server, cannot find an earlier one there. The
server's own reply says only how the run ended, with the request's nonce.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import struct
import tempfile
import threading
from collections.abc import Iterator, Sequence
from typing import Any

#: Largest control message (requests and replies carry limits and a status, never code or answers).
MAX_MESSAGE = 64 * 1024
#: Largest answer a child may send back.
RESULT_LIMIT = 1024 * 1024
#: The reply field by which the server (or a child before the answer runs) says the sandbox
#: failed, not the answer: such a result is never cached.
INFRASTRUCTURE = "infrastructure"
#: Largest source a child reads (four bytes per character of the grader's 100,000-character limit).
SOURCE_LIMIT = 4 * 100_000 + 4096


def pair() -> tuple[socket.socket, socket.socket]:
    """A connected ``SOCK_SEQPACKET`` pair: (the grader's end, the server's end)."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    return a, b


def send(sock: socket.socket, data: dict[str, object], fds: Sequence[int] = ()) -> None:
    """Send one message (and ``fds``, duplicated into the receiver)."""
    body = json.dumps(data, ensure_ascii=True).encode("ascii")
    if len(body) > MAX_MESSAGE:
        raise ValueError("control message too large")
    if fds:
        socket.send_fds(sock, [body], list(fds))
    else:
        sock.sendall(body)


def receive(sock: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    """One message and the descriptors that came with it (``None`` at the end of the stream).

    A message that is not a JSON object is ``{}`` (its descriptors are still returned, for the caller to close).
    """
    body, fds, _flags, _addr = socket.recv_fds(sock, MAX_MESSAGE, 4)
    if not body:
        for fd in fds:
            os.close(fd)
        return None, []
    try:
        data = json.loads(body.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return {}, fds
    return (data if isinstance(data, dict) else {}), fds


def source_file(source: str) -> int:
    """A new anonymous file holding ``source`` (UTF-8); the caller passes it on and closes it."""
    data = source.encode("utf-8", "surrogatepass")
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("medialit-answer", os.MFD_CLOEXEC)
    else:  # pragma: no cover - not Linux: an unlinked temporary file
        fd = os.dup(tempfile.TemporaryFile().fileno())  # noqa: SIM115 - only its descriptor is kept
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    return fd


def read_source(fd: int) -> str:
    """Read the source from the start of ``fd`` (in the forked child only); at most :data:`SOURCE_LIMIT` bytes."""
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(fd, 65536, offset)
        if not chunk:
            break
        offset += len(chunk)
        if offset > SOURCE_LIMIT:
            raise ValueError("the source is too long")
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "surrogatepass")


def send_answer(fd: int, body: bytes) -> None:
    """Write one length-prefixed answer (in the child)."""
    view = memoryview(struct.pack(">I", len(body)) + body)
    while view:
        view = view[os.write(fd, view) :]


def answer_length(buf: bytes) -> int | None:
    """The announced length of a length-prefixed answer (``None`` before four bytes came)."""
    return int(struct.unpack(">I", buf[:4])[0]) if len(buf) >= 4 else None


def peer_gone(fd: int) -> bool:
    """Whether the other end of the socket ``fd`` was closed (nothing is consumed)."""
    if not select.select([fd], [], [], 0)[0]:
        return False
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


@contextlib.contextmanager
def exit_without_peer(fd: int) -> Iterator[None]:
    """Meanwhile, exit the process at once if the other end of ``fd`` goes (a thread, gone afterwards).

    The server warms up under it: bwrap can outlive a grader that dies while bwrap sets the
    sandbox up (its inner process misses the parent-death signal); the server it starts then
    sees the socket's end and leaves, and bwrap with it. No thread is left when a fork follows.
    """
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            if peer_gone(fd):
                os._exit(0)

    thread = threading.Thread(target=watch, name="medialit-grader-watch", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
