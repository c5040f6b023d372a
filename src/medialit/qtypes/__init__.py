"""The question-type registry: one module per type, looked up by the type's name.

Every part of medialit that depends on a question's type (the spec loader, the
notebook builder, the runtime, the grader, the key and the self-check) asks the
registry (``qtypes.get(q.type)``) instead of testing the type's name. The registry
owns the list of types: the schemas' ``type`` enums are written from it
(:mod:`medialit.qtypes.schema_enums`). Adding a type is one new module here, its line
below, plus its tests (docs/authoring.md, "Adding a question type").

Each type is generic over its key and answer types (``QuestionType[K, V]``, see
:mod:`medialit.qtypes.base`). The registry holds types of different ``K`` and ``V`` side by
side, so it hands them out as ``QuestionType[Any, Any]``: the one place where ``Any`` is
honest ("whichever this question's type is"). Callers pass a student's value, an ``object``,
to the entry points that narrow it first (``score``, ``mark_lines``, ``trail_of``,
``lacking``, ``describe``, ``shape_problems``); a type's own hooks see only its ``V``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from medialit.model import Question
from medialit.qtypes.base import WIDGETS, QuestionType
from medialit.qtypes.code import Code
from medialit.qtypes.label_items import LabelItems
from medialit.qtypes.match_pairs import MatchPairs
from medialit.qtypes.multi_select import MultiSelect
from medialit.qtypes.numeric import Numeric
from medialit.qtypes.search_lab import SearchLab
from medialit.qtypes.select_sentences import SelectSentences
from medialit.qtypes.select_spans import SelectSpans
from medialit.qtypes.short_text import ShortText
from medialit.qtypes.single_choice import SingleChoice

__all__ = [
    "WIDGETS",
    "QuestionType",
    "all_types",
    "describe",
    "get",
    "is_manual",
    "names",
    "register",
    "unregister",
    "uses_widget",
]

#: Any question type, whatever its key and answer types (the registry's heterogeneous boundary).
AnyType = QuestionType[Any, Any]
_T = TypeVar("_T", bound=AnyType)

_REGISTRY: dict[str, AnyType] = {}


def register(qt: _T) -> _T:
    """Add the question type ``qt`` under its :attr:`~QuestionType.name` (which must be new); returns it."""
    if not qt.name or not qt.name.isidentifier():
        raise ValueError(f"a question type's name must be an identifier such as 'year', not {qt.name!r}")
    if qt.name in _REGISTRY:
        raise ValueError(f"question type {qt.name!r} is registered already")
    _REGISTRY[qt.name] = qt
    return qt


def unregister(name: str) -> None:
    """Remove the question type called ``name`` (a test's throwaway type); ``KeyError`` when there is none."""
    get(name)
    del _REGISTRY[name]


# The types medialit ships, in the order the schemas list them.
for _qt in (
    SingleChoice(),
    MultiSelect(),
    LabelItems(),
    MatchPairs(),
    SelectSentences(),
    SelectSpans(),
    Numeric(),
    ShortText(),
    Code(),
    SearchLab(),
):
    register(_qt)
del _qt


def get(type_name: str) -> AnyType:
    """The question type called ``type_name``; ``KeyError`` naming the known types when there is none."""
    try:
        return _REGISTRY[type_name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown question type {type_name!r}; known: {', '.join(_REGISTRY)}") from None


def all_types() -> tuple[AnyType, ...]:
    """Every registered question type, in the order they were registered."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    """The names of every registered question type, in the order they were registered."""
    return tuple(_REGISTRY)


def is_manual(type_name: str) -> bool:
    """True when questions of this type are graded by a teacher (False for an unknown name)."""
    found = _REGISTRY.get(type_name)
    return found is not None and found.manual


def uses_widget(q: Question) -> bool:
    """True when the question is answered in a widget rather than in code."""
    return q.widget is not None


def describe(value: object, q: Question) -> tuple[str, list[str]]:
    """``(summary, lines)``: an answer to ``q`` in words, as its type says it."""
    return get(q.type).describe(value, q)
