"""Remembered results for a batch that repeats itself: the same answer, the same feedback.

A class hands in many copies of the same answers (every right answer to a choice item is
the same value), so scoring an answer and rendering its feedback are done once per distinct
answer and reused. Two memos live here:

- :class:`ValueMemo` keys on a question id and the exact value (its ``repr``: it tells
  ``1`` from ``1.0`` and ``True``, a tuple from a list, and every string from every other);
- :class:`IdentityMemo` keys on the identity of the objects a pure function reads (a
  question's result, its spec, the released explanations). It keeps a reference to them,
  so an id is never reused while its entry lives.

Both are bounded: when full they start again empty, so memory stays flat on any batch.
Values handed back are shared: callers must treat them as read-only (the grader's
records are frozen dataclasses and plain data it never mutates).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Entries a memo holds before it starts again.
SIZE = 4096
#: Longer values are not remembered (a copy of the key's text would cost more than scoring it again).
VALUE_CHARS = 4000


class ValueMemo(Generic[T]):
    """``fn(...)`` remembered by a hashable tag (the question) and the exact value it reads."""

    def __init__(self, size: int = SIZE, chars: int = VALUE_CHARS) -> None:
        self.size, self.chars = size, chars
        self._seen: dict[tuple[Hashable, str], T] = {}
        self.hits = 0

    def get(self, tag: Hashable, value: Any, make: Callable[[], T]) -> T:
        """The remembered result for ``(tag, value)``, or ``make()`` (remembered when ``value`` is short)."""
        try:
            text = repr(value)
        except (RecursionError, MemoryError, ValueError):  # too deep, or an int too long to print
            return make()
        if len(text) > self.chars:
            return make()
        key = (tag, text)
        found = self._seen.get(key)
        if found is not None:
            self.hits += 1
            return found
        result = make()
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[key] = result
        return result


class IdentityMemo(Generic[T]):
    """``fn(*args)`` remembered by the identity of ``args`` (``fn`` must read nothing else)."""

    def __init__(self, fn: Callable[..., T], size: int = SIZE) -> None:
        self.fn, self.size = fn, size
        self._seen: dict[tuple[int, ...], tuple[tuple[Any, ...], T]] = {}

    def __call__(self, *args: Any) -> T:
        key = tuple(map(id, args))
        found = self._seen.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], args, strict=True)):
            return found[1]
        result = self.fn(*args)
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[key] = (args, result)
        return result
