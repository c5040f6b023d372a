"""Library functions behind every CLI command. Each can be called from Python and tests."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from medialit.analysis.search import SearchIndex, build_index
from medialit.case.bundle import BUNDLE_FILE
from medialit.case.load import default_case_dir, load_case
from medialit.curriculum.bundle import exposed_questions, student_bundle_bytes
from medialit.curriculum.review import UnreviewedKey, unreviewed_keys
from medialit.curriculum.spec import KEYS_FILE, load_curriculum
from medialit.errors import AnnotationError, CurriculumError, Problem, StaleOutputError, UnreviewedKeysError
from medialit.grading import key as answer_keys
from medialit.grading.batch import BatchOptions, BatchResult, grade_batch, load_key
from medialit.grading.reports.results import SubmissionResult
from medialit.model import Case, Lesson
from medialit.qtypes.base import KeyEntry

MANAGED = ("lessons", "exercises", "solutions")


def validate(case_dir: str | Path | None = None) -> list[Problem]:
    """Check a case study folder; return its problems (empty when valid).

    Covers ``annotations.yaml``, the source packet ``packet.yaml`` when the folder has one
    (its problems come once the annotations are valid), and the case's own ``lessons/``
    folder and its ``keys.yaml`` (accepted alternatives) when it has them: each lesson is read
    and every key resolved against the case, as ``generate`` does, so a misspelt derivation or
    argument is a problem here too. Problems
    of ``article.md`` raise :class:`~medialit.errors.ArticleError`.
    """
    try:
        case = load_case(case_dir)
    except AnnotationError as exc:
        return list(exc.problems)
    root = Path(case.root) if case.root else None
    own = [p for p in (root / "lessons", root / KEYS_FILE) if p.exists()] if root is not None else []
    if not own:
        return []
    try:
        load_curriculum(case)
    except CurriculumError as exc:
        return [_own_problem(own, str(exc).rstrip("."))]
    return []


#: A curriculum error located in a file: ``FILE:LINE [ID]: message``.
_LOCATED = re.compile(r"(?P<file>[^\n:]+\.ya?ml):(?P<line>\d+)(?: \[(?P<id>[^\]]+)\])?: (?P<message>.*)", re.DOTALL)


def _own_problem(own: list[Path], text: str) -> Problem:
    """The problem of a case's own ``lessons/`` or ``keys.yaml``, at the file and line its message names.

    The message names the file already (``keys.yaml:45 [L4.Q1]: ...``, or a lesson file by its
    name alone); it was printed after another file name, once the same (trial 26:
    ``case/keys.yaml: case/keys.yaml:45``) and for a lesson the folder (``own/lessons: 02.yaml:100``).
    """
    m = _LOCATED.fullmatch(text)
    if m is not None:
        named = Path(m["file"])
        for path in own:
            found = path / named if path.is_dir() and named.parent == Path() else named
            if found.is_file():
                return Problem(str(found), int(m["line"]), m["id"], m["message"], "fix that entry and validate again")
    return Problem(str(own[0]), None, None, text, "fix the file and line it names")


def search_index(case_dir: str | Path | None = None) -> SearchIndex | None:
    """The search index of a case's source packet (JSON data for ``widgets/static/search.js``
    and :func:`medialit.analysis.search.search`), or None when the case has no packet."""
    packet = load_case(case_dir).packet
    return None if packet is None else build_index(packet)


def printable_packet(case_dir: str | Path | None = None) -> str | None:
    """The case's source packet as one printable HTML page (the search lab on paper), or None without a packet."""
    from medialit.publish.packet_print import packet_html

    case = load_case(case_dir)
    if case.packet is None:
        return None
    return packet_html(build_index(case.packet), title=f"Source packet: {case.article.title}")


def load_module(case_dir: str | Path | None = None) -> tuple[Case, tuple[Lesson, ...]]:
    """Load the case and resolve the curriculum against it."""
    case = load_case(case_dir)
    return case, load_curriculum(case)


@dataclass(frozen=True)
class GenerateResult:
    """Files the generator produced, and which of them changed on disk."""

    files: tuple[str, ...]
    changed: tuple[str, ...]
    exposed: tuple[str, ...] = ()
    """Graded questions whose key the student bundle's published tables give away (see
    :func:`medialit.curriculum.bundle.exposed_questions`)."""
    unreviewed: tuple[UnreviewedKey, ...] = ()
    """Graded keys that rest on annotation items still marked ``needs_review`` (see
    :func:`medialit.curriculum.review.unreviewed_keys`)."""


def _case_ref(case_dir: str | Path | None, out: Path) -> str | None:
    if case_dir is None:
        return None
    return os.path.relpath(Path(case_dir).resolve(), (out / "lessons").resolve())


def render_module(case_dir: str | Path | None = None, out: str | Path = ".") -> dict[str, bytes]:
    """Every generated file (relative path -> bytes), without writing anything."""
    return _render(load_module(case_dir), case_dir, Path(out))


def _render(module: tuple[Case, tuple[Lesson, ...]], case_dir: str | Path | None, out: Path) -> dict[str, bytes]:
    # Imported here, not at the top: the notebook builder needs nbformat (the [author] extra),
    # and the grader's install ([grade]) imports this module for grade and key.
    from medialit.notebooks.build import build_module
    from medialit.notebooks.io import render

    case, lessons = module
    return render(build_module(case, lessons, _case_ref(case_dir, out)))


def unreviewed_message(pending: Iterable[UnreviewedKey], case_dir: str | Path | None) -> str:
    """One paragraph: how many graded keys rest on unreviewed items, and which."""
    keys = list(pending)
    where = Path(case_dir) / "annotations.yaml" if case_dir is not None else Path("annotations.yaml")
    listed = "; ".join(f"{u.question} ({u.describe()})" for u in keys[:12])
    more = f"; and {len(keys) - 12} more" if len(keys) > 12 else ""
    return (
        f"{len(keys)} graded key(s) rest on drafted annotation items still marked needs_review in {where}: "
        f"{listed}{more}."
    )


def refusal_fix(case_dir: str | Path | None, root: str | Path = ".") -> str:
    """What to do when the student edition refuses unreviewed keys.

    The command to build anyway names the course folder when it is not the current one: run
    from elsewhere, a bare `medialit build --allow-unreviewed` stops at "not a course folder"
    (trial 28).
    """
    folder = case_dir if case_dir is not None else "CASE"
    where = "" if Path(root) == Path(".") else f" --dir {root}"
    return (
        f" The student edition would grade students against keys no teacher has read, so it was not built. "
        f"Fix: review the items (`medialit review {folder}` lists them; `--accept ID` or `--reject ID` decides "
        f"one; or open {Path(folder) / 'review.ipynb'} in Jupyter, or edit annotations.yaml and "
        "set needs_review: false on each item you accept), then build again; or build it anyway with "
        f"`medialit build{where} --allow-unreviewed` (the teacher edition builds and marks these keys)."
    )


def packaged_bundle(out: str | Path, case_dir: str | Path | None, embedded: str | Path | None = None) -> Path | None:
    """The packaged copy of the embedded case's student bundle that generating into ``out`` keeps current, or None.

    ``embedded`` is the embedded case's folder (default: the one medialit loads,
    ``src/medialit/casestudies/mek`` in a checkout). A path is returned only in a source
    checkout: ``case_dir`` is that case (or None, the default), the package sits in
    ``<checkout>/src/medialit`` with ``<checkout>/pyproject.toml``, and ``out`` is the
    checkout itself. An installed medialit (site-packages, no ``src/`` with a
    ``pyproject.toml`` above it) is never rewritten, and neither is a checkout when
    the module is generated somewhere else (a course folder, a test's temporary folder).
    """
    case = Path(embedded if embedded is not None else default_case_dir()).resolve()
    if case_dir is not None and Path(case_dir).resolve() != case:
        return None
    package = case.parent.parent
    checkout = package.parent.parent
    if package.parent.name != "src" or not (checkout / "pyproject.toml").is_file():
        return None
    if Path(out).resolve() != checkout:
        return None
    return case / BUNDLE_FILE


def generate(out: str | Path = ".", case_dir: str | Path | None = None, *, check: bool = False) -> GenerateResult:
    """Write ``lessons/``, ``exercises/`` and ``solutions/`` under ``out``.

    In a source checkout generating the embedded case into the checkout, this also
    writes the student bundle that ships in the package
    (``src/medialit/casestudies/mek/medialit-case.json``, which ``use()`` loads when a
    notebook is downloaded alone); see :func:`packaged_bundle`. With ``check=True``
    nothing is written; :class:`StaleOutputError` lists the files that differ from
    what the generator would write, that packaged bundle included.
    """
    from medialit.publish.course import refuse_other_case_in_checkout

    refuse_other_case_in_checkout(out, case_dir, default_case_dir())
    return generate_files(out, case_dir, check=check, packaged=packaged_bundle(out, case_dir))


def generate_files(
    out: str | Path,
    case_dir: str | Path | None,
    *,
    check: bool,
    packaged: Path | None,
    module: tuple[Case, tuple[Lesson, ...]] | None = None,
) -> GenerateResult:
    """:func:`generate`, with the packaged copy of the student bundle to keep current named
    explicitly (``packaged``; None: no such copy). Results name that copy relative to ``out``
    when it lies under ``out``. ``module``: the case and lessons when the caller has loaded
    them already (loaded from ``case_dir`` otherwise)."""
    from medialit.notebooks.io import remove_extra, stale_files, write_files  # nbformat: see _render

    root = Path(out)
    if module is None:
        module = load_module(case_dir)
    unreviewed = tuple(unreviewed_keys(*module))
    files = _render(module, case_dir, root)
    names = tuple(files)
    copy: dict[str, bytes] = {}
    shown = ""
    if packaged is not None:
        copy = {packaged.name: files[str(Path("lessons") / BUNDLE_FILE)]}
        rel = os.path.relpath(packaged.resolve(), root.resolve())
        shown = packaged.as_posix() if rel.startswith("..") else rel
        names += (shown,)
    if check:
        stale = stale_files(files, root, MANAGED)
        if packaged is not None and stale_files(copy, packaged.parent):
            stale.append(shown)
        if stale:
            raise StaleOutputError(stale)
        return GenerateResult(names, (), unreviewed=unreviewed)
    changed = write_files(files, root)
    if _owns_notebooks(root):
        changed += [f"{rel} (removed: not generated any more)" for rel in remove_extra(files, root, MANAGED)]
    if packaged is not None and write_files(copy, packaged.parent):
        changed.append(shown)
    exposed = exposed_questions(*module)
    return GenerateResult(names, tuple(changed), tuple(exposed), unreviewed)


def _owns_notebooks(root: Path) -> bool:
    """Whether ``root``'s lessons/, exercises/ and solutions/ are medialit's to prune: a course folder
    (``medialit init``) or the checkout. Elsewhere a notebook the run did not write may be the
    teacher's (collected student work, say): it is left in place, and ``generate --check`` names it."""
    from medialit.publish.course import COURSE_FILE, is_checkout

    return (root / COURSE_FILE).is_file() or (root / "book" / "_config.yml").is_file() or is_checkout(root)


def student_bundle(case_dir: str | Path | None = None) -> bytes:
    """The student bundle (``medialit-case.json``) of a case, as the generator writes it.

    The grader's code sandbox can load it instead of the case folder, so student
    code runs against exactly the data students had.
    """
    return student_bundle_bytes(*load_module(case_dir))


def answer_key(case_dir: str | Path | None = None) -> list[KeyEntry[object]]:
    """The answer key for teachers: per question id, type, points, answer, explanation, citations, rubric.

    Raises :class:`~medialit.errors.BundleError` for a student bundle: it holds no annotations.
    """
    case, lessons = load_module(case_dir)
    return answer_keys.answer_key(case, lessons)


def answer_key_markdown(entries: list[KeyEntry[object]]) -> str:
    """The answer key as Markdown."""
    return answer_keys.answer_key_markdown(entries)


def grade(
    submissions: Iterable[str | Path],
    out: str | Path,
    case_dir: str | Path | None = None,
    *,
    lessons: Iterable[str] | None = None,
    options: BatchOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: list[SubmissionResult] | None = None,
) -> BatchResult:
    """Grade saved notebooks (files, folders, zip archives) and write the reports under ``out``.

    Parameters
    ----------
    submissions : paths to grade.
    out : folder for grades.csv, results/, feedback/, summary.json and summary.html.
    case_dir : the case study whose curriculum holds the key (default: the embedded one).
    lessons : grade only these lesson ids (others become error rows).
    options : a :class:`medialit.grading.batch.BatchOptions` (jobs, id rule, manual scores ...).
    progress : ``progress(done, total)`` after each submission.
    keep : a list that receives every :class:`SubmissionResult` (the batch is otherwise streamed).

    Returns
    -------
    medialit.grading.batch.BatchResult
        The count, the error rows, the report paths and the exit code.
    """
    key = load_key(case_dir, lessons)
    return grade_batch(submissions, key, out, options, progress, keep)


def build(
    edition: str = "student",
    case_dir: str | Path | None = None,
    root: str | Path = ".",
    progress: Callable[[str], None] | None = None,
    wheel: str | Path | None = None,
    *,
    allow_unreviewed: bool = False,
) -> Path:
    """Generate the notebooks, then build the Jupyter Book; return the HTML folder.

    ``root`` must be a course folder (``medialit init``) or a checkout; a checkout builds only
    the embedded case (another case raises :class:`~medialit.errors.CourseFolderError` before
    anything is written). The site offers the medialit wheel ``wheel``, or one built now
    (:func:`medialit.publish.course.site_wheel`).

    The student edition refuses (:class:`~medialit.errors.UnreviewedKeysError`, nothing
    written) while graded keys rest on annotation items still marked ``needs_review``, unless
    ``allow_unreviewed``; the teacher edition builds and marks those keys.
    """
    from medialit.extras import require
    from medialit.publish.book import BOOK_DIR, build_book, read_config  # nbformat: see _render
    from medialit.publish.course import refuse_other_case_in_checkout, require_course, site_wheel

    require("book", "jupyter_book", "nbformat", command="build")
    require_course(root)
    read_config(Path(root) / BOOK_DIR / "_config.yml")  # a broken config stops the build before any work
    refuse_other_case_in_checkout(root, case_dir, default_case_dir())
    module = load_module(case_dir)
    pending = unreviewed_keys(*module)
    if pending and edition == "student" and not allow_unreviewed:
        raise UnreviewedKeysError(unreviewed_message(pending, case_dir) + refusal_fix(case_dir, root))
    result = generate_files(root, case_dir, check=False, packaged=packaged_bundle(root, case_dir), module=module)
    if progress:
        note = f"; graded keys the bundle's tables give away: {', '.join(result.exposed)}" if result.exposed else ""
        progress(f"generated {len(result.files)} files ({len(result.changed)} changed){note}")
        if pending:
            progress(unreviewed_message(pending, case_dir))
        progress("making the medialit wheel the site offers")
    site = site_wheel(root, wheel)
    return build_book(Path(root), *module, edition=edition, case_dir=case_dir, progress=progress, wheel=site)
