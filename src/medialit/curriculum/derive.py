"""Derive question keys from a case's annotations: the registry of derivations.

Each derivation takes the case and the spec's arguments and returns the parts of
a question it fills in (a :class:`~medialit.curriculum.derive_common.Derived`): ``items``
or ``options``, ``labels``, ``key``, and the ``explanation`` and ``citations`` that justify
the key. Another case study therefore yields its own keys with no hand-written answers.

Derivations are filed by what they compute (:data:`MODULES`: the article, claims, sources,
attribution, fact-check verdicts, framing, dates, the source packet), each marked
``@derivation("name")`` where it is defined; this module registers the marked functions of
exactly those modules. A derivation's type hints are its contract with the lesson YAML:
:func:`derive` checks the arguments against them (:mod:`medialit.curriculum.derive_args`)
before it runs, so a misspelt value is an error that names the allowed ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from types import ModuleType

from medialit.curriculum import (
    derive_article,
    derive_attribution,
    derive_claims,
    derive_dates,
    derive_framing,
    derive_packet,
    derive_sources,
    derive_verdicts,
)
from medialit.curriculum.derive_args import argument_problems
from medialit.curriculum.derive_common import NAME_ATTRIBUTE, Derivation, Derived
from medialit.errors import CurriculumError
from medialit.model import Case

__all__ = ["MODULES", "Derived", "derivations", "derive"]

#: The modules that define derivations, one per thing computed.
MODULES: tuple[ModuleType, ...] = (
    derive_article,
    derive_claims,
    derive_sources,
    derive_attribution,
    derive_verdicts,
    derive_framing,
    derive_dates,
    derive_packet,
)


def _collect(modules: Iterable[ModuleType]) -> dict[str, Derivation]:
    """The functions each module defines and marks with ``@derivation``, by name (a name used twice is an error)."""
    found: dict[str, Derivation] = {}
    for module in modules:
        for value in vars(module).values():
            name = getattr(value, NAME_ATTRIBUTE, None)
            if name is None or getattr(value, "__module__", None) != module.__name__:
                continue  # not a derivation, or one imported from another module
            if name in found:
                raise RuntimeError(
                    f"derivation {name!r} is defined twice: {found[name].__module__} and {module.__name__}"
                )
            found[name] = value
    return found


_REGISTRY: dict[str, Derivation] = _collect(MODULES)


def derivations() -> dict[str, Derivation]:
    """The registered derivations by name."""
    return dict(_REGISTRY)


def derive(case: Case, name: str, args: dict[str, object], where: str) -> Derived:
    """Run derivation ``name`` with ``args``; errors name the question ``where``."""
    fn = _REGISTRY.get(name)
    if fn is None:
        close = difflib.get_close_matches(name, _REGISTRY, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise CurriculumError(f"{where}: unknown derivation '{name}'.{hint}")
    problems = argument_problems(fn, args)
    if problems:
        raise CurriculumError(f"{where}: derivation '{name}': " + "; ".join(problems) + ".")
    try:
        return fn(case, **args)
    except KeyError as exc:
        raise CurriculumError(f"{where}: derivation '{name}' names an unknown id {exc}.") from None
    except TypeError as exc:
        raise CurriculumError(f"{where}: bad arguments for derivation '{name}': {exc}.") from None
