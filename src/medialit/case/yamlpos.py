"""Load YAML while remembering the 1-based line of every value, for located errors."""

from __future__ import annotations

from typing import Any

import yaml

Path = tuple[str | int, ...]


#: libyaml's C parser when PyYAML was built with it (about ten times faster), else the pure-Python one.
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """Safe loader (libyaml's where present) that keeps ISO dates as strings (they are compared as text)."""


# Dates stay strings: the schema treats them as text and JSON has no date type.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_with_lines(text: str) -> tuple[Any, dict[Path, int]]:
    """Parse ``text`` and return ``(data, lines)``.

    ``lines`` maps a path such as ``("claims", 3, "span")`` to the 1-based line
    where that value starts. Raises ``yaml.YAMLError`` on bad YAML.
    """
    # One parse: the node tree gives the lines, then the same loader builds the data from it.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path, int] = {}
        if node is None:
            return None, lines
        _walk(node, (), lines)
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, lines


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            k = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            lines[(*path, k)] = key.start_mark.line + 1
            _walk(value, (*path, k), lines)
            lines[(*path, k)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines)


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """Return the line of ``path`` or of its nearest ancestor that has one."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())
