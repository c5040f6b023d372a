"""Derivations are filed by what they compute and registered explicitly: the registry lists the
modules, each derivation is marked where it is defined, and importing a module registers nothing."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

from medialit.curriculum import derive
from medialit.curriculum.derive_common import Derived, derivation
from medialit.model import Case

CURRICULUM = Path(derive.__file__).parent
_MARK = re.compile(r'^@derivation\("(\w+)"\)', re.MULTILINE)


def _marked_in_sources() -> dict[str, str]:
    """Every ``@derivation("name")`` written in curriculum/derive_*.py, by name -> module."""
    found: dict[str, str] = {}
    for path in sorted(CURRICULUM.glob("derive_*.py")):
        for name in _MARK.findall(path.read_text("utf-8")):
            assert name not in found, f"{name} is marked in {found.get(name)} and {path.stem}"
            found[name] = f"medialit.curriculum.{path.stem}"
    return found


def test_every_marked_derivation_is_registered_from_its_own_module() -> None:
    marked = _marked_in_sources()
    registered = {name: fn.__module__ for name, fn in derive.derivations().items()}
    assert len(registered) >= 40
    # A new derive_*.py module missing from derive.MODULES leaves its derivations unregistered.
    assert registered == marked


def test_the_modules_are_named_by_what_they_compute() -> None:
    names = [m.__name__.rsplit(".", 1)[1] for m in derive.MODULES]
    assert names == [
        "derive_article",
        "derive_claims",
        "derive_sources",
        "derive_attribution",
        "derive_verdicts",
        "derive_framing",
        "derive_dates",
        "derive_packet",
    ]


def _module_with(name: str, *marks: str) -> types.ModuleType:
    module = types.ModuleType(name)
    for mark in marks:

        def fn(case: Case) -> Derived:
            return {"key": None}

        fn.__module__ = name
        setattr(module, f"d_{mark}", derivation(mark)(fn))
    return module


def test_marking_registers_nothing_by_itself() -> None:
    before = derive.derivations()
    _module_with("medialit.curriculum.derive_elsewhere", "a_new_one")
    assert derive.derivations() == before
    assert "a_new_one" in derive._collect([_module_with("medialit.curriculum.derive_elsewhere", "a_new_one")])


def test_a_name_defined_twice_is_refused() -> None:
    one = _module_with("medialit.curriculum.derive_one", "same")
    two = _module_with("medialit.curriculum.derive_two", "same")
    with pytest.raises(RuntimeError, match="derivation 'same' is defined twice"):
        derive._collect([one, two])


def test_an_imported_derivation_is_not_registered_twice() -> None:
    # derive_packet imports the `derivation` mark and helpers from derive_common; a derivation
    # imported into another module counts only in the module that defines it.
    one = _module_with("medialit.curriculum.derive_one", "only_here")
    other = types.ModuleType("medialit.curriculum.derive_two")
    vars(other)["borrowed"] = one.d_only_here
    assert list(derive._collect([one, other])) == ["only_here"]
