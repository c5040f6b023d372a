"""Find submissions in files, folders and zip archives, and name the student of each.

Zip archives (an LMS bulk download, a Gradescope export, a folder zipped by
hand) are never extracted: members are read into memory one at a time, with
a size cap. A member with an absolute path or ``..`` in it, a symbolic link,
an encrypted member, or one whose size or compression ratio is absurd is not
read at all; it becomes one error row with the reason.

Student ids come only from names the teacher or the LMS wrote, never from a
path inside a student's own archive (a zip found in a folder: its members do
not name anyone; the zip's own name does). In order of preference:

1. ``id_metadata``: a dotted key in the notebook's metadata (``medialit.student``);
2. ``id_pattern``: a regular expression searched in the file's path relative to
   the folder or archive it came from (members of a student's zip left out);
   the group named ``id`` (or the first group, or the whole match) is the id;
3. the outermost name an LMS wrote, each anchored to the start of the name and
   matched once (the first ``_digits_`` after the name, never a later one, which
   is part of what the student typed):

   - Canvas "Download submissions" ``name_[LATE_]userid_submissionid_file``:
     the Canvas user id, from the first ``_userid_submissionid_`` (``LATE`` is
     kept: :attr:`Source.late`, the ``late`` column of grades.csv);
   - Moodle "Download all submissions" ``Full Name_<participant>_assignsubmission_file_<file>``
     (a file, or a folder of that name): the participant number, the ``N`` of
     the grading worksheet's ``Participant N`` (Moodle writes the name without
     ``_``, so the first ``_digits_`` is Moodle's);
   - Gradescope "Export submissions" folders ``submission_<id>``: the submission id;
4. without an LMS name, the first level below the folder or archive given: the
   student's folder (``alice/03-sourcing.ipynb``), else the file's (or the
   student's zip's) name without ``.ipynb`` or ``.zip``.

A folder given takes ids from the level below it; so does a zip archive given
whose members all sit in one folder (``subs.zip`` holding ``subs/alice/...``):
that folder is the teacher's, not a student. Two files with the same id are
not renamed: the batch makes both error rows (:func:`medialit.grading.naming.collisions`).

Every entry found becomes a row, graded or with the reason it was not: a
symbolic link (never followed inside folders and archives), a folder or a FIFO
named like a notebook, a device, a folder that cannot be listed, a zip archive
inside an archive (not opened: unpack the outer one), and each of several
archive members with the same name. Files are opened with ``O_NOFOLLOW`` and
``O_NONBLOCK``, checked to be regular files with ``fstat`` and read with a
size cap (:mod:`medialit.grading.limits`), so a FIFO or ``/dev/zero`` cannot
hang or exhaust the grader. A path given on the command line may itself be a
symbolic link (the teacher chose it); links found inside it are not followed.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from medialit.errors import GradingError
from medialit.grading.limits import MAX_NOTEBOOK_BYTES, kind_of, open_regular, read_regular

MAX_BYTES = MAX_NOTEBOOK_BYTES
MAX_MEMBERS = 100_000
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
MAX_ID_CHARS = 100
#: Canvas's bulk-download name. The name comes first, so the first ``_userid_submissionid_`` (the
#: shortest name) is Canvas's; a later one is part of the file name the student typed.
CANVAS = re.compile(r"^(?P<name>[^/]+?)_(?P<late>(?i:late)_)?(?P<id>\d+)_(?P<submission>\d+)_(?P<file>[^/]+)$")
#: Moodle's: Moodle replaces ``_`` in the name by a space, so the first ``_digits_assignsubmission_`` is Moodle's.
MOODLE = re.compile(r"^(?P<name>[^_/]*)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<file>[^/]*))?$")
#: Gradescope's export: one folder per submission.
GRADESCOPE = re.compile(r"^submission_(?P<id>\d+)$")
_SKIP_PARTS = {"__MACOSX", ".ipynb_checkpoints"}
_SUFFIXES = (".ipynb", ".zip")
NESTED_ZIP = "a zip archive inside the archive; not opened: unpack the outer archive and grade its folder"


def display(text: str) -> str:
    """A path or name as printable UTF-8 (undecodable bytes in file names become U+FFFD)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clean_id(text: str) -> str:
    """A student id fit for reports: printable, no path separators, at most 100 characters."""
    text = "".join(ch if ch.isprintable() and ch not in "/\\" else "_" for ch in display(text)).strip()
    return text[:MAX_ID_CHARS] or "submission"


class Archive:
    """A zip archive opened for reading members (the file opened with :func:`open_regular`)."""

    def __init__(self, path: str) -> None:
        self.fh = open_regular(path)
        try:
            self.zip = zipfile.ZipFile(self.fh)
        except BaseException:
            self.fh.close()
            raise

    def close(self) -> None:
        """Close the archive and its file."""
        self.zip.close()
        self.fh.close()


@dataclass(frozen=True)
class Source:
    """One submission to grade: a notebook file, a zip member, or an input already rejected.

    Attributes
    ----------
    label : where it came from, for reports (``subs/alice.ipynb``, ``canvas.zip!bob_1_2_x.ipynb``).
    student : the student id derived from the name (the notebook's metadata may override it).
    path : the file, or the zip archive holding the member.
    member : the zip member's name, or ``None``.
    error : why the input was rejected without being read ("" when it can be read).
    id_matched : False when ``--id-pattern`` did not match the name.
    index : the member's position in the archive (members may share a name).
    note : a remark for the teacher about how the file was found.
    late : Canvas marked the submission late (``_LATE_`` in its bulk-download name).
    """

    label: str
    student: str
    path: str
    member: str | None = None
    error: str = ""
    id_matched: bool = True
    index: int = -1
    note: str = ""
    late: bool = False

    def read(self, zips: dict[str, Archive] | None = None) -> bytes:
        """The submission's bytes (at most the size cap); raises :class:`GradingError`.

        Archives are opened once and kept in ``zips`` (the caller closes them);
        without ``zips`` the archive is closed again.
        """
        if self.error:
            raise GradingError(self.error)
        if self.member is None:
            return read_regular(self.path, MAX_BYTES)
        if zips is None:
            own: dict[str, Archive] = {}
            try:
                return self.read(own)
            finally:
                for opened in own.values():
                    opened.close()
        try:
            archive: Archive | None = zips.get(self.path)
            if archive is None:
                archive = zips[self.path] = Archive(self.path)
            zf = archive.zip
            infos = zf.infolist()
            info = infos[self.index] if 0 <= self.index < len(infos) else zf.getinfo(self.member)
            if info.filename != self.member:
                raise GradingError("the archive changed while it was graded; grade it again")
            problem = _member_problem(info)
            if problem:
                raise GradingError(problem)
            with zf.open(info) as fh:
                data = fh.read(MAX_BYTES + 1)
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError) as exc:
            raise GradingError(f"cannot read this member of the archive ({str(exc)[:100]})") from None
        if len(data) > MAX_BYTES:
            raise GradingError(f"the member is larger than the {MAX_BYTES // 2**20} MB limit")
        return data


@dataclass(frozen=True)
class IdRule:
    """How student ids are found (see the module docstring)."""

    pattern: re.Pattern[str] | None = None
    metadata_key: str | None = None

    @classmethod
    def make(cls, pattern: str | None = None, metadata_key: str | None = None) -> IdRule:
        """Compile ``pattern``; a bad regular expression is a :class:`GradingError`."""
        compiled = None
        if pattern:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise GradingError(f"--id-pattern {pattern!r} is not a valid regular expression: {exc}") from None
        return cls(compiled, metadata_key or None)

    def name(self, parts: tuple[str, ...], usable: int | None = None) -> Naming:
        """The student of a file at ``parts`` (path components below the folder or archive given).

        Only the first ``usable`` components may name the student (default: all); the
        rest are inside a student's own archive. See the module docstring for the order.
        """
        own = tuple(p for p in parts[:usable] if p not in ("", ".", ".."))
        rel = "/".join(own)
        if self.pattern is not None:
            m = self.pattern.search(rel)
            if m:
                if "id" in m.groupdict() and m.group("id"):
                    return Naming(clean_id(m.group("id")), True, _late(own))
                if m.groups() and m.group(1):
                    return Naming(clean_id(m.group(1)), True, _late(own))
                return Naming(clean_id(m.group(0)), True, _late(own))
        matched = self.pattern is None
        below = usable is not None and usable < len(parts)
        for i, part in enumerate(own):
            found = lms_id(part, folder=i < len(own) - 1 or below)
            if found is not None:
                return Naming(clean_id(found[0]), matched, found[1])
        if not own:
            return Naming("submission", matched)
        if len(own) > 1:
            return Naming(clean_id(own[0]), matched)
        stem = re.sub(r"\.(ipynb|zip)$", "", own[0], flags=re.IGNORECASE) or own[0]
        return Naming(clean_id(stem), matched)

    def from_metadata(self, nb: dict[str, object]) -> str | None:
        """The id stored in the notebook's metadata under :attr:`metadata_key`, if any."""
        if not self.metadata_key:
            return None
        node: object = nb.get("metadata")
        for part in self.metadata_key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, (str, int)) and not isinstance(node, bool) and str(node).strip():
            return clean_id(str(node))
        return None


@dataclass(frozen=True)
class Naming:
    """Who a file belongs to: the id, whether ``--id-pattern`` matched, and Canvas's ``LATE`` flag."""

    student: str
    matched: bool = True
    late: bool = False


def lms_id(name: str, folder: bool = False) -> tuple[str, bool] | None:
    """``(id, late)`` when ``name`` is a name Canvas, Moodle or Gradescope writes (``folder``: it has entries)."""
    # Moodle's first: its name part holds no "_", so it cannot match what a student typed after it,
    # while Canvas's shortest-name match could find a "_5_6_" the student typed after Moodle's name.
    moodle = MOODLE.match(name)
    if moodle:
        return moodle.group("id"), False
    canvas = CANVAS.match(name)
    if canvas:
        return canvas.group("id"), bool(canvas.group("late"))
    gradescope = GRADESCOPE.match(name) if folder else None
    if gradescope:
        return gradescope.group("id"), False
    return None


def _late(parts: tuple[str, ...]) -> bool:
    for i, part in enumerate(parts):
        found = lms_id(part, folder=i < len(parts) - 1)
        if found is not None:
            return found[1]
    return False


def _is_zip(path: str) -> bool:
    if path.lower().endswith(".zip"):
        return True
    if path.lower().endswith(".ipynb"):
        return False
    try:
        with open_regular(path) as fh:
            return fh.read(4) == b"PK\x03\x04"
    except (GradingError, OSError):
        return False


def _unsafe_member(name: str) -> str:
    norm = name.replace("\\", "/")
    if "\x00" in name:
        return "its name contains a NUL byte"
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        return "it has an absolute path"
    if ".." in norm.split("/"):
        return "its path contains '..'"
    return ""


def _member_problem(info: zipfile.ZipInfo) -> str:
    unsafe = _unsafe_member(info.filename)
    if unsafe:
        return f"unsafe path in the archive ({unsafe}); not extracted"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "symbolic link in the archive; not followed"
    if info.filename.lower().endswith(".zip"):
        return NESTED_ZIP
    if info.flag_bits & 0x1:
        return "encrypted member; cannot be read"
    if info.file_size > MAX_BYTES:
        return f"member of {info.file_size / 1e6:.0f} MB, larger than the {MAX_BYTES // 2**20} MB limit"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (
            f"member expands {info.file_size // max(info.compress_size, 1)} times when unpacked (a zip bomb?); not read"
        )
    return ""


def _wanted(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    if any(p in _SKIP_PARTS or p.startswith(".") for p in parts):
        return False
    return rel.lower().rstrip("/").endswith(_SUFFIXES)


def _wrapper(infos: list[zipfile.ZipInfo]) -> str | None:
    """The one folder holding every member of an archive (a folder zipped whole), if there is one.

    A folder whose name the LMS wrote (one student's Moodle folder, a Gradescope
    ``submission_N``) is a student's, never a wrapper: its name is the id.
    """
    top: set[str] = set()
    for info in infos:
        parts = [p for p in info.filename.replace("\\", "/").split("/") if p]
        if not parts or any(p in _SKIP_PARTS or p.startswith(".") for p in parts):
            continue
        if len(parts) == 1 and not info.is_dir():
            return None
        top.add(parts[0])
        if len(top) > 1:
            return None
    if not top:
        return None
    (name,) = top
    return None if lms_id(name, folder=True) is not None else name


def _zip_sources(path: str, label: str, rule: IdRule, outer: tuple[str, ...] | None = None) -> Iterator[Source]:
    """The rows of a zip archive: given by the teacher (``outer`` None), or a student's, found at ``outer``.

    Members of a student's archive never name the student: ids come from ``outer``.
    """
    whole = rule.name(outer if outer is not None else (Path(path).name,))
    try:
        with open_regular(path) as fh, zipfile.ZipFile(fh) as zf:
            infos = zf.infolist()
    except GradingError as exc:
        yield Source(label, whole.student, path, error=str(exc), id_matched=whole.matched, late=whole.late)
        return
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        why = f"not a readable zip archive ({str(exc)[:100]})"
        yield Source(label, whole.student, path, error=why, id_matched=whole.matched, late=whole.late)
        return
    if len(infos) > MAX_MEMBERS:
        why = f"the archive has more than {MAX_MEMBERS} members"
        yield Source(label, whole.student, path, error=why, id_matched=whole.matched, late=whole.late)
        return
    wrapper = _wrapper(infos) if outer is None else None
    names = Counter(info.filename for info in infos)
    for index, info in sorted(enumerate(infos), key=lambda t: (t[1].filename, t[0])):
        rel = info.filename.replace("\\", "/")
        wanted = _wanted(rel)
        if info.is_dir():
            if not wanted:
                continue
            problem = "a folder named like a notebook or archive; hand in the file itself"
        else:
            problem = _member_problem(info)
            if not wanted and (not problem or problem == NESTED_ZIP):
                continue
        inner = tuple(p for p in rel.split("/") if p)
        if outer is not None:
            named = rule.name((*outer, *inner), len(outer))
        else:
            named = rule.name(inner[1:] if wrapper is not None and len(inner) > 1 else inner)
        note = ""
        if names[info.filename] > 1:
            note = f"the archive holds {names[info.filename]} members named {display(info.filename)!r}"
        member = f"{label}!{display(info.filename)}"
        yield Source(member, named.student, path, info.filename, problem, named.matched, index, note, named.late)


def _entry(path: str, parts: tuple[str, ...], mode: int, rule: IdRule) -> Iterator[Source]:
    """The rows of one entry found in a folder (``parts`` below the folder given; ``mode`` from ``lstat``)."""
    label = display(path)
    low = parts[-1].lower()
    named = rule.name(parts)
    student, matched = named.student, named.matched
    if stat.S_ISLNK(mode):
        if low.endswith(_SUFFIXES):
            yield Source(label, student, path, error="symbolic link; not followed", id_matched=matched)
        elif os.path.isdir(path):
            yield Source(label, student, path, error="symbolic link to a folder; not followed", id_matched=matched)
        return
    if not low.endswith(_SUFFIXES):
        return
    if stat.S_ISDIR(mode):
        error = "a folder named like a notebook or archive; hand in the file itself"
        yield Source(label, student, path, error=error, id_matched=matched)
    elif not stat.S_ISREG(mode):
        yield Source(label, student, path, error=f"this is {kind_of(mode)}, not a regular file; not read")
    elif low.endswith(".zip"):
        yield from _zip_sources(path, label, rule, parts)
    else:
        yield Source(label, student, path, id_matched=matched, late=named.late)


def _walk(root: str, rule: IdRule, base: tuple[str, ...] = ()) -> Iterator[Source]:
    """Every entry under ``root`` in sorted order, without recursion and without following links.

    ``base``: the root's own name when it names the student (an LMS folder given alone).
    """
    stack: list[tuple[str, tuple[str, ...], Iterator[os.DirEntry[str]]]] = []

    def listing(folder: str, parts: tuple[str, ...]) -> Source | None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            named = rule.name(parts or (Path(folder).name,))
            why = f"cannot read the folder ({exc.strerror or type(exc).__name__}); its files were not graded"
            return Source(display(folder), named.student, folder, error=why, id_matched=named.matched)
        stack.append((folder, parts, iter(entries)))
        return None

    failed = listing(root, base)
    if failed is not None:
        yield failed
    while stack:
        _, parts, it = stack[-1]
        entry = next(it, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name in _SKIP_PARTS or entry.name.startswith("."):
            continue
        sub = (*parts, entry.name)
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as exc:
            named = rule.name(sub)
            why = f"cannot read it ({exc.strerror or type(exc).__name__})"
            yield Source(display(entry.path), named.student, entry.path, error=why, id_matched=named.matched)
            continue
        yield from _entry(entry.path, sub, mode, rule)
        if stat.S_ISDIR(mode):
            failed = listing(entry.path, sub)
            if failed is not None:
                yield failed


def iter_sources(paths: Iterable[str | Path], rule: IdRule | None = None) -> Iterator[Source]:
    """Every submission under ``paths``, in a stable order (sorted within folders and archives).

    Folders are searched recursively for ``.ipynb`` and ``.zip`` files; hidden
    folders, ``.ipynb_checkpoints`` and ``__MACOSX`` are skipped; every other
    entry with a notebook's or archive's name becomes a row (see the module docstring).
    """
    rule = rule or IdRule()
    for given in map(str, paths):
        label = display(given)
        named = rule.name((Path(given).name,))
        student, matched = named.student, named.matched
        try:
            real = os.path.realpath(given)
            mode = os.stat(real).st_mode
        except (OSError, ValueError) as exc:
            why = "no such file" if isinstance(exc, FileNotFoundError) else f"cannot read it ({exc})"
            yield Source(label, student, given, error=why, id_matched=matched)
            continue
        # A folder or zip given by its LMS name (``canvas/*`` in a shell) is one student's: the name is the id.
        own = (Path(given).name,) if lms_id(Path(given).name, folder=True) is not None else None
        if stat.S_ISDIR(mode):
            yield from _walk(given, rule, own or ())
        elif not stat.S_ISREG(mode):
            yield Source(label, student, real, error=f"this is {kind_of(mode)}, not a regular file; not read")
        elif _is_zip(real) and not given.lower().endswith(".ipynb"):
            yield from _zip_sources(real, label, rule, own)
        else:
            yield Source(label, student, real, id_matched=matched, late=named.late)
