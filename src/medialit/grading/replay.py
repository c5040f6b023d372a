"""The packet's search for the grader: each question of the key gets ``replay`` (see :class:`~medialit.model.Question`).

A SearchLab record is replayed on the same index and the same ranking the widget used
(:func:`medialit.analysis.search.search`, with the index's own result limit), so a
document counts only if a recorded search really listed it
(:func:`medialit.qtypes.search_lab.verify`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from medialit.analysis.search import SearchIndex, build_index, ranked_ids
from medialit.model import Lesson, Packet

#: Replayed queries remembered per index (students of one class type the same searches).
CACHED = 4096


def result_ids(index: SearchIndex, query: str) -> tuple[str, ...]:
    """The ids of the results the SearchLab widget lists for ``query``, best first."""
    return tuple(ranked_ids(index, query))


class Replay:
    """The packet's search as the widget runs it (query -> result ids), remembering recent queries."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._seen: dict[str, tuple[str, ...]] = {}

    def __call__(self, query: str) -> tuple[str, ...]:
        hit = self._seen.get(query)
        if hit is None:
            if len(self._seen) >= CACHED:
                self._seen.clear()
            hit = self._seen[query] = result_ids(self.index, query)
        return hit

    def __getstate__(self) -> dict[str, object]:
        return {"index": self.index, "_seen": {}}  # workers start with an empty memory


def with_replay(lessons: Iterable[Lesson], packet: Packet | None) -> list[Lesson]:
    """``lessons`` with every exercise question able to replay searches on ``packet`` (unchanged without one)."""
    out = list(lessons)
    if packet is None:
        return out
    replay = Replay(build_index(packet))
    return [replace(lesson, questions=tuple(replace(q, replay=replay) for q in lesson.questions)) for lesson in out]
