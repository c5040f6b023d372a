"""Write notebooks deterministically, and compare them with what is on disk."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbformat import NotebookNode


def notebook_bytes(nb: NotebookNode) -> bytes:
    """Serialise a notebook byte-for-byte reproducibly (sorted keys, one-space indent, final newline)."""
    nbformat.validate(nb)
    text = nbformat.writes(nb, version=4)
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def render(files: Mapping[str, NotebookNode | bytes | str]) -> dict[str, bytes]:
    """Serialise a mapping of relative path -> notebook, bytes or text."""
    out = {}
    for rel, obj in sorted(files.items()):
        if isinstance(obj, bytes):
            out[rel] = obj
        elif isinstance(obj, str):
            out[rel] = obj.encode("utf-8")
        else:
            out[rel] = notebook_bytes(obj)
    return out


def write_files(files: Mapping[str, bytes], root: Path) -> list[str]:
    """Write ``files`` under ``root``; return the paths that changed. Unchanged files are not touched."""
    changed = []
    for rel, data in sorted(files.items()):
        path = root / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        changed.append(rel)
    return changed


def remove_extra(files: Mapping[str, bytes], root: Path, managed: tuple[str, ...]) -> list[str]:
    """Delete the notebooks of ``managed`` folders that ``files`` no longer holds; return their paths.

    A lesson the case no longer gets (or another case's lesson) would otherwise stay beside the
    new ones, and the book, which shows every notebook of those folders, would show both.
    """
    removed = []
    for folder in managed:
        for path in sorted((root / folder).glob("*.ipynb")):
            rel = path.relative_to(root).as_posix()
            if rel not in files and str(path.relative_to(root)) not in files:
                path.unlink()
                removed.append(rel)
    return removed


def stale_files(files: Mapping[str, bytes], root: Path, managed: tuple[str, ...] = ()) -> list[str]:
    """Paths whose bytes on disk differ from ``files``, plus extra files in ``managed`` folders."""
    stale = [
        rel for rel, data in sorted(files.items()) if not (root / rel).is_file() or (root / rel).read_bytes() != data
    ]
    for folder in managed:
        for path in sorted((root / folder).glob("*.ipynb")):
            rel = str(path.relative_to(root))
            if rel not in files:
                stale.append(f"{rel} (not generated any more)")
    return stale
