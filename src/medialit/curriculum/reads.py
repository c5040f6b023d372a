"""Which annotation items a derivation reads to make a key.

An item is read when the derivation reads one of its fields. Finding an item by its id, or
scanning the links that point at it (a fact check's ``claim``, an attribution's ``claims``), is a
look-up, not a read, and so is reading what only shows students the item (its summary,
explanation or citations). Both the review gate (:func:`medialit.curriculum.spec.resolve_question`,
a question's ``derived_from``) and the per-item preview (:mod:`medialit.curriculum.lineage`) use
this one rule, so ``build`` and ``medialit key --by-annotation`` agree on what a key rests on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from medialit.model import Annotations, Case

#: The annotation layers a teacher reviews, in the order of ``annotations.yaml``.
LAYERS = ("sources", "claims", "attributions", "framing", "fact_checks")
#: Fields that give the item's wording, explanation or sources to students, not the key.
SHOWN = frozenset({"summary", "description", "explanation", "citations", "accounts", "original", "confidence"})
#: Fields whose reading is a look-up of the item (or what it says to students), not a use of it for the key.
LOOKUP = {
    "sources": frozenset({"id"}),
    "claims": frozenset({"id"}),
    "attributions": frozenset({"id", "claims"}),
    "framing": frozenset({"id"}),
    "fact_checks": frozenset({"id", "claim"}),
}


class _Watched:
    """Stands in for one annotation item and records the reads of its fields."""

    __slots__ = ("_item", "_layer", "_log")

    def __init__(self, item: Any, layer: str, log: set[tuple[str, str]]) -> None:
        self._item = item
        self._layer = layer
        self._log = log

    def __getattr__(self, name: str) -> object:
        if name not in LOOKUP[self._layer] and name not in SHOWN:
            self._log.add((self._layer, self._item.id))
        return getattr(self._item, name)


def watched(case: Case, log: set[tuple[str, str]]) -> Case:
    """``case`` with each annotation item standing in a watcher that adds ``(layer, item id)`` to
    ``log`` when a derivation reads a field of it that makes a key."""
    ann: Annotations = case.annotations
    layers: dict[str, Any] = {layer: tuple(_Watched(i, layer, log) for i in getattr(ann, layer)) for layer in LAYERS}
    return replace(case, annotations=replace(ann, **layers))
