"""Multi-select: a list of option ids; (right picks - wrong picks) / size of the key.

Key: the right options' ids (``list[str]``). Answer: the ids chosen (:data:`~medialit.qtypes.base.Ids`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import (
    ACCEPTED,
    EXTRA,
    RIGHT,
    Ids,
    KeyEntry,
    QuestionType,
    ids,
    is_str_list,
    missed_line,
    set_fraction,
    show,
)
from medialit.readable import Described, ids_words


def alternative_sets_fraction(q: Question, value: Ids | Mapping[str, object]) -> float:
    """The best score of ``value`` against each alternative answer set (multi-select, sentence sets)."""
    got = set(value.keys()) if isinstance(value, Mapping) else set(value)
    best = 0.0
    for alt in q.alternatives:
        if isinstance(alt.value, list):
            best = max(best, set_fraction({str(x) for x in alt.value}, got))
    return best


def set_marks(
    q: Question, key: list[str], value: Ids | Mapping[str, object], name: Callable[[str, Question], str]
) -> list[str]:
    """Right/extra lines of a chosen set, and how many key items were missed.

    When an accepted alternative set scores better than the key (the score takes the better),
    the lines follow that set: its items the key lacks are "accepted", and what it leaves out
    is not missed (trial 26: "✗ not in the key" beside "Result: Correct").
    """
    chosen = list(value.keys()) if isinstance(value, Mapping) else list(value)
    got = {str(c) for c in chosen}
    target, best = set(key), set_fraction(set(key), got)
    for alt in q.alternatives:
        if isinstance(alt.value, list) and set_fraction(alt_set := {str(x) for x in alt.value}, got) > best:
            target, best = alt_set, set_fraction(alt_set, got)
    lines = [
        f"{(RIGHT if c in key else ACCEPTED) if c in target else EXTRA}: {name(str(c), q)}" for c in map(str, chosen)
    ]
    return lines + missed_line(len(target - got))


def canonical_set(value: object) -> str | None:
    """A set of ids as sorted JSON (``None`` for anything else)."""
    if not isinstance(value, (list, tuple, set)) or not all(isinstance(v, str) for v in value):
        return None
    return json.dumps(sorted(set(value)))


class MultiSelect(QuestionType[list[str], Ids]):
    """Pick every option that applies; an accepted alternative is a whole other answer set."""

    name = "multi_select"
    minutes = 2
    self_checkable = True

    def is_key(self, key: object) -> TypeGuard[list[str]]:
        return is_str_list(key)

    def validate(self, q: Question, where: str) -> None:
        key: object = q.key
        if not self.is_key(key) or not set(key) <= {o.id for o in q.options}:
            raise CurriculumError(f"{where}: key {q.key!r} names ids that are not options.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        known = {o.id for o in q.options} or {o.id for o in q.items}
        if not isinstance(value, list) or not set(value) <= known:
            return f"{value!r} must be a list of ids among {sorted(known)}"
        return ""

    def blank(self, q: Question) -> list[str]:
        return []

    def how_to_answer(self, q: Question) -> str:
        options = [o.id for o in q.options]
        key = set(q.key) if isinstance(q.key, list) else set()
        pairs = [[a, b] for i, a in enumerate(options) for b in options[i + 1 :]]
        pair = next((p for p in pairs if set(p) != key), options[:1])
        example = ", ".join(f'"{o}"' for o in pair)
        return f"List the ids of every option that applies, for example `[{example}]`."

    def shape_problems(self, q: Question, value: object) -> list[str]:
        chosen = ids(value)
        if chosen is None:
            return ['the answer must be a list of option ids, such as ["a", "c"]']
        bad = sorted(set(chosen) - {o.id for o in q.options})
        return ["not options: " + ", ".join(show(b) for b in bad[:5])] if bad else []

    def key_fraction(self, q: Question, value: Ids) -> float:
        return set_fraction(set(self.key(q)), set(value))

    def alternatives_fraction(self, q: Question, value: Ids) -> float:
        return alternative_sets_fraction(q, value)

    def marks(self, q: Question, value: Ids) -> list[str]:
        key: object = q.key
        return set_marks(q, key, value, lambda item, q: self.item_line(item, q)) if self.is_key(key) else []

    def key_lines(self, entry: KeyEntry[list[str]]) -> list[str]:
        options = entry.get("options", {})
        return ["Answer:", *[f"- `{k}`: {options.get(k, '')}" for k in entry["answer"]]]

    def canonical(self, q: Question, value: object) -> str | None:
        return canonical_set(value)

    def in_words(self, value: Ids, q: Question) -> Described:
        return ids_words(value, q)
