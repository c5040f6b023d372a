"""Temporary folders that name the process that made them, and the removal of those left by dead processes.

A grader makes two kinds of private folder: a staging folder for its reports
(``.medialit-staging-*`` inside ``--out``) and a working folder for each code
sandbox (``medialit-sandbox-*`` in the system's temporary folder). A process
removes its own folders when it ends, but one killed with SIGKILL cannot. So
each folder's name carries an owner tag, ``<pid>-<start time>-``, and the next
run removes the folders whose owner is gone (:func:`remove_stale`), leaving
those of processes still running. The start time (clock ticks since boot, from
``/proc``) tells a reused pid apart. A name without a tag (an older version's)
cannot be told apart from a live process's folder, so it is kept.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["owner_gone", "owner_tag", "remove_stale"]


def _stat(pid: int) -> tuple[str, str]:
    """The state and start time of ``pid`` (clock ticks since boot), from /proc; ("", "") where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[-1].split()
    except OSError:
        return "", ""
    if len(fields) <= 19:
        return "", ""
    return fields[0].decode("ascii"), fields[19].decode("ascii")


def owner_tag() -> str:
    """This process's owner tag for the folders it makes: ``<pid>-<start time>-``."""
    return f"{os.getpid()}-{_stat(os.getpid())[1]}-"


def owner_gone(tagged: str) -> bool:
    """Whether the process named by the owner tag at the start of ``tagged`` is gone.

    ``tagged`` is what follows a folder's prefix: ``<pid>-<start time>-<rest>``.
    An untagged name (an older version's) is never called gone.
    """
    parts = tagged.split("-", 2)
    if len(parts) < 3 or not parts[0].isdigit():
        return False
    pid, started = int(parts[0]), parts[1]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # another user's live process
    state, now = _stat(pid)
    if state in ("Z", "X"):
        return True  # it has ended and waits only to be reaped: it uses no folder
    return bool(started and now and now != started)  # the pid now belongs to another process


def remove_stale(folder: Path, prefix: str) -> list[Path]:
    """Remove the folders in ``folder`` named ``prefix<owner tag>…`` whose owner is gone; return them.

    Symbolic links and files are never followed or removed, and a folder this
    user may not remove (another user's) is left as it is.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix) or not owner_gone(entry.name[len(prefix) :]):
            continue
        if entry.is_dir(follow_symlinks=False):
            path = Path(entry.path)
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
    return removed
