"""Grade a batch: list the submissions, grade them (in parallel with ``jobs > 1``), write the reports.

Results come back in the order the submissions are listed, whatever ``jobs``
is, so reports are byte-identical for the same inputs. Nothing is held for the
whole batch but one small row per submission (in a temporary file) and running
statistics; notebooks are read one at a time in each worker.

Worker processes are started with ``spawn`` (no fork of a process that may run
threads, such as a progress bar); each receives the key once, keeps its own
code sandbox, and writes the per-student files itself when student ids come
from file names (they are decided before grading); with ids from notebook
metadata, ids are made unique and files written by the parent, in order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from medialit.grading.feedback import Release
from medialit.grading.grade import AnswerKey, Grader, SubmissionResult, UniqueIds
from medialit.grading.inputs import IdRule, Source, iter_sources
from medialit.grading.manual import ManualScores
from medialit.grading.report import EXIT_OK, EXIT_SOME_ERRORS, ReportWriter, write_student_files
from medialit.grading.sandbox import WALL_SECONDS

CHUNK = 16


@dataclass(frozen=True)
class BatchOptions:
    """How a batch is graded.

    Attributes
    ----------
    jobs : worker processes (1 grades in this process).
    id_rule : how student ids are found (:mod:`medialit.grading.inputs`).
    code_timeout : wall-clock limit of one code answer, in seconds.
    visibility : Gradescope visibility of the tests in results/.
    manual : a teacher score file to merge (:mod:`medialit.grading.manual`).
    release_explanations : feedback also shows each question's explanation and sources.
    """

    jobs: int = 1
    id_rule: IdRule = field(default_factory=IdRule)
    code_timeout: float = WALL_SECONDS
    visibility: str = "visible"
    manual: str | Path | None = None
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


def _finish(grader: Grader, ctx: _Context, source: Source, student: str | None) -> _Done:
    """Grade one source; with its final student id known, merge teacher scores and write its files."""
    r = grader.grade_source(source)
    if student is None:
        return _Done(r, False)
    if student != r.student:
        note = f"another submission has the student id {r.student!r}; this one is {student!r}"
        r = replace(r, student=student, message="; ".join(m for m in (r.message, note) if m))
    used: list[tuple[str, str]] = []
    problems: list[str] = []
    if ctx.manual is not None:
        r, used, problems = ctx.manual.merge(r)
    if ctx.out is not None:
        write_student_files(ctx.out, r, grader.key.questions, ctx.visibility, ctx.release)
    return _Done(r, ctx.out is not None, tuple(used), tuple(problems))


_worker: tuple[Grader, _Context] | None = None


def _init_worker(key: AnswerKey, id_rule: IdRule, code_timeout: float, ctx: _Context) -> None:
    global _worker
    grader = Grader(key, id_rule=id_rule, code_timeout=code_timeout)
    _worker = (grader, ctx)
    import atexit

    atexit.register(grader.close)


def _in_worker(task: tuple[Source, str | None]) -> _Done:
    assert _worker is not None
    return _finish(_worker[0], _worker[1], *task)


def _tasks(sources: list[Source], rule: IdRule) -> list[tuple[Source, str | None]]:
    """Pair each source with its final student id, when names decide it (not notebook metadata)."""
    if rule.metadata_key:
        return [(s, None) for s in sources]
    ids = UniqueIds()
    return [(s, ids.unique(s.student)) for s in sources]


def _graded(
    tasks: list[tuple[Source, str | None]], key: AnswerKey, opts: BatchOptions, ctx: _Context
) -> Iterator[_Done]:
    if opts.jobs <= 1 or len(tasks) < 2:
        with Grader(key, id_rule=opts.id_rule, code_timeout=opts.code_timeout) as grader:
            for task in tasks:
                yield _finish(grader, ctx, *task)
        return
    mp = multiprocessing.get_context("spawn")
    jobs = min(opts.jobs, len(tasks))
    chunk = max(1, min(CHUNK, len(tasks) // (4 * jobs)))
    with mp.Pool(jobs, _init_worker, (key, opts.id_rule, opts.code_timeout, ctx)) as pool:
        yield from pool.imap(_in_worker, tasks, chunksize=chunk)
        pool.close()
        pool.join()


def grade_sources(
    sources: Iterable[Source], key: AnswerKey, options: BatchOptions | None = None
) -> Iterator[SubmissionResult]:
    """Grade ``sources`` in order (in ``options.jobs`` processes); ids are made unique. No files are written."""
    opts = options or BatchOptions()
    ids = UniqueIds()
    ctx = _Context(None, opts.visibility, None)
    for done in _graded([(s, None) for s in sources], key, opts, ctx):
        yield ids.apply(done.result)


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
    :class:`~medialit.grading.manual.ManualScoresError` after the reports are written.
    """
    opts = options or BatchOptions()
    manual = ManualScores.load(opts.manual, key) if opts.manual else None
    sources = list(iter_sources(paths, opts.id_rule))
    release = Release(key.citations) if opts.release_explanations else None
    writer = ReportWriter(out, key.questions, opts.visibility, release)
    ctx = _Context(writer.out, opts.visibility, manual, release)
    late_ids = UniqueIds()
    errors: list[SubmissionResult] = []
    n = 0
    with writer:
        for done in _graded(_tasks(sources, opts.id_rule), key, opts, ctx):
            r = done.result
            if not done.files_written:  # student ids from notebook metadata: decided here, in order
                r = late_ids.apply(r)
                if manual is not None:
                    r = manual.apply(r)
            elif manual is not None:
                manual.record(list(done.used), list(done.problems))
            writer.add(r, files_written=done.files_written)
            n += 1
            if r.status == "error":
                errors.append(r)
            if keep is not None:
                keep.append(r)
            if progress is not None:
                progress(n, len(sources))
    paths_out = writer.close()
    if manual is not None:
        manual.check_all_used()
    return BatchResult(n, tuple(errors), paths_out)


def load_key(case_dir: str | Path | None = None, lessons: Iterable[str] | None = None) -> AnswerKey:
    """The answer key of a case study (the embedded one by default), optionally for some lessons."""
    from medialit.case.load import load_case
    from medialit.curriculum.spec import load_curriculum

    case = load_case(case_dir)
    citations = {c.id: (c.title, c.url or "") for c in case.annotations.citations}
    key = AnswerKey.from_lessons(load_curriculum(case), case_dir, case.article.id, citations)
    wanted = list(lessons or ())
    return key.restrict(wanted) if wanted else key


def describe(options: BatchOptions) -> dict[str, Any]:
    """The options as plain data (for logs and the Gradescope configuration)."""
    return {
        "jobs": options.jobs,
        "id_pattern": options.id_rule.pattern.pattern if options.id_rule.pattern else None,
        "id_metadata": options.id_rule.metadata_key,
        "code_timeout": options.code_timeout,
        "visibility": options.visibility,
        "release_explanations": options.release_explanations,
    }
