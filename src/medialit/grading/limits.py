"""Size limits on what the grader reads from a submission, checked before anything is parsed.

They bound the grader's own memory: a notebook is parsed as JSON only when its
file (or zip member) is at most :data:`MAX_NOTEBOOK_BYTES`, and the source of an
answer cell is given to :mod:`ast` or :func:`compile` only when it is at most
:data:`MAX_CODE_CHARS` characters (Python's parser needs hundreds of bytes of
memory per character of source: a 20 MB cell took 9.8 GB). Longer cells are
scored as errors with the limit in the message, without being parsed or run.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from medialit.errors import GradingError

MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024
"""Largest notebook file or zip member read (bytes); checked with ``fstat`` and a bounded read."""

MAX_CODE_CHARS = 100_000
"""Longest answer-cell source that is parsed (``ast``), compiled or run (characters)."""


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, for messages (``a named pipe (FIFO)`` ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for reading without following a final symbolic link and without blocking.

    A FIFO, a device, a socket or a folder is refused after ``fstat`` (the open
    itself cannot block: ``O_NONBLOCK``). Raises :class:`GradingError` with the reason.
    """
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise GradingError("symbolic link; not followed") from None
        raise GradingError(f"cannot open the file ({exc.strerror or type(exc).__name__})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise GradingError(f"this is {kind_of(mode)}, not a regular file; not read")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular(path: str | os.PathLike[str], limit: int = MAX_NOTEBOOK_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`); bounded read."""
    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > limit:
                raise GradingError(too_large(size, limit))
            data = fh.read(limit + 1)
        except OSError as exc:
            raise GradingError(f"cannot read the file ({exc.strerror or type(exc).__name__})") from None
    if len(data) > limit:
        raise GradingError(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int) -> str:
    """The message for a file over the size limit."""
    return f"the file is {size / 1e6:.0f} MB, larger than the {limit // 2**20} MB limit; not read"
