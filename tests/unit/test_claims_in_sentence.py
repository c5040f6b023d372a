"""L2.Q2 shows each claim marked in its sentence, never in quotation marks it does not have (trial
28: “to resume launches in December” read as a direct quote just before L2.Q6 asks a direct quote
from a paraphrase): in the item text, the widget's items, its static view (the book) and the bundle."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from medialit import api, qtypes
from medialit.curriculum.derive import derive
from medialit.model import Question
from medialit.notebooks.questions import MARKED_ITEMS, prompt_markdown
from medialit.readable import item_name, place, short
from medialit.widgets.source_tracer import SourceTracer

CASES = Path(__file__).parents[1] / "data" / "cases"


@pytest.fixture(scope="module", params=["layers-full", "quoted-speaker"])
def l2q2(request):
    case, lessons = api.load_module(CASES / request.param)
    return case, next(q for lesson in lessons for q in lesson.questions if q.id == "L2.Q2")


def test_claim_items_add_no_quotation_marks(l2q2):
    case, q = l2q2
    marked = q.settings["in_sentence"]
    assert marked
    for item in q.items:
        claim = case.claim(item.id)
        if not claim.span:
            continue
        assert item.text == f"{claim.span.strip()} ({claim.sentence})"
        assert marked[item.id] == {"context": case.article.sentence(claim.sentence).text, "mark": claim.span.strip()}


def test_the_widget_and_its_static_view_mark_the_claim_in_its_sentence(l2q2):
    _, q = l2q2
    widget = SourceTracer.from_question(q, mode="graded")
    by_id = {item["id"]: item for item in widget.items}
    for cid, marked in q.settings["in_sentence"].items():
        assert by_id[cid]["context"] == marked["context"] and by_id[cid]["mark"] == marked["mark"]
    page = widget.static_html()
    fallback = page.split('class="medialit-fallback">', 1)[1].split("</div>", 1)[0]
    assert "not a quotation" in fallback  # the legend says what the marking means
    marks = re.findall(r'<mark class="medialit-claim-span">(.*?)</mark>', fallback)
    assert len(marks) == len(q.settings["in_sentence"])
    for m in marks:
        # Bold and underlined by class, named for screen readers: never colour alone.
        assert m.startswith('<span class="medialit-sr-only">claim: </span>')
        assert m.endswith('<span class="medialit-sr-only"> (end of claim)</span>')
    assert fallback.count('role="group" aria-label="a claim in its sentence"') == len(marks)
    css = str(widget._css)
    rule = css.split(".medialit-claim-span {", 1)[1].split("}", 1)[0]
    assert "font-weight: 700" in rule and "text-decoration: underline" in rule
    assert "medialit-claim-span" in str(widget._esm) and "a claim in its sentence" in str(widget._esm)


def test_feedback_names_a_marked_claim_without_added_quotation_marks(l2q2):
    """The graded marks and check()'s hints name a claim as its item shows it (the widgets' itemName
    says the same: tests/browser/test_widgets_static.py); the span's own marks stay."""
    case, q = l2q2
    for cid, marked in q.settings["in_sentence"].items():
        name = item_name(cid, q)
        assert name == f"{short(marked['mark'])} ({place(case.claim(cid).sentence)})"
        assert not name.startswith("“") or marked["mark"].startswith("“")
    lines = qtypes.get(q.type).mark_lines(q, q.key)
    for cid, marked in q.settings["in_sentence"].items():
        assert any(line.startswith(f"✓ right: {short(marked['mark'])} (") for line in lines), (cid, lines)


def test_the_student_bundle_carries_the_marking(l2q2):
    case, _ = l2q2
    bundle = api.student_bundle(CASES / case.article.id)
    assert b'"in_sentence"' in bundle


def _c9_with_summary(tmp_path: Path, summary: str) -> tuple[Any, Any]:
    """layers-full with claim C9's summary (it has no span) replaced, and its claim_sources items."""
    case_dir = tmp_path / "case"
    shutil.copytree(CASES / "layers-full", case_dir)
    ann = case_dir / "annotations.yaml"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(
        text.replace("summary: the levee will be rebuilt next year,", f"summary: {summary},"), encoding="utf-8"
    )
    case = api.load_module(case_dir)[0]
    return case, derive(case, "claim_sources", {"claims": ["C9", "C6"]}, "test")


def test_a_claim_whose_words_are_its_sentence_is_marked_whole_and_a_summary_is_not(tmp_path):
    case, derived = _c9_with_summary(tmp_path, "The authority plans to rebuild the…")
    sentence = case.article.sentence("p6.s1").text
    assert derived["settings"]["in_sentence"] == {"C9": {"context": sentence, "mark": sentence}}
    assert [o.text for o in derived["items"]] == [
        f"{sentence} (p6.s1)",
        "the water rose within minutes (p3.s1)",
    ]


def test_a_notebook_lists_claim_items_in_their_sentences_in_bold():
    """MEK's L2.Q1 (claim kinds, no widget) lists its items in the prompt: each claim in bold in
    its sentence, under a line that says the bold is no quotation."""
    _, lessons = api.load_module()
    q = next(q for lesson in lessons for q in lesson.questions if q.id == "L2.Q1")
    text = prompt_markdown(q)
    assert MARKED_ITEMS in text and "Items:" not in text
    assert "- `P1.b`: Mujahedeen-e-Khalq (MEK), is an exiled Iranian **terrorist group** that once" in text
    assert "“terrorist group”" not in text


def test_a_summary_in_the_courses_words_is_labelled_and_never_quoted(tmp_path):
    """A claim item whose text is a summary the teacher wrote (no span) is not the article's words:
    the items, the feedback, the notebook and the widget call it a summary and never put it in
    quotation marks (it used to read as a quotation from the article)."""
    _, derived = _c9_with_summary(tmp_path, "The authority says it will rebuild the levee")
    # C6 has no span either: its item is the summary "the water rose within minutes".
    assert derived["settings"]["as_summary"] == ["C9", "C6"]
    q = Question(
        id="T.Q1",
        type="label_items",
        prompt="Who is the source of each claim?",
        points=1,
        objectives=(),
        key=derived["key"],
        explanation="",
        citations=(),
        items=tuple(derived["items"]),
        labels=tuple(derived["labels"]),
        settings=derived["settings"],
    )
    name = item_name("C9", q)
    assert name == "summary: The authority says it will rebuild the levee (paragraph 6)"
    assert "\u201c" not in name and "\u201c" not in item_name("C6", q)
    assert "- `C9`: Summary: The authority says it will rebuild the levee (paragraph 6)" in prompt_markdown(q)
    widget = SourceTracer.from_question(replace(q, widget="source_tracer"), mode="graded")
    item = next(i for i in widget.items if i["id"] == "C9")
    assert item["summary"] == "yes" and "mark" not in item
    fallback = widget.static_html().split('class="medialit-fallback">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Summary: </strong>The authority says it will rebuild the levee (p6.s1)" in fallback
    assert 'item.summary) return "summary: "' in str(widget._esm)  # the widgets' itemName says the same
