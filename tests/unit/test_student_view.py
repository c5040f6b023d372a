"""What students read: checks that never say OK to nothing, hints that fit, words instead of ids (issue 15)."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest

from medialit import qtypes, runtime
from medialit.notebooks.questions import how_to_answer, prompt_markdown, uses_widget
from medialit.qtypes.wellformed import public_check
from medialit.readable import answer_text, describe_answer, number, plural, student_rubric


def _all(lessons: Any) -> list[Any]:
    return [q for lesson in lessons for q in (*lesson.questions, *lesson.practice)]


def _q(lessons: Any, qid: str) -> Any:
    return next(q for q in _all(lessons) if q.id == qid)


# -- check() ------------------------------------------------------------------------------------


@pytest.fixture
def user_ns() -> Any:
    """A real IPython shell's user namespace, as a notebook's check cell sees it."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    saved = dict(shell.user_ns)
    runtime.use()
    yield shell.user_ns
    shell.user_ns.clear()
    shell.user_ns.update(saved)


def test_check_of_a_code_question_reads_answer_and_never_says_ok_to_nothing(user_ns: Any) -> None:
    code = "L2.Q5"  # counts the claims that are not factual: a number
    user_ns.pop("answer", None)
    unset = runtime.check(code)
    assert not unset.ok and "run the cell above" in repr(unset)
    user_ns["answer"] = None
    none = runtime.check(code)
    assert not none.ok
    assert repr(none).startswith("Not yet:") and "still None" in repr(none)
    assert "✘ Not yet" in none._repr_html_()
    user_ns["answer"] = {"P0.b": "factual"}  # left over from an earlier question
    stale = runtime.check(code)
    assert not stale.ok and "must be a number, not dict" in repr(stale) and "run the cell above" in repr(stale)
    user_ns["answer"] = 19
    ok = runtime.check(code)
    assert ok.ok and repr(ok).startswith("OK:") and "grader runs your code again" in repr(ok)


def test_check_reports_blank_labels_with_the_items_in_words(lessons: Any) -> None:
    q = _q(lessons, "L2.Q1")
    ok, messages = public_check(q, {"P0.b": "factual", "P1.b": "", "P1.c": ""})
    assert not ok
    text = " ".join(messages)
    assert "6 of 7 items have no label yet" in text
    # a claim shown marked in its sentence is named without added quotation marks (trial 28)
    assert "P1.b terrorist group (paragraph 1)" in text and "“terrorist group”" not in text
    full = {o.id: "factual" for o in q.items}
    assert public_check(q, full)[0]


def test_check_reports_a_share_out_of_range(lessons: Any) -> None:
    import dataclasses

    numeric = next(q for lesson in lessons for q in lesson.questions if q.type == "numeric")
    q = dataclasses.replace(numeric, settings={**numeric.settings, "range": [0, 1]})  # a share, as authors declare it
    ok, messages = public_check(q, 65)
    assert not ok and "outside the range the question asks for (0 to 1)" in messages[0]
    assert public_check(q, 0.65)[0]


def test_check_of_an_unanswered_widget_or_literal_is_not_ok(user_ns: Any) -> None:
    assert not runtime.check("L2.Q2").ok  # widget never shown
    assert not runtime.check("L2.Q3", []).ok
    assert not runtime.check("L2.Q4", None).ok


# -- hints and words ----------------------------------------------------------------------------


def test_hints_fit_the_question_type_and_widget(lessons: Any) -> None:
    for q in _all(lessons):
        hint = how_to_answer(q)
        assert hint, q.id
        for example in re.findall(r'"([^"]+)"', hint):
            known = {o.id for o in q.options} | set(q.labels)
            assert example in known, f"{q.id}: the hint's example {example!r} is not one of its ids or labels"
        if q.type == "select_spans":
            assert "drag" in hint.lower() and "tap" in hint.lower(), q.id
            assert ("label" in hint.lower()) == bool(q.labels), f"{q.id}: labels mentioned only where there are labels"
        if q.type == "select_sentences":
            assert "click or tap" in hint.lower() and "press space" in hint.lower()
    spans = _q(lessons, "L2.Q2")
    assert "choose a label" not in prompt_markdown(spans).lower()


#: Words that tell a student to type an answer into a code cell (wrong under a widget).
TYPING = re.compile(r"\btype\b|between the (?:triple )?quotes|answer cell|replace `none`|list the ids", re.IGNORECASE)


def test_a_question_answered_in_a_widget_is_never_told_to_type(lessons: Any) -> None:
    """L3.Q2, L4.Q2 and L5.P2 (source tracer) were told to "type one label between the quotes"."""
    widget = [q for q in _all(lessons) if uses_widget(q)]
    assert {"L3.Q2", "L4.Q2", "L5.P2"} <= {q.id for q in widget}
    for q in widget:
        hint = how_to_answer(q)
        assert not TYPING.search(hint), f"{q.id} ({q.type}, widget {q.widget}) is told to type: {hint!r}"
        if q.type == "label_items":
            assert "in the widget below, choose one of the labels for each item" in hint.lower(), q.id
    typed = [q for q in _all(lessons) if q.type == "label_items" and not uses_widget(q)]
    assert typed
    for q in typed:  # a code-cell answer keeps its typing instruction
        assert "between the quotes" in how_to_answer(q), q.id


def test_generated_prompts_above_a_widget_never_say_type(generated: Any) -> None:
    """Every lesson and exercise notebook: the prompt cell above a ``show(...)`` cell says nothing about typing."""
    seen = 0
    for folder in ("lessons", "exercises"):
        for path in sorted((generated / folder).glob("*.ipynb")):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            for above, cell in itertools.pairwise(cells):
                source = "".join(cell["source"])
                if cell["cell_type"] == "code" and re.search(r"^show\(", source, re.MULTILINE):
                    prompt = "".join(above["source"])
                    assert above["cell_type"] == "markdown", f"{path.name}: {source!r} has no prompt above it"
                    found = TYPING.search(prompt)
                    assert not found, f"{path.name}: {prompt.splitlines()[0]} is told {found.group(0)!r}"
                    seen += 1
    assert seen >= 10, seen


def test_items_are_shown_in_words_and_ids_only_where_students_type_them(lessons: Any) -> None:
    for q in _all(lessons):
        text = prompt_markdown(q)
        assert not re.search(r"\(p\d+\.s\d+\)", text), f"{q.id} shows a sentence id: {text[:300]}"
        if q.items and not uses_widget(q):
            for o in q.items:
                assert f"`{o.id}`" in text  # typed in the answer cell: shown once, in code style
    label = prompt_markdown(_q(lessons, "L2.Q1"))
    # Each claim in bold in its sentence, not in quotation marks (trial 28).
    assert "- `P0.b`: MEK: Why US Is Embracing **Foreign Terrorist Organization** With American" in label
    assert label.split("\n- `P0.b`")[0].endswith("(each claim in bold, in its sentence; the bold is not a quotation):")
    assert "(paragraph 18)" in label


def test_rubrics_show_students_the_criteria_not_the_answer(lessons: Any, generated: Any) -> None:
    q = _q(lessons, "L2.Q7")
    assert student_rubric(q) != q.rubric
    exercise = json.dumps(json.loads((generated / "exercises" / "02-spotting-claims.ipynb").read_text("utf-8")))
    solution = json.dumps(json.loads((generated / "solutions" / "02-spotting-claims.ipynb").read_text("utf-8")))
    leak = "marks 'enormous' as the writer's judgement"  # the teacher's mastery line names the answer
    assert leak in q.rubric[0]
    assert leak not in exercise and leak in solution
    assert "enormous" not in " ".join(student_rubric(q)).lower()
    assert "Two factual claims" not in exercise and "Two factual claims" in solution
    for line in student_rubric(q):
        assert json.dumps(line)[1:40] in exercise


# -- readable forms -----------------------------------------------------------------------------


def test_readable_answers(lessons: Any) -> None:
    spans = _q(lessons, "L2.Q2")
    text = answer_text(spans.key[:2], spans)
    assert text.splitlines()[0] == "Saved: 2 highlights:"
    assert "1. “In 1981, the MEK attacked" in text and "(paragraph 6)" in text
    assert "{" not in text and '"start"' not in text
    assert describe_answer(["p8.s1", "p11.s1"]) == (
        "2 sentences selected",
        ["sentence 1 of paragraph 8", "sentence 1 of paragraph 11"],
    )
    assert describe_answer([]) == ("no answer yet", [])
    assert (number(4.428571), number(2.0), number(0.5)) == ("4.43", "2", "0.5")
    assert (plural(1, "point"), plural(1.0, "point"), plural(2, "point"), plural(1.5, "point")) == (
        "1 point",
        "1 point",
        "2 points",
        "1.5 points",
    )


def test_no_rubric_students_see_gives_away_a_fact_or_a_quote(lessons: Any) -> None:
    """Student criteria carry no figure or date the prompt lacks, and no quoted phrase of the model answer."""
    manual = [q for q in _all(lessons) if qtypes.get(q.type).manual]
    assert len(manual) >= 7
    for q in manual:
        shown = " ".join(student_rubric(q))
        model = str(q.settings.get("model_answer", ""))
        for figure in re.findall(r"\d{2,}", shown):
            assert figure in q.prompt, f"{q.id}: the criteria students see give {figure!r}"
        for quoted in re.findall(r"[\"“']([^\"”']{4,})[\"”']", shown):
            assert quoted not in model, f"{q.id}: the criteria students see quote the model answer: {quoted!r}"


def test_hint_examples_are_never_the_answer(lessons: Any) -> None:
    for q in _all(lessons):
        hint = how_to_answer(q)
        if q.type == "single_choice":
            assert f'"{q.key}"' not in hint, q.id
        if q.type == "multi_select":
            example = json.loads(re.search(r"`(\[.*\])`", hint).group(1))
            assert sorted(example) != sorted(q.key), f"{q.id}: the hint's example is the key"


def test_readable_answers_follow_reading_order(lessons: Any) -> None:
    # ids sort as text ("p11" before "p8"); people read paragraph 8 first
    assert describe_answer(["p11.s1", "p8.s1"])[1] == ["sentence 1 of paragraph 8", "sentence 1 of paragraph 11"]
    q = _q(lessons, "L3.Q1")
    _summary, lines = describe_answer(sorted(q.key), q)
    numbers = [int(re.search(r"paragraph (\d+)", line).group(1)) for line in lines]
    assert numbers == sorted(numbers), lines


def test_answer_cells_wrap_long_lines(generated: Any) -> None:
    """Starter literals and model answers wrap (a long model answer ran off the right edge)."""
    for folder in ("exercises", "solutions"):
        for path in sorted((generated / folder).glob("*.ipynb")):
            nb = json.loads(path.read_text("utf-8"))
            for cell in nb["cells"]:
                if cell["metadata"].get("medialit", {}).get("role") != "answer":
                    continue
                source = "".join(cell["source"])
                if source.split("\n", 1)[-1].lstrip().startswith("answer ="):
                    longest = max(len(line) for line in source.splitlines())
                    assert longest <= 80, f"{path.name} {cell['id']}: a line of {longest} characters"


def test_use_shows_the_article_with_its_ids_folded_and_escaped() -> None:
    view = runtime.use()
    text = repr(view)
    assert "P3: [p3.s1]" in text and "[p18.s" in text
    page = view._repr_html_()
    assert page.startswith('<details class="medialit-article"') and "<summary>" in page
    assert 'id="medialit-p3"' in page and "[p3.s1]" in page
    first = view.article.sentences[0].text
    assert first.replace("&", "&amp;").replace("<", "&lt;") in page
    assert "<script" not in page
