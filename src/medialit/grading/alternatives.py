"""Accepted alternatives: answers a teacher can defend besides the key, each with its reason.

A question spec may list ``accept:`` entries (``{value: ..., reason: ...}``); what ``value``
means depends on the question type:

- single choice: another option id that earns full credit;
- multi-select and plain sentence selection: a whole alternative answer set, scored like the key
  (the better of the two scores counts);
- label items, match pairs and labelled sentences: ``{item: label}``, a label also accepted for
  that item;
- numeric (and code answers compared as numbers): another number, with the question's tolerance;
- spans: ``{sentence, text, instead_of: KEY TEXT}`` finds the key span ``KEY TEXT`` when
  highlighted instead of it; ``{sentence, text}`` is a defensible extra highlight that costs
  nothing; ``{optional: KEY TEXT}`` makes a key span count when found but not cost when missed.

Each type's rule is in its module of :mod:`medialit.qtypes` (``alternatives_fraction``,
``check_alternative``, ``describe_alternative``; the scorer reaches ``alternatives_fraction``
through ``QuestionType.score``); this module is the entry point the key and the notebooks call.
"""

from __future__ import annotations

from medialit import qtypes
from medialit.model import Alternative, Question
from medialit.qtypes.base import KeyAlternative


def describe(q: Question, alt: Alternative) -> str:
    """One line for the key and the teacher edition: what else is accepted (the reason goes beside it)."""
    return qtypes.get(q.type).describe_alternative(q, alt)


def key_alternatives(q: Question) -> list[KeyAlternative]:
    """The alternatives as plain data for ``medialit key --format json``."""
    return [{"value": a.value, "reason": a.reason, "description": describe(q, a)} for a in q.alternatives]
