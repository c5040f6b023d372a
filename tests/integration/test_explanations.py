"""Explanations limited to the item (issue 21, "Feedback that teaches").

A practice explanation is read the moment a student presses Check, and an exercise explanation
when the teacher releases it; both must say why the key holds for *this* item. The module's
derived explanations concatenated every annotation note an item touched (L3.P1 ran to 350
words, L3.Q2 to 435) and retold chains of sources that later items ask students to trace.

The cap is 120 words: about half a minute's reading at a secondary-school pace (200-250 words
a minute), one paragraph in the feedback panel without scrolling, and room for the reason of a
five-part item at about 20 words a part plus a sentence that frames them. Per-item feedback
(shown for one part at a time) has the same cap. ``derived_explanation: false`` in the lesson
YAML lets an item replace its derivation's notes with its own explanation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medialit.curriculum.spec import load_curriculum
from medialit.errors import CurriculumError
from medialit.model import Lesson, Question

MAX_WORDS = 120


def _words(text: str) -> int:
    return len(text.split())


def _texts(q: Question) -> list[tuple[str, str]]:
    out = [("explanation", q.explanation)]
    for item, fb in dict(q.settings.get("item_feedback") or {}).items():
        out.append((f"feedback on {item}", str(fb.get("explanation", ""))))
    return out


def _items(lessons: tuple[Lesson, ...]) -> list[Question]:
    return [q for lesson in lessons for q in (*lesson.practice, *lesson.questions)]


def test_every_explanation_is_at_most_120_words(lessons):
    long = [
        f"{q.id} {what}: {_words(text)} words"
        for q in _items(lessons)
        for what, text in _texts(q)
        if _words(text) > MAX_WORDS
    ]
    assert long == []


def test_every_auto_graded_item_explains_its_key(lessons):
    from medialit import qtypes

    silent = [q.id for q in _items(lessons) if not qtypes.get(q.type).manual and not q.explanation.strip()]
    assert silent == []


def test_an_own_explanation_replaces_the_derived_notes(case, lessons):
    """L3.Q2's own explanation stands alone: no per-claim note retells NBC's chain."""
    q = next(q for q in _items(lessons) if q.id == "L3.Q2")
    assert q.explanation.startswith("The label is the source the article itself gives")
    assert "Larijani" not in q.explanation and "item_feedback" not in q.settings


def test_derived_explanation_false_needs_an_explanation(tmp_path: Path, case):
    from medialit.curriculum.spec import curriculum_dir

    folder = tmp_path / "lessons"
    folder.mkdir()
    for path in Path(curriculum_dir(case)).glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    path = folder / "03-sourcing.yaml"
    text = path.read_text("utf-8")
    start = text.index("  - id: L3.Q2\n")
    end = text.index("    explanation: >-\n", start)
    stop = text.index("    citations:", end)
    path.write_text(text[:end] + text[stop:], "utf-8")
    with pytest.raises(CurriculumError, match=r"L3\.Q2.*derived_explanation: false.*explanation"):
        load_curriculum(case, folder)
