"""A widget's plain-text form (a console, nbconvert to text, a log) names the question, not an address."""

from __future__ import annotations

from test_state import highlighter_question, make_question, tracer_question

from medialit.widgets import ClaimSpotter, PhraseHighlighter, SourceTracer


def test_plain_text_names_the_question_mode_and_answer_state() -> None:
    empty = ClaimSpotter.from_question(make_question(), mode="graded")
    text = repr(empty)
    assert " object at 0x" not in text
    assert text.startswith("ClaimSpotter for L2.Q3 (graded, 4 items, no answer yet)")
    answered = ClaimSpotter.from_question(make_question(), mode="practice", value=["p2.s1"])
    assert "(practice, 4 items, answered)" in repr(answered)
    assert repr(SourceTracer.from_question(tracer_question(), mode="graded")).startswith("SourceTracer for L3.Q1 (")
    assert repr(PhraseHighlighter.from_question(highlighter_question(), mode="graded")).startswith(
        "PhraseHighlighter for L4.Q2 ("
    )


def test_mimebundle_text_plain_is_the_readable_form() -> None:
    widget = ClaimSpotter.from_question(make_question(), mode="graded", value=["p1.s1"])
    bundle = widget._repr_mimebundle_()
    assert bundle is not None
    data, _ = bundle
    assert data["text/plain"] == repr(widget)
    assert "answered" in data["text/plain"]
    assert "text/html" in data
