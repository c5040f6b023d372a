"""The built student book in headless Chromium: widgets, offline, speed, accessibility.

Every page comes from a real Jupyter Book build (``student_html``) served on
127.0.0.1. Every request to another host is aborted and recorded; a page that
attempts one fails. On each lesson page every widget must render, answer to the
mouse and the keyboard, and give practice feedback in words; axe-core (npm,
``node_modules/axe-core/axe.min.js``) must find no serious or critical WCAG 2 A/AA
violation on the intro page or any lesson or exercise page, in the light and the
dark theme, before and after the widgets are used.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book, pytest.mark.timeout(900)]

#: The selectable items of each widget kind (each a ``button`` with ``aria-pressed``; the
#: SearchLab's are its conclusions, radio buttons, tested by :func:`exercise_search_lab`).
ITEMS = {
    "claim-spotter": "button.medialit-item",
    "source-tracer": "li[data-item] button.medialit-choice",
    "phrase-highlighter": "button.medialit-word",
    "search-lab": "input[type=radio]",
}
#: A query that finds documents in the MEK packet (the names P14 gives; lesson 1's practice).
SEARCH_QUERY = "Politico Giuliani Gingrich"
#: The SearchLab's practice summary: a mark and words (½ is partial credit).
SEARCH_SUMMARY = re.compile(r"^(✓ Right|½ Right conclusion|✗ Not the conclusion)")
#: How a feedback entry starts: a mark and a word, so the result never rests on colour.
FEEDBACK_ENTRY = re.compile(
    r"^[✓✗] (Right|Wrong|Missed|Found|Not in the key|Part of a key span|Holds a key span|Overlaps a key span)\b"
)
SUMMARY = re.compile(r"^\d+ of \d+ (right|found)\b")
RENDER_LIMIT_MS = 100.0


class Book:
    """The served student book; :meth:`open` loads a page in a guarded browser context."""

    def __init__(self, site: tuple[str, pathlib.Path], new_page: Any, wait_for_widgets: Any) -> None:
        self.base, self.html = site
        self._new_page = new_page
        self._wait = wait_for_widgets

    def pages(self, folder: str) -> list[str]:
        found = sorted(p.relative_to(self.html).as_posix() for p in (self.html / folder).glob("*.html"))
        assert found, f"no pages in {self.html / folder}"
        return found

    def open(self, name: str, **context_options: Any) -> tuple[Any, Any]:
        """Open ``name``; wait for the network to settle and every widget to render."""
        page, guard = self._new_page(**context_options)
        page.goto(f"{self.base}/{name}")
        page.wait_for_load_state("networkidle")
        self._wait(page)
        assert not guard.external, f"{name}: requests outside localhost were attempted: {guard.external}"
        return page, guard


@pytest.fixture
def book(student_site: tuple[str, pathlib.Path], new_guarded_page: Any, wait_for_widgets: Any) -> Book:
    return Book(student_site, new_guarded_page, wait_for_widgets)


def widget_states(page: Any) -> list[dict[str, Any]]:
    """Kind, question, prompt and item count of each widget on the page (from its static state)."""
    states: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('[data-medialit-static]')].map((c) => {
            const state = JSON.parse(c.querySelector('script.medialit-state').textContent);
            return {kind: c.dataset.medialitStatic, id: c.id, question: state.question,
                    prompt: state.prompt, mode: state.mode, items: state.items.length,
                    render_ms: Number(c.dataset.medialitRenderMs), boot_ms: Number(c.dataset.medialitBootMs)};
        })"""
    )
    return states


def active_matches(page: Any, root: Any, selector: str) -> bool:
    return bool(
        root.evaluate(
            "(el, sel) => el.contains(document.activeElement) && document.activeElement.matches(sel)", selector
        )
    )


def search_and_open(page: Any, root: Any) -> str:
    """Type SEARCH_QUERY and press Enter; open the first result from the keyboard; back with
    Escape. Returns the opened document's title."""
    root.locator("input[type=search]").click()
    page.keyboard.type(SEARCH_QUERY)
    page.keyboard.press("Enter")
    results = root.locator("li.medialit-result")
    assert results.count() > 0, f"no results for {SEARCH_QUERY!r}"
    first = root.locator("button.medialit-result-open").first
    first.focus()
    title = first.inner_text()
    page.keyboard.press("Enter")
    reader = root.locator(".medialit-reader")
    assert reader.is_visible() and title in reader.inner_text()
    page.keyboard.press("Escape")
    assert reader.is_hidden() and results.first.is_visible()
    return title


def exercise_search_lab(page: Any, state: dict[str, Any], root: Any) -> None:
    """A SearchLab on a book page, with no kernel: search, open, back, a conclusion by keyboard,
    and practice feedback in words that names the document opened."""
    where = f"{state['question']} (search-lab)"
    assert root.locator("form[role=search]").get_attribute("aria-label") == "Search the source packet"
    title = search_and_open(page, root)
    radio = root.locator("input[type=radio]").first
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked(), f"{where}: Space did not choose a conclusion"
    assert "Your conclusion:" in root.locator(".medialit-answer").inner_text()
    assert radio.evaluate("r => getComputedStyle(r).outlineStyle") != "none", f"{where}: focus is not visible"
    if state["mode"] != "practice":
        return
    root.locator(".medialit-check").click()
    summary = root.locator(".medialit-fb-summary").inner_text()
    assert SEARCH_SUMMARY.match(summary), f"{where}: feedback summary {summary!r}"
    feedback = root.locator(".medialit-fb-summary").locator("xpath=..").inner_text()
    assert f"“{title}”" in feedback, f"{where}: the feedback does not name the document opened"


def exercise_widget(page: Any, state: dict[str, Any]) -> None:
    """Render, mouse, keyboard and practice feedback of one widget (asserts)."""
    where = f"{state['question']} ({state['kind']})"
    container = page.locator(f"#{state['id']}")
    assert container.locator("[role=alert]").count() == 0, f"{where}: {container.inner_text()}"
    root = container.locator("[data-medialit-widget]")
    assert root.count() == 1, f"{where}: no widget root"
    assert root.get_attribute("data-medialit-widget") == state["kind"]
    assert root.get_attribute("role") == "group"
    assert (root.get_attribute("aria-label") or "").strip() == state["prompt"].strip() != ""
    if state["kind"] == "search-lab":
        exercise_search_lab(page, state, root)
        return
    selector = ITEMS[state["kind"]]
    items = root.locator(selector)
    assert items.count() > 0, f"{where}: no items"
    assert items.evaluate_all(
        "bs => bs.every(b => b.tagName === 'BUTTON' && ['true', 'false'].includes(b.getAttribute('aria-pressed')))"
    ), f"{where}: every item must be a button with aria-pressed"

    # mouse: click the last item; aria-pressed flips, and the state is also said in text
    target = items.last
    before = target.get_attribute("aria-pressed")
    target.click()
    assert target.get_attribute("aria-pressed") != before, f"{where}: a click did not toggle aria-pressed"
    if state["kind"] == "claim-spotter":
        assert "✓ selected" in target.inner_text()
    elif state["kind"] == "source-tracer":
        assert target.inner_text().startswith("✓ ")
    else:
        assert "Selected:" in root.locator(".medialit-pending").inner_text()
        root.locator(".medialit-add").click()
        assert root.locator(".medialit-highlight").count() == 1, f"{where}: Add highlight stored nothing"

    # keyboard: Tab from the prompt to the first item stop, Space toggles it
    root.locator(".medialit-prompt").click()
    for _ in range(8):
        page.keyboard.press("Tab")
        if active_matches(page, root, selector):
            break
    assert active_matches(page, root, selector), f"{where}: Tab did not reach an item"
    focused = root.locator(f"{selector}:focus")
    before = focused.get_attribute("aria-pressed")
    outline = focused.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none", f"{where}: keyboard focus is not visible"
    page.keyboard.press("Space")
    assert focused.get_attribute("aria-pressed") != before, f"{where}: Space did not toggle aria-pressed"
    if state["kind"] == "phrase-highlighter":
        page.keyboard.press("Enter")
        assert root.locator(".medialit-highlight").count() >= 1

    # practice feedback: Check writes words (not only colour) into the aria-live region
    if state["mode"] != "practice":
        return
    region = root.locator("[aria-live=polite]")
    assert region.count() == 1, f"{where}: one aria-live region"
    before_text = region.inner_text()
    root.locator(".medialit-check").click()
    text = region.inner_text().strip()
    assert text, f"{where}: Check left the live region empty"
    assert text != before_text, f"{where}: Check did not change the live region"
    if region.locator(".medialit-reveal").count():  # a hint first; the button gives the whole answer
        hint = region.locator(".medialit-fb-hint").inner_text()
        assert hint.startswith("Not all right yet. Look again"), f"{where}: hint {hint!r}"
        region.locator(".medialit-reveal").click()
    summary = region.locator(".medialit-fb-summary").inner_text()
    assert SUMMARY.match(summary), f"{where}: feedback summary {summary!r}"
    entries = region.locator(".medialit-fb").all_inner_texts()
    assert entries, f"{where}: Check gave no per-item feedback"
    for entry in entries:
        assert FEEDBACK_ENTRY.match(entry.strip()), f"{where}: feedback entry not in words: {entry!r}"
    assert container.get_attribute("data-medialit-status") == summary


def test_lesson_pages_offline_widgets_mouse_keyboard_feedback(book: Book) -> None:
    figures = []
    kinds: set[str] = set()
    for name in book.pages("lessons"):
        page, guard = book.open(name)
        states = widget_states(page)
        assert page.locator("[data-medialit-widget]").count() == len(states)
        for state in states:
            exercise_widget(page, state)
            kinds.add(state["kind"])
            figures.append((name, state))
        page.wait_for_load_state("networkidle")
        assert not guard.external, f"{name}: requests outside localhost were attempted: {guard.external}"
        assert not guard.errors, f"{name}: uncaught page errors: {guard.errors}"
        page.context.close()
    assert kinds == set(ITEMS), f"the lessons should use every widget kind; saw {sorted(kinds)}"
    print("\nwidget render times (render() / parse + import + render):")
    for name, s in figures:
        print(
            f"  {name:40} {s['question']:7} {s['kind']:19} {s['items']:3} items"
            f"  {s['render_ms']:6.2f} ms / {s['boot_ms']:6.2f} ms"
        )


def test_whole_article_claim_spotter_renders_in_under_100_ms(book: Book, case: Any) -> None:
    whole = len(case.article.sentences)
    seen = []
    for name in book.pages("lessons"):
        if 'data-medialit-static="claim-spotter"' not in (book.html / name).read_text(encoding="utf-8"):
            continue
        page, _ = book.open(name)
        for state in widget_states(page):
            if state["kind"] == "claim-spotter" and state["items"] >= whole:
                seen.append((name, state))
        page.context.close()
    assert seen, f"no lesson shows a ClaimSpotter over the whole article ({whole} sentences)"
    for name, s in seen:
        print(
            f"\nwhole-article ClaimSpotter {s['question']} ({name}, {s['items']} sentences):"
            f" render() {s['render_ms']:.2f} ms; parse + import + render {s['boot_ms']:.2f} ms"
        )
        assert s["render_ms"] < RENDER_LIMIT_MS, f"{s['question']} took {s['render_ms']} ms to render"


# -- axe-core ------------------------------------------------------------------------

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations", "passes"]}


def run_axe(page: Any, axe_source: str) -> dict[str, Any]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)  # inline: no request, nothing from outside
    # The whole document: nothing is excluded (the theme passes too).
    result: dict[str, Any] = page.evaluate(
        """async (options) => {
            const r = await axe.run(document, options);
            const brief = (v) => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                            summary: n.failureSummary}))});
            return {violations: r.violations.map(brief),
                    widgetPasses: r.passes.flatMap((p) => p.nodes).filter((n) => /medialit/.test(n.html)).length};
        }""",
        AXE_OPTIONS,
    )
    return result


def use_widgets(page: Any) -> None:
    """Select something in every widget and press Check, so feedback colours are tested too."""
    for state in widget_states(page):
        root = page.locator(f"#{state['id']} [data-medialit-widget]")
        if state["kind"] == "search-lab":
            search_and_open(page, root)
            root.locator(ITEMS["search-lab"]).first.check()
            if root.locator(".medialit-check").count():
                root.locator(".medialit-check").click()
            continue
        items = root.locator(ITEMS[state["kind"]])
        items.first.click()
        if state["kind"] == "phrase-highlighter":
            root.locator(".medialit-add").click()
        items.nth(min(1, items.count() - 1)).click()  # a pending (pressed) word stays visible
        if root.locator(".medialit-check").count():
            root.locator(".medialit-check").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_search_lab_conclusions_are_not_restyled_by_the_theme(book: Book, width: int) -> None:
    """On exercise pages the theme's legend and label rules must not reach the search lab (issue 23):
    "Your conclusion" at the widget's text size, each radio button on the first line of its label."""
    name = next(
        n for n in book.pages("exercises") if 'data-medialit-static="search-lab"' in (book.html / n).read_text("utf-8")
    )
    page, _ = book.open(name, viewport={"width": width, "height": 900})
    layout = page.evaluate(
        """() => {
            const root = document.querySelector('[data-medialit-static="search-lab"] [data-medialit-widget]');
            const legend = getComputedStyle(root.querySelector('fieldset.medialit-conclusions legend'));
            const rows = [...root.querySelectorAll('.medialit-conclusion')].map((row) => {
                const radio = row.querySelector('input[type=radio]').getBoundingClientRect();
                const label = row.querySelector('label');
                const range = document.createRange();
                range.setStart(label.firstChild, 0);
                range.setEnd(label.firstChild, 1);
                const line = range.getClientRects()[0];
                const middle = (radio.top + radio.bottom) / 2;
                return {text: label.textContent.slice(0, 40), beside: radio.right <= line.left,
                        onFirstLine: middle >= line.top && middle <= line.bottom};
            });
            return {legendSize: legend.fontSize, legendFloat: legend.float,
                    widgetSize: getComputedStyle(root).fontSize, rows};
        }"""
    )
    assert layout["legendSize"] == layout["widgetSize"], layout
    assert layout["legendFloat"] == "none"
    assert layout["rows"], "no conclusions"
    for row in layout["rows"]:
        assert row["beside"] and row["onFirstLine"], (width, row)
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(book: Book, axe_source: str, scheme: str) -> None:
    pages = ["intro.html", *book.pages("lessons"), *book.pages("exercises")]
    problems = []
    counts = []
    for name in pages:
        page, guard = book.open(name, color_scheme=scheme)
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == scheme, f"{name}: the theme shows {theme!r}, not {scheme!r}"
        has_widgets = page.locator("[data-medialit-widget]").count() > 0
        phases = [("loaded", None)] + ([("answered", use_widgets)] if has_widgets else [])
        for phase, action in phases:
            if action:
                action(page)
            result = run_axe(page, axe_source)
            if has_widgets:
                assert result["widgetPasses"] > 0, f"{name}: axe did not examine the widgets"
            for v in result["violations"]:
                counts.append((name, phase, v["id"], v["impact"], len(v["nodes"])))
                if v["impact"] in ("serious", "critical"):
                    nodes = "\n      ".join(f"{n['target']}: {n['html']}" for n in v["nodes"][:5])
                    problems.append(f"{name} [{scheme}, {phase}] {v['impact']} {v['id']}: {v['help']}\n      {nodes}")
        assert not guard.external, f"{name}: requests outside localhost were attempted: {guard.external}"
        page.context.close()
    minor = [c for c in counts if c[3] not in ("serious", "critical")]
    print(f"\naxe ({scheme}): {len(pages)} pages; minor/moderate findings: {json.dumps(minor) if minor else 'none'}")
    assert not problems, "axe-core found serious or critical violations:\n  " + "\n  ".join(problems)


def test_practice_feedback_by_touch_at_390px_is_not_covered(book: Book) -> None:
    """On a phone, Check's feedback is in view and no page furniture covers it (issue 15)."""
    name = next(n for n in book.pages("lessons") if "data-medialit-static" in (book.html / n).read_text("utf-8"))
    page, guard = book.open(name, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    state = next(s for s in widget_states(page) if s["mode"] == "practice")
    root = page.locator(f"#{state['id']} [data-medialit-widget]")
    root.locator(ITEMS[state["kind"]]).first.tap()
    if state["kind"] == "phrase-highlighter":
        root.locator(".medialit-add").tap()
    root.locator(".medialit-check").tap()
    summary = root.locator(".medialit-fb-summary")
    assert SUMMARY.match(summary.inner_text())
    # scroll down and back up, which is when the theme shows its "Back to top" button
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(400)
    summary.scroll_into_view_if_needed()
    box = summary.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 844
    covered = page.evaluate(
        """(sel) => [...document.querySelectorAll(sel)].filter((el) => {
            const r = el.getBoundingClientRect();
            if (r.bottom <= 0 || r.top >= innerHeight) return false;
            for (const x of [r.left + 2, (r.left + r.right) / 2, r.right - 2]) {
                for (const y of [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2]) {
                    const hit = document.elementFromPoint(x, y);
                    if (hit && !el.contains(hit) && !hit.contains(el)) return true;
                }
            }
            return false;
        }).map((el) => el.textContent.slice(0, 60))""",
        f"#{state['id']} .medialit-fb-summary, #{state['id']} .medialit-fb",
    )
    assert covered == [], f"{name}: something covers the feedback: {covered}"
    assert not page.locator("#pst-back-to-top").is_visible()
    assert not guard.external
    page.context.close()
