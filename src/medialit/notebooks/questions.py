"""The cells of one question: prompt, answer, public check, and (solutions only) the key."""

from __future__ import annotations

from nbformat import NotebookNode

from medialit import qtypes
from medialit.case.cite import citation_link
from medialit.contracts import MARKER, seal
from medialit.curriculum.review import UNREVIEWED_MARK, unreviewed_key, unreviewed_note
from medialit.errors import CurriculumError
from medialit.model import Case, Option, Question
from medialit.notebooks import cells
from medialit.qtypes import selfcheck
from medialit.readable import answer_text, is_summary_item, place, plural, split_place, student_rubric


def uses_widget(q: Question) -> bool:
    """True when the question is answered in a widget rather than in code."""
    return qtypes.uses_widget(q)


def how_to_answer(q: Question) -> str:
    """What to do, for this question's type and widget, in words that match what the widget does."""
    return qtypes.get(q.type).how_to_answer(q)


def _marked(o: Option, q: Question) -> str | None:
    """A claim item's sentence with its span in bold (``settings.in_sentence``), or ``None``."""
    marked = (q.settings.get("in_sentence") or {}).get(o.id)
    if not isinstance(marked, dict):
        return None
    context, mark = str(marked.get("context", "")), str(marked.get("mark", "")).strip()
    if not mark or mark not in context:
        return None
    before, _, after = context.partition(mark)
    return f"{before}**{mark}**{after}"


#: The line over claim items shown in their sentences (trial 28: a span in quotation marks read
#: as a direct quote).
MARKED_ITEMS = "Items (each claim in bold, in its sentence; the bold is not a quotation):"


def _item_line(o: Option, q: Question) -> str:
    body, sentence = split_place(o.text)
    body = _marked(o, q) or (f"Summary: {body.strip()}" if is_summary_item(q, o.id) else body)
    where = place(sentence or o.id)
    return f"- `{o.id}`: {body.strip()}" + (f" ({where})" if where else "")


def prompt_markdown(q: Question, *, practice: bool = False) -> str:
    """The question's prompt, with its options, items and labels, for students.

    A practice question (in a lesson, with instant feedback) is headed "practice, not graded"
    instead of its points: practice carries no marks.
    """
    marks = "practice, not graded" if practice else _points(q.points)
    lines = [f"## {q.id} ({marks})", "", q.prompt.strip()]
    claim = q.settings.get("claim")
    if claim:
        body, sentence = split_place(str(claim))
        where = place(sentence)
        lines += ["", f"> {body.strip()}" + (f" ({where})" if where else "")]
    if q.options:
        lines += [""] + [_item_line(o, q) for o in q.options]
    if q.items and not uses_widget(q):
        head = MARKED_ITEMS if any(_marked(o, q) for o in q.items) else "Items:"
        lines += ["", head] + [_item_line(o, q) for o in q.items]
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


def answer_source(q: Question, *, solution: bool) -> str:
    """Source of the answer cell (a marker line, then a literal, code or a widget call)."""
    return f"{MARKER}{q.id}\n{qtypes.get(q.type).answer_body(q, solution=solution)}"


def _key_in_words(q: Question) -> list[str]:
    text = answer_text(q.key, q, heading="Answer", described=qtypes.describe(q.key, q))
    head, *rest = text.split("\n")
    return ["", head, "", *[f"{n}. {line.strip().split('. ', 1)[1]}" for n, line in enumerate(rest, 1)]]


def key_markdown(q: Question, case: Case) -> str:
    """The teacher's key cell: the answer in words, explanation and citations."""
    qt = qtypes.get(q.type)
    lines = [f"**Key for {q.id}** ({_points(q.points)}).", *qt.key_cell_lines(q, _key_in_words)]
    pending = unreviewed_key(case, q)
    if pending is not None:
        lines += ["", f"**{UNREVIEWED_MARK}** {unreviewed_note(dict(pending.layers))}"]
    if q.alternatives:
        lines += ["", "Accepted alternatives:"]
        lines += [f"- {qt.describe_alternative(q, a)}. Why: {a.reason}" for a in q.alternatives]
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
    args = [repr(q.id), "answer"] if qtypes.get(q.type).check_takes_answer(q) else [repr(q.id)]
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


def _self_check(q: Question, case: Case) -> selfcheck.SelfCheckSpec | None:
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
        cells.markdown(prompt_markdown(q, practice=True), cells.cell_id(q.id, "prompt"), "prompt", q),
        cells.code(
            f"{MARKER}{q.id}\nshow({q.id!r})",
            cells.cell_id(q.id, "practice"),
            "lesson",
            q,
            hide_input=True,
        ),
    ]
