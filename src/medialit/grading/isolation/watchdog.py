"""Notice a grading worker that makes no progress, and keep every worker's life inside the grader's.

Each worker of a ``--jobs`` batch (:mod:`medialit.grading.batch`) calls
:func:`worker_started` first: it dies with the grader (``PR_SET_PDEATHSIG``) and
takes a slot of a shared heartbeat array, where :func:`heartbeat` records when it
started its current file. While the grader waits for results,
:meth:`Watchdog.watch` kills (SIGKILL) a worker that has been stopped (SIGSTOP,
a debugger) for :data:`STOPPED_SECONDS`, or that has spent longer on one file
than the batch allows; the pool then breaks and the batch grades that worker's
files again, each alone, as it does for a worker that was killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from typing import Any

from medialit.grading.isolation import _namespaces

#: A worker stopped (SIGSTOP) this long is given up and its files graded again alone.
STOPPED_SECONDS = 10.0
#: How often the watchdog looks at the workers while the grader waits for results.
WATCH_SECONDS = 0.5

_beat: tuple[Any, int] | None = None  # in a worker: (the shared heartbeat array, this worker's slot)


def worker_started(beats: object, parent: int) -> None:
    """In a new worker: die with ``parent`` (the grader), and take a heartbeat slot (``beats``: None for none)."""
    global _beat
    if sys.platform.startswith("linux"):
        _namespaces.die_with_parent(parent or None)
    if beats is not None:
        _beat = (beats, _claim_slot(beats))


def heartbeat(started: float) -> None:
    """In a worker: it started a file at ``started``, or is idle (0).

    ``started`` is ``time.monotonic()``: one clock for every process on Linux, with no step
    when the wall clock is set.
    """
    if _beat is not None and _beat[1] >= 0:
        _beat[0][_beat[1] + 1] = started


def enrol(roster: Any) -> None:
    """In a new worker: write this pid into a free slot of its pool's ``roster`` (a shared int array).

    The grader reads the roster (:func:`enrolled`) to kill the workers of a pool it gives up,
    without reaching into the executor's private state. A pool never has more workers than slots.
    """
    with roster.get_lock():
        for i in range(len(roster)):
            if roster[i] == 0:
                roster[i] = os.getpid()
                return


def enrolled(roster: Any) -> list[int]:
    """The pids written into ``roster`` that are still this process's children (a pid the system
    gave again to another process after a worker ended is never one of them)."""
    with roster.get_lock():
        pids = [int(pid) for pid in roster if pid]
    me = os.getpid()
    return [pid for pid in pids if _stat(pid)[1:2] == [str(me)]]


def _claim_slot(beats: Any) -> int:
    """A free slot of ``beats`` (pairs: pid, time the current file started or 0); -1 when all are taken."""
    me = os.getpid()
    with beats.get_lock():
        for i in range(0, len(beats), 2):
            pid = int(beats[i])
            if pid == 0 or not alive(pid):
                beats[i], beats[i + 1] = me, 0.0
                return i
    return -1


def alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (not gone, not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return state(pid) not in ("Z", "X")


def state(pid: int) -> str:
    """The process state letter from /proc (R, S, D, T, t, Z ...; "" where unknown)."""
    fields = _stat(pid)
    return fields[0] if fields else ""


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state, parent pid, ...; [] where unknown)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
    except OSError:
        return []
    if b")" not in data:
        return []
    return data.rsplit(b")", 1)[-1].decode("ascii", "replace").split()


class Watchdog:
    """Kills workers that make no progress; see the module docstring.

    Parameters
    ----------
    beats
        The shared heartbeat array (a ``multiprocessing`` ``Array("d", 2 * slots)``), given to each worker.
    budget
        The longest a worker may spend on one file, in seconds.
    """

    def __init__(self, beats: Any, budget: float) -> None:
        self.beats = beats
        self.budget = budget
        self.stopped: dict[int, float] = {}

    def watch(self, pids: list[int]) -> list[int]:
        """Look at the workers ``pids`` once; kill those stopped or stuck, and return them."""
        now = time.monotonic()
        killed: list[int] = []
        for pid in pids:
            if state(pid) in ("T", "t"):
                if now - self.stopped.setdefault(pid, now) >= STOPPED_SECONDS:
                    killed.append(pid)
            else:
                self.stopped.pop(pid, None)
        wall = time.monotonic()
        for i in range(0, len(self.beats), 2):
            pid, started = int(self.beats[i]), self.beats[i + 1]
            if pid in pids and started and wall - started > self.budget and pid not in killed:
                killed.append(pid)
        for pid in killed:
            self.stopped.pop(pid, None)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)  # also ends a stopped process; its pool breaks and re-grades
        return killed
