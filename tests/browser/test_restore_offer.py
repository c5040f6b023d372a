"""A widget that starts empty while the notebook holds a saved answer says so and offers to restore it.

The widget is rendered from its static HTML (the same ES module the live widget runs) in
Debian's Chromium; ``show()`` sets the two traits the offer reads (see
tests/widgets/test_state.py for when it does).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_widgets_static import html_of, question, value_of

from medialit.widgets import ClaimSpotter

pytestmark = pytest.mark.browser


def test_restore_offer_is_a_status_with_a_keyboard_button_that_restores(open_page: Any) -> None:
    widget = ClaimSpotter.from_question(question(), mode="graded")
    widget.restore_value = ["p1.s1", "p2.s1"]
    widget.restore_note = "This notebook holds a saved answer to this question."
    page = open_page("restore-offer", html_of(widget))
    root = "#medialit-L2-Q3"
    offer = page.locator(f"{root} .medialit-restore")
    assert offer.count() == 1
    assert offer.get_attribute("role") == "status"
    assert "holds a saved answer" in offer.inner_text()
    assert page.locator(f'{root} button.medialit-item[aria-pressed="true"]').count() == 0
    button = offer.get_by_role("button", name="Restore the saved answer")
    button.focus()
    page.keyboard.press("Enter")
    assert value_of(page, "L2.Q3") == ["p1.s1", "p2.s1"]
    pressed = page.locator(f'{root} button.medialit-item[aria-pressed="true"]')
    assert sorted(pressed.evaluate_all("bs => bs.map(b => b.dataset.item)")) == ["p1.s1", "p2.s1"]
    assert page.locator(f"{root} .medialit-restore").count() == 0  # the offer is gone once used
    assert page.get_attribute(root, "data-medialit-status") == "Restored the answer saved in the notebook."


def test_no_offer_without_a_saved_answer(open_page: Any) -> None:
    widget = ClaimSpotter.from_question(question(), mode="graded")
    page = open_page("no-offer", html_of(widget))
    assert page.locator(".medialit-restore").count() == 0
    state = json.loads(page.locator("script.medialit-state").first.text_content() or "{}")
    assert state["restore_note"] == ""
