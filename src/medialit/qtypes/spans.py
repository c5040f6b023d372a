"""Which key spans a set of highlights finds: the rule shared by the grader and the widget.

The rule (documented in the README; the phrase highlighter's ESM implements the
same rule for its practice feedback, and ``tests/data/vectors/spans.json`` holds
the test vectors both implementations must pass):

1. A highlight can only find a key span in the **same sentence**, and, when the
   key span has a label, only with **the same label**.
2. **By position** (the normal case: the widget records character offsets). The
   highlight ``[start, end)`` must cover at least :data:`SPAN_THRESHOLD` (half) of
   the key span's characters, and it must not be longer than
   :data:`SPAN_CAP_FACTOR` times the key span plus :data:`SPAN_CAP_SLACK`
   characters (a highlight of a whole long sentence does not find a short key).
3. **By words** (fallback, only for answers saved without offsets): the
   highlight holds at least half of the key span's content words (stop words
   such as "the" or "and" are ignored; a key made only of stop words uses all
   its words), and it has at most three times as many content words plus three.
4. **One highlight, one key span.** A highlight that satisfies the rule for
   several key spans counts for the one it overlaps most (on a tie, the first in
   the key), so one long highlight cannot collect several key spans.
   A highlight that finds no key span is *extra*.

Offsets count Unicode code points, like Python string indices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Share of the key span's characters (or content words) a highlight must cover.
SPAN_THRESHOLD = 0.5
#: A highlight may be at most this many times as long as the key span ...
SPAN_CAP_FACTOR = 3
#: ... plus this many characters (by position; by words the slack is three words).
SPAN_CAP_SLACK = 15
_WORD_SLACK = 3

_TOKEN = re.compile(r"\w+", re.UNICODE)

#: Words that carry no claim on their own; the word fallback ignores them.
STOP_WORDS = frozenset(
    """a an the and or but nor of in on at to for from by with as into onto than that this these those
    it its is are was were be been being has have had do does did not no so such which who whom whose
    what when where while if then there their they them he him his she her we our us you your i my me""".split()
)


@dataclass(frozen=True)
class SpanMatch:
    """Outcome of matching highlights to key spans.

    ``found[i]`` says whether key span ``i`` was found; ``matched[j]`` is the key
    span highlight ``j`` counts for (``None``: extra).
    """

    found: tuple[bool, ...]
    matched: tuple[int | None, ...]

    @property
    def extra(self) -> int:
        """How many highlights found no key span."""
        return sum(1 for m in self.matched if m is None)

    def fraction(self) -> float:
        """(found - 1/2 x extra) / number of key spans, floored at 0 (0 with no key spans)."""
        if not self.found:
            return 0.0
        return max(0.0, (sum(self.found) - 0.5 * self.extra) / len(self.found))


def tokens(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (Python's ``\\w+``)."""
    return [t.lower() for t in _TOKEN.findall(text)]


def content_tokens(text: str) -> list[str]:
    """The tokens of ``text`` without stop words (all tokens when every one is a stop word)."""
    words = tokens(text)
    content = [t for t in words if t not in STOP_WORDS]
    return content or words


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def highlight_range(highlight: Mapping[str, object]) -> tuple[int, int] | None:
    """The highlight's ``(start, end)`` when it carries usable offsets, else ``None``."""
    start, end = _int(highlight.get("start")), _int(highlight.get("end"))
    if start is None or end is None or not 0 <= start < end:
        return None
    return start, end


def key_range(key_span: Mapping[str, object], sentences: Mapping[str, str]) -> tuple[int, int] | None:
    """The key span's ``(start, end)``: its own offsets, else where its text first occurs in its sentence."""
    own = highlight_range(key_span)
    if own is not None:
        return own
    text = str(key_span.get("text", ""))
    sentence = sentences.get(str(key_span.get("sentence", "")))
    if not text or sentence is None:
        return None
    at = sentence.find(text)
    return None if at < 0 else (at, at + len(text))


def coverage(key_span: Mapping[str, object], highlight: Mapping[str, object], sentences: Mapping[str, str]) -> float:
    """How well ``highlight`` finds ``key_span``: 0 when it does not, else the covered share (> 0)."""
    if highlight.get("sentence") != key_span.get("sentence"):
        return 0.0
    if key_span.get("label") and highlight.get("label") != key_span.get("label"):
        return 0.0
    have, want = highlight_range(highlight), key_range(key_span, sentences)
    if have is not None and want is not None:
        size = want[1] - want[0]
        if have[1] - have[0] > SPAN_CAP_FACTOR * size + SPAN_CAP_SLACK:
            return 0.0
        share = max(0, min(have[1], want[1]) - max(have[0], want[0])) / size
        return share if share >= SPAN_THRESHOLD else 0.0
    want_words = content_tokens(str(key_span.get("text", "")))
    remaining = content_tokens(str(highlight.get("text", "")))
    if not want_words or not remaining or len(remaining) > SPAN_CAP_FACTOR * len(want_words) + _WORD_SLACK:
        return 0.0
    hit = 0
    for word in want_words:
        if word in remaining:
            remaining.remove(word)
            hit += 1
    share = hit / len(want_words)
    return share if share >= SPAN_THRESHOLD else 0.0


def span_found(key_span: Mapping[str, object], highlight: Mapping[str, object], sentences: Mapping[str, str]) -> bool:
    """True when ``highlight`` satisfies the rule for ``key_span`` (rules 1-3, not the one-to-one rule)."""
    return coverage(key_span, highlight, sentences) > 0


def match_spans(
    key: Sequence[Mapping[str, object]],
    highlights: Sequence[object],
    sentences: Mapping[str, str],
) -> SpanMatch:
    """Match ``highlights`` to the ``key`` spans (rules 1-4); ``sentences`` maps sentence id to text."""
    found = [False] * len(key)
    matched: list[int | None] = []
    for highlight in highlights:
        best: int | None = None
        best_share = 0.0
        if isinstance(highlight, Mapping):
            for index, key_span in enumerate(key):
                share = coverage(key_span, highlight, sentences)
                if share > best_share:
                    best, best_share = index, share
        matched.append(best)
        if best is not None:
            found[best] = True
    return SpanMatch(tuple(found), tuple(matched))


#: How an extra highlight lies against the key span it touches (:func:`part_of`).
INSIDE, HOLDS, OVERLAPS = "inside", "holds", "overlaps"


def part_of(
    key: Sequence[Mapping[str, object]], highlight: Mapping[str, object], sentences: Mapping[str, str]
) -> tuple[int, str] | None:
    """The key span an extra highlight lies inside, holds or overlaps, and how; ``None`` if none.

    For the wording of feedback only (it changes no score): "NASA said" inside the key span
    "both Roscosmos and NASA said" is part of it, not "not in the key" (trial 28). Same sentence
    (and label, when the key span has one); by position, else by content words (all of the
    highlight's words in the key span: inside; all of the key span's in the highlight: holds).
    The first key span in key order wins.
    """
    for index, key_span in enumerate(key):
        if highlight.get("sentence") != key_span.get("sentence"):
            continue
        if key_span.get("label") and highlight.get("label") != key_span.get("label"):
            continue
        have, want = highlight_range(highlight), key_range(key_span, sentences)
        if have is not None and want is not None:
            if min(have[1], want[1]) <= max(have[0], want[0]):
                continue
            if want[0] <= have[0] and have[1] <= want[1]:
                return index, INSIDE
            if have[0] <= want[0] and want[1] <= have[1]:
                return index, HOLDS
            return index, OVERLAPS
        mine, theirs = tokens(str(highlight.get("text", ""))), tokens(str(key_span.get("text", "")))
        if mine and all(mine.count(t) <= theirs.count(t) for t in mine):
            return index, INSIDE
        if theirs and all(theirs.count(t) <= mine.count(t) for t in theirs):
            return index, HOLDS
    return None
