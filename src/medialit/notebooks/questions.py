"""The cells of one question: prompt, answer, public check, and (solutions only) the key."""

from __future__ import annotations

import json
import pprint
from typing import Any

from nbformat import NotebookNode

from medialit.errors import CurriculumError
from medialit.grading import selfcheck
from medialit.grading.checksum import seal
from medialit.model import Case, Question
from medialit.notebooks import cells

WIDGET_TYPES = frozenset({"select_sentences", "select_spans"})

_HOW = {
    "single_choice": "Put the id of one option between the quotes.",
    "multi_select": 'List the ids of every option that applies, e.g. `["a", "c"]`.',
    "label_items": "Give each item one of the labels, spelled exactly as listed.",
    "match_pairs": "Match each item on the left with one value on the right.",
    "numeric": "Replace `None` with a number.",
    "short_text": "Write your answer between the triple quotes. A teacher grades it with the rubric.",
    "code": "Complete the code so that `answer` holds the result, then run the cell.",
    "select_sentences": "Click the sentences (or tab to them and press Space).",
    "select_spans": "Select words with the mouse or the keyboard, choose a label and add the highlight.",
}


def uses_widget(q: Question) -> bool:
    """True when the question is answered in a widget rather than in code."""
    return q.type in WIDGET_TYPES or q.widget == "source_tracer"


def prompt_markdown(q: Question) -> str:
    """The question's prompt, with its options, items and labels, for students."""
    lines = [f"## {q.id} ({_points(q.points)})", "", q.prompt.strip()]
    claim = q.settings.get("claim")
    if claim:
        lines += ["", f"> {claim}"]
    if q.options:
        lines += [""] + [f"- **{o.id}**: {o.text}" for o in q.options]
    if q.items and not uses_widget(q):
        lines += ["", "Items:"] + [f"- `{o.id}`: {o.text}" for o in q.items]
    if q.labels and not uses_widget(q):
        lines += ["", "Labels: " + ", ".join(f"`{lab}`" for lab in q.labels)]
    if q.rubric:
        lines += ["", "Your answer will be read against this rubric:"]
        lines += [f"- {r}" for r in q.rubric]
    lines += ["", f"*{_HOW[q.type]}*"]
    return "\n".join(lines)


def _points(p: float) -> str:
    n = int(p) if p == int(p) else p
    return f"{n} point" + ("" if n == 1 else "s")


def _literal(value: Any) -> str:
    if isinstance(value, str) and "\n" in value:
        return '"""' + value.replace('"""', '\\"\\"\\"') + '"""'
    text = pprint.pformat(value, width=88, sort_dicts=False)
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
        value = "\n" + str(value).strip() + "\n"
    return f"{head}\nanswer = {_literal(value)}"


def key_markdown(q: Question, case: Case) -> str:
    """The teacher's key cell: answer, explanation and citations."""
    lines = [f"**Key for {q.id}.**"]
    if q.manual:
        lines.append("Graded by hand with the rubric:")
        lines += [f"- {r}" for r in q.rubric]
        model = q.settings.get("model_answer")
        if model:
            lines += ["", f"Model answer: {model}"]
    else:
        lines.append(f"Answer: `{json.dumps(q.key, ensure_ascii=False)}`")
    if q.explanation:
        lines += ["", q.explanation]
    if q.citations:
        lines += ["", "Sources:"]
        for cid in q.citations:
            c = case.citation(cid)
            bits = [c.title]
            if c.publisher:
                bits.append(c.publisher)
            if c.date:
                bits.append(c.date)
            ref = ", ".join(bits)
            url = f" <{c.url}>" if c.url else ""
            lines.append(f"- [{cid}] {ref} ({c.facts_section}){url}")
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
