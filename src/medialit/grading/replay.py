"""The packet's search for the grader: each question of the key gets ``replay`` (see :class:`~medialit.model.Question`).

A SearchLab record is replayed on the same index and the same ranking the widget used
(:func:`medialit.analysis.search.search`, with the index's own result limit), so a
document counts only if a recorded search really listed it
(:func:`medialit.qtypes.search_lab.verify`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import Any

from medialit.analysis.search import build_index, search
from medialit.model import Lesson, Packet


def result_ids(index: dict[str, Any], query: str) -> tuple[str, ...]:
    """The ids of the results the SearchLab widget lists for ``query``, best first."""
    return tuple(r["id"] for r in search(index, query))


def with_replay(lessons: Iterable[Lesson], packet: Packet | None) -> list[Lesson]:
    """``lessons`` with every exercise question able to replay searches on ``packet`` (unchanged without one)."""
    out = list(lessons)
    if packet is None:
        return out
    replay = partial(result_ids, build_index(packet))
    return [replace(lesson, questions=tuple(replace(q, replay=replay) for q in lesson.questions)) for lesson in out]
