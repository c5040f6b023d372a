"""Label items: ``{item: label}``; the share of items given the key's label.

Also the base of :mod:`medialit.qtypes.match_pairs` (the same answer, read as pairs),
and of the source tracer widget when a spec names it.

Key: each keyed item's label (``dict[str, str]``). Answer: :data:`Labels`, each item's label
(``None`` or ``""`` while it has none).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TypeAlias, TypeGuard

from medialit.errors import CurriculumError
from medialit.model import Case, Question
from medialit.qtypes.base import ACCEPTED, RIGHT, SOURCE_TRACER, WRONG, KeyEntry, QuestionType, is_str_map, show
from medialit.readable import Described, item_name, labels_words, place, split_place

#: A labelling answer: item id -> its label (``None`` or ``""`` while it has none).
Labels: TypeAlias = dict[str, str | None]


def accepted_labels(q: Question, key: Mapping[str, str]) -> dict[str, set[str]]:
    """For a label, pair or labelled-sentence question (``key``: its key): every label accepted for each item."""
    out: dict[str, set[str]] = {str(k): {str(v)} for k, v in key.items()}
    for alt in q.alternatives:
        if isinstance(alt.value, dict):
            for item, lab in alt.value.items():
                labs = lab if isinstance(lab, list) else [lab]
                out.setdefault(str(item), set()).update(str(x) for x in labs)
    return out


def labels_alternative_problem(q: Question, value: object) -> str:
    """Why ``{item: label}`` does not fit the keyed items and labels ("" when it does)."""
    if not isinstance(value, dict):
        return "must map item ids to labels"
    bad = ""
    keyed = q.key if isinstance(q.key, dict) else {}
    for item, lab in value.items():
        labs = lab if isinstance(lab, list) else [lab]
        if item not in keyed:
            asked = ", ".join(sorted(map(str, keyed))[:8])
            bad = (
                f"{item!r} -> {lab!r}: the question does not ask about {item!r} (it asks about {asked}); "
                "remove this alternative, or write it for an item the question asks"
            )
        elif any(x not in q.labels for x in labs):
            bad = f"{item!r} -> {lab!r}: not one of the question's labels ({', '.join(map(str, q.labels))})"
    return bad


def canonical_labels(value: object) -> str | None:
    """``{item: label}`` without blank labels, as sorted JSON (``None`` when it is not one)."""
    if not isinstance(value, dict):
        return None
    kept = {str(k): v for k, v in value.items() if v not in ("", None)}
    if not all(isinstance(v, str) for v in kept.values()):
        return None
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def key_item(item_id: str, text: str) -> str:
    """An item as the teacher reads it: its text and, in words, its paragraph (no trailing id in brackets)."""
    body, sentence = split_place(text)
    where = place(sentence or item_id)
    return body.strip() + (f" ({where})" if where else "")


def label_table(answer: Mapping[str, str], items: Mapping[str, str]) -> list[str]:
    """The key of a label, pair or labelled-sentence question as a Markdown table (``items``: id -> text)."""
    lines = ["| item | answer |", "|---|---|"]
    for item, lab in answer.items():
        lines.append(f"| `{item}` {key_item(item, items.get(item, ''))} | {lab} |".replace("\n", " "))
    return lines


class LabelItems(QuestionType[dict[str, str], Labels]):
    """Give each item one of the labels; an accepted alternative is another label for an item."""

    name = "label_items"
    minutes = 3
    self_checkable = True
    widgets = frozenset({SOURCE_TRACER})
    #: The word for what is given to each item, in the how-to line (and its plural).
    verb = "label"
    verbs = "labels"

    def is_key(self, key: object) -> TypeGuard[dict[str, str]]:
        return is_str_map(key)

    def validate(self, q: Question, where: str) -> None:
        key: object = q.key
        if not self.is_key(key) or set(key) - {o.id for o in q.items} or any(v not in q.labels for v in key.values()):
            raise CurriculumError(f"{where}: key {q.key!r} does not fit the items and labels.")

    def check_alternative(self, q: Question, case: Case, value: object) -> str:
        return labels_alternative_problem(q, value)

    def blank(self, q: Question) -> Labels:
        return {o.id: "" for o in q.items}

    def how_to_answer(self, q: Question) -> str:
        if q.widget is not None:
            # The widget (source tracer) shows one button per label beside each item; nothing is typed.
            return (
                f"In the widget below, choose one of the {self.verbs} for each item: click or tap its button"
                " (or Tab to it, or move with the arrow keys, and press Space). Choosing it again clears it."
            )
        example = f' such as `"{q.labels[0]}"`' if q.labels else ""
        return (
            f"In the answer cell, type one {self.verb} between the quotes after each item's id{example},"
            " spelled exactly as listed."
        )

    def shape_problems(self, q: Question, value: object) -> list[str]:
        if not isinstance(value, dict):
            return ["the answer must be a dictionary {item: label}"]
        items = {o.id for o in q.items}
        out = []
        unknown = sorted({str(k) for k in value if not isinstance(k, str) or k not in items})
        if unknown:
            out.append("unknown items: " + ", ".join(show(u) for u in unknown[:5]))
        if [v for v in value.values() if v is not None and not isinstance(v, str)]:
            out.append("each label must be text between quotes")
        bad = sorted({v for v in value.values() if isinstance(v, str) and v and v not in set(q.labels)})
        if bad:
            out.append("not among the labels: " + ", ".join(show(b) for b in bad[:5]))
        return out

    def incomplete_problems(self, q: Question, value: Labels) -> list[str]:
        blank = [o.id for o in q.items if value.get(o.id) in ("", None)]
        if not blank:
            return []
        names = "; ".join(f"{i} {item_name(i, q, words=6)}" for i in blank[:4])
        more = f" and {len(blank) - 4} more" if len(blank) > 4 else ""
        return [f"{len(blank)} of {len(q.items)} items have no label yet: {names}{more}"]

    def key_fraction(self, q: Question, value: Labels) -> float:
        key = self.key(q)
        if not key:
            return 0.0
        return sum(1 for item, lab in key.items() if value.get(item) == lab) / len(key)

    def alternatives_fraction(self, q: Question, value: Labels) -> float:
        key = self.key(q)
        if not key:
            return 0.0
        ok = accepted_labels(q, key)
        return sum(1 for item in key if value.get(item) in ok[item]) / len(key)

    def marks(self, q: Question, value: Labels) -> list[str]:
        key: object = q.key
        if not self.is_key(key):
            return []
        # An accepted alternative earns its item's credit (alternatives_fraction), so it is marked so:
        # trial 26's feedback said "✗ not right" beside "Result: Correct".
        ok = accepted_labels(q, key) if q.alternatives else {}
        lines = []
        for item in key:
            given = value.get(item)
            shown = given if given not in ("", None) else "(no label)"
            mark = RIGHT if given == key[item] else ACCEPTED if given in ok.get(item, ()) else WRONG
            lines.append(f"{mark}: {self.item_line(item, q)} — {shown}")
        return lines

    def key_lines(self, entry: KeyEntry[dict[str, str]]) -> list[str]:
        return label_table(entry["answer"], entry.get("items", {}))

    def canonical(self, q: Question, value: object) -> str | None:
        return canonical_labels(value)

    def in_words(self, value: Labels, q: Question) -> Described:
        return labels_words(value, q)
