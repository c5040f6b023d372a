"""Checksums of locked cells and question metadata: the tamper-awareness contract.

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
from typing import Any

LOCKED_ROLES = frozenset({"setup", "prompt", "check"})
PREFIX = "sha256:"


def normalize_source(source: Any) -> str:
    """Cell source as one string, with line ends, trailing spaces and outer blank lines normalised."""
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    if not isinstance(source, str):
        return ""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _canonical(value: Any) -> Any:
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


def _meta_without_checksum(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k != "checksum"}


def locked_checksum(cell_type: str, source: Any, meta: dict[str, Any]) -> str:
    """Checksum of a locked cell: its type, normalised source and medialit metadata."""
    payload = {"cell_type": cell_type, "source": normalize_source(source), "medialit": _meta_without_checksum(meta)}
    return _digest(payload)


def answer_checksum(meta: dict[str, Any]) -> str:
    """Checksum of an answer cell's medialit metadata (its source is the student's)."""
    return _digest({"medialit": _meta_without_checksum(meta)})


def expected_checksum(cell: dict[str, Any]) -> str | None:
    """The checksum a generated cell should carry (``None`` for roles that carry none)."""
    meta = cell.get("metadata")
    m = meta.get("medialit") if isinstance(meta, dict) else None
    if not isinstance(m, dict):
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
        cell["metadata"]["medialit"]["checksum"] = digest


_MEMO: dict[tuple[Any, ...], bool] = {}
_MEMO_SIZE = 20_000


def verify(cell: dict[str, Any]) -> str:
    """``"ok"``, ``"edited"`` or ``"unsealed"`` (no checksum stored) for one cell.

    Verdicts are memoised on the cell's exact content: a batch repeats the same
    locked cells in every submission.
    """
    meta = cell.get("metadata")
    m = meta.get("medialit") if isinstance(meta, dict) else None
    stored = m.get("checksum") if isinstance(m, dict) else None
    if not isinstance(stored, str) or not isinstance(m, dict):
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
