"""Temporary folders that name the process that made them, and the removal of those left by dead processes.

A grader makes two kinds of private folder: a staging folder for its reports
(``.medialit-staging-*`` inside ``--out``) and a working folder for each code
sandbox (``medialit-sandbox-*`` in the system's temporary folder). A process
removes its own folders when it ends, but one killed with SIGKILL cannot. So
the next run removes the folders whose owner is gone (:func:`remove_stale`).

A folder is its owner's while the owner holds an exclusive ``flock`` on the
folder's lock file (:data:`LOCK_NAME`, taken by :func:`hold` when the folder is
made); the kernel drops the lock when the owner dies, however it dies. The
lock, not the pid, decides, because a pid means nothing in another pid
namespace: a grader in a container that shares this temporary folder tags its
folders with its own pids. The name's owner tag, ``<pid>-<start time>-``, is a
second, cheaper test made first: a folder whose tagged process still runs here
is never opened. A folder is removed only when all of these hold:

- its name carries a tag, and the tagged process is gone (or the pid is now
  another process's, told apart by its start time, from ``/proc``);
- it is a real folder (not a link) that belongs to this user: a grader run as
  root leaves the folders of graders run as other users alone;
- its lock file is a regular file (not a link) and nobody holds its lock.

A folder without a tag or a lock file (an older version's, or one planted by
someone else) is kept.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
from pathlib import Path

__all__ = ["LOCK_NAME", "hold", "owner_gone", "owner_tag", "release", "remove_stale"]

#: The lock file inside each owned folder; its owner holds an exclusive flock on it.
LOCK_NAME = ".medialit-owner.lock"
#: The largest pid Linux can give (PID_MAX_LIMIT); a larger number in a name is no pid of ours.
_PID_MAX = 4_194_304


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
    if len(parts) < 3 or not (parts[0].isascii() and parts[0].isdigit()):
        return False
    pid, started = int(parts[0]), parts[1]
    if not 0 < pid <= _PID_MAX:
        return False  # not a pid this kernel gives: not a name we wrote
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # another user's live process
    except (OverflowError, ValueError):
        return False
    state, now = _stat(pid)
    if state in ("Z", "X"):
        return True  # it has ended and waits only to be reaped: it uses no folder
    return bool(started and now and now != started)  # the pid now belongs to another process


def hold(folder: Path) -> int:
    """Make ``folder``'s lock file and hold its lock: the folder is this process's until :func:`release`.

    Returns the lock's file descriptor (close-on-exec, so no program the owner runs holds it).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(Path(folder) / LOCK_NAME, flags, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def release(fd: int | None) -> None:
    """Let go of a lock taken by :func:`hold` (the folder may then be removed by anyone's next run)."""
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _take_abandoned(folder: str) -> int | None:
    """The lock of ``folder``, taken, when it is a regular file nobody holds; else ``None``."""
    try:
        fd = os.open(os.path.join(folder, LOCK_NAME), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None  # no lock file (an older version's folder, or not ours): kept
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
    except OSError:
        pass  # held by a live owner (whatever pid namespace it runs in)
    os.close(fd)
    return None


def remove_stale(folder: Path, prefix: str) -> list[Path]:
    """Remove the folders in ``folder`` named ``prefix<owner tag>…`` whose owner is gone; return them.

    See the module's docstring for when a folder counts as gone. Links and files
    are never followed or removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    me = os.geteuid()
    for entry in entries:
        if not entry.name.startswith(prefix) or not owner_gone(entry.name[len(prefix) :]):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False) or entry.stat(follow_symlinks=False).st_uid != me:
                continue
        except OSError:
            continue
        lock = _take_abandoned(entry.path)
        if lock is None:
            continue
        try:
            path = Path(entry.path)
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
        finally:
            os.close(lock)
    return removed
