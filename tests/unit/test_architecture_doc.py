"""docs/architecture.md matches the code: every module and path it names exists, and its layer
table is the import-linter layers contract of pyproject.toml (same packages, same order).

Nothing is imported: modules are found as files, attributes as top-level names in their module,
so the map cannot name a module that was moved or removed without this test failing.
"""

from __future__ import annotations

import ast
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "medialit"
DOC = ROOT / "docs" / "architecture.md"
#: A course's or a case's own files, which the map names but the repository need not hold.
COURSE_FILES = ("book/", "pages/")

_CODE = re.compile(r"`([^`\n]+)`")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


def _doc() -> str:
    return DOC.read_text("utf-8")


def _contracts() -> list[dict[str, object]]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        contracts: list[dict[str, object]] = tomllib.load(f)["tool"]["importlinter"]["contracts"]
    return contracts


def _layers_contract() -> list[list[str]]:
    (layers,) = [c["layers"] for c in _contracts() if c.get("id") == "layers"]
    assert isinstance(layers, list)
    return [[p.strip() for p in str(layer).split("|")] for layer in layers]


def _module_file(parts: list[str]) -> Path | None:
    """The file of ``medialit.<parts>`` (a module or a package), or None."""
    base = SRC.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _top_level_names(path: Path) -> frozenset[str]:
    """Names a module defines or imports at its top level (and lazy attributes it lists in __all__)."""
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            names.add(node.value)  # __all__ entries and lazy attribute names
    return frozenset(names)


def _resolves(dotted: str) -> bool:
    """``medialit.a.b.Name`` or ``a.b`` (below medialit): the longest module prefix exists and the
    rest is a name defined in it (``Class.attribute`` checks the class name)."""
    parts = dotted.split(".")
    if parts[0] == "medialit":
        parts = parts[1:]
    for cut in range(len(parts), 0, -1):
        path = _module_file(parts[:cut])
        if path is not None:
            rest = parts[cut:]
            return not rest or rest[0] in _top_level_names(path)
    return False


def _is_module_ref(token: str) -> bool:
    """A dotted token that names medialit code: ``medialit.x...`` or ``pkg.mod`` of a medialit package."""
    if not _DOTTED.match(token):
        return False
    head = token.split(".")[0]
    return head == "medialit" or _module_file([head]) is not None


def _named_modules() -> list[str]:
    return sorted({t for t in _CODE.findall(_doc()) if _is_module_ref(t)})


def _named_paths() -> list[str]:
    tokens = {t for t in _CODE.findall(_doc()) if "/" in t and " " not in t and not t.startswith(COURSE_FILES)}
    return sorted(tokens)


def test_the_map_names_modules() -> None:
    # The parsers below must find what they check; an empty list would pass vacuously.
    assert "medialit.contracts" in _named_modules() and "grading.isolation.code_server" in _named_modules()
    assert "curriculum/derive*.py" in _named_paths()


@pytest.mark.parametrize("dotted", _named_modules())
def test_every_module_the_map_names_exists(dotted: str) -> None:
    assert _resolves(dotted), f"docs/architecture.md names `{dotted}`, which is not in src/medialit"


@pytest.mark.parametrize("path", _named_paths())
def test_every_path_the_map_names_exists(path: str) -> None:
    bases = (ROOT, ROOT / "src", ROOT / "src" / "medialit", SRC / "casestudies")
    found = [m for base in bases for m in base.glob(path.rstrip("/"))]
    assert found, f"docs/architecture.md names `{path}`, which is not in the repository"


def _layer_table() -> list[list[str]]:
    """The ``packages`` column of the map's layer table, one list of packages per row."""
    rows = []
    for line in _doc().splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) == 3 and cells[0].isdigit():
            rows.append(_CODE.findall(cells[1]))
    return rows


def test_the_layer_table_is_the_layers_contract() -> None:
    table = [p for row in _layer_table() for p in row]
    contract = [p for layer in _layers_contract() for p in layer]
    assert table, "no layer table found in docs/architecture.md"
    assert table == contract, (
        "docs/architecture.md's layer table and the `layers` contract in pyproject.toml differ:\n"
        f"only on the map: {sorted(set(table) - set(contract))}\n"
        f"only in the contract: {sorted(set(contract) - set(table))}\n"
        "(or the order differs)"
    )


def test_independent_packages_share_a_row() -> None:
    # `a | b` in the contract (siblings that may not import each other) is one row of the table.
    rows = [set(r) for r in _layer_table()]
    for layer in _layers_contract():
        if len(layer) > 1:
            assert any(set(layer) <= row for row in rows), f"{' | '.join(layer)} is not one row of the map"


def test_every_package_a_contract_names_is_on_the_map() -> None:
    doc = _doc()
    named = set(_CODE.findall(doc))
    for contract in _contracts():
        for key in ("layers", "source_modules", "forbidden_modules", "modules"):
            entries = contract.get(key) or []
            assert isinstance(entries, list)
            for entry in entries:
                for pkg in (p.strip() for p in str(entry).split("|")):
                    if pkg.startswith("medialit"):
                        short = pkg.removeprefix("medialit.")
                        assert pkg in named or short in named, (
                            f"contract {contract.get('id')!r} names {pkg}; docs/architecture.md does not"
                        )


def test_the_pure_core_paragraph_lists_the_contract() -> None:
    (core,) = [c["source_modules"] for c in _contracts() if c.get("id") == "pure-core"]
    assert isinstance(core, list)
    m = re.search(r"A second contract keeps the core \(([^)]*)\)", _doc())
    assert m, "docs/architecture.md no longer describes the pure-core contract"
    listed = {f"medialit.{n}" for n in _CODE.findall(m.group(1))}
    assert listed == set(core)
