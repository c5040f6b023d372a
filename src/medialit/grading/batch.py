"""Grade a batch: list the submissions, grade them (in parallel with ``jobs > 1``), write the reports.

Results come back in the order the submissions are listed, whatever ``jobs``
is, so reports are byte-identical for the same inputs. Nothing is held for the
whole batch but one small row per submission (in a temporary file) and running
statistics; notebooks are read one at a time in each worker.

Worker processes are started with ``spawn`` (no fork of a process that may run
threads, such as a progress bar); each receives the key once, keeps its own
code sandbox, and writes the per-student files itself when student ids come
from file names (they are decided before grading: files that claim one id are
error rows, not graded, :func:`~medialit.grading.naming.collisions`); with ids
from notebook metadata, results wait in a private temporary file until the whole
batch is graded, then files that claim one id become error rows and the parent
writes the files, in order.

A worker that dies (killed, out of memory) breaks the pool; the batch does not
hang: the submissions it had not handed back are graded again, one at a time in
a fresh worker, and one that kills its worker again becomes an error row. Any
other failure while grading one file is an error row for that file.
(``MEDIALIT_TEST_KILL_WORKER``, for the test suite only: a worker kills itself
with SIGKILL, once its sandbox has started, when it starts a file whose label contains that text.)

A watchdog does the same for a worker that is alive but makes no progress: one
stopped (SIGSTOP, or under a debugger) for a few seconds, or one that
has spent longer on one file than any file can take (:func:`file_budget`: the
sandbox's start and every code answer's time limit, with a margin) is killed,
and its files are graded again alone, as for a killed one. Every worker dies
with the grader (``PR_SET_PDEATHSIG``), and so do the sandboxes they started.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import pickle
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from medialit import qtypes
from medialit.case.load import load_case
from medialit.curriculum.spec import load_curriculum
from medialit.errors import GradingError
from medialit.grading.answer_key import AnswerKey
from medialit.grading.grade import Grader, internal_error
from medialit.grading.inputs import IdRule, Source, iter_sources
from medialit.grading.isolation import watchdog
from medialit.grading.isolation.sandbox import STARTUP_SECONDS, WALL_SECONDS, remove_stale_folders
from medialit.grading.naming import METADATA_FIX, NAMES_FIX, collisions, id_key, report_stem, safe_name, shared_ids
from medialit.grading.replay import with_replay
from medialit.grading.reports.feedback import Release
from medialit.grading.reports.manual import ManualScores
from medialit.grading.reports.report import EXIT_OK, EXIT_SOME_ERRORS, ReportWriter, write_student_files
from medialit.grading.reports.results import SubmissionResult

CHUNK = 16
WINDOW = 2
MAX_DEATHS = 3
KILL_HOOK = "MEDIALIT_TEST_KILL_WORKER"
WORKER_DIED = (
    "the grading process stopped while grading this file (killed, out of memory, stopped or stuck), "
    "and again when it was graded on its own; it was not graded"
)
REGRADED = "the grading process stopped during the batch; this file was graded again on its own"


@dataclass(frozen=True)
class BatchOptions:
    """How a batch is graded.

    Attributes
    ----------
    jobs : worker processes (1 grades in this process).
    id_rule : how student ids are found (:mod:`medialit.grading.inputs`).
    code_timeout : wall-clock limit of one code answer, in seconds.
    visibility : Gradescope visibility of the tests in results/.
    manual : a teacher score file to merge (:mod:`medialit.grading.reports.manual`).
    unsafe_code : run code answers even where they cannot be isolated (``--unsafe-code``).
    release_explanations : feedback also shows each question's explanation and sources.
    """

    jobs: int = 1
    id_rule: IdRule = field(default_factory=IdRule)
    code_timeout: float = WALL_SECONDS
    visibility: str = "visible"
    manual: str | Path | None = None
    unsafe_code: bool = False
    release_explanations: bool = False


@dataclass(frozen=True)
class BatchResult:
    """What a batch produced: how many submissions, the error rows, and the report paths."""

    count: int
    errors: tuple[SubmissionResult, ...]
    paths: dict[str, Path]

    @property
    def exit_code(self) -> int:
        """0 when every submission was graded, 1 when some were errors."""
        return EXIT_SOME_ERRORS if self.errors else EXIT_OK


@dataclass(frozen=True)
class _Context:
    """What a worker needs besides the key: where to write, and the teacher scores."""

    out: Path | None
    visibility: str
    manual: ManualScores | None
    release: Release | None = None


@dataclass(frozen=True)
class _Done:
    """One graded submission, as a worker hands it back."""

    result: SubmissionResult
    files_written: bool
    used: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()
    stem: str | None = None  # the report files' name when the parent writes them (see naming.report_stem)


def _finish(grader: Grader, ctx: _Context, source: Source, student: str | None) -> _Done:
    """Grade one source; with its final student id known, merge teacher scores and write its files.

    Never raises for one file's failure: it becomes the file's error row.
    """
    try:
        return _finish_one(grader, ctx, source, student)
    except Exception as exc:
        return _Done(internal_error(student or source.student, source.label, exc), False)


def _finish_one(grader: Grader, ctx: _Context, source: Source, student: str | None) -> _Done:
    r = grader.grade_source(source)
    if student is None:
        return _Done(r, False)
    if student != r.student:
        r = replace(r, student=student)
    used: list[tuple[str, str]] = []
    problems: list[str] = []
    if ctx.manual is not None:
        r, used, problems = ctx.manual.merge(r)
    if ctx.out is not None:
        write_student_files(ctx.out, r, grader.key.questions, ctx.visibility, ctx.release)
    return _Done(r, ctx.out is not None, tuple(used), tuple(problems))


_worker: tuple[Grader, _Context] | None = None


def _init_worker(
    key: AnswerKey, opts: BatchOptions, ctx: _Context, beats: Any = None, parent: int = 0, roster: Any = None
) -> None:
    global _worker
    watchdog.worker_started(beats, parent)  # first: nothing of this worker outlives the grader
    if roster is not None:
        watchdog.enrol(roster)
    grader = Grader(key, id_rule=opts.id_rule, code_timeout=opts.code_timeout, unsafe_code=opts.unsafe_code)
    _worker = (grader, ctx)

    atexit.register(grader.close)


Task = tuple[Source, str | None]


def _in_worker(tasks: list[Task]) -> list[_Done]:
    assert _worker is not None
    hook = os.environ.get(KILL_HOOK)
    out = []
    for task in tasks:
        if hook and hook in task[0].label:
            # Once its sandbox is up: bwrap killed mid-setup can orphan its inner process (see docs/security.md).
            _worker[0].runner.run("answer = 0  # medialit test hook")
            os.kill(os.getpid(), signal.SIGKILL)
        watchdog.heartbeat(time.monotonic())
        out.append(_finish(_worker[0], _worker[1], *task))
    watchdog.heartbeat(0.0)
    return out


def file_budget(key: AnswerKey, code_timeout: float) -> float:
    """The longest one file can honestly take a worker (seconds): the sandbox's start, every code answer, a margin."""
    runs = sum(1 for q in key.questions.values() if qtypes.get(q.type).runs_code)
    return STARTUP_SECONDS + runs * (code_timeout + 20) + 120


def _died(task: Task) -> _Done:
    source, student = task
    died = SubmissionResult(student or source.student, source.label, "", (), "error", WORKER_DIED, late=source.late)
    return _Done(died, False)


def _noted(done: _Done, note: str) -> _Done:
    r = done.result
    return replace(done, result=replace(r, message="; ".join(m for m in (r.message, note) if m)))


class _Pool:
    """Worker processes that survive the death (or the stop) of one: lost submissions are graded again, alone."""

    def __init__(self, key: AnswerKey, opts: BatchOptions, ctx: _Context, jobs: int) -> None:
        self.jobs = jobs
        self.mp = multiprocessing.get_context("spawn")
        self.dog = watchdog.Watchdog(self.mp.Array("d", 2 * (2 * jobs + 4)), file_budget(key, opts.code_timeout))
        self.args = (key, opts, ctx, self.dog.beats, os.getpid())
        self.main: _Executor | None = None
        self.solo: _Executor | None = None
        self.deaths = 0

    def _executor(self, workers: int) -> _Executor:
        roster = self.mp.Array("i", workers)
        ex = ProcessPoolExecutor(workers, mp_context=self.mp, initializer=_init_worker, initargs=(*self.args, roster))
        return _Executor(ex, roster)

    def wait(self, fut: Future[list[_Done]]) -> list[_Done]:
        """``fut``'s results; meanwhile a worker that is stopped or stuck is killed (the future then fails)."""
        while True:
            try:
                return fut.result(timeout=watchdog.WATCH_SECONDS)
            except FutureTimeout:
                self.dog.watch(self.workers())

    def workers(self) -> list[int]:
        """The pids of the workers of both executors."""
        return [pid for ex in (self.main, self.solo) if ex is not None for pid in ex.pids()]

    def close(self, wait: bool = True) -> None:
        """Stop the workers (``wait=False`` on an interruption: do not wait for running files).

        Waiting, the watchdog still runs: a worker stopped while idle would never take its
        stop signal, and the executor would wait for it for ever. Not waiting, the workers are
        killed (:func:`_abandon`).
        """
        for ex in (self.main, self.solo):
            if ex is None:
                continue
            if not wait:
                _abandon(ex)
                continue
            pids = ex.pids()
            ex.pool.shutdown(wait=False, cancel_futures=True)
            while running := [pid for pid in pids if watchdog.alive(pid)]:
                self.dog.watch(running)
                time.sleep(watchdog.WATCH_SECONDS / 5)
        self.main = self.solo = None

    def submit(self, chunk: list[Task]) -> Future[list[_Done]]:
        if self.main is None:
            self.main = self._executor(self.jobs)
        try:
            return self.main.pool.submit(_in_worker, chunk)
        except BrokenProcessPool:  # it broke after its last result came back: start a new one
            self.broken()
            self.main = self._executor(self.jobs)
            return self.main.pool.submit(_in_worker, chunk)

    def broken(self) -> None:
        """The main pool lost a worker: drop it (a new one starts on the next submit)."""
        if self.main is not None:
            _abandon(self.main)
            self.main = None

    def alone(self, task: Task) -> _Done:
        """Grade one task in a worker of its own; a second death is the task's error row."""
        if self.solo is None:
            self.solo = self._executor(1)
        try:
            done = self.wait(self.solo.pool.submit(_in_worker, [task]))[0]
        except BrokenProcessPool:
            _abandon(self.solo)
            self.solo = None
            self.deaths += 1
            if self.deaths >= MAX_DEATHS:
                raise GradingError(
                    f"grading processes died {self.deaths} times in a row (last on {task[0].label}); "
                    "is the machine out of memory? Try fewer --jobs"
                ) from None
            return _died(task)
        self.deaths = 0
        return _noted(done, REGRADED)


def _plan(sources: list[Source], rule: IdRule) -> tuple[list[Task], frozenset[str]]:
    """The tasks to grade, each with its final student id when names decide it alone, and the ids
    that several sources have (as :func:`naming.id_key`).

    A source whose id another has too is graded without an id (``None``): its files are written
    once the batch is graded and the lessons of all are known (:func:`_settled`), since one
    student's notebooks of different lessons are all graded and two of one lesson are error rows.
    Ids from notebook metadata are known only once graded: every task has ``None``.
    """
    if rule.metadata_key:
        return [(s, None) for s in sources], frozenset()
    shared = shared_ids([s.student for s in sources])
    return [(s, None if id_key(s.student) in shared else s.student) for s in sources], shared


def _collided(r: SubmissionResult, why: str, stem: str) -> _Done:
    """The error row of a submission whose student id and lesson another submission claims too."""
    return _Done(SubmissionResult(r.student, r.file, r.lesson, (), "error", why, late=r.late), False, stem=stem)


def _settled(results: Iterable[_Done], progress: Callable[[int], object], fix: str) -> Iterator[_Done]:
    """Results whose ids and lessons are all known once graded: they are kept in a private temporary
    file (not in memory) until the batch is graded; then every result whose id and lesson another
    has too is an error row, and the report files of a student with several notebooks carry the lesson."""
    with tempfile.TemporaryFile() as spool:
        claims: list[tuple[str, str, str]] = []
        for done in results:
            pickle.dump(done, spool)
            claims.append((done.result.student, done.result.file, done.result.lesson))
            progress(len(claims))
        clashes = collisions(claims, fix)
        shared = shared_ids([student for student, _, _ in claims])
        spool.seek(0)
        for i, (student, _, lesson) in enumerate(claims):
            done = pickle.load(spool)  # noqa: S301 - our own results, from our own private file
            stem = None if done.files_written else report_stem(student, lesson, shared)
            yield _collided(done.result, clashes[i], safe_name(student)) if i in clashes else replace(done, stem=stem)


def _graded(
    tasks: list[tuple[Source, str | None]], key: AnswerKey, opts: BatchOptions, ctx: _Context
) -> Generator[_Done]:
    if opts.jobs <= 1 or len(tasks) < 2:
        with Grader(key, id_rule=opts.id_rule, code_timeout=opts.code_timeout, unsafe_code=opts.unsafe_code) as grader:
            for task in tasks:
                yield _finish(grader, ctx, *task)
        return
    jobs = min(opts.jobs, len(tasks))
    size = max(1, min(CHUNK, len(tasks) // (4 * jobs)))
    chunks = deque(tasks[i : i + size] for i in range(0, len(tasks), size))
    pool = _Pool(key, opts, ctx, jobs)
    window: deque[tuple[list[Task], Future[list[_Done]]]] = deque()
    try:
        while chunks or window:
            while chunks and len(window) < WINDOW * jobs:
                chunk = chunks.popleft()
                window.append((chunk, pool.submit(chunk)))
            chunk, fut = window.popleft()
            try:
                yield from pool.wait(fut)
                continue
            except BrokenProcessPool:
                pass
            # A worker died: every chunk not handed back yet is graded again, one file at a time.
            lost = [(chunk, fut), *window]
            window.clear()
            for chunk, fut in lost:
                try:
                    results = pool.wait(fut)
                except (BrokenProcessPool, CancelledError):
                    results = [pool.alone(task) for task in chunk]
                yield from results
            pool.broken()
    except BaseException:  # interrupted (or the consumer stopped): do not wait for files in flight
        pool.close(wait=False)
        raise
    pool.close()


def grade_batch(
    paths: Iterable[str | Path],
    key: AnswerKey,
    out: str | Path,
    options: BatchOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: list[SubmissionResult] | None = None,
) -> BatchResult:
    """Grade every submission under ``paths`` and write the reports into ``out``.

    ``progress(done, total)`` is called after each submission; results are also
    appended to ``keep`` when a list is given (the batch is otherwise not held).
    A teacher score file in ``options.manual`` is checked before grading and
    merged; rows that match no submission raise
    :class:`~medialit.grading.reports.manual.ManualScoresError` after the reports are written.
    """
    opts = options or BatchOptions()
    manual = ManualScores.load(opts.manual, key) if opts.manual else None
    sources = list(iter_sources(paths, opts.id_rule))
    release = Release(key.citations) if opts.release_explanations else None
    writer = ReportWriter(out, key.questions, opts.visibility, release)
    remove_stale_folders()  # sandbox folders of graders killed before they could remove them
    ctx = _Context(writer.staging, opts.visibility, manual, release)
    errors: list[SubmissionResult] = []
    n = 0
    tasks, shared = _plan(sources, opts.id_rule)
    settle = bool(opts.id_rule.metadata_key or shared)
    with writer, closing(_graded(tasks, key, opts, ctx)) as graded:
        results: Iterator[_Done] = graded
        if settle:
            fix = METADATA_FIX if opts.id_rule.metadata_key else NAMES_FIX
            results = _settled(results, lambda done: progress(done, len(sources)) if progress else None, fix)
        for done in results:
            r = done.result
            if not done.files_written:  # ids from notebook metadata, or a collision: files written here
                if manual is not None:
                    r = manual.apply(r)
            elif manual is not None:
                manual.record(list(done.used), list(done.problems))
            writer.add(r, files_written=done.files_written, stem=done.stem)
            n += 1
            if r.status == "error":
                errors.append(r)
            if keep is not None:
                keep.append(r)
            if progress is not None and not settle:
                progress(n, len(sources))
    paths_out = writer.close()
    if manual is not None:
        manual.check_all_used()
    return BatchResult(n, tuple(errors), paths_out)


def load_key(case_dir: str | Path | None = None, lessons: Iterable[str] | None = None) -> AnswerKey:
    """The answer key of a case study (the embedded one by default), optionally for some lessons."""
    case = load_case(case_dir)
    citations = {c.id: (c.title, c.url or "") for c in case.annotations.citations}
    key = AnswerKey.from_lessons(with_replay(load_curriculum(case), case.packet), case_dir, case.article.id, citations)
    wanted = list(lessons or ())
    return key.restrict(wanted) if wanted else key


@dataclass(frozen=True)
class _Executor:
    """A process pool and its roster: each worker writes its pid there first (:func:`watchdog.enrol`)."""

    pool: ProcessPoolExecutor
    roster: Any

    def pids(self) -> list[int]:
        """The pids of the workers that have started (live or not: callers check)."""
        return watchdog.enrolled(self.roster)


def _abandon(ex: _Executor) -> None:
    """Shut ``ex`` down without waiting and kill its workers that are still alive.

    A broken pool sends its other workers SIGTERM, which a stopped (SIGSTOP) worker only
    takes once continued; SIGKILL ends it where it stands, so no worker outlives its pool.
    """
    pids = ex.pids()
    ex.pool.shutdown(wait=False, cancel_futures=True)
    for pid in pids:
        if watchdog.alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
