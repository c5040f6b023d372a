"""The widgets' static HTML fallback in headless Chromium: mouse, keyboard, feedback.

Each page is what a Jupyter Book page shows with no kernel: the ``text/html`` of
the widget's MIME bundle, served from localhost. Every request outside
localhost is aborted and fails the test (see ``conftest.guarded_page``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from medialit import qtypes
from medialit.model import Option, Question
from medialit.widgets import ClaimSpotter, PhraseHighlighter, SourceTracer

pytestmark = pytest.mark.browser

SENTENCES = (
    Option("p1.s1", "Officials said the plant would be “ready” by 2024."),
    Option("p1.s2", "It is a disgrace, critics say."),
    Option("p2.s1", "U.S. officials tell NBC News that the talks failed."),
    Option("p3.s1", "Nobody knows what happens next."),
)
GROUPS = {"p1.s1": "p1", "p1.s2": "p1", "p2.s1": "p2", "p3.s1": "p3"}


def question(**spec: Any) -> Question:
    base: dict[str, Any] = {
        "id": "L2.Q3",
        "type": "select_sentences",
        "prompt": "Select every sentence that makes a checkable claim.",
        "points": 1.0,
        "objectives": (),
        "key": ["p1.s1", "p2.s1"],
        "explanation": "A claim can be checked against evidence.",
        "citations": ("facts-7.2",),
        "items": SENTENCES,
        "widget": "claim-spotter",
        "settings": {
            "groups": GROUPS,
            "item_feedback": {"p1.s2": {"explanation": "An opinion, not checkable.", "citations": []}},
        },
    }
    base.update(spec)
    return Question(**base)


def html_of(widget: Any) -> str:
    return widget._repr_mimebundle_()[0]["text/html"]


def value_of(page: Any, question_id: str) -> Any:
    raw = page.get_attribute(f"#medialit-{question_id.replace('.', '-')}", "data-medialit-value")
    return None if raw is None else json.loads(raw)


def active(page: Any, attribute: str) -> str | None:
    return page.evaluate(f"() => document.activeElement.getAttribute({attribute!r})")


def feedback_text(page: Any, root: str) -> str:
    region = page.locator(f"{root} [aria-live=polite]")
    assert region.count() == 1
    return region.inner_text()


def show_answer(page: Any, root: str) -> None:
    """The first Check that is not all right gives a hint; "Show the answer" (a button) gives the rest."""
    assert "Show the answer" in feedback_text(page, root)
    page.click(f"{root} .medialit-reveal")
    assert page.locator(f"{root} .medialit-reveal").count() == 0


def test_claim_spotter_mouse_keyboard_and_practice_check(open_page: Any) -> None:
    widget = ClaimSpotter.from_question(question(), mode="practice")
    page = open_page("claim-spotter", html_of(widget))
    root = page.locator('[data-medialit-widget="claim-spotter"]')
    assert root.get_attribute("role") == "group"
    assert root.get_attribute("aria-label") == widget.prompt
    item = '[data-medialit-widget="claim-spotter"] button[data-item="{}"]'

    page.click(item.format("p1.s1"))  # mouse
    assert page.get_attribute(item.format("p1.s1"), "aria-pressed") == "true"
    assert "✓ selected" in page.inner_text(item.format("p1.s1"))
    assert value_of(page, "L2.Q3") == ["p1.s1"]

    page.keyboard.press("Tab")
    assert active(page, "data-item") == "p1.s2"
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline == ["solid", "3px"], "keyboard focus must be visible"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert active(page, "data-item") == "p2.s1"
    page.keyboard.press("Enter")
    assert value_of(page, "L2.Q3") == ["p1.s1", "p1.s2", "p2.s1"]
    assert page.get_attribute(item.format("p3.s1"), "aria-pressed") == "false"
    assert "✓ selected" not in page.inner_text(item.format("p3.s1"))

    page.click("#medialit-L2-Q3 .medialit-check")
    hint = feedback_text(page, "#medialit-L2-Q3")
    assert "2 of 2 right, 0 missed, 1 not in the key." in hint
    assert "✗ Not in the key: “It is a disgrace, critics say.” (paragraph 1)." in hint
    assert "An opinion, not checkable." not in hint and "Sources:" not in hint, "no explanation before the answer"
    show_answer(page, "#medialit-L2-Q3")
    text = feedback_text(page, "#medialit-L2-Q3")
    assert "2 of 2 right, 0 missed, 1 not in the key." in text
    assert "✓ Right: “Officials said the plant would be “ready” by …” (paragraph 1) is in the key." in text
    assert "✓ Right: “U.S. officials tell NBC News that the talks …” (paragraph 2) is in the key." in text
    assert "✗ Not in the key: “It is a disgrace, critics say.” (paragraph 1). An opinion, not checkable." in text
    assert "Sources: facts-7.2" in text
    assert page.get_attribute("#medialit-L2-Q3", "data-medialit-status") == "2 of 2 right, 0 missed, 1 not in the key."

    # unselect p1.s2 with the keyboard; Check again: all right
    page.focus(item.format("p1.s2"))
    page.keyboard.press("Space")
    page.click("#medialit-L2-Q3 .medialit-check")
    assert "2 of 2 right, 0 missed, 0 not in the key." in feedback_text(page, "#medialit-L2-Q3")


def test_claim_spotter_labels_by_keyboard_in_graded_mode(open_page: Any) -> None:
    q = question(
        id="L2.Q4",
        labels=("factual claim", "opinion"),
        key={"p1.s1": "factual claim"},
        explanation="SECRET explanation",
        settings={"groups": GROUPS},
    )
    widget = ClaimSpotter.from_question(q, mode="graded")
    page = open_page("claim-spotter-labels", html_of(widget))
    assert page.locator("#medialit-L2-Q4 .medialit-check").count() == 0
    assert "SECRET" not in page.content()
    first = '#medialit-L2-Q4 button[data-item="p1.s1"]'
    select = '#medialit-L2-Q4 select[data-item="p1.s1"]'
    assert page.locator(select).is_hidden()

    page.focus(first)
    page.keyboard.press("Enter")
    assert value_of(page, "L2.Q4") == {"p1.s1": "factual claim"}
    assert "✓ selected — factual claim" in page.inner_text(first)
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")
    assert value_of(page, "L2.Q4") == {"p1.s1": "opinion"}
    assert "✓ selected — opinion" in page.inner_text(first)
    labelled = "Labelled “Officials said the plant would be “ready” by …” (paragraph 1) as opinion."
    assert labelled in feedback_text(page, "#medialit-L2-Q4")


def test_source_tracer_mouse_keyboard_and_feedback(open_page: Any) -> None:
    q = question(
        id="L3.Q1",
        type="label_items",
        widget="source_tracer",
        items=(Option("c1", "The talks failed."), Option("c2", "The plant is ready.")),
        labels=("NBC News", "anonymous", "no source given"),
        key={"c1": "NBC News", "c2": "anonymous"},
        explanation="",
        citations=(),
        settings={
            "item_feedback": {
                "c1": {"explanation": "Chain: U.S. officials tell NBC News.", "citations": ["nbc-2024-05-01"]}
            }
        },
    )
    page = open_page("source-tracer", html_of(SourceTracer.from_question(q, mode="practice")))
    root = '[data-medialit-widget="source-tracer"]'
    assert page.get_attribute(root, "aria-label") == q.prompt
    choice = root + ' li[data-item="{}"] button[data-label="{}"]'

    page.click(choice.format("c1", "NBC News"))  # mouse
    assert page.get_attribute(choice.format("c1", "NBC News"), "aria-pressed") == "true"
    assert page.inner_text(choice.format("c1", "NBC News")).startswith("✓ ")
    assert "Your answer: NBC News" in page.inner_text(root + ' li[data-item="c1"]')
    # The words fit any label set (sources, years): no "source of" for a year.
    assert (
        page.get_attribute(root + ' li[data-item="c1"] [role="group"]', "aria-label")
        == "Answer for “The talks failed.”"
    )
    assert "Your answer for “The talks failed.”: NBC News." in page.inner_text(root + " [aria-live]")

    page.focus(choice.format("c2", "NBC News"))  # keyboard: arrows move, Space chooses
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert active(page, "data-label") == "no source given"
    page.keyboard.press("Space")
    assert value_of(page, "L3.Q1") == {"c1": "NBC News", "c2": "no source given"}

    page.click("#medialit-L3-Q1 .medialit-check")
    hint = feedback_text(page, "#medialit-L3-Q1")
    assert "1 of 2 right." in hint
    assert "✗ Look again: “The plant is ready.”: you chose no source given." in hint
    assert "anonymous" not in hint and "Chain:" not in hint, "the hint names no key label and no explanation"
    assert "— ✗ Look again" in page.inner_text(root + ' li[data-item="c2"]')
    show_answer(page, "#medialit-L3-Q1")
    text = feedback_text(page, "#medialit-L3-Q1")
    assert "1 of 2 right." in text
    assert (
        "✓ Right: “The talks failed.”: NBC News. Chain: U.S. officials tell NBC News. Sources: nbc-2024-05-01" in text
    )
    assert "✗ Wrong: “The plant is ready.”: you chose no source given; the key says anonymous." in text
    assert "— ✗ Wrong" in page.inner_text(root + ' li[data-item="c2"]')

    page.focus(choice.format("c2", "no source given"))
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    page.click("#medialit-L3-Q1 .medialit-check")
    assert "2 of 2 right." in feedback_text(page, "#medialit-L3-Q1")


def drag(page: Any, start: Any, end: Any) -> None:
    start.scroll_into_view_if_needed()
    a, b = start.bounding_box(), end.bounding_box()
    page.mouse.move(a["x"] + 2, a["y"] + a["height"] / 2)
    page.mouse.down()
    page.mouse.move(b["x"] + b["width"] - 2, b["y"] + b["height"] / 2, steps=4)
    page.mouse.up()


MARKED_SENTENCE = "The company hopes to resume launches in December to deliver satellites."


def marked_claim_question(**extra: Any) -> Any:
    """Trial 28's L2.Q2: item c1 is a claim marked in its sentence, c2 a claim with no mark."""
    return question(
        id="L2.Q2",
        type="label_items",
        widget="source_tracer",
        items=(Option("c1", "to resume launches in December (p9.s2)"), Option("c2", "The talks failed. (p2.s1)")),
        labels=("SpaceX", "no source given"),
        key={"c1": "SpaceX", "c2": "no source given"},
        settings={"in_sentence": {"c1": {"context": MARKED_SENTENCE, "mark": "to resume launches in December"}}},
        **extra,
    )


def test_source_tracer_marks_each_claim_in_its_sentence(open_page: Any, axe_source: str) -> None:
    """Trial 28: a claim span in quotation marks read as a direct quote. The claim is shown in its
    sentence, bold and underlined (not colour alone), named for screen readers; axe finds nothing."""
    sentence = MARKED_SENTENCE
    q = marked_claim_question()
    page = open_page("source-tracer-marks", html_of(SourceTracer.from_question(q, mode="graded")))
    root = '[data-medialit-widget="source-tracer"]'
    assert "The marking is not a quotation" in page.inner_text(f"{root} .medialit-claim-legend")
    first = f'{root} li[data-item="c1"] .medialit-claim-text'
    group = page.locator(f'{first} [role="group"][aria-label="a claim in its sentence"]')
    assert group.text_content() == sentence.replace("to resume", "claim: to resume").replace(
        "December", "December (end of claim)"
    )
    assert "“" not in page.inner_text(first) and page.inner_text(first).endswith("(p9.s2)")
    style = page.evaluate(
        "(sel) => { const s = getComputedStyle(document.querySelector(sel)); "
        "return [s.fontWeight, s.textDecorationLine]; }",
        f"{first} mark.medialit-claim-span",
    )
    assert style == ["700", "underline"]
    assert page.locator(f'{root} li[data-item="c2"] mark').count() == 0
    page.add_script_tag(content=axe_source)
    found = page.evaluate(
        """async () => (await axe.run(document.querySelector('[data-medialit-widget="source-tracer"]'),
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})).violations.map((v) => v.id)"""
    )
    assert found == []


def test_source_tracer_feedback_names_a_marked_claim_without_added_quotation_marks(open_page: Any) -> None:
    """Trial 28's claim items show no quotation marks the article does not have: the Check's right and
    wrong lines name such a claim as its item shows it (readable.item_name, the graded marks, agree)."""
    q = marked_claim_question(explanation="", citations=())
    page = open_page("source-tracer-claim-names", html_of(SourceTracer.from_question(q, mode="practice")))
    root = "#medialit-L2-Q2"
    choice = root + ' li[data-item="{}"] button[data-label="{}"]'
    page.click(choice.format("c1", "no source given"))
    assert "Your answer for to resume launches in December (paragraph 9): no source given." in page.inner_text(
        root + " [aria-live]"
    )
    page.click(choice.format("c2", "no source given"))
    page.click(f"{root} .medialit-check")
    show_answer(page, root)
    text = feedback_text(page, root)
    wrong = "✗ Wrong: to resume launches in December (paragraph 9): you chose no source given; the key says SpaceX."
    assert wrong in text
    assert "✓ Right: “The talks failed.” (paragraph 2): no source given." in text  # an item with no mark: quoted
    assert "“to resume" not in text
    marks = qtypes.get(q.type).mark_lines(q, {"c1": "no source given", "c2": "no source given"})
    assert any(m.startswith("✗ not right: to resume launches in December (paragraph 9)") for m in marks), marks
    assert any("“The talks failed.” (paragraph 2)" in m for m in marks), marks


def test_source_tracer_labels_a_summary_and_never_quotes_it(open_page: Any) -> None:
    """A claim item in the course's words (``settings.as_summary``) is not the article's: the widget
    shows it after a visible "Summary:" and its Check names it "summary: …", never in quotation marks
    (it used to read as a quotation from the article); the graded marks say the same."""
    q = question(
        id="L2.Q2",
        type="label_items",
        widget="source_tracer",
        items=(Option("c1", "The agency says launches resume in December (p9.s2)"),),
        labels=("SpaceX", "no source given"),
        key={"c1": "SpaceX"},
        settings={"as_summary": ["c1"]},
        explanation="",
        citations=(),
    )
    page = open_page("source-tracer-summary", html_of(SourceTracer.from_question(q, mode="practice")))
    root = "#medialit-L2-Q2"
    item = page.inner_text(root + ' li[data-item="c1"] .medialit-claim-text')
    assert item.startswith("Summary: The agency says launches resume in December") and "“" not in item
    page.click(root + ' li[data-item="c1"] button[data-label="no source given"]')
    page.click(f"{root} .medialit-check")
    show_answer(page, root)
    text = feedback_text(page, root)
    assert "✗ Wrong: summary: The agency says launches resume in December (paragraph 9)" in text, text
    assert "“The agency" not in text
    marks = qtypes.get(q.type).mark_lines(q, {"c1": "no source given"})
    assert any(m.startswith("✗ not right: summary: The agency says") for m in marks), marks


def test_phrase_highlighter_click_then_click_and_shift_click_by_mouse(open_page: Any) -> None:
    """As the instructions say: click the first word, then the last (and Shift+click extends)."""
    q = question(
        id="L4.Q3",
        type="select_spans",
        widget="phrase-highlighter",
        key=[{"sentence": "p2.s1", "text": "U.S. officials tell NBC News"}],
    )
    page = open_page("phrase-clicks", html_of(PhraseHighlighter.from_question(q, mode="practice")))
    root = "#medialit-L4-Q3"
    words = page.locator(f'{root} button.medialit-word[data-sentence="p2.s1"]')
    pressed = lambda: [w.inner_text() for w in words.all() if w.get_attribute("aria-pressed") == "true"]  # noqa: E731

    words.nth(1).click()  # "officials"
    assert pressed() == ["officials"]
    words.nth(4).click()  # "News"
    assert pressed() == ["officials", "tell", "NBC", "News"]
    words.nth(5).click(modifiers=["Shift"])  # Shift+click moves the end from the first word clicked
    assert pressed() == ["officials", "tell", "NBC", "News", "that"]
    words.nth(0).click()  # a plain click after a finished selection starts a new one ...
    words.nth(4).click(modifiers=["Shift"])  # ... and Shift+click extends it
    assert pressed() == ["U.S.", "officials", "tell", "NBC", "News"]
    page.click(f"{root} .medialit-add")
    assert value_of(page, "L4.Q3") == [
        {"sentence": "p2.s1", "text": "U.S. officials tell NBC News", "start": 0, "end": 28, "label": ""}
    ]
    # a third click after a finished selection starts a new one; a word of another sentence too
    words.nth(7).click()  # "talks"
    assert pressed() == ["talks"]
    page.locator(f'{root} button.medialit-word[data-sentence="p3.s1"]').nth(1).click()  # "knows"
    assert pressed() == []  # nothing of p2.s1 stays selected
    assert "“knows”" in page.inner_text(f"{root} .medialit-pending")


def test_phrase_highlighter_drag_keyboard_remove_and_feedback(open_page: Any) -> None:
    q = question(
        id="L4.Q2",
        type="select_spans",
        widget="phrase-highlighter",
        labels=("loaded language", "attribution"),
        key=[
            {"sentence": "p1.s1", "text": "“ready”", "label": "loaded language"},
            {"sentence": "p1.s2", "text": "a disgrace", "label": "loaded language"},
            {"sentence": "p2.s1", "text": "U.S. officials tell NBC News", "label": "attribution"},
        ],
        settings={
            "groups": GROUPS,
            "item_feedback": {"p1.s2": {"explanation": "Name-calling, not a fact.", "citations": []}},
        },
    )
    page = open_page("phrase-highlighter", html_of(PhraseHighlighter.from_question(q, mode="practice")))
    root = "#medialit-L4-Q2"
    words = lambda sid: page.locator(f'{root} button.medialit-word[data-sentence="{sid}"]')  # noqa: E731

    # mouse: drag over "a disgrace," and press "Add highlight"
    drag(page, words("p1.s2").nth(2), words("p1.s2").nth(3))
    assert [w.inner_text() for w in words("p1.s2").all() if w.get_attribute("aria-pressed") == "true"] == [
        "a",
        "disgrace,",
    ]
    page.click(f"{root} .medialit-add")
    assert value_of(page, "L4.Q2") == [
        {"sentence": "p1.s2", "text": "a disgrace", "start": 6, "end": 16, "label": "loaded language"}
    ]
    assert "[1 loaded language]" in page.inner_text(f'{root} [data-sentence="p1.s2"].medialit-sentence')

    # keyboard: choose the label, then "officials tell NBC News" with Shift+arrows and Enter
    page.focus(f'{root} .medialit-labels button[data-label="loaded language"]')
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert page.get_attribute(f'{root} .medialit-labels button[data-label="attribution"]', "aria-pressed") == "true"
    page.focus(f'{root} button.medialit-word[data-sentence="p1.s2"][data-index="0"]')
    page.keyboard.press("ArrowDown")  # next sentence, first word: "U.S."
    assert active(page, "data-sentence") == "p2.s1"
    assert active(page, "data-index") == "0"
    page.keyboard.press("ArrowRight")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    spans = value_of(page, "L4.Q2")
    assert {
        "sentence": "p2.s1",
        "text": "officials tell NBC News",
        "start": 5,
        "end": 28,
        "label": "attribution",
    } in spans

    # an extra highlight, "Nobody", then Check: found / missed / extra with explanations
    page.focus(f'{root} button.medialit-word[data-sentence="p3.s1"][data-index="0"]')
    page.keyboard.press("Enter")
    page.click(f"{root} .medialit-check")
    hint = feedback_text(page, root)
    assert "2 of 3 found, 1 missed, 1 not in the key." in hint
    assert "✗ Not in the key: “Nobody” — attribution (paragraph 3)." in hint
    assert "ready" not in hint and "Name-calling" not in hint, "the hint names no missed key span, no explanation"
    assert "look again at paragraph 1." in hint
    show_answer(page, root)
    text = feedback_text(page, root)
    assert "2 of 3 found, 1 missed, 1 not in the key." in text
    assert "✓ Found: “a disgrace” — loaded language (paragraph 1). Name-calling, not a fact." in text
    assert "✓ Found: “U.S. officials tell NBC News” — attribution (paragraph 2)." in text  # 4 of its 6 words
    assert "✗ Missed: “ready” — loaded language (paragraph 1)." in text
    assert "✗ Not in the key: “Nobody” — attribution (paragraph 3)." in text

    # remove the extra highlight with the keyboard; focus stays in the list
    assert page.locator(f"{root} .medialit-highlight").count() == 3
    page.focus(f'{root} .medialit-highlight[data-sentence="p3.s1"] .medialit-remove')
    page.keyboard.press("Enter")
    assert page.locator(f"{root} .medialit-highlight").count() == 2
    assert [s["sentence"] for s in value_of(page, "L4.Q2")] == ["p1.s2", "p2.s1"]
    assert active(page, "class") == "medialit-remove"


def test_render_time_of_a_30_sentence_claim_spotter(open_page: Any) -> None:
    items = tuple(
        Option(
            f"p{p}.s{s}",
            f"Sentence {s} of paragraph {p} says that officials reported {p * s} incidents last year.",
        )
        for p in range(1, 11)
        for s in range(1, 4)
    )
    q = question(id="L9.Q1", items=items, key=["p1.s1"], settings={"groups": {o.id: o.id.split(".")[0] for o in items}})
    page = open_page("timing", html_of(ClaimSpotter.from_question(q, mode="practice")))
    assert page.locator("#medialit-L9-Q1 button.medialit-item").count() == 30
    render_ms = float(page.get_attribute("#medialit-L9-Q1", "data-medialit-render-ms"))
    boot_ms = float(page.get_attribute("#medialit-L9-Q1", "data-medialit-boot-ms"))
    print(f"\n30-sentence ClaimSpotter: render() {render_ms:.2f} ms; parse + import + render {boot_ms:.2f} ms")
    assert render_ms < 100


def test_no_request_leaves_localhost(open_page: Any, guarded_page: Any) -> None:
    page, guard = guarded_page
    body = "".join(
        html_of(w)
        for w in (
            ClaimSpotter.from_question(question(), mode="graded"),
            SourceTracer.from_question(
                question(
                    id="L3.Q1",
                    widget="source-tracer",
                    items=(Option("c1", "x"),),
                    labels=("a", "b"),
                    key={"c1": "a"},
                    settings={},
                ),
                mode="graded",
            ),
            PhraseHighlighter.from_question(
                question(id="L4.Q2", widget="phrase-highlighter", key=[], settings={}), mode="graded"
            ),
        )
    )
    open_page("all-three", body)
    assert page.locator("[data-medialit-widget]").count() == 3
    assert guard.external == []

    # the guard itself works: an outside request is seen and aborted
    open_page("leaky", '<img src="http://example.invalid/pixel.png" alt="">')
    page.wait_for_timeout(100)
    assert guard.external == ["http://example.invalid/pixel.png"]
    guard.external.clear()


def test_render_error_shows_an_alert_in_the_widget(open_page: Any) -> None:
    html = html_of(ClaimSpotter.from_question(question(id="L5.Q1"), mode="graded"))
    broken = re.sub(
        r'(<script type="application/json" class="medialit-state"[^>]*>).*?(</script>)',
        lambda m: m.group(1) + json.dumps({"items": 5, "prompt": "Broken", "value": []}) + m.group(2),
        html,
        flags=re.S,
    )
    page = open_page("broken", broken)
    alert = page.locator("#medialit-L5-Q1 [role=alert]")
    assert alert.is_visible()
    assert "could not be displayed" in alert.inner_text()


def test_phrase_offsets_are_python_code_points(open_page: Any) -> None:
    text = "🔥🔥 Hot take: “officials” lied, say 𝒳 critics."
    q = question(id="L4.Q9", widget="phrase-highlighter", items=(Option("p1.s1", text),), key=[], settings={})
    widget = PhraseHighlighter.from_question(q, mode="graded")
    page = open_page("code-points", html_of(widget))
    word = '#medialit-L4-Q9 button.medialit-word[data-index="{}"]'
    page.focus(word.format(3))  # “officials”
    page.keyboard.press("Enter")
    page.focus(word.format(6))  # 𝒳 (outside the BMP)
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")
    spans = value_of(page, "L4.Q9")
    assert [(s["text"], text[s["start"] : s["end"]]) for s in spans] == [
        ("officials", "officials"),
        ("𝒳 critics", "𝒳 critics"),
    ]
    widget.value = spans  # the Python validator accepts exactly what the browser produced
    assert widget.value == spans
