"""The span rule's shared vectors in Chromium, and the widgets by touch on a phone-sized screen.

``tests/data/vectors/spans.json`` also drives the Python scorer
(tests/grading/test_span_vectors.py). Here the same vectors go through the
phrase highlighter's own ESM: its ``matchSpans`` (what Check calls) for every
vector, and the rendered widget's Check button for the vectors with offsets.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest

from medialit.model import Option, Question
from medialit.qtypes import spans
from medialit.widgets import ClaimSpotter, PhraseHighlighter, SourceTracer
from medialit.widgets._base import esm_source

pytestmark = pytest.mark.browser

VECTORS = json.loads(
    (pathlib.Path(__file__).parents[1] / "data" / "vectors" / "spans.json").read_text(encoding="utf-8")
)
CASES = VECTORS["cases"]
ROOT = "#medialit-L2-Q2"


def question(key_name: str, **extra: Any) -> Question:
    return Question(
        id="L2.Q2",
        type="select_spans",
        prompt="Highlight each separate claim in paragraph 6.",
        points=2.0,
        objectives=(),
        key=VECTORS["keys"][key_name],
        explanation="Seven claims.",
        citations=("hrw",),
        items=tuple(Option(sid, text) for sid, text in VECTORS["sentences"].items()),
        labels=tuple(VECTORS["labels"][key_name]),
        widget="phrase-highlighter",
        settings={"groups": {"p6.s1": "p6", "p6.s2": "p6"}},
        **extra,
    )


def practice_widget(key_name: str, value: Any = None) -> PhraseHighlighter:
    widget = PhraseHighlighter.from_question(
        question(key_name),
        mode="practice",
        value=value,
        citations={"hrw": {"title": "No Exit (Human Rights Watch)", "url": "https://www.hrw.org/"}},
    )
    assert isinstance(widget, PhraseHighlighter)
    return widget


def test_every_vector_through_the_widgets_own_rule(open_page: Any) -> None:
    page = open_page("span-vectors", html_of(practice_widget("L2.Q2")))
    results = page.evaluate(
        """async ([source, vectors]) => {
            const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
            const mod = await import(url);
            return vectors.cases.map((c) => mod.matchSpans(vectors.keys[c.key], c.highlights, vectors.sentences));
        }""",
        [esm_source("phrase_highlighter.js"), VECTORS],
    )
    assert len(results) == len(CASES)
    for case, got in zip(CASES, results, strict=True):
        assert got == {"found": case["found"], "matched": case["matched"]}, (case["name"], case["why"])


def html_of(widget: Any) -> str:
    return str(widget._repr_mimebundle_()[0]["text/html"])


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if all("start" in h for h in c["highlights"])],
    ids=lambda c: c["name"],
)
def test_vector_through_the_check_button(open_page: Any, case: dict[str, Any]) -> None:
    widget = practice_widget(case["key"], value=case["highlights"])
    page = open_page("span-check", html_of(widget))
    page.click(f"{ROOT} .medialit-check")
    if page.locator(f"{ROOT} .medialit-reveal").count():  # the hint step first, unless all found
        page.click(f"{ROOT} .medialit-reveal")
    summary = page.inner_text(f"{ROOT} .medialit-fb-summary")
    found = sum(case["found"])
    total = len(case["found"])
    # A highlight that finds none is counted as its entry says (the grader's part_of rule).
    key, unmatched = (
        VECTORS["keys"][case["key"]],
        [h for h, m in zip(case["highlights"], case["matched"], strict=True) if m is None],
    )
    hows = [p[1] if (p := spans.part_of(key, h, VECTORS["sentences"])) else None for h in unmatched]
    words = {spans.INSIDE: "part of a key span", spans.HOLDS: "holding a key span and more"}
    words[spans.OVERLAPS] = "overlapping a key span"
    parts = "".join(f", {hows.count(how)} {w}" for how, w in words.items() if hows.count(how))
    want = f"{found} of {total} found, {total - found} missed{parts}, {hows.count(None)} not in the key."
    assert summary == want
    text = page.inner_text(f"{ROOT} [aria-live=polite]")
    assert "p6.s" not in text, "feedback names paragraphs in words, not sentence ids"
    assert "(paragraph 6)" in text
    link = page.locator(f"{ROOT} .medialit-cites a")
    assert link.first.inner_text() == "No Exit (Human Rights Watch)"  # a title with a link, not a slug
    assert link.first.get_attribute("href") == "https://www.hrw.org/"


# -- touch on a phone-sized screen ------------------------------------------------------------


def touch_drag(page: Any, start: Any, end: Any) -> None:
    """A real touch drag (Chromium's touch events, via the DevTools protocol) from one element to another."""
    cdp = page.context.new_cdp_session(page)
    a, b = start.bounding_box(), end.bounding_box()
    x0, y0 = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
    x1, y1 = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for step in range(1, 9):
        x, y = x0 + (x1 - x0) * step / 8, y0 + (y1 - y0) * step / 8
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def word(page: Any, sentence: str, text: str) -> Any:
    return page.locator(f'{ROOT} button.medialit-word[data-sentence="{sentence}"]', has_text=re.compile(f"^{text}$"))


SENTENCE = VECTORS["sentences"]["p6.s1"]


def across_a_line_break(boxes: list[tuple[str, float]]) -> tuple[int, int]:
    """Indices of two words of p6.s1, at most three apart, on two rendered lines (no punctuation)."""
    plain = re.compile(r"^[\w’-]+$")
    for first in range(len(boxes)):
        for end in range(first + 1, min(first + 4, len(boxes))):
            texts = [text for text, _ in boxes[first : end + 1]]
            two_lines = boxes[end][1] > boxes[first][1] + 2
            if two_lines and all(plain.match(t) for t in texts) and SENTENCE.count(" ".join(texts)) == 1:
                return first, end
    raise AssertionError(f"p6.s1 has no line break between plain words at 390 px: {boxes}")


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


def test_highlighter_by_touch_at_390px(site: Any, new_guarded_page: Any) -> None:
    base, root = site
    page, guard = new_guarded_page(**PHONE)
    widget = practice_widget("L2.Q2")
    (root / "touch.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>touch</title></head>'
        f"<body>{html_of(widget)}</body></html>",
        encoding="utf-8",
    )
    page.goto(f"{base}/touch.html")
    page.wait_for_selector(f"{ROOT} button.medialit-word")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, "no sideways scrolling"

    # A sideways finger drag selects the words of a line (an up-down swipe scrolls the page).
    words = page.locator(f'{ROOT} button.medialit-word[data-sentence="p6.s1"]')
    boxes = words.evaluate_all("bs => bs.map(b => [b.textContent, b.getBoundingClientRect().top])")
    last = max(i for i, (_, top) in enumerate(boxes) if abs(top - boxes[1][1]) < 2)
    assert last > 2, "the test needs words on the first line"
    touch_drag(page, words.nth(1), words.nth(last))
    dragged = " ".join(text for text, _ in boxes[1 : last + 1]).rstrip(",.")
    assert page.inner_text(f"{ROOT} .medialit-pending").startswith(f"Selected: “{dragged}”")
    page.tap(f"{ROOT} .medialit-add")
    # the first tap after a drag is a click (no scroll fling swallowed it)
    page.wait_for_selector(f"{ROOT}[data-medialit-value]", timeout=5000)
    value = json.loads(page.get_attribute(ROOT, "data-medialit-value"))
    assert [v["text"] for v in value] == [dragged]
    page.tap(f"{ROOT} .medialit-remove")
    assert json.loads(page.get_attribute(ROOT, "data-medialit-value")) == []

    # over two lines: tap the first word, then the last word. The line break is read from the
    # rendered line boxes, not assumed, so the test holds whatever fonts the machine has.
    first, end = across_a_line_break(boxes)
    words.nth(first).tap()
    words.nth(end).tap()
    page.tap(f"{ROOT} .medialit-add")
    phrase = " ".join(text for text, _ in boxes[first : end + 1])
    start = SENTENCE.index(phrase)
    value = json.loads(page.get_attribute(ROOT, "data-medialit-value"))
    assert value == [{"sentence": "p6.s1", "text": phrase, "start": start, "end": start + len(phrase), "label": ""}]
    page.tap(f"{ROOT} .medialit-remove")

    # a claim of the key, on one line or two
    page.tap(f'{ROOT} button.medialit-word[data-sentence="p6.s1"] >> text="killing"')
    killing = next(i for i, (text, _) in enumerate(boxes) if text == "killing")
    words.nth(killing + 3).tap()  # "officials"
    page.tap(f"{ROOT} .medialit-add")
    value = json.loads(page.get_attribute(ROOT, "data-medialit-value"))
    assert value == [{"sentence": "p6.s1", "text": "killing 74 senior officials", "start": 80, "end": 107, "label": ""}]

    # tap the first word, then the last word of a claim
    page.tap(f'{ROOT} button.medialit-word[data-sentence="p6.s2"] >> text="bombed"')
    word(page, "p6.s2", "council,").first.tap()
    page.tap(f"{ROOT} .medialit-add")
    value = json.loads(page.get_attribute(ROOT, "data-medialit-value"))
    assert [v["text"] for v in value] == [
        "killing 74 senior officials",
        "bombed a meeting of Iran’s national security council",
    ]

    page.tap(f"{ROOT} .medialit-check")
    summary = page.locator(f"{ROOT} .medialit-fb-summary")
    assert summary.inner_text() == "2 of 7 found, 5 missed, 0 not in the key."
    box = summary.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844, "feedback is in view after Check"
    assert not guard.external and not guard.errors


def test_claim_spotter_by_touch_at_390px(site: Any, new_guarded_page: Any) -> None:
    base, root = site
    page, guard = new_guarded_page(**PHONE)
    q = Question(
        id="L3.Q1",
        type="select_sentences",
        prompt="Select the sentences.",
        points=1.0,
        objectives=(),
        key=["p6.s1"],
        explanation="",
        citations=(),
        items=tuple(Option(sid, text) for sid, text in VECTORS["sentences"].items()),
        widget="claim-spotter",
    )
    widget = ClaimSpotter.from_question(q, mode="practice")
    (root / "touch-cs.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{html_of(widget)}</body></html>",
        encoding="utf-8",
    )
    page.goto(f"{base}/touch-cs.html")
    page.tap('#medialit-L3-Q1 button[data-item="p6.s2"]')
    assert page.get_attribute('#medialit-L3-Q1 button[data-item="p6.s2"]', "aria-pressed") == "true"
    assert json.loads(page.get_attribute("#medialit-L3-Q1", "data-medialit-value")) == ["p6.s2"]
    page.tap("#medialit-L3-Q1 .medialit-check")
    text = page.inner_text("#medialit-L3-Q1 [aria-live=polite]")
    assert "(paragraph 6)" in text and "p6.s" not in text
    assert not guard.external and not guard.errors


def test_source_tracer_by_touch_at_390px(site: Any, new_guarded_page: Any) -> None:
    base, root = site
    page, guard = new_guarded_page(**PHONE)
    q = Question(
        id="L3.Q4",
        type="label_items",
        prompt="Where does each claim come from?",
        points=1.0,
        objectives=(),
        key={"p6.s1": "no source given", "p6.s2": "NBC News"},
        explanation="",
        citations=(),
        items=tuple(Option(sid, text) for sid, text in VECTORS["sentences"].items()),
        labels=("NBC News", "no source given"),
        widget="source-tracer",
    )
    widget = SourceTracer.from_question(q, mode="practice")
    (root / "touch-st.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{html_of(widget)}</body></html>",
        encoding="utf-8",
    )
    page.goto(f"{base}/touch-st.html")
    choice = '#medialit-L3-Q4 li[data-item="p6.s1"] button[data-label="no source given"]'
    page.tap(choice)
    assert page.get_attribute(choice, "aria-pressed") == "true"
    assert json.loads(page.get_attribute("#medialit-L3-Q4", "data-medialit-value")) == {"p6.s1": "no source given"}
    status = page.inner_text("#medialit-L3-Q4 [aria-live=polite]")
    assert "(paragraph 6)" in status and "p6.s1" not in status
    assert not guard.external and not guard.errors
