"""Select sentences in the claim spotter: a list of sentence ids, or ``{sentence: label}``.

Plain selection scores like a multi-select; labelled selection gives a right
sentence 1 with the right label and 1/2 with another, and a wrong pick costs 1.

Key: the sentences' ids (``list[str]``), or each keyed sentence's label (``dict[str, str]``).
Answer: :data:`Picked`, the ids picked, or ``{sentence: label}``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar, TypeAlias, TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import (
    CLAIM_SPOTTER,
    EXTRA,
    HALF,
    RIGHT,
    Ids,
    KeyEntry,
    QuestionType,
    ids,
    is_str_list,
    is_str_map,
    missed_line,
    set_fraction,
    show,
)
from medialit.qtypes.label_items import (
    accepted_labels,
    canonical_labels,
    key_item,
    label_table,
    labels_alternative_problem,
)
from medialit.qtypes.multi_select import alternative_sets_fraction, canonical_set, set_marks
from medialit.readable import Described, Reading, ids_words, labels_words

#: A selection: the sentence ids picked, or ``{sentence: label}`` (a label among the question's, when it has labels).
Picked: TypeAlias = Ids | dict[str, object]
#: The key: the sentence ids, or ``{sentence: label}``.
SentenceKey: TypeAlias = list[str] | dict[str, str]


def _labelled_fraction(key: Mapping[str, object], right: Callable[[str, object], bool | None], value: Picked) -> float:
    """Labelled selection: 1 per keyed sentence with a right label, 1/2 with another, -1 per wrong pick.

    ``right(sid, label)`` is ``None`` for a sentence that is not in the key.
    """
    got: Mapping[str, object] = value if isinstance(value, dict) else {s: None for s in value}
    points = 0.0
    for sid, lab in got.items():
        ok = right(sid, lab)
        if ok is None:
            points -= 1.0
        else:
            points += 1.0 if ok else 0.5
    return max(0.0, points / len(key)) if key else 0.0


class SelectSentences(QuestionType[SentenceKey, Picked]):
    """Click the sentences that apply (and, with labels, choose each one's label)."""

    name = "select_sentences"
    minutes = 3
    widget = CLAIM_SPOTTER
    widgets = frozenset({CLAIM_SPOTTER})
    self_checkable = True
    reading: ClassVar[Reading] = {"labelled": "sentence"}

    def is_key(self, key: object) -> TypeGuard[SentenceKey]:
        return is_str_list(key) or is_str_map(key)

    def validate(self, q: Question, where: str) -> None:
        key: object = q.key
        if not self.is_key(key) or not set(key) <= {o.id for o in q.items}:
            raise CurriculumError(f"{where}: key names sentences that are not items.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        if isinstance(q.key, list):
            known = {o.id for o in q.options} or {o.id for o in q.items}
            if not isinstance(value, list) or not set(value) <= known:
                return f"{value!r} must be a list of ids among {sorted(known)}"
            return ""
        return labels_alternative_problem(q, value)

    def how_to_answer(self, q: Question) -> str:
        if q.labels:
            return (
                "Click or tap each sentence that applies, then choose its label in the list that appears"
                " beside it (Tab to a sentence and press Space, also works)."
            )
        return "Click or tap each sentence that applies; click it again to unselect (or Tab to it and press Space)."

    def shape_problems(self, q: Question, value: object) -> list[str]:
        if isinstance(value, dict):
            chosen = list(value)
            if not all(isinstance(k, str) for k in chosen):
                return ["the answer must name sentences by their ids"]
            if q.labels and not all(isinstance(v, str) and v in q.labels for v in value.values()):
                return ["each chosen sentence needs one of the labels"]
        else:
            listed = ids(value)
            if listed is None:
                return ["the answer must be a list of sentence ids"]
            chosen = listed
        unknown = sorted(set(chosen) - {o.id for o in q.items})
        return ["unknown sentences: " + ", ".join(show(u) for u in unknown[:5])] if unknown else []

    def key_fraction(self, q: Question, value: Picked) -> float:
        key = self.key(q)
        if isinstance(key, list):
            chosen = set(value) if not isinstance(value, dict) else set(value.keys())
            return set_fraction(set(key), chosen)
        return _labelled_fraction(key, lambda sid, lab: (lab == key[sid]) if sid in key else None, value)

    def alternatives_fraction(self, q: Question, value: Picked) -> float:
        key = self.key(q)
        if isinstance(key, dict):
            ok = accepted_labels(q, key)
            return _labelled_fraction(key, lambda sid, lab: (lab in ok[sid]) if sid in ok else None, value)
        return alternative_sets_fraction(q, value)

    def marks(self, q: Question, value: Picked) -> list[str]:
        key = self.key(q)
        if isinstance(key, list):
            return set_marks(q, key, value, lambda item, q: self.item_line(item, q))
        got: Mapping[str, object] = value if isinstance(value, dict) else {s: None for s in value}
        lines = []
        for sid, lab in got.items():
            mark = (RIGHT if lab == key[sid] else HALF) if sid in key else EXTRA
            lines.append(f"{mark}: {self.item_line(str(sid), q)}" + (f" — {lab}" if lab else ""))
        return lines + missed_line(len(set(key) - set(got)))

    def key_lines(self, entry: KeyEntry[SentenceKey]) -> list[str]:
        answer, items = entry["answer"], entry.get("items", {})
        if isinstance(answer, dict):
            return label_table(answer, items)
        return ["Sentences:", *[f"- {key_item(s, items.get(s, ''))}" for s in answer]]

    def canonical(self, q: Question, value: object) -> str | None:
        return canonical_labels(value) if isinstance(value, dict) else canonical_set(value)

    def in_words(self, value: Picked, q: Question) -> Described:
        # Sentences picked (ids), or picked and labelled ({sentence: label}).
        if isinstance(value, dict):
            return labels_words(value, q, labelled="sentence")
        return ids_words(value, q)
