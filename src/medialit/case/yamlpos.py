"""Load YAML while remembering the 1-based line of every value, for located errors."""

from __future__ import annotations

from typing import Any

import yaml

Path = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps ISO dates as strings (they are compared as text)."""


# Dates stay strings: the schema treats them as text and JSON has no date type.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_CBase: Any = getattr(yaml, "CSafeLoader", None)
if _CBase is not None:

    class _CLoader(_CBase):  # type: ignore[misc]
        """libyaml's SafeLoader with the same resolvers (about 25 times faster)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FAST: Any = _CLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST = _Loader


def load_with_lines(text: str) -> tuple[Any, dict[Path, int]]:
    """Parse ``text`` once and return ``(data, lines)``.

    ``lines`` maps a path such as ``("claims", 3, "span")`` to the 1-based line
    where that value starts. Raises ``yaml.YAMLError`` on bad YAML.
    """
    loader = _FAST(text)
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
