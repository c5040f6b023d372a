"""Which graded keys rest on drafted annotations that no teacher has reviewed yet.

``medialit new`` marks every drafted item ``needs_review: true``. A derived key is computed
from whole annotation layers (a rule that picks the factual claims of the second half reads
the kind of every claim), so a graded key rests on unreviewed items when a layer it was
derived from (:attr:`medialit.model.Question.derived_from`: the layers whose item fields make
the key, :mod:`medialit.curriculum.reads`) still has such an item. Literal
keys, short written answers (graded by the teacher) and practice questions rest on none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from medialit import qtypes
from medialit.model import Case, Lesson, Question

#: How each reviewed layer's items are named in messages.
LAYER_NOUNS = {
    "sources": "sources",
    "claims": "claims",
    "attributions": "attributions",
    "framing": "framing devices",
    "fact_checks": "fact checks",
}


def layer_counts(layers: Iterable[tuple[str, int]]) -> str:
    """E.g. ``12 claims and 3 attributions``."""
    parts = [f"{n} {LAYER_NOUNS.get(layer, layer)}" for layer, n in layers]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


#: The mark before the note of a key that rests on unreviewed items (the key page, the solutions).
UNREVIEWED_MARK = "Draft key, not reviewed:"


def unreviewed_note(layers: dict[str, int]) -> str:
    """Why a key is marked as a draft (the key page, the solutions)."""
    return (
        "derived from annotation layers that still have drafted items marked needs_review ("
        + layer_counts(layers.items())
        + "). Review them before grading with this key."
    )


@dataclass(frozen=True)
class UnreviewedKey:
    """A graded key and the unreviewed items of the layers it was derived from."""

    question: str
    layers: tuple[tuple[str, int], ...]
    """``(layer, items still marked needs_review)`` for each layer the key was derived from."""

    @property
    def items(self) -> int:
        """How many unreviewed items the key rests on."""
        return sum(n for _, n in self.layers)

    def describe(self) -> str:
        """E.g. ``12 claims and 3 attributions still marked needs_review``."""
        return f"{layer_counts(self.layers)} still marked needs_review"


def unreviewed_key(case: Case, q: Question) -> UnreviewedKey | None:
    """How ``q``'s key rests on unreviewed items, or None when it rests on none (or is not auto-graded)."""
    if qtypes.get(q.type).manual or not q.derived_from:
        return None
    pending = Counter(layer for layer, _ in case.annotations.unreviewed)
    layers = tuple((layer, pending[layer]) for layer in q.derived_from if pending[layer])
    return UnreviewedKey(q.id, layers) if layers else None


def unreviewed_keys(case: Case, lessons: Iterable[Lesson]) -> list[UnreviewedKey]:
    """Every graded key of ``lessons`` that rests on items still marked ``needs_review``, in lesson order."""
    found = (unreviewed_key(case, q) for lesson in lessons for q in lesson.questions)
    return [u for u in found if u is not None]
