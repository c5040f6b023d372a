"""The contracts that generated notebooks, the grader and the student runtime share.

Everything here is data about the files medialit writes and reads back, so the three
sides cannot drift apart: the ids of questions, the marker line of an answer cell, the
keys and roles of ``metadata.medialit``, the schema versions of the cell metadata and
the answer of record (with the check every reader makes), and the checksums that make
edits to locked cells visible.

This is the lowest layer of the package (see docs/architecture.md): it imports only
:mod:`medialit.errors` and the standard library.

Checksums
---------
At generation, every locked cell (roles ``setup``, ``prompt``, ``check``) gets
``metadata.medialit.checksum``: the SHA-256 of its cell type, its normalised
source and its ``metadata.medialit`` (without the checksum itself). Answer
cells get the checksum of their ``metadata.medialit`` only, since students
edit their source. The grader recomputes each checksum and reports a question
as *modified* when a locked cell of it was edited, deleted or its metadata
changed; it never changes a score because of it, and it never trusts the
notebook's own question type or points (those come from the key).

Like nbgrader's checksums, these detect edits; they are not a secret. A student
who recomputes a checksum after editing a prompt can hide that edit, but gains
nothing: the prompt, the check cell and the points are not read for grading.

Normalisation makes the checksum survive what front-ends do when they save:
source given as a list of lines or one string, ``\\r\\n`` line ends, trailing
spaces and blank lines at either end; numbers written as ``2`` or ``2.0``
(JavaScript front-ends drop the ``.0``); key order.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Final, Literal, TypedDict

# -- schema versions -------------------------------------------------------------

ANNOTATION_SCHEMA_VERSION: Final = 1
LESSON_SCHEMA_VERSION: Final = 1
CELL_SCHEMA_VERSION: Final = 1
ANSWER_SCHEMA_VERSION: Final = 1
GRADE_SCHEMA_VERSION: Final = 1
BUNDLE_SCHEMA_VERSION: Final = 1
BUNDLE_KIND: Final = "medialit-student-bundle"
PACKET_SCHEMA_VERSION: Final = 1
#: The source packet's search index (medialit.analysis.search; ``packet`` in the student bundle).
INDEX_SCHEMA_VERSION: Final = 1
INDEX_KIND: Final = "medialit-search-index"
#: A case's optional ``teacher.yaml`` (background and content note; medialit.publish.pages).
TEACHER_PACK_SCHEMA_VERSION: Final = 1

#: MIME type of the answer of record in a widget answer cell's display output.
ANSWER_MIME: Final = "application/vnd.medialit.answer+json"


def schema_version_problem(
    found: object, supported: int, what: str, where: str, *, required: bool = True
) -> str | None:
    """Why ``found`` is not a ``schema_version`` this medialit reads, or ``None`` when it is ``supported``.

    The message names the file (``where``), the contract (``what``), the version found and
    the one supported, and says how to fix it. Each reader raises its own error type with it.
    With ``required=False`` a missing version (``None``) is accepted.
    """
    if type(found) is int and found == supported:
        return None
    if found is None:
        if not required:
            return None
        return (
            f"{where}: the {what} has no schema_version; this medialit reads schema_version {supported}. "
            f"Fix: add 'schema_version: {supported}'."
        )
    return (
        f"{where}: the {what} has schema_version {found!r}, but this medialit reads only schema_version "
        f"{supported}. Fix: write it with schema_version {supported}, or upgrade medialit if a newer "
        "version wrote it."
    )


# -- ids and markers ---------------------------------------------------------------

#: A question id: ``L3.Q2`` (graded exercise) or ``L3.P1`` (practice in a lesson).
QUESTION_ID: Final = re.compile(r"^L(\d+)\.(Q|P)(\d+)$")
#: The first line of an answer cell, so a front-end that drops cell metadata still finds it.
MARKER: Final = "# medialit: "
#: The marker line as the grader searches for it (tolerant of spacing).
MARKER_LINE: Final = re.compile(r"^[ \t]*#[ \t]*medialit:[ \t]*(L\d+\.Q\d+)[ \t]*$", re.MULTILINE)

# -- cell metadata -------------------------------------------------------------------

#: The key of medialit's metadata in a notebook's and in each cell's ``metadata``.
META_KEY: Final = "medialit"
CellRole = Literal["lesson", "prompt", "answer", "check", "key", "setup"]
ROLES: Final[tuple[CellRole, ...]] = ("lesson", "prompt", "answer", "check", "key", "setup")
LOCKED_ROLES: Final = frozenset({"setup", "prompt", "check"})


def medialit_meta(obj: object) -> dict[str, object] | None:
    """The ``metadata.medialit`` mapping of a notebook or cell (JSON), or ``None`` when there is none."""
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    m = meta.get(META_KEY) if isinstance(meta, dict) else None
    return m if isinstance(m, dict) else None


def cell_version_problem(nb: object, where: str) -> str | None:
    """The first ``schema_version`` problem of a notebook's own or its cells' ``metadata.medialit``, or ``None``.

    Notebooks and cells without medialit metadata are not medialit's and are not checked; a
    ``metadata.medialit`` without a version is accepted (the checksums already report edited
    metadata), one with another version is not.
    """
    top = medialit_meta(nb)
    if top is not None:
        problem = schema_version_problem(
            top.get("schema_version"), CELL_SCHEMA_VERSION, "notebook metadata", where, required=False
        )
        if problem:
            return problem
    cells = nb.get("cells") if isinstance(nb, dict) else None
    for i, cell in enumerate(cells if isinstance(cells, list) else (), 1):
        m = medialit_meta(cell)
        if m is None:
            continue
        problem = schema_version_problem(
            m.get("schema_version"), CELL_SCHEMA_VERSION, f"metadata of cell {i}", where, required=False
        )
        if problem:
            return problem
    return None


class AnswerRecord(TypedDict):
    """The answer of record a widget keeps in its cell's display (``ANSWER_MIME``) and its sidecar file."""

    schema_version: int
    question: str
    seq: int
    """Raised on every change: the grader takes the record with the highest ``seq``."""
    value: object
    """The answer, in the shape its question type reads (the grader checks it; never trusted)."""


def answer_record_problem(record: dict[str, object], where: str) -> str | None:
    """Why an answer of record (a dict with ``schema_version``) is of a version this medialit cannot read."""
    return schema_version_problem(record.get("schema_version"), ANSWER_SCHEMA_VERSION, "answer record", where)


# -- checksums -------------------------------------------------------------------------

PREFIX: Final = "sha256:"


def normalize_source(source: object) -> str:
    """Cell source as one string, with line ends, trailing spaces and outer blank lines normalised."""
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    if not isinstance(source, str):
        return ""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _canonical(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return repr(value)


def _digest(payload: dict[str, Any]) -> str:
    text = json.dumps(_canonical(payload), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return PREFIX + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _meta_without_checksum(meta: dict[str, Any]) -> dict[str, object]:
    return {k: v for k, v in meta.items() if k != "checksum"}


def locked_checksum(cell_type: str, source: object, meta: dict[str, Any]) -> str:
    """Checksum of a locked cell: its type, normalised source and medialit metadata."""
    payload = {"cell_type": cell_type, "source": normalize_source(source), "medialit": _meta_without_checksum(meta)}
    return _digest(payload)


def answer_checksum(meta: dict[str, object]) -> str:
    """Checksum of an answer cell's medialit metadata (its source is the student's)."""
    return _digest({"medialit": _meta_without_checksum(meta)})


def expected_checksum(cell: dict[str, object]) -> str | None:
    """The checksum a generated cell should carry (``None`` for roles that carry none)."""
    m = medialit_meta(cell)
    if m is None:
        return None
    role = m.get("role")
    if not isinstance(role, str):
        return None
    if role in LOCKED_ROLES:
        return locked_checksum(str(cell.get("cell_type", "")), cell.get("source", ""), m)
    if role == "answer":
        return answer_checksum(m)
    return None


def seal(cell: dict[str, Any]) -> None:
    """Store the checksum in ``cell.metadata.medialit`` (generation side)."""
    digest = expected_checksum(cell)
    if digest is not None:
        cell["metadata"][META_KEY]["checksum"] = digest


_MEMO: dict[tuple[Any, ...], bool] = {}
_MEMO_SIZE = 20_000


def verify(cell: dict[str, Any]) -> str:
    """``"ok"``, ``"edited"`` or ``"unsealed"`` (no checksum stored) for one cell.

    Verdicts are memoised on the cell's exact content: a batch repeats the same
    locked cells in every submission.
    """
    m = medialit_meta(cell)
    stored = m.get("checksum") if m is not None else None
    if not isinstance(stored, str) or m is None:
        return "unsealed"
    src = cell.get("source", "")
    try:
        memo_key = (str(cell.get("cell_type")), src if isinstance(src, str) else tuple(src), repr(sorted(m.items())))
        hash(memo_key)
    except TypeError:
        return "ok" if stored == expected_checksum(cell) else "edited"
    ok = _MEMO.get(memo_key)
    if ok is None:
        ok = stored == expected_checksum(cell)
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[memo_key] = ok
    return "ok" if ok else "edited"


#: Set (to ``"1"``) by the book build for the notebooks it executes; ``use()`` then leaves out
#: how answers are kept, since nobody answers on the built site.
BOOK_BUILD_ENV = "MEDIALIT_BOOK_BUILD"
