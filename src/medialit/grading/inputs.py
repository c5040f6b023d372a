"""Find submissions in files, folders and zip archives, and name the student of each.

Zip archives (an LMS bulk download, a Gradescope export, a folder zipped by
hand) are never extracted: members are read into memory one at a time, with
a size cap. A member with an absolute path or ``..`` in it, a symbolic link,
an encrypted member, or one whose size or compression ratio is absurd is not
read at all; it becomes one error row with the reason.

Student ids, in order of preference:

1. ``id_metadata``: a dotted key in the notebook's metadata (``medialit.student``);
2. ``id_pattern``: a regular expression searched in the file's path relative to
   the folder or archive it came from; the group named ``id`` (or the first
   group, or the whole match) is the id;
3. a Canvas bulk-download name ``name_[LATE_]userid_submissionid_file.ipynb``:
   the Canvas user id;
4. the student's folder, when notebooks sit in one folder per student
   (``alice/03-sourcing.ipynb``);
5. the file name without ``.ipynb``.

Repeated ids get ``-2``, ``-3`` ... in the order the files are listed (sorted).
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from medialit.errors import GradingError
from medialit.grading.extract import MAX_BYTES

MAX_MEMBERS = 100_000
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
MAX_ID_CHARS = 100
CANVAS = re.compile(r"^(?P<name>[^_/]+)_(?:late_)?(?P<id>\d+)_(?P<submission>\d+)_(?P<file>.+)$", re.IGNORECASE)
_SKIP_PARTS = {"__MACOSX", ".ipynb_checkpoints"}


def display(text: str) -> str:
    """A path or name as printable UTF-8 (undecodable bytes in file names become U+FFFD)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clean_id(text: str) -> str:
    """A student id fit for reports: printable, no path separators, at most 100 characters."""
    text = "".join(ch if ch.isprintable() and ch not in "/\\" else "_" for ch in display(text)).strip()
    return text[:MAX_ID_CHARS] or "submission"


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
    """

    label: str
    student: str
    path: str
    member: str | None = None
    error: str = ""
    id_matched: bool = True

    def read(self, zips: dict[str, zipfile.ZipFile] | None = None) -> bytes:
        """The submission's bytes (at most the size cap); raises :class:`GradingError`."""
        if self.error:
            raise GradingError(self.error)
        if self.member is None:
            path = Path(self.path)
            try:
                size = path.stat().st_size
                if size > MAX_BYTES:
                    limit = MAX_BYTES // 2**20
                    raise GradingError(f"the file is {size / 1e6:.0f} MB, larger than the {limit} MB limit")
                return path.read_bytes()
            except OSError as exc:
                raise GradingError(f"cannot read the file ({exc.strerror or type(exc).__name__})") from None
        cache = zips if zips is not None else {}
        try:
            zf = cache.get(self.path)
            if zf is None:
                zf = cache[self.path] = zipfile.ZipFile(self.path)
            with zf.open(self.member) as fh:
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

    def from_name(self, rel: str) -> tuple[str, bool]:
        """``(id, matched)`` from a path relative to its folder or archive (``/``-separated)."""
        parts = tuple(p for p in PurePosixPath(rel.replace("\\", "/")).parts if p not in ("/", ".", ".."))
        name = parts[-1] if parts else rel
        if self.pattern is not None:
            m = self.pattern.search(rel)
            if m:
                if "id" in m.groupdict() and m.group("id"):
                    return clean_id(m.group("id")), True
                if m.groups() and m.group(1):
                    return clean_id(m.group(1)), True
                return clean_id(m.group(0)), True
        matched = self.pattern is None
        canvas = CANVAS.match(name)
        if canvas:
            return clean_id(canvas.group("id")), matched
        if len(parts) > 1:
            return clean_id(parts[0]), matched
        stem = name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name
        return clean_id(stem), matched

    def from_metadata(self, nb: dict[str, Any]) -> str | None:
        """The id stored in the notebook's metadata under :attr:`metadata_key`, if any."""
        if not self.metadata_key:
            return None
        node: Any = nb.get("metadata")
        for part in self.metadata_key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, (str, int)) and not isinstance(node, bool) and str(node).strip():
            return clean_id(str(node))
        return None


def _is_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04" and path.suffix.lower() != ".ipynb"
    except OSError:
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
    return rel.lower().endswith(".ipynb")


def _zip_sources(path: Path, rule: IdRule) -> Iterator[Source]:
    label = display(str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        stem = clean_id(path.stem)
        yield Source(label, stem, str(path), error=f"not a readable zip archive ({str(exc)[:100]})")
        return
    if len(infos) > MAX_MEMBERS:
        yield Source(label, clean_id(path.stem), str(path), error=f"the archive has more than {MAX_MEMBERS} members")
        return
    for info in sorted(infos, key=lambda i: i.filename):
        if info.is_dir():
            continue
        rel = info.filename.replace("\\", "/")
        problem = _member_problem(info)
        if not problem and not _wanted(rel):
            continue
        student, matched = rule.from_name(rel.lstrip("/"))
        yield Source(f"{label}!{display(info.filename)}", student, str(path), info.filename, problem, matched)


def iter_sources(paths: Iterable[str | Path], rule: IdRule | None = None) -> Iterator[Source]:
    """Every submission under ``paths``, in a stable order (sorted within folders and archives).

    Folders are searched recursively for ``.ipynb`` and ``.zip`` files; hidden
    folders, ``.ipynb_checkpoints`` and ``__MACOSX`` are skipped, and symbolic
    links inside folders are reported, not followed.
    """
    rule = rule or IdRule()
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).as_posix()
                if any(part in _SKIP_PARTS or part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                low = f.name.lower()
                if not (low.endswith(".ipynb") or low.endswith(".zip")):
                    continue
                if f.is_symlink():
                    student, matched = rule.from_name(rel)
                    yield Source(
                        display(str(f)), student, str(f), error="symbolic link; not followed", id_matched=matched
                    )
                elif low.endswith(".zip") and f.is_file():
                    yield from _zip_sources(f, rule)
                elif f.is_file():
                    student, matched = rule.from_name(rel)
                    yield Source(display(str(f)), student, str(f), id_matched=matched)
        elif p.is_file() and _is_zip(p):
            yield from _zip_sources(p, rule)
        else:
            student, matched = rule.from_name(p.name)
            error = "" if p.exists() else "no such file"
            yield Source(display(str(p)), student, str(p), error=error, id_matched=matched)
