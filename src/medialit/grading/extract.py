"""Read answers out of a saved notebook without executing anything.

Cells are found by ``metadata.medialit.question`` (role ``answer``) or, for
front-ends that drop cell metadata, by the marker line ``# medialit: L3.Q2``.
Widget answers come from answer-of-record outputs (highest ``seq`` wins); code
answers from a literal ``answer = ...`` read with :func:`ast.literal_eval`.

Each cell is handled on its own, so deleted, duplicated, reordered or retyped
cells affect only their question, with a note saying what was found:

- a duplicated answer cell: the last answered copy counts;
- an answer cell turned into Markdown or raw text: its literal is still read
  (nothing runs either way), but a widget's saved answer is lost with the outputs;
- a deleted answer cell: the question is unanswered ("the answer cell is missing").

Locked cells are checked against their checksums on the way
(:mod:`medialit.contracts`). A notebook whose ``metadata.medialit`` or answer records
carry a ``schema_version`` this medialit does not read is refused with a
:class:`~medialit.errors.GradingError` that names the version found and the one supported.
"""

from __future__ import annotations

import ast
import functools
import json
from dataclasses import dataclass, field

from medialit import contracts
from medialit.contracts import ANSWER_MIME, LOCKED_ROLES, MARKER_LINE, answer_record_problem, cell_version_problem
from medialit.errors import GradingError
from medialit.grading.limits import MAX_CODE_CHARS, MAX_NOTEBOOK_BYTES, too_large

MAX_BYTES = MAX_NOTEBOOK_BYTES
MAX_ANSWER_DEPTH = 64
MAX_SOURCE_CHARS = MAX_CODE_CHARS
_SIGNATURES = {
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}


@dataclass
class Extracted:
    """Answers found in one notebook, how each was found, and the state of its locked cells.

    Attributes
    ----------
    metadata : the notebook's ``metadata.medialit`` (empty when missing).
    answers : question id -> answer value (widget record or literal).
    sources : question id -> source of the answer cell (code questions run it).
    found_by : question id -> ``"metadata"`` or ``"marker"``.
    notes : question id -> remarks for the student and teacher.
    literal_notes : question id -> why no literal answer could be read.
    present : question ids whose answer cell exists.
    seals : (question id or ``"setup"``, role) -> checksum states of those cells.
    cell_meta : question id -> the ``metadata.medialit`` dicts of its cells.
    medialit_cells : how many cells carry ``metadata.medialit``.
    """

    metadata: dict[str, object]
    answers: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    found_by: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    literal_notes: dict[str, str] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)
    seals: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    cell_meta: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    medialit_cells: int = 0

    def note(self, qid: str, text: str) -> None:
        """Record a remark about how the answer of ``qid`` was read (each remark once)."""
        notes = self.notes.setdefault(qid, [])
        if text not in notes:
            notes.append(text)


def depth_exceeds(obj: object, limit: int) -> bool:
    """True when JSON-like data nests deeper than ``limit`` (checked without recursion)."""
    stack = [(obj, 1)]
    while stack:
        node, d = stack.pop()
        if d > limit:
            return True
        if isinstance(node, dict):
            stack.extend((v, d + 1) for v in node.values())
        elif isinstance(node, (list, tuple, set, frozenset)):
            stack.extend((v, d + 1) for v in node)
    return False


def parse_notebook(raw: bytes) -> dict[str, object]:
    """Parse notebook bytes defensively; every failure is a :class:`GradingError` with a reason."""
    return _notebook_object(_json_value(_notebook_text(raw)))


def _notebook_text(raw: bytes) -> str:
    """The file's text: not empty, not too large, not another kind of file, UTF-8."""
    if not raw:
        raise GradingError("the file is empty")
    if len(raw) > MAX_BYTES:
        raise GradingError(too_large(len(raw), MAX_BYTES))
    for sig, what in _SIGNATURES.items():
        if raw.startswith(sig):
            raise GradingError(f"this is {what}, not a notebook")
    if b"\x00" in raw[:4096]:
        raise GradingError("this is a binary file, not a notebook")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GradingError(f"the file is not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise GradingError("the file is empty (only white space)")
    return text


def _json_value(text: str) -> object:
    """The JSON value of ``text``, each way it can fail worded for the student."""
    try:
        return json.loads(text)
    except RecursionError:
        raise GradingError("the notebook JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise GradingError(f"not valid JSON (line {exc.lineno}: {exc.msg}); the file may be truncated") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise GradingError(f"not valid JSON ({str(exc)[:80]})") from None


def _notebook_object(data: object) -> dict[str, object]:
    """``data`` is a format-4 notebook with a list of cells (older or other formats are named)."""
    if not isinstance(data, dict):
        raise GradingError("not a Jupyter notebook (the JSON is not an object)")
    fmt = data.get("nbformat")
    if fmt != 4:
        if fmt in (1, 2, 3) or "worksheets" in data:
            old = f"format {fmt}" if fmt in (1, 2, 3) else "format 3 or older"
            raise GradingError(f"this notebook uses the old {old}; open and save it in Jupyter to convert it")
        if "cells" not in data:
            raise GradingError("not a Jupyter notebook (no 'cells' and no 'nbformat')")
        raise GradingError(f"unsupported notebook format {str(fmt)[:20]!r}; save it as nbformat 4")
    if not isinstance(data.get("cells"), list):
        raise GradingError("not a Jupyter notebook (no list of cells)")
    return data


def _source(cell: dict[str, object]) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def _records(cell: dict[str, object]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    outputs = cell.get("outputs")
    if not isinstance(outputs, list):
        return out
    for o in outputs:
        data = o.get("data") if isinstance(o, dict) else None
        rec = data.get(ANSWER_MIME) if isinstance(data, dict) else None
        if isinstance(rec, str):
            try:
                rec = json.loads(rec)
            except (ValueError, RecursionError):
                continue
        if isinstance(rec, dict) and type(rec.get("seq")) is int:
            out.append(rec)
    return out


#: Answer cells up to this length are parsed once per batch and their literal reused (read-only).
MEMO_SOURCE_CHARS = 4000


def literal_answer(source: str) -> tuple[bool, object, str]:
    """Find the last top-level ``answer = <literal>`` in ``source``.

    Returns ``(found, value, note)``; nothing is executed. A short cell's result is
    remembered: a class hands in the same cell many times, and the value is never changed.
    """
    if len(source) <= MEMO_SOURCE_CHARS:
        return _literal_answer_memo(source)
    return _literal_answer(source)


def _literal_answer(source: str) -> tuple[bool, object, str]:
    if len(source) > MAX_SOURCE_CHARS:
        return False, None, f"the answer cell is longer than {MAX_SOURCE_CHARS:,} characters; it was not read"
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return False, None, f"the answer cell has a syntax error (line {exc.lineno})"
    except (ValueError, RecursionError, MemoryError):
        return False, None, "the answer cell cannot be parsed"
    found = False
    value: object = None
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
    if found and depth_exceeds(value, MAX_ANSWER_DEPTH):
        return False, None, "the answer is nested too deeply"
    return found, value, note


_literal_answer_memo = functools.lru_cache(maxsize=4096)(_literal_answer)
_medialit_meta = contracts.medialit_meta


def _role(m: dict[str, object] | None) -> str | None:
    role = m.get("role") if m is not None else None
    return role if isinstance(role, str) else None


def _answer_question(m: dict[str, object] | None, source: str) -> tuple[str | None, str]:
    role = _role(m)
    question = m.get("question") if m is not None else None
    if role == "answer" and isinstance(question, str):
        return question, "metadata"
    if role in LOCKED_ROLES or role in ("lesson", "key"):
        return None, ""
    hit = MARKER_LINE.search(source)
    if hit:
        return hit.group(1), "marker"
    return None, ""


def extract(nb: dict[str, object], where: str = "this notebook") -> Extracted:
    """Collect every question's answer, and the checksum state of locked cells, from notebook JSON.

    Raises :class:`GradingError` (naming ``where``) when the notebook's or a cell's
    ``metadata.medialit``, or an answer record, has a ``schema_version`` this medialit does not read.
    """
    problem = cell_version_problem(nb, where)
    if problem:
        raise GradingError(problem)
    meta = nb.get("metadata")
    nb_meta = meta.get("medialit") if isinstance(meta, dict) else None
    ex = Extracted(metadata=nb_meta if isinstance(nb_meta, dict) else {})
    best_seq: dict[str, int] = {}
    copies: dict[str, int] = {}
    cells = nb.get("cells", ())
    for cell in cells if isinstance(cells, (list, tuple)) else ():
        if not isinstance(cell, dict):
            continue
        m = _medialit_meta(cell)
        if m is not None:
            ex.medialit_cells += 1
            role = _role(m)
            q = m.get("question")
            if role in LOCKED_ROLES:
                owner = "setup" if role == "setup" else (q if isinstance(q, str) else "")
                ex.seals.setdefault((owner, role), []).append(contracts.verify(cell))
                if isinstance(q, str):
                    ex.cell_meta.setdefault(q, []).append(m)
                continue
        source = _source(cell)
        qid, how = _answer_question(m, source)
        if qid is None:
            continue
        if m is not None and how == "metadata":
            ex.seals.setdefault((qid, "answer"), []).append(contracts.verify(cell))
            ex.cell_meta.setdefault(qid, []).append(m)
        copies[qid] = copies.get(qid, 0) + 1
        if copies[qid] == 2:
            ex.note(qid, "the answer cell appears more than once; the last answered copy counts")
        ex.present.add(qid)
        ex.found_by.setdefault(qid, how)
        cell_type = cell.get("cell_type")
        if cell_type != "code":
            ex.note(
                qid,
                f"the answer cell was turned into a {str(cell_type)[:20]} cell; its text was read, "
                "but a widget's saved answer is lost that way: change it back to a code cell",
            )
        _read_answer(ex, qid, cell, source, best_seq, code_cell=cell_type == "code", where=where)
    return ex


def _read_answer(
    ex: Extracted,
    qid: str,
    cell: dict[str, object],
    source: str,
    best_seq: dict[str, int],
    *,
    code_cell: bool,
    where: str = "this notebook",
) -> None:
    for rec in _records(cell) if code_cell else ():
        if rec.get("question") not in (None, qid):
            continue
        problem = answer_record_problem(rec, f"{where} ({qid})")
        if problem:
            raise GradingError(problem)
        seq = rec["seq"]
        if isinstance(seq, int) and seq >= best_seq.get(qid, -1):  # an int: _records keeps only those
            value = rec.get("value")
            if depth_exceeds(value, MAX_ANSWER_DEPTH):
                ex.note(qid, "a saved widget answer is nested too deeply and was ignored")
                continue
            best_seq[qid] = seq
            ex.answers[qid] = value
    if qid in best_seq:
        return
    found, value, note = literal_answer(source)
    if found and not (blank_value(value) and qid in ex.answers):
        ex.answers[qid] = value
        ex.literal_notes.pop(qid, None)
    elif note and qid not in ex.answers:
        ex.literal_notes[qid] = note
    if not (qid in ex.sources and blank_source(source)):
        ex.sources[qid] = source


def blank_source(source: str) -> bool:
    """True when a cell holds nothing but blank lines and comments."""
    return not any(line.strip() and not line.strip().startswith("#") for line in source.splitlines())


def blank_value(value: object) -> bool:
    """True for an answer left blank: ``None``, empty text, an empty list, a dict of blanks."""
    if isinstance(value, dict):
        return all(v in ("", None) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) == 0
    return value is None or (isinstance(value, str) and not value.strip())
