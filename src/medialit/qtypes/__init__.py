"""The question-type registry: one module per type, looked up by the type's name.

Every part of medialit that depends on a question's type (the spec loader, the
notebook builder, the runtime, the grader, the key and the self-check) asks the
registry (``qtypes.get(q.type)``) instead of testing the type's name. Adding a
type is one new module here plus its tests (docs/authoring.md, "Adding a
question type").
"""

from __future__ import annotations

from typing import Any

from medialit.model import QUESTION_TYPES, Question
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

__all__ = ["WIDGETS", "QuestionType", "all_types", "describe", "get", "is_manual", "uses_widget"]

_REGISTRY: dict[str, QuestionType] = {
    t.name: t
    for t in (
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
    )
}
if tuple(_REGISTRY) != QUESTION_TYPES:  # pragma: no cover - a developer error, caught by the import
    raise RuntimeError(f"qtypes registers {tuple(_REGISTRY)}, but model.QUESTION_TYPES is {QUESTION_TYPES}")


def get(type_name: str) -> QuestionType:
    """The question type called ``type_name``; ``KeyError`` naming the known types when there is none."""
    try:
        return _REGISTRY[type_name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown question type {type_name!r}; known: {', '.join(_REGISTRY)}") from None


def all_types() -> tuple[QuestionType, ...]:
    """Every registered question type, in the order of ``model.QUESTION_TYPES``."""
    return tuple(_REGISTRY.values())


def is_manual(type_name: str) -> bool:
    """True when questions of this type are graded by a teacher (False for an unknown name)."""
    found = _REGISTRY.get(type_name)
    return found is not None and found.manual


def uses_widget(q: Question) -> bool:
    """True when the question is answered in a widget rather than in code."""
    return q.widget is not None


def describe(value: Any, q: Question) -> tuple[str, list[str]]:
    """``(summary, lines)``: an answer to ``q`` in words, as its type says it."""
    return get(q.type).describe(value, q)
