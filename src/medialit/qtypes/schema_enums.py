"""The schemas' question ``type`` enums, written from the registry: the registry owns the list.

Three shipped schemas list the question types (the lesson spec, the cell metadata and the
student bundle, at :data:`TYPE_ENUMS`). Their enums are the registry's names, in its order:
:func:`with_registered_types` puts them into a schema before the curriculum validates with
it, :func:`type_enum_drift` lists where a shipped file differs, and
``python -m medialit.qtypes.schema_enums --write`` writes them (``make lint`` runs it without
``--write`` and fails on a difference, as ``tests/unit/test_registry.py`` does).
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from medialit import qtypes

#: Where each shipped schema lists the question types: file -> JSON pointers of the enums.
TYPE_ENUMS: dict[str, tuple[str, ...]] = {
    "lesson-v1.json": ("/$defs/question/properties/type",),
    "cell-metadata-v1.json": ("/$defs/cell/properties/type",),
    "student-bundle-v1.json": (
        "/$defs/graded_question/properties/type",
        "/$defs/practice_question/properties/type",
    ),
}


def _node(schema: object, pointer: str) -> object:
    node = schema
    for part in pointer.strip("/").split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def with_registered_types(schema: Mapping[str, object], file: str) -> dict[str, object]:
    """A copy of the schema ``file`` whose question ``type`` enums list the registered types."""
    out = copy.deepcopy(dict(schema))
    for pointer in TYPE_ENUMS.get(file, ()):
        node = _node(out, pointer)
        if not isinstance(node, dict):
            raise KeyError(f"{file} has no question type enum at {pointer}")
        node["enum"] = list(qtypes.names())
    return out


def _path(file: str, folder: Path | None) -> Path:
    return (folder / file) if folder else Path(str(resources.files("medialit") / "schemas" / file))


def _text(schema: Mapping[str, object]) -> str:
    """A schema as the shipped files are written: one-space indents, a final newline."""
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


def type_enum_drift(folder: Path | None = None) -> list[str]:
    """Every question ``type`` enum of the shipped schemas (or those in ``folder``) that is not the registry's list."""
    problems = []
    for file, pointers in TYPE_ENUMS.items():
        schema = json.loads(_path(file, folder).read_text("utf-8"))
        for pointer in pointers:
            node = _node(schema, pointer)
            found = node.get("enum") if isinstance(node, dict) else None
            if found != list(qtypes.names()):
                problems.append(
                    f"{file} {pointer}: the enum is {found}, the registry's types are {list(qtypes.names())} "
                    "(python -m medialit.qtypes.schema_enums --write)"
                )
    return problems


def write(folder: Path | None = None) -> list[str]:
    """Write the registry's types into the shipped schemas (or those in ``folder``); the files changed."""
    changed = []
    for file in TYPE_ENUMS:
        path = _path(file, folder)
        text = path.read_text("utf-8")
        new = _text(with_registered_types(json.loads(text), file))
        if new != text:
            path.write_text(new, "utf-8")
            changed.append(file)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Check (or, with ``--write``, write) the schemas' question type enums; exit 1 on a drift."""
    args = sys.argv[1:] if argv is None else argv
    if "--write" in args:
        for file in write():
            print(f"wrote the question types into {file}")
        return 0
    problems = type_enum_drift()
    for p in problems:
        print(f"schema drift: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover - run by make lint
    sys.exit(main())
