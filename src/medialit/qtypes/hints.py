"""What to look at again after a wrong answer, without the key (issue 21, "feedback that teaches").

Two rules live here. :func:`feedback_stage` is the practice feedback's step: a hint on the
first Check that is not all right, the whole answer after that (or when asked for). The
widgets apply the same rule in JavaScript (``feedbackStage`` in ``widgets/static/common.js``);
``tests/data/vectors/practice.json`` ("stages") pins both. :func:`look_again` points a student
to the article's paragraphs and the lesson concepts an item draws on: it reads only what the
student already sees (the prompt, the items offered, the concepts the item needs), never the
key, so the grader's feedback can show it when explanations are not released.
"""

from __future__ import annotations

import re
from typing import Literal

from medialit import qtypes
from medialit.model import Question

Stage = Literal["hint", "answer"]

_PLACE = re.compile(r"^[pP](\d+)\b")
_PROMPT_PLACE = re.compile(r"\bP(\d+)\b")
_RANGE = re.compile(r"\bP(\d+) to P(\d+)\b")
_LESSON = re.compile(r"^L(\d+)\.")


def feedback_stage(wrong_checks: int, perfect: bool, revealed: bool) -> Stage:
    """``"hint"`` or ``"answer"`` after a practice Check.

    Parameters
    ----------
    wrong_checks : the Checks of this item that were not all right, this one included.
    perfect : this Check is all right (nothing is given away by the explanation).
    revealed : the student asked for the answer ("Show the answer", ``check(..., reveal=True)``).
    """
    if perfect or revealed:
        return "answer"
    return "hint" if wrong_checks <= 1 else "answer"


def paragraphs(q: Question) -> list[int]:
    """The article's paragraphs an item draws on, in order: those of its items and those its prompt names.

    Items are every candidate the student is offered (never only the keyed ones), and
    ``P10 to P14`` in a prompt counts each paragraph of the range. The headline (``p0``) is 0.
    """
    found: set[int] = set()
    groups = q.settings.get("groups") or {}
    for item in q.items:
        m = _PLACE.match(str(groups.get(item.id, item.id)))
        if m:
            found.add(int(m.group(1)))
    for first, last in _RANGE.findall(q.prompt):
        found.update(range(int(first), int(last) + 1))
    found.update(int(n) for n in _PROMPT_PLACE.findall(q.prompt))
    return sorted(found)


def _runs(numbers: list[int]) -> list[str]:
    """``[8, 10, 11, 12, 13]`` as ``["8", "10 to 13"]``: three or more in a row are a range."""
    out: list[str] = []
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end - start >= 2:
            out.append(f"{numbers[start]} to {numbers[end]}")
        else:
            out.extend(str(n) for n in numbers[start : end + 1])
        start = end + 1
    return out


def _paragraph_words(numbers: list[int]) -> str:
    parts = ["the headline"] if 0 in numbers else []
    body = [n for n in numbers if n != 0]
    if body:
        runs = _runs(body)
        joined = runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]
        plural = len(body) > 1
        parts.append(("paragraphs " if plural else "paragraph ") + joined)
    return " and ".join(parts) + " of the article"


def look_again(q: Question) -> str:
    """One sentence for a student whose answer was not (all) right: where to look again.

    Names the paragraphs the item draws on, the concepts it needs and the lesson that
    asks it (or the source packet, for a search item). Built from what the student
    already sees, so it never releases the key.
    """
    places: list[str] = []
    numbers = paragraphs(q)
    if numbers:
        places.append(_paragraph_words(numbers))
    if qtypes.get(q.type).searches_packet:
        places.append(
            "the documents of the source packet that can settle it (search again, and read before you conclude)"
        )
    lesson = _LESSON.match(q.id)
    if q.needs:
        concepts = list(q.needs)
        said = concepts[0] if len(concepts) == 1 else ", ".join(concepts[:-1]) + " and " + concepts[-1]
        upto = f" (Lesson {lesson.group(1)} and the lessons before it)" if lesson else ""
        places.append(f"what the lessons say about {said}{upto}")
    elif lesson:
        places.append(f"Lesson {lesson.group(1)}")
    if not places:
        return "Look again at the question and the article before you answer again."
    return "Look again at " + "; ".join(places) + "."


def practice_answer_line(summary: str, parts: list[str]) -> str:
    """The key of a practice item in words, as the answer step of ``check()`` says it."""
    return (
        "The answer: "
        + summary
        + (": " + "; ".join(f"{n}. {p}" for n, p in enumerate(parts, 1)) if parts else "")
        + "."
    )
