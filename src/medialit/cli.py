"""The ``medialit`` command: argument parsing and the one error boundary. Logic lives in :mod:`medialit.api`.

Each command imports the library it calls inside its body, on measured cost (``python -X
importtime``, best of five on the project machine): ``import medialit.api`` takes 2.0-3.5 s
(nbformat and jsonschema, whose IRI grammar alone is 2 s) against 0.04 s for this module,
and ``medialit --help`` should not wait for it. ``rich`` (progress bars) is imported where it is
used too: it belongs to the [grade], [author] and [book] extras, and a student install without
them must still run ``medialit --help`` and name the missing extra (tests/roles).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from medialit.cli_new import new
from medialit.cli_review import review
from medialit.errors import AnnotationError, MedialitError, PacketError, StaleOutputError

CASE_HELP = "Case study folder (article.md + annotations.yaml). Default: the embedded MEK case."


_code_timeout_option = click.option(
    "--code-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0.5, 600),
    help="Wall-clock seconds allowed to one code answer.",
)
_unsafe_code_option = click.option(
    "--unsafe-code",
    is_flag=True,
    help="Run code answers even where they cannot be isolated (no bubblewrap or no user namespaces). "
    "The code then runs as your user and can read your files and use the network; without this flag "
    "such answers go to the manual queue.",
)
_visibility_option = click.option(
    "--visibility",
    default="visible",
    show_default=True,
    type=click.Choice(["visible", "after_due_date", "after_published", "hidden"]),
    help="Gradescope visibility of the per-question results (when students see them).",
)
_release_option = click.option(
    "--release-explanations",
    is_flag=True,
    help="Also show each question's explanation and sources (titles with links) in the feedback; "
    "for example once the due date has passed (compare --visibility after_due_date).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="medialit")
def cli(debug: bool) -> None:
    """Turn a news article into a media-literacy module: lessons, exercises, solutions, a book, grades.

    \b
    Typical use:
      medialit init course/          a course folder (book pages, config, optional --case)
      medialit build                 in it: generate the notebooks and build the student site
      medialit build --edition teacher
      medialit new ARTICLE --out DIR draft a case study from a news article
      medialit validate              check the case study annotations (and source packet)
      medialit grade submissions/ --out grades/
      medialit grade subs/ --out grades/ --canvas-gradebook EXPORT.csv --assignment NAME
      medialit review CASE --list    accept or reject drafted items (--accept ID, --reject ID)
      medialit key --format md       print the answer key (--by-annotation: per annotation item)
      medialit print-packet          the source packet on paper (packet.html)
      medialit gradescope-autograder --out autograder.zip
    """
    # --debug is read by main(), the error boundary, before click parses anything.


def _course_default(case_dir: Path | None, folder: Path) -> Path | None:
    """``case_dir``, or the case a course folder names (``medialit init --case``) when none is given."""
    if case_dir is not None:
        return case_dir
    from medialit.publish.course import course_case, stale_copy

    named = course_case(folder)
    if named is not None:
        click.echo(f"note: using the course's case study {named} (medialit-course.json)", err=True)
        stale = stale_copy(folder)
        if stale:
            click.echo(f"warning: {stale}", err=True)
    return named


def _regex_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A usage error (exit 2) for a regular expression that does not compile."""
    if value:
        try:
            re.compile(value)
        except re.error as exc:
            raise click.BadParameter(f"{value!r} is not a valid regular expression: {exc}") from None
    return value


def _err(msg: str) -> None:
    click.secho("error: ", fg="red", bold=True, err=True, nl=False)
    click.echo(msg, err=True)


@cli.command()
@click.argument("case_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
def validate(case_dir: Path | None) -> None:
    """Check a case study: schema, ids, spans, citations and sentence coverage.

    Also checks the case's source packet (packet.yaml), when it has one: schema, citation
    and source ids, dates, cited summaries, short quotes, no answer-key ids (docs/packet.md).
    Every problem is reported with its file, line, id and how to fix it.
    """
    from medialit import api

    problems = api.validate(case_dir)
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"{case_dir or 'embedded case (mek)'}: valid.")
    if case_dir is not None:
        from medialit.drafter import review_status_of

        status = review_status_of(case_dir)
        if status.pending:
            click.echo(status.summary())


@cli.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and list the stale files if any differ.")
@click.option("--case", "case_dir", type=click.Path(file_okay=False, path_type=Path), help=CASE_HELP)
@click.option(
    "--out",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder that receives lessons/, exercises/ and solutions/.",
)
def generate(check: bool, case_dir: Path | None, out: Path) -> None:
    """Write lessons/, exercises/ and solutions/ notebooks (byte-identical on every run)."""
    from medialit import api

    case_dir = _course_default(case_dir, out)
    result = api.generate(out, case_dir, check=check)
    if check:
        click.echo(f"{len(result.files)} generated files are up to date.")
    else:
        click.echo(f"{len(result.files)} files generated, {len(result.changed)} changed.")
        for rel in result.changed:
            click.echo(f"  wrote {rel}")
        _report_exposed(result.exposed)
    _report_unreviewed(result.unreviewed, case_dir)


def _report_unreviewed(unreviewed: tuple[Any, ...], case_dir: Path | None) -> None:
    if unreviewed:
        from medialit.api import unreviewed_message

        click.echo(
            "note: "
            + unreviewed_message(unreviewed, case_dir)
            + " The teacher edition marks them; the student edition is not built on them without "
            "--allow-unreviewed.",
            err=True,
        )


def _report_exposed(exposed: tuple[str, ...]) -> None:
    if exposed:
        click.echo(
            f"note: {len(exposed)} graded question(s) can be answered from the tables the student bundle "
            "publishes for code questions and lesson figures (medialit-case.json): " + ", ".join(exposed) + ". "
            "Move them to practice, or drop the code question or figure that needs the table, if the "
            "keys must stay secret (see README, 'Keeping keys secret').",
            err=True,
        )


@cli.command()
@click.option(
    "--edition",
    type=click.Choice(["student", "teacher"]),
    default="student",
    show_default=True,
    help="student: lessons and exercises only; teacher: adds solutions, keys and the teacher guide.",
)
@click.option("--case", "case_dir", type=click.Path(file_okay=False, path_type=Path), help=CASE_HELP)
@click.option(
    "--dir",
    "--root",
    "root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Course folder (made by `medialit init`, or a checkout) holding book/ and the notebook folders.",
)
@click.option(
    "--wheel",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The medialit wheel the site offers students (default: one built now from this medialit).",
)
@click.option(
    "--allow-unreviewed",
    is_flag=True,
    help="Build the student edition even though graded keys rest on drafted annotations still marked "
    "needs_review (students would be graded against keys no teacher has read).",
)
def build(edition: str, case_dir: Path | None, root: Path, wheel: Path | None, allow_unreviewed: bool) -> None:
    """Generate the notebooks, then build the Jupyter Book website (offline, cached execution).

    Run it in a course folder (`medialit init DIR` makes one). The student edition goes to
    book/_build/html, the teacher edition to book/_build/teacher/_build/html. The site
    carries each exercise notebook to download and the medialit wheel students install.
    It says how many graded keys rest on drafted annotations still marked needs_review; the
    teacher edition marks them, and the student edition is not built on them without
    --allow-unreviewed. In a medialit checkout only the embedded case is built: for your own
    case, make a course folder with `medialit init DIR --case CASE`.
    """
    from medialit import api
    from medialit.extras import require
    from medialit.publish.course import require_course

    require("book", "jupyter_book", "rich", "nbformat", command="build")
    require_course(root)
    case_dir = _course_default(case_dir, root)

    from rich.console import Console

    console = Console(stderr=True)
    with console.status("building the book…") as status:

        def progress(msg: str) -> None:
            status.update(f"[bold]{edition} book[/]: {msg}")
            if msg.startswith("generated"):
                console.log(msg)
            elif "needs_review" in msg:
                console.print(f"note: {msg}", markup=False, highlight=False)

        html = api.build(edition, case_dir, root, progress=progress, wheel=wheel, allow_unreviewed=allow_unreviewed)
    click.echo(f"built the {edition} edition: {html / 'index.html'}")


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--case",
    "case_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Your case study folder (article.md + annotations.yaml); the course follows it, so edits to it "
    "reach the next build. Default: the embedded case.",
)
@click.option(
    "--copy",
    is_flag=True,
    help="Copy the case into FOLDER/case instead (a self-contained course); commands then warn when the "
    "original has changed since.",
)
def init(folder: Path, case_dir: Path | None, copy: bool) -> None:
    """Write a course folder: the book's config and pages (and which case it uses), ready for `medialit build`.

    The home page and the teacher guide are written from the case at each build; to write your
    own, put intro.md or teacher-guide.md in FOLDER/book. Edit FOLDER/book/*.md and
    FOLDER/book/_config.yml to make the site yours.
    """
    from medialit.extras import require
    from medialit.publish.course import init_course

    if copy and case_dir is None:
        raise click.UsageError("--copy copies the case given with --case: give --case too.")
    require("book", "yaml", command="init")
    written = init_course(folder, case_dir, copy=copy)
    click.echo(f"wrote {len(written)} files into {folder}")
    pending = False
    if case_dir is not None:
        from medialit.drafter import review_status_of

        pending = review_status_of(case_dir).pending > 0
    if pending:
        # A fresh draft: the student edition would refuse (trial 26 ran the printed command first).
        click.echo(
            f"next: medialit build --dir {folder} --edition teacher   (keys, solutions, teacher guide); "
            f"the student edition (medialit build --dir {folder}) waits until the items the keys rest on "
            f"are reviewed: medialit review {case_dir} lists them"
        )
    else:
        click.echo(f"next: cd {folder} && medialit build   (or: medialit build --dir {folder})")


@cli.command()
@click.argument("submissions", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for grades.csv, results/, feedback/, summary.json, summary.html and manual-queue.csv.",
)
@click.option(
    "--case",
    "case_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Case study whose curriculum holds the key. " + CASE_HELP.split(". ", 1)[1],
)
@click.option(
    "--key",
    "old_key_dir",
    hidden=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Deprecated name of --case.",
)
@click.option(
    "--lesson",
    "lessons",
    multiple=True,
    metavar="L3",
    help="Grade only notebooks of this lesson (repeatable); others become error rows.",
)
@click.option(
    "--jobs",
    "-j",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes. Results keep the order of the files either way.",
)
@click.option(
    "--id-pattern",
    metavar="REGEX",
    callback=_regex_option,
    help="Regular expression searched in each file's path (relative to its folder or zip; members of a "
    "student's zip left out); its group 'id' (or first group) is the student id. Default: the outermost "
    "name Canvas, Moodle or Gradescope wrote (name_userid_submissionid_file, Name_N_assignsubmission_file_..., "
    "submission_N/), then the student's folder, then the file (or the student's zip) name. "
    "Files that claim one id are all error rows.",
)
@click.option(
    "--id-metadata",
    metavar="KEY",
    help="Take the student id from this dotted key of the notebook metadata when present (e.g. medialit.student).",
)
@click.option(
    "--manual",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Teacher scores to merge: CSV with columns student,question,score[,comment] "
    "(fill in OUT/manual-queue.csv from a first run).",
)
@click.option(
    "--canvas-gradebook",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="EXPORT.csv",
    help="Canvas gradebook export to merge onto: writes OUT/canvas-import.csv for Grades > Import "
    "(needs --assignment).",
)
@click.option(
    "--assignment",
    metavar="NAME",
    help="The Canvas assignment column to fill (an existing assignment, with or without its '(id)', or a new one).",
)
@click.option(
    "--moodle-worksheet",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="WORKSHEET.csv",
    help="Moodle grading worksheet to merge onto: writes OUT/moodle-grades.csv for 'Upload grading worksheet'.",
)
@click.option(
    "--lms-scale",
    is_flag=True,
    help="Rescale scores to the LMS's points possible / maximum grade (default: medialit's points as they are).",
)
@_code_timeout_option
@_unsafe_code_option
@_visibility_option
@_release_option
def grade(
    submissions: tuple[Path, ...],
    out: Path,
    case_dir: Path | None,
    old_key_dir: Path | None,
    lessons: tuple[str, ...],
    jobs: int,
    id_pattern: str | None,
    id_metadata: str | None,
    manual: Path | None,
    canvas_gradebook: Path | None,
    assignment: str | None,
    moodle_worksheet: Path | None,
    lms_scale: bool,
    code_timeout: float,
    unsafe_code: bool,
    visibility: str,
    release_explanations: bool,
) -> None:
    """Grade saved notebooks (files, folders, zip archives) without running them.

    Only the answers of code questions run, each isolated in a bubblewrap sandbox with
    namespaces of its own (no files but Python and the case, no network, limits on time,
    memory, processes and disk). Where that cannot be had, they go to the manual queue
    unless --unsafe-code is given.
    Exit code 0 when all were graded, 1 when some could not be read (each is one
    error row in grades.csv; the rest are graded). Reports are moved into OUT
    only when the batch is done, so an interrupted run keeps the previous ones.
    Identical answer sets are flagged (columns copy_group, copy_kind), not scored
    differently; Canvas's LATE flag is the late column.
    With --canvas-gradebook and --assignment, or --moodle-worksheet, the same run also
    writes a file to import into Canvas or Moodle (see README, 'Grades into Canvas and Moodle').
    """
    from medialit import api
    from medialit.grading.batch import BatchOptions
    from medialit.grading.inputs import IdRule
    from medialit.grading.reports import lms

    if old_key_dir is not None:
        if case_dir is not None and case_dir != old_key_dir:
            raise click.UsageError("--key is the old name of --case: give only --case.")
        click.echo("note: --key is deprecated; use --case (the same option under its new name).", err=True)
        case_dir = old_key_dir
    case_dir = _course_default(case_dir, Path("."))
    if canvas_gradebook is not None and not (assignment or "").strip():
        raise click.UsageError("--canvas-gradebook needs --assignment NAME (the Canvas assignment to fill).")
    if assignment and canvas_gradebook is None:
        raise click.UsageError("--assignment names a Canvas assignment: give the gradebook with --canvas-gradebook.")
    # Check the LMS files before a long run: a wrong file fails now, not after grading.
    if canvas_gradebook is not None:
        lms.canvas_import([], canvas_gradebook, assignment or "")
    if moodle_worksheet is not None:
        lms.moodle_worksheet([], moodle_worksheet)

    options = BatchOptions(
        jobs=jobs,
        id_rule=IdRule.make(id_pattern, id_metadata),
        code_timeout=code_timeout,
        visibility=visibility,
        manual=manual,
        unsafe_code=unsafe_code,
        release_explanations=release_explanations,
    )
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("grading", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = api.grade(submissions, out, case_dir, lessons=lessons, options=options, progress=progress)
    errors = result.errors
    click.echo(f"graded {result.count - len(errors)} of {result.count} submissions -> {out / 'grades.csv'}")
    for r in errors[:50]:
        click.echo(f"  error: {r.file}: {r.message}", err=True)
    if len(errors) > 50:
        click.echo(f"  ... and {len(errors) - 50} more errors (see grades.csv)", err=True)
    exports: list[tuple[lms.LmsExport, Path]] = []
    if canvas_gradebook is not None or moodle_worksheet is not None:
        rows = lms.read_grades(result.paths["grades"])
        if canvas_gradebook is not None:
            made = lms.canvas_import(rows, canvas_gradebook, assignment or "", scale=lms_scale)
            exports.append((made, made.write(out / "canvas-import.csv")))
        if moodle_worksheet is not None:
            made = lms.moodle_worksheet(rows, moodle_worksheet, scale=lms_scale)
            exports.append((made, made.write(out / "moodle-grades.csv")))
    for made, path in exports:
        click.echo(f"{made.kind}: {made.matched} grade(s) -> {path}")
        for warning in made.warnings:
            click.echo(f"  warning ({made.kind}): {warning}", err=True)
    raise click.exceptions.Exit(result.exit_code)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="md", show_default=True)
# A file is accepted only to say clearly that a student bundle holds no key.
@click.option("--case", "case_dir", type=click.Path(path_type=Path), help=CASE_HELP)
@click.option(
    "--by-annotation",
    is_flag=True,
    help="Per annotation item: the graded keys that rest on it and what each says of it; "
    "items still marked needs_review are marked.",
)
def key(fmt: str, case_dir: Path | None, by_annotation: bool) -> None:
    """Print the answer key for teachers: every question type, with rubrics, solutions and citations.

    The key is derived from the case's annotations: a student bundle (medialit-case.json) is refused.
    With --by-annotation, the same keys item by item, for reviewing a drafted case.
    """
    from medialit import api
    from medialit.grading.key import answer_key, answer_key_markdown

    case_dir = _course_default(case_dir, Path("."))
    case, lessons = api.load_module(case_dir)
    if by_annotation:
        from medialit.curriculum.lineage import feeds_by_annotation, feeds_markdown

        feeds = feeds_by_annotation(case, lessons)
        text = json.dumps([f.to_dict() for f in feeds], indent=2, ensure_ascii=False) if fmt == "json" else None
        click.echo(text if text is not None else feeds_markdown(feeds))
        return
    entries = answer_key(case, lessons)
    if fmt == "json":
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
    else:
        click.echo(answer_key_markdown(entries))


@cli.command("print-packet")
@click.option("--out", type=click.Path(path_type=Path), default=Path("packet.html"), show_default=True)
@click.option("--case", "case_dir", type=click.Path(path_type=Path), help=CASE_HELP)
def print_packet(out: Path, case_dir: Path | None) -> None:
    """Write the source packet as one page to print: the search lab on paper (index, documents, search log)."""
    from medialit import api

    page = api.printable_packet(_course_default(case_dir, Path(".")))
    if page is None:
        raise click.UsageError("this case has no source packet (packet.yaml), so there is nothing to print.")
    out.write_text(page, encoding="utf-8")
    click.echo(f"wrote {out}: open it in a browser and print it")


@cli.command("gradescope-autograder")
@click.option(
    "--out",
    default="autograder.zip",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The zip to upload to Gradescope as the assignment's autograder.",
)
@click.option("--case", "case_dir", type=click.Path(file_okay=False, path_type=Path), help=CASE_HELP)
@click.option("--lesson", metavar="L3", help="The lesson this Gradescope assignment grades (others are rejected).")
@_visibility_option
@_release_option
@_code_timeout_option
@click.option(
    "--wheel",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Include this medialit wheel or sdist (default: one built from the installed package).",
)
@click.option("--from-pypi", is_flag=True, help="Install medialit from PyPI at setup instead of including it.")
@click.option(
    "--wheelhouse",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="Folder of wheels of medialit's dependencies for Gradescope's image; they go into the zip and "
    "setup.sh installs with --no-index (no package index needed). Fill it with: " + "pip download "
    "--only-binary=:all: --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 --python-version 3.11 "
    "--implementation cp --dest DIR 'medialit-VERSION-py3-none-any.whl[grade]'",
)
@_unsafe_code_option
def gradescope_autograder(
    out: Path,
    case_dir: Path | None,
    lesson: str | None,
    visibility: str,
    release_explanations: bool,
    code_timeout: float,
    wheel: Path | None,
    from_pypi: bool,
    wheelhouse: Path | None,
    unsafe_code: bool,
) -> None:
    """Write autograder.zip for Gradescope: setup.sh, run_autograder and medialit itself.

    Upload it as a programming assignment's autograder; students upload their
    exercise notebook. See `medialit grade --help` for what is graded and how.

    Setup needs the package index: the zip holds medialit, not its dependencies
    of medialit[grade] (anywidget, PyYAML, matplotlib ...), which setup.sh installs from PyPI when
    Gradescope builds the image. For a setup without the index, give --wheelhouse.
    """
    from medialit.grading.autograder import build_autograder

    case_dir = _course_default(case_dir, Path("."))
    path = build_autograder(
        out,
        case_dir,
        lesson,
        visibility,
        code_timeout,
        wheel,
        from_pypi,
        unsafe_code,
        release_explanations=release_explanations,
        wheelhouse=wheelhouse,
    )
    click.echo(f"wrote {path}")
    if wheelhouse is None:
        click.echo("note: its setup.sh installs medialit's dependencies from the package index (PyPI).", err=True)


cli.add_command(new)
cli.add_command(review)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 failure, 2 usage error)."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        result: Any = cli.main(
            args=list(argv) if argv is not None else None, prog_name="medialit", standalone_mode=False
        )
        return int(result or 0)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.exceptions.Abort:
        _err("aborted.")
        return 1
    except click.ClickException as exc:
        exc.show()
        return 2
    except ModuleNotFoundError as exc:
        from medialit.extras import MissingExtraError, extra_for

        command = next((a for a in (argv if argv is not None else sys.argv[1:]) if a in cli.commands), None)
        extra = extra_for(exc.name or "", command)
        if debug or extra is None:
            raise
        _err(str(MissingExtraError(extra, (exc.name or "").split(".")[0], command)))
        return 1
    except StaleOutputError as exc:
        _err(str(exc))
        return 1
    except AnnotationError as exc:
        if debug:
            raise
        for p in exc.problems:
            click.echo(str(p), err=True)
        where = "the source packet" if isinstance(exc, PacketError) else "the annotations"
        _err(f"{len(exc.problems)} problem(s) in {where}; run `medialit validate` after fixing them.")
        return 1
    except MedialitError as exc:
        if debug:
            raise
        _err(str(exc))
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
