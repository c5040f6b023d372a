"""Read answers out of a saved notebook without executing anything.

Cells are found by ``metadata.medialit.question`` (role ``answer``) or, for
front-ends that drop cell metadata, by the marker line ``# medialit: L3.Q2``.
Widget answers come from answer-of-record outputs (highest ``seq`` wins); code
answers from a literal ``answer = ...`` read with :func:`ast.literal_eval`.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medialit.errors import GradingError
from medialit.model import ANSWER_MIME

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 200
_MARKER = re.compile(r"^\s*#\s*medialit:\s*(L\d+\.Q\d+)\s*$", re.MULTILINE)


@dataclass
class Extracted:
    """Answers found in one notebook, and how each was found."""

    metadata: dict[str, Any]
    answers: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    found_by: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    literal_notes: dict[str, str] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)

    def note(self, qid: str, text: str) -> None:
        """Record a remark about how the answer of ``qid`` was read."""
        self.notes.setdefault(qid, []).append(text)


def _depth(obj: Any, limit: int) -> int:
    """Nesting depth of JSON data, without recursion (deep input must not crash us)."""
    stack = [(obj, 1)]
    deepest = 0
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(node, dict):
            stack.extend((v, d + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, d + 1) for v in node)
    return deepest


def read_notebook_json(path: Path) -> dict[str, Any]:
    """Parse a notebook file defensively; every failure is a :class:`GradingError` with a reason."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise GradingError(f"cannot read the file ({exc.strerror})") from None
    if size == 0:
        raise GradingError("the file is empty")
    if size > MAX_BYTES:
        raise GradingError(f"the file is {size / 1e6:.0f} MB, larger than the {MAX_BYTES // 2**20} MB limit")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise GradingError("this is a binary file, not a notebook")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise GradingError("the file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise GradingError("the notebook JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise GradingError(f"not valid JSON (line {exc.lineno}: {exc.msg}); the file may be truncated") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise GradingError("not a Jupyter notebook (no list of cells)")
    if data.get("nbformat") != 4:
        raise GradingError(f"unsupported notebook format {data.get('nbformat')!r}; save it as nbformat 4")
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise GradingError("the notebook JSON is nested too deeply")
    return data


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def _cell_question(cell: dict[str, Any], source: str) -> tuple[str | None, str]:
    meta = cell.get("metadata")
    m = meta.get("medialit") if isinstance(meta, dict) else None
    if isinstance(m, dict) and m.get("role") == "answer" and isinstance(m.get("question"), str):
        return m["question"], "metadata"
    hit = _MARKER.search(source)
    if hit:
        return hit.group(1), "marker"
    return None, ""


def _records(cell: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    outputs = cell.get("outputs")
    if not isinstance(outputs, list):
        return out
    for o in outputs:
        data = o.get("data") if isinstance(o, dict) else None
        rec = data.get(ANSWER_MIME) if isinstance(data, dict) else None
        if isinstance(rec, str):
            try:
                rec = json.loads(rec)
            except json.JSONDecodeError:
                continue
        if isinstance(rec, dict) and isinstance(rec.get("seq"), int):
            out.append(rec)
    return out


def literal_answer(source: str) -> tuple[bool, Any, str]:
    """Find the last top-level ``answer = <literal>`` in ``source``.

    Returns ``(found, value, note)``; nothing is executed.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return False, None, f"the answer cell has a syntax error (line {exc.lineno})"
    except (ValueError, RecursionError, MemoryError):
        return False, None, "the answer cell cannot be parsed"
    found = False
    value: Any = None
    note = ""
    for node in tree.body:
        targets: list[ast.expr] = []
        val: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, val = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, val = [node.target], node.value
        if val is None or not any(isinstance(t, ast.Name) and t.id == "answer" for t in targets):
            continue
        try:
            value = ast.literal_eval(val)
            found, note = True, ""
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            found, value = False, None
            note = "`answer` must be a plain value (text, number, list or dictionary), not an expression"
    return found, value, note


def extract(nb: dict[str, Any]) -> Extracted:
    """Collect every question's answer from notebook JSON."""
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    ex = Extracted(metadata=meta.get("medialit", {}) if isinstance(meta.get("medialit"), dict) else {})
    best_seq: dict[str, int] = {}
    for cell in nb["cells"]:
        if not isinstance(cell, dict):
            continue
        source = _source(cell)
        qid, how = _cell_question(cell, source)
        if qid is None:
            continue
        if cell.get("cell_type") != "code":
            ex.present.add(qid)
            ex.note(qid, "the answer cell was turned into a markdown cell; change it back to code")
            continue
        if qid in ex.sources:
            ex.note(qid, "the answer cell appears more than once; the last answered copy counts")
        ex.present.add(qid)
        ex.found_by.setdefault(qid, how)
        for rec in _records(cell):
            if rec.get("question") not in (None, qid):
                continue
            if rec["seq"] >= best_seq.get(qid, -1):
                best_seq[qid] = rec["seq"]
                ex.answers[qid] = rec.get("value")
        if qid in best_seq:
            continue
        found, value, note = literal_answer(source)
        if found and not (_blank(value) and qid in ex.answers):
            ex.answers[qid] = value
            ex.literal_notes.pop(qid, None)
        elif note:
            ex.literal_notes[qid] = note
        ex.sources[qid] = source
    return ex


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(v in ("", None) for v in value.values())
    return value in (None, "", [], ()) or (isinstance(value, str) and not value.strip())
