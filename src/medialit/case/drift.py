"""Tie the Python types to the shipped JSON Schemas, so neither can change without the other.

Every ``enum`` of ``schemas/annotations-v1.json`` has a Literal in :mod:`medialit.model`
(:data:`ANNOTATION_ENUMS`), and the enums and ``schema_version`` constants of the other
schemas match the types and constants the code uses (:data:`OTHER_ENUMS`,
:data:`SCHEMA_VERSIONS`). The question ``type`` enums come from the question-type registry,
which sits above the case: :mod:`medialit.qtypes.schema_enums` writes and checks them.
:func:`schema_drift` lists every difference; ``make lint`` runs it (``python -m
medialit.case.drift``) and so do the tests, on the shipped schemas and on planted drifts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import Any, get_args

from medialit import contracts, model
from medialit.case.validate import shipped_schema
from medialit.contracts import (
    ANNOTATION_SCHEMA_VERSION,
    ANSWER_SCHEMA_VERSION,
    BUNDLE_SCHEMA_VERSION,
    CELL_SCHEMA_VERSION,
    LESSON_SCHEMA_VERSION,
    PACKET_SCHEMA_VERSION,
    CellRole,
)
from medialit.model import (
    AboutBasis,
    AccountConfidence,
    AttributionClass,
    AttributionMode,
    CitationKind,
    ClaimKind,
    Confidence,
    EvidenceWhere,
    FramingDeviceKind,
    LessonRequirement,
    PacketKind,
    SourceKind,
    Verdict,
)

Where = tuple[str, ...]

#: Where each enum of the annotations schema is (property names from the top) -> its Literal.
ANNOTATION_ENUMS: dict[Where, Any] = {
    ("citations", "kind"): CitationKind,
    ("sources", "kind"): SourceKind,
    ("claims", "kind"): ClaimKind,
    ("attributions", "mode"): AttributionMode,
    ("framing", "device"): FramingDeviceKind,
    ("fact_checks", "verdict"): Verdict,
    ("fact_checks", "confidence"): Confidence,
    ("fact_checks", "accounts", "confidence"): AccountConfidence,
}

#: Enums of the other schemas that mirror a Python type: (schema file, JSON pointer) -> Literal.
OTHER_ENUMS: dict[tuple[str, str], Any] = {
    ("lesson-v1.json", "/properties/requires/items"): LessonRequirement,
    ("lesson-v1.json", "/$defs/question/properties/evidence/properties/where"): EvidenceWhere,
    ("cell-metadata-v1.json", "/$defs/cell/properties/role"): CellRole,
    ("student-bundle-v1.json", "/properties/data/properties/claims/items/properties/kind"): ClaimKind,
    ("student-bundle-v1.json", "/properties/data/properties/claims/items/properties/attribution"): AttributionClass,
    ("packet-v1.json", "/properties/documents/items/properties/kind"): PacketKind,
    ("packet-v1.json", "/properties/documents/items/properties/about/properties/basis"): AboutBasis,
}

#: The ``schema_version`` each schema pins -> the constant the code writes and reads.
SCHEMA_VERSIONS: dict[tuple[str, str], int] = {
    ("annotations-v1.json", "/properties/schema_version"): ANNOTATION_SCHEMA_VERSION,
    ("lesson-v1.json", "/properties/schema_version"): LESSON_SCHEMA_VERSION,
    ("cell-metadata-v1.json", "/$defs/notebook/properties/schema_version"): CELL_SCHEMA_VERSION,
    ("cell-metadata-v1.json", "/$defs/cell/properties/schema_version"): CELL_SCHEMA_VERSION,
    ("answer-record-v1.json", "/properties/schema_version"): ANSWER_SCHEMA_VERSION,
    ("student-bundle-v1.json", "/properties/schema_version"): BUNDLE_SCHEMA_VERSION,
    ("packet-v1.json", "/properties/schema_version"): PACKET_SCHEMA_VERSION,
}

SCHEMA_FILES = sorted({f for f, _ in (*OTHER_ENUMS, *SCHEMA_VERSIONS)})


def _pointer(schema: object, pointer: str) -> object:
    node = schema
    for part in pointer.strip("/").split("/"):
        node = node[part] if isinstance(node, dict) else None
    return node


def _annotation_enums(schema: Mapping[str, object]) -> Iterator[tuple[Where, list[Any]]]:
    """Every enum of the annotations schema, by property path (array items are looked through)."""

    def walk(node: object, where: Where) -> Iterator[tuple[Where, list[Any]]]:
        if not isinstance(node, dict):
            return
        if "enum" in node:
            yield where, list(node["enum"])
        for name, sub in (node.get("properties") or {}).items():
            yield from walk(sub, (*where, name))
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], where)

    yield from walk(schema, ())


def _compare(label: str, in_schema: list[object], literal: object) -> list[str]:
    in_python = list(get_args(literal))
    if in_schema == in_python:
        return []
    only_schema = [v for v in in_schema if v not in in_python]
    only_python = [v for v in in_python if v not in in_schema]
    parts = []
    if only_schema:
        parts.append(f"only in the schema: {', '.join(map(str, only_schema))}")
    if only_python:
        parts.append(f"only in Python: {', '.join(map(str, only_python))}")
    if not parts:
        parts.append("the same values in another order")
    return [f"{label}: the schema's enum and {_name(literal)} differ ({'; '.join(parts)})"]


def _name(literal: object) -> str:
    """The name a Literal has in medialit.model or medialit.contracts (aliases carry no name of their own)."""
    for module in (model, contracts):
        for name, value in vars(module).items():
            if value is literal and name[:1].isupper() and not name.isupper():
                return name
    return "the Literal"


def schema_drift(schemas: Mapping[str, Mapping[str, Any]] | None = None) -> list[str]:
    """Every difference between the shipped schemas (or ``schemas``, by file name) and the Python types."""
    loaded: dict[str, Any] = dict(schemas or {})
    for name in ["annotations-v1.json", *SCHEMA_FILES]:
        loaded.setdefault(name, shipped_schema(name))
    problems: list[str] = []
    found = dict(_annotation_enums(loaded["annotations-v1.json"]))
    for where, literal in ANNOTATION_ENUMS.items():
        label = f"annotations-v1.json {'.'.join(where)}"
        if where not in found:
            problems.append(f"{label}: the schema has no enum here any more")
        else:
            problems += _compare(label, found[where], literal)
    for where in found.keys() - ANNOTATION_ENUMS.keys():
        problems.append(
            f"annotations-v1.json {'.'.join(where)}: an enum with no Literal in medialit.model "
            "(add one and list it in medialit.case.drift.ANNOTATION_ENUMS)"
        )
    for (file, pointer), literal in OTHER_ENUMS.items():
        node = _pointer(loaded[file], pointer)
        values = node.get("enum") if isinstance(node, dict) else None
        if values is None:
            problems.append(f"{file} {pointer}: the schema has no enum here any more")
        else:
            problems += _compare(f"{file} {pointer}", list(values), literal)
    for (file, pointer), version in SCHEMA_VERSIONS.items():
        node = _pointer(loaded[file], pointer)
        const = node.get("const") if isinstance(node, dict) else None
        if const != version:
            problems.append(f"{file} {pointer}: the schema pins schema_version {const!r}, the code uses {version}")
    return sorted(problems)


def main() -> int:
    """Print every drift between the schemas and the Python types; exit 1 when there is any."""
    problems = schema_drift()
    for p in problems:
        print(f"schema drift: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover - run by make lint
    sys.exit(main())
