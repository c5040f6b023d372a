"""Cell factories: every cell carries ``metadata.medialit`` and an id derived from its role.

Locked cells (setup, prompt, check) and answer cells are sealed with a checksum
(:mod:`medialit.contracts`) so the grader can report edits; a factory
seals the cell it returns, and code that changes a cell's metadata afterwards
calls :func:`seal` again.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from medialit import qtypes
from medialit.contracts import ANSWER_SCHEMA_VERSION, CELL_SCHEMA_VERSION, MARKER, META_KEY, ROLES, AnswerRecord, seal
from medialit.model import Question
from medialit.readable import record_bundle

__all__ = ["MARKER", "ROLES", "answer_record_output", "cell_id", "code", "markdown", "meta"]


def cell_id(*parts: str) -> str:
    """A stable nbformat cell id from readable parts (``L2.Q3``, ``answer`` -> ``l2-q3-answer``)."""
    raw = "-".join(parts).lower().replace(".", "-").replace("_", "-")
    return raw[:64]


def meta(role: str, question: Question | None = None, **extra: Any) -> dict[str, object]:
    """``metadata.medialit`` for a cell (the cell-metadata contract, schema version 1)."""
    if role not in ROLES:
        raise ValueError(f"unknown cell role {role!r}")
    m: dict[str, object] = {"schema_version": CELL_SCHEMA_VERSION, "role": role}
    if question is not None:
        m.update(question=question.id, type=question.type, points=question.points)
    m.update(extra)
    return m


def markdown(source: str, cid: str, role: str = "lesson", question: Question | None = None) -> NotebookNode:
    """A markdown cell."""
    cell = new_markdown_cell(source.strip("\n"), id=cid)
    cell.metadata[META_KEY] = meta(role, question)
    seal(cell)
    return cell


def code(
    source: str,
    cid: str,
    role: str = "lesson",
    question: Question | None = None,
    *,
    locked: bool = False,
    hide_input: bool = False,
) -> NotebookNode:
    """A code cell; ``locked`` cells are not meant to be edited by students."""
    cell = new_code_cell(source.strip("\n"), id=cid)
    cell.metadata[META_KEY] = meta(role, question)
    if locked:
        cell.metadata["editable"] = False
        cell.metadata["deletable"] = False
    if hide_input:
        cell.metadata["tags"] = ["hide-input"]
    seal(cell)
    return cell


def answer_record_output(question: Question, value: object, seq: int = 1) -> NotebookNode:
    """A saved answer of record, as the live widget writes it (JSON record plus readable text and HTML)."""
    record: AnswerRecord = {
        "schema_version": ANSWER_SCHEMA_VERSION,
        "question": question.id,
        "seq": seq,
        "value": value,
    }
    return new_output(
        "display_data", data=record_bundle(record, question, qtypes.describe(value, question)), metadata={}
    )
