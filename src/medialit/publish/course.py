"""Course folders: what ``medialit init`` writes and ``medialit build`` needs, and the site's downloads.

A course folder holds ``book/`` (the book's config and hand-written pages, copied from the
ones that ship in the package as ``medialit/bookskel``) and ``medialit-course.json`` (which case
the course uses: a path to the teacher's case folder, which the course follows, or ``case/``,
a copy of it made with ``medialit init --copy``). A medialit checkout is
a course folder too (its ``book/`` is where the packaged pages come from).

Every function takes explicit arguments: no global state, no CLI.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata, resources
from pathlib import Path

from medialit.errors import BookBuildError, CourseFolderError

COURSE_FILE = "medialit-course.json"
#: The files of a course's book folder, as they ship in the package (``medialit/bookskel``).
SKELETON_PACKAGE = "bookskel"
DOWNLOADS = "_static/downloads"
#: A fixed timestamp for zip entries, so the same notebook gives the same zip (deterministic site).
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def checkout_root() -> Path | None:
    """The medialit checkout this package runs from (an editable install), or None."""
    root = Path(__file__).resolve().parents[3]
    pyproject = root / "pyproject.toml"
    if (
        (root / "book" / "_config.yml").is_file()
        and pyproject.is_file()
        and 'name = "medialit"' in pyproject.read_text("utf-8")
    ):
        return root
    return None


def is_checkout(folder: str | Path) -> bool:
    """True when ``folder`` is a medialit source checkout (its ``lessons/`` are the embedded case's)."""
    root = Path(folder).resolve()
    pyproject = root / "pyproject.toml"
    return (
        (root / "src" / "medialit" / "casestudies").is_dir()
        and pyproject.is_file()
        and 'name = "medialit"' in pyproject.read_text("utf-8")
    )


def refuse_other_case_in_checkout(folder: str | Path, case_dir: str | Path | None, embedded: str | Path) -> None:
    """Raise :class:`CourseFolderError` when ``folder`` is a medialit checkout and ``case_dir`` another case.

    Generating another case into a checkout would overwrite the embedded case's committed
    notebooks and student bundle, and its book would mix both cases' lessons.
    """
    if case_dir is None or not is_checkout(folder):
        return
    if Path(case_dir).resolve() == Path(embedded).resolve():
        return
    course = f"{Path(case_dir).name or 'case'}-course"
    raise CourseFolderError(
        f"{Path(folder).resolve()} is the medialit checkout: its lessons/, exercises/ and solutions/ belong "
        f"to the embedded case, and writing {case_dir}'s notebooks there would overwrite them. Nothing was "
        f"written. Make a course folder for your case and build there: "
        f"`medialit init {course} --case {case_dir}` then `medialit build --dir {course}`."
    )


def skeleton_files() -> dict[str, bytes]:
    """The book's config, pages and static files that a new course starts from (relative path -> bytes)."""
    packaged = Path(str(resources.files("medialit") / SKELETON_PACKAGE))
    source = packaged if (packaged / "_config.yml").is_file() else None
    if source is None:
        checkout = checkout_root()
        source = checkout / "book" if checkout is not None else None
    if source is None:
        raise BookBuildError(
            "this medialit installation has no book pages (medialit/bookskel is missing); "
            "reinstall medialit from its wheel: pip install 'medialit[book]'"
        )
    files: dict[str, bytes] = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        hidden = any(part.startswith(("_build", "__pycache__", ".")) for part in rel.parts)
        if path.is_file() and not hidden and path.suffix in (".md", ".yml", ".css", ".js", ".svg", ".png"):
            files[rel.as_posix()] = path.read_bytes()
    return files


def init_course(folder: str | Path, case_dir: str | Path | None = None, *, copy: bool = False) -> list[Path]:
    """Write a course folder: ``book/`` from the packaged pages, and ``medialit-course.json``.

    With ``case_dir`` the course uses that case study: by default it follows the folder (the
    course file records its path, relative to the course when it can), so later edits to the
    case reach the next ``build``. With ``copy=True`` the case is copied into ``case/`` (a
    self-contained course) and the course file records where it came from and a digest of it,
    so :func:`stale_copy` can say when the original has changed since.

    Returns the files written. Raises :class:`BookBuildError` when ``folder`` is already a
    course folder (nothing is overwritten) or ``case_dir`` is not a case study folder.
    """
    root = Path(folder)
    if (root / "book" / "_config.yml").exists():
        raise BookBuildError(f"{root} is already a course folder (book/_config.yml exists); nothing was written.")
    written: list[Path] = []
    config: dict[str, object] = {"schema_version": 1, "case": None}
    if case_dir is not None:
        case = Path(case_dir)
        if not (case / "article.md").is_file() or not (case / "annotations.yaml").is_file():
            raise BookBuildError(
                f"{case}: not a case study folder (it needs article.md and annotations.yaml); "
                "draft one with `medialit new ARTICLE --out DIR`."
            )
        if copy:
            for rel in _case_files(case):
                target = root / "case" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(case / rel, target)
                written.append(target)
            config |= {"case": "case", "copied_from": str(case.resolve()), "digest": case_digest(case)}
        else:
            root.mkdir(parents=True, exist_ok=True)
            config["case"] = Path(os.path.relpath(case.resolve(), root.resolve())).as_posix()
    for name, data in skeleton_files().items():
        target = root / "book" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    path = root / COURSE_FILE
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    return written


def _case_files(case: Path) -> list[Path]:
    """The files of a case folder (relative paths), hidden files and caches left out."""
    return [
        path.relative_to(case)
        for path in sorted(case.rglob("*"))
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in path.relative_to(case).parts)
    ]


def case_digest(case: str | Path) -> str:
    """A digest of a case folder's files (names and bytes), to tell when a copy of it is stale."""
    folder = Path(case)
    h = hashlib.sha256()
    for rel in _case_files(folder):
        h.update(rel.as_posix().encode() + b"\0" + (folder / rel).read_bytes() + b"\0")
    return h.hexdigest()


def stale_copy(root: str | Path) -> str | None:
    """A warning when the course's copied case differs from its original, else None.

    Only for a course made with ``medialit init --case CASE --copy``: the original changed since
    the copy was made (the course builds from its copy, not from the original).
    """
    config = Path(root) / COURSE_FILE
    if not config.is_file():
        return None
    try:
        data = json.loads(config.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    origin, digest = data.get("copied_from"), data.get("digest")
    if not isinstance(origin, str) or not isinstance(digest, str) or not Path(origin).is_dir():
        return None
    if case_digest(origin) == digest:
        return None
    copy = Path(root) / str(data.get("case"))
    return (
        f"the course's copy of its case ({copy}) is stale: {origin} has changed since `medialit init --copy` "
        f"copied it, and this command uses the copy. To use the original, pass --case {origin}; to make the "
        f'course follow it from now on, set "case" in {config} to its path and remove "copied_from".'
    )


def require_course(root: str | Path) -> Path:
    """``root`` when it is a course folder (or a checkout); else a :class:`BookBuildError` saying what to do."""
    path = Path(root)
    if not (path / "book" / "_config.yml").is_file():
        raise BookBuildError(
            f"{path.resolve()} is not a course folder (no book/_config.yml). Create one with "
            "`medialit init DIR` (add --case PATH for your own case study), then run `medialit build` "
            "inside it, or `medialit build --dir DIR`."
        )
    return path


def course_case(root: str | Path) -> Path | None:
    """The case study a course folder names in ``medialit-course.json`` (None: the embedded case)."""
    config = Path(root) / COURSE_FILE
    if not config.is_file():
        return None
    try:
        data = json.loads(config.read_text("utf-8"))
        ref = data.get("case")
    except (OSError, ValueError, AttributeError) as exc:
        raise BookBuildError(f"{config}: not a medialit course file ({exc}); write it with medialit init.") from None
    if ref in (None, ""):
        return None
    # "case", not "course/../case", in every message: the path was written relative to the course
    case = Path(os.path.normpath(Path(root) / str(ref)))
    if not case.is_dir():
        raise BookBuildError(
            f"{config} names the case study {ref!r}, and {case} is not a folder (moved or renamed?). Fix: set "
            f'"case" in {config} to the case folder\'s path (relative to the course), or pass --case CASE.'
        )
    return case


# --- The site's own copy of medialit -------------------------------------------------------------


def site_wheel(root: str | Path, wheel: str | Path | None = None) -> tuple[str, bytes]:
    """The medialit wheel the site offers students: ``wheel`` when given, else one built now.

    From a checkout it is built with pip (the project's own build backend); from an
    installed medialit it is packed from the installed files. Raises :class:`BookBuildError`
    with what to do when neither works.
    """
    if wheel is not None:
        path = Path(wheel)
        if path.suffix != ".whl" or not path.is_file():
            raise BookBuildError(f"{path}: not a wheel file (.whl); build one with `make dist` or `pip wheel`.")
        return path.name, path.read_bytes()
    checkout = checkout_root()
    problems: list[str] = []
    if checkout is not None:
        built = _pip_wheel(checkout, Path(root) / "book" / "_build" / "wheel", problems)
        if built is not None:
            return built.name, built.read_bytes()
    try:
        from medialit.grading.autograder import build_wheel

        return build_wheel()
    except (ImportError, OSError, metadata.PackageNotFoundError) as exc:
        problems.append(f"packing the installed medialit failed: {exc}")
    raise BookBuildError(
        "the site needs a medialit wheel for students to install, and none could be made ("
        + "; ".join(problems)
        + "). Build one with `make dist` (in a checkout) and pass it: medialit build --wheel dist/medialit-*.whl"
    )


def _newest_source(checkout: Path) -> float:
    """The latest modification time among the files a wheel of the checkout is built from."""
    files = [checkout / "pyproject.toml", *(checkout / "src" / "medialit").rglob("*")]
    book = checkout / "book"
    files += [*book.glob("*.md"), *book.glob("_static/*"), book / "_config.yml"]
    return max((f.stat().st_mtime for f in files if f.is_file() and "__pycache__" not in f.parts), default=0.0)


def _pip_wheel(checkout: Path, out: Path, problems: list[str]) -> Path | None:
    out.mkdir(parents=True, exist_ok=True)
    version = metadata.version("medialit")
    cached = sorted(out.glob(f"medialit-{version}-*.whl"))
    if cached and cached[0].stat().st_mtime > _newest_source(checkout):
        return cached[0]  # built after the last change of the sources: an unchanged rebuild skips pip
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", tmp, str(checkout)]
        env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=600)
        made = sorted(Path(tmp).glob(f"medialit-{version}-*.whl"))
        if proc.returncode != 0 or not made:
            problems.append(f"pip wheel failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}")
            return None
        target = out / made[0].name
        shutil.move(made[0], target)
    return target


# --- Exercise downloads ---------------------------------------------------------------------------


def exercise_zip(notebook_name: str, notebook: bytes, bundle: bytes | None, bundle_name: str) -> bytes:
    """One zip with the exercise notebook and the case file it loads (fixed timestamps: same input, same bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        entries = [(notebook_name, notebook)] + ([(bundle_name, bundle)] if bundle is not None else [])
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()
