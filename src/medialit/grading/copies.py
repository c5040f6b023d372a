"""Copy detection: submissions with identical answer sets, flagged for the teacher, never scored differently.

Two submissions are in one *copy group* when

- their notebooks are byte-for-byte identical and hold at least one answer
  (``identical file``: the same notebook handed in under two names), or
- their answer sets are identical and hold at least one written answer: a short
  text (compared case- and space-insensitively) or code changed from the starter
  (``identical answers``: the same answers in different files).

Blank answers and untouched starter code are never compared (everyone who hands
in the blank exercise has the same notebook), and identical choices alone are not
a flag (every student with full marks has them). A flag is a reason to look, not
proof: two students can write the same short answer.

Groups are labelled ``C1``, ``C2`` ... in the order their first member appears
in the batch, so labels are deterministic. They appear in grades.csv (columns
``copy_group`` and ``copy_kind``) and in summary.json (``copies``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

IDENTICAL_FILE = "identical file"
IDENTICAL_ANSWERS = "identical answers"


@dataclass
class CopyFinder:
    """Counts digests as submissions arrive; then labels each submission's group in batch order."""

    counts: Counter[str] = field(default_factory=Counter)
    _labels: dict[str, str] = field(default_factory=dict)
    _groups: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, answers_digest: str, file_digest: str) -> None:
        """Count one submission's digests (empty digests are not counted)."""
        for d in {"a:" + answers_digest if answers_digest else "", "f:" + file_digest if file_digest else ""}:
            if d:
                self.counts[d] += 1

    def label(self, student: str, file: str, answers_digest: str, file_digest: str) -> tuple[str, str]:
        """``(group, kind)`` of one submission, or ``("", "")``; call in batch order after every :meth:`add`.

        Identical files have identical answers, so a group of identical answers
        holds every group of identical files it overlaps; the file group is used
        only when the answers get no digest (choices only). The kind is
        ``identical file`` when another submission has the same bytes, else
        ``identical answers``.
        """
        same_file = bool(file_digest) and self.counts["f:" + file_digest] > 1
        kind = IDENTICAL_FILE if same_file else IDENTICAL_ANSWERS
        if answers_digest and self.counts["a:" + answers_digest] > 1:
            key = "a:" + answers_digest
        elif same_file:
            key = "f:" + file_digest
        else:
            return "", ""
        group = self._labels.get(key)
        if group is None:
            group = self._labels[key] = f"C{len(self._labels) + 1}"
            self._groups[group] = {"group": group, "kinds": [], "students": [], "files": []}
        entry = self._groups[group]
        entry["students"].append(student)
        entry["files"].append(file)
        entry["kinds"].append(kind)
        return group, kind

    def groups(self) -> list[dict[str, Any]]:
        """Every group labelled so far, in label order: ``{group, kinds, students, files}`` (one entry per member)."""
        return [self._groups[g] for g in sorted(self._groups, key=lambda g: int(g[1:]))]
