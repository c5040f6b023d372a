"""Load YAML while remembering the 1-based line of every value, for located errors."""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import yaml

Path = tuple[str | int, ...]


# Dates stay strings: the schema treats them as text and JSON has no date type.
_RESOLVERS = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps ISO dates as strings (they are compared as text)."""

    yaml_implicit_resolvers = _RESOLVERS


# libyaml's parser (PyYAML's C extension) reads an annotations file about ten times faster and
# yields the same nodes and lines; where PyYAML was built without it, the Python parser serves.
_SAFE_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_SAFE_FAST):  # type: ignore[misc,valid-type]
    """The same loader on libyaml's parser, when PyYAML has it."""

    yaml_implicit_resolvers = _RESOLVERS


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)`` on libyaml's parser when PyYAML has it (the same data, several
    times faster); an error is raised by the Python parser, worded as ``yaml.safe_load`` words it."""
    if "\t" in text or "\ufeff" in text:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=_SAFE_FAST)  # noqa: S506 - a safe loader (SafeConstructor)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def load_with_lines(text: str) -> tuple[Any, dict[Path, int]]:
    """Parse ``text`` and return ``(data, lines)``.

    ``lines`` maps a path such as ``("claims", 3, "span")`` to the 1-based line
    where that value starts. Raises ``yaml.YAMLError`` on bad YAML, with the
    Python parser's wording (libyaml words its errors differently).

    The last few texts parsed are remembered by their content (a case's files are read several
    times by one command): the same text gives a fresh copy of the same data, so a caller may
    change what it gets.
    """
    data, lines = _parsed(text)
    return copy.deepcopy(data), dict(lines)


@lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[Any, dict[Path, int]]:
    """What :func:`load_with_lines` returns, shared: never hand it out without copying."""
    if "\t" in text or "\ufeff" in text:  # libyaml accepts these where the Python parser may refuse them
        return _read(_Loader, text)
    try:
        return _read(_FastLoader, text)
    except yaml.YAMLError:
        return _read(_Loader, text)  # raises the same error, worded as the Python parser does


def _read(loader_class: type[yaml.SafeLoader], text: str) -> tuple[Any, dict[Path, int]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path, int] = {}
        if node is None:
            return None, lines
        _walk(node, (), lines)
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


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
