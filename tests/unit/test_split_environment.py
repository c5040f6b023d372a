"""Where nothing can be saved, the widget and the Install page say so (issue 23)."""

from __future__ import annotations

from medialit.api import load_module
from medialit.model import find_question
from medialit.publish.book import install_page
from medialit.runtime.showing import UNSAVED_NOTE
from medialit.widgets import ClaimSpotter


def test_static_state_carries_the_unsaved_note_only_when_set():
    _, q = find_question(load_module()[1], "L3.Q1")
    widget = ClaimSpotter.from_question(q, mode="graded")
    assert "unsaved_note" not in widget.static_state()
    widget.unsaved_note = UNSAVED_NOTE
    assert widget.static_state()["unsaved_note"] == UNSAVED_NOTE
    assert "unsaved_note" not in widget.get_state(), "the note is not synced to a live front end"


def test_unsaved_note_and_install_page_give_the_same_fix():
    assert "pip install anywidget" in UNSAVED_NOTE and "restart Jupyter" in UNSAVED_NOTE
    page = install_page("medialit-1.0-py3-none-any.whl")
    assert "Answers here are not saved" in page
    assert "pip install anywidget" in page and "restart Jupyter" in page
