"""The cells of one question: prompt, answer, public check, and (solutions only) the key."""

from __future__ import annotations

import json
import pprint
import textwrap
from typing import Any

from nbformat import NotebookNode

from medialit.case.cite import citation_link
from medialit.contracts import seal
from medialit.errors import CurriculumError
from medialit.grading import alternatives, selfcheck
from medialit.grading.key import anchor_lines
from medialit.model import Case, Option, Question
from medialit.notebooks import cells
from medialit.readable import answer_text, place, plural, split_place, student_rubric

WIDGET_TYPES = frozenset({"select_sentences", "select_spans"})
#: Answer literals and model answers wrap at this width, so a code cell of the book's
#: content column (and a narrow notebook) shows them without scrolling sideways.
LITERAL_WIDTH = 72


def uses_widget(q: Question) -> bool:
    """True when the question is answered in a widget rather than in code."""
    return q.type in WIDGET_TYPES or q.widget == "source_tracer"


def how_to_answer(q: Question) -> str:
    """What to do, for this question's type and widget, in words that match what the widget does."""
    options = [o.id for o in q.options]
    labels = list(q.labels)
    # Examples use the question's real ids, but never the answer itself.
    if q.type == "single_choice":
        example = next((o for o in options if o != q.key), None)
        return f'Type the id of one option between the quotes, for example `"{example}"`.' if example else ""
    if q.type == "multi_select":
        key = set(q.key) if isinstance(q.key, list) else set()
        pairs = [[a, b] for i, a in enumerate(options) for b in options[i + 1 :]]
        pair = next((p for p in pairs if set(p) != key), options[:1])
        example = ", ".join(f'"{o}"' for o in pair)
        return f"List the ids of every option that applies, for example `[{example}]`."
    if q.type in ("label_items", "match_pairs"):
        what = "label" if q.type == "label_items" else "match"
        example = f' such as `"{labels[0]}"`' if labels else ""
        return (
            f"In the answer cell, type one {what} between the quotes after each item's id{example},"
            " spelled exactly as listed."
        )
    if q.type == "numeric":
        return "Replace `None` with a number."
    if q.type == "short_text":
        return "Write your answer between the triple quotes. Your teacher grades it with the criteria above."
    if q.type == "code":
        return "Complete the code so that `answer` holds the result, then run the cell."
    if q.widget == "source_tracer":
        return "For each claim, click or tap the source it comes from (Tab and arrow keys, then Space, also work)."
    if q.type == "select_sentences":
        if labels:
            return (
                "Click or tap each sentence that applies, then choose its label in the list that appears"
                " beside it (Tab to a sentence and press Space, also works)."
            )
        return "Click or tap each sentence that applies; click it again to unselect (or Tab to it and press Space)."
    if q.type == "select_spans":
        first = "Choose a label above the text, then drag" if labels else "Drag"
        return (
            f"{first} across the words you want (or tap the first word, then the last) and press"
            " “Add highlight”. Keyboard: arrow keys move, Shift+arrow selects, Enter adds."
        )
    return ""


def _item_line(o: Option, q: Question) -> str:
    body, sentence = split_place(o.text)
    where = place(sentence or o.id)
    return f"- `{o.id}`: {body.strip()}" + (f" ({where})" if where else "")


def prompt_markdown(q: Question) -> str:
    """The question's prompt, with its options, items and labels, for students."""
    lines = [f"## {q.id} ({_points(q.points)})", "", q.prompt.strip()]
    claim = q.settings.get("claim")
    if claim:
        body, sentence = split_place(str(claim))
        where = place(sentence)
        lines += ["", f"> {body.strip()}" + (f" ({where})" if where else "")]
    if q.options:
        lines += [""] + [_item_line(o, q) for o in q.options]
    if q.items and not uses_widget(q):
        lines += ["", "Items:"] + [_item_line(o, q) for o in q.items]
    if q.labels and not uses_widget(q):
        lines += ["", "Labels: " + ", ".join(f"`{lab}`" for lab in q.labels)]
    rubric = student_rubric(q)
    if rubric:
        lines += ["", "Your teacher reads your answer against these criteria:"]
        lines += [f"- {r}" for r in rubric]
    how = how_to_answer(q)
    if how:
        lines += ["", f"*{how}*"]
    return "\n".join(lines)


def _points(p: float) -> str:
    return plural(p, "point")


def _literal(value: Any) -> str:
    if isinstance(value, str) and "\n" in value:
        return '"""' + value.replace('"""', '\\"\\"\\"') + '"""'
    text = pprint.pformat(value, width=LITERAL_WIDTH, sort_dicts=False)
    return text


def blank_answer(q: Question) -> Any:
    """The empty answer a student starts from."""
    if q.type == "single_choice":
        return ""
    if q.type == "multi_select":
        return []
    if q.type in ("label_items", "match_pairs"):
        return {o.id: "" for o in q.items}
    if q.type == "short_text":
        return "\n"
    return None


def answer_source(q: Question, *, solution: bool) -> str:
    """Source of the answer cell (a marker line, then a literal or a widget call)."""
    head = f"{cells.MARKER}{q.id}"
    if uses_widget(q):
        if solution:
            return f"{head}\nshow({q.id!r}, solution=True)"
        return f"{head}\nshow({q.id!r})"
    if q.type == "code":
        body = q.starter.rstrip("\n")
        if solution:
            body = q.settings.get("solution", body).rstrip("\n")
        return f"{head}\n{body}"
    value = q.key if solution else blank_answer(q)
    if q.type == "short_text" and solution:
        value = q.settings.get("model_answer", "See the rubric.")
        # Wrapped, so a long model answer does not run off the right edge of the cell.
        value = "\n" + textwrap.fill(" ".join(str(value).split()), width=LITERAL_WIDTH) + "\n"
    return f"{head}\nanswer = {_literal(value)}"


def key_markdown(q: Question, case: Case) -> str:
    """The teacher's key cell: the answer in words, explanation and citations."""
    lines = [f"**Key for {q.id}** ({_points(q.points)})."]
    if q.manual:
        shown = student_rubric(q)
        if shown != q.rubric:
            lines += ["", "Students see these criteria:"]
            lines += [f"- {r}" for r in shown]
        lines += ["", "Graded by hand with the rubric:"]
        lines += [f"- {r}" for r in q.rubric]
        model = q.settings.get("model_answer")
        if model:
            lines += ["", f"Model answer: {str(model).strip()}"]
        lines += anchor_lines(q.settings.get("anchors") or ())
    elif isinstance(q.key, (list, dict)) or q.type == "single_choice":
        text = answer_text(q.key, q, heading="Answer")
        head, *rest = text.split("\n")
        lines += ["", head, ""]
        lines += [f"{n}. {line.strip().split('. ', 1)[1]}" for n, line in enumerate(rest, 1)]
    else:
        tol = f" (tolerance ±{q.tolerance:g})" if q.tolerance and q.type in ("numeric", "code") else ""
        lines += ["", f"Answer: `{json.dumps(q.key, ensure_ascii=False)}`{tol}"]
    if q.alternatives:
        lines += ["", "Accepted alternatives:"]
        lines += [f"- {alternatives.describe(q, a)}. Why: {a.reason}" for a in q.alternatives]
    if q.explanation:
        lines += ["", q.explanation.strip()]
    if q.citations:
        lines += ["", "Sources (each links to its entry on the teacher edition's Sources page):"]
        for cid in q.citations:
            c = case.citation(cid)
            url = f" <{c.url}>" if c.url else ""
            lines.append(f"- {citation_link(c)}{url}")
    return "\n".join(lines)


def question_cells(q: Question, case: Case, *, solution: bool) -> list[NotebookNode]:
    """Prompt, answer, check and (for solutions) key cells of one exercise question."""
    out = [
        cells.markdown(prompt_markdown(q), cells.cell_id(q.id, "prompt"), "prompt", q),
        cells.code(answer_source(q, solution=solution), cells.cell_id(q.id, "answer"), "answer", q),
    ]
    if solution and uses_widget(q):
        out[-1].outputs = [cells.answer_record_output(q, q.key)]
    args = [repr(q.id)] if uses_widget(q) or q.type == "code" else [repr(q.id), "answer"]
    digest = _self_check(q, case)
    if digest is not None:
        args.append(f"expect={selfcheck.encode(digest)!r}")
    check_cell = cells.code(f"check({', '.join(args)})", cells.cell_id(q.id, "check"), "check", q, locked=True)
    if digest is not None:
        check_cell.metadata["medialit"]["self_check"] = digest
        seal(check_cell)
    out.append(check_cell)
    if solution:
        out.append(cells.markdown(key_markdown(q, case), cells.cell_id(q.id, "key"), "key", q))
    return out


def _self_check(q: Question, case: Case) -> dict[str, Any] | None:
    """Salt and slow hash of the key when the teacher opted the question into a right/wrong self-check."""
    if not q.settings.get("self_check"):
        return None
    assignment = f"{case.article.id}-{q.id.split('.')[0]}"
    try:
        return selfcheck.make(q, assignment)
    except selfcheck.SelfCheckUnavailable as exc:
        raise CurriculumError(f"{exc}. Fix: remove 'self_check' from the question's settings.") from None


def practice_cells(q: Question) -> list[NotebookNode]:
    """A practice question in a lesson: prompt and a practice-mode widget."""
    return [
        cells.markdown(prompt_markdown(q), cells.cell_id(q.id, "prompt"), "prompt", q),
        cells.code(
            f"{cells.MARKER}{q.id}\nshow({q.id!r})",
            cells.cell_id(q.id, "practice"),
            "lesson",
            q,
            hide_input=True,
        ),
    ]
