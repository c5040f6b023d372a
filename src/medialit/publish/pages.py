"""Book pages generated from data: the case study overview and the objectives matrix."""

from __future__ import annotations

from medialit.analysis.profile import case_facts, sourcing_profile
from medialit.curriculum.spec import load_objectives
from medialit.model import Case, Lesson


def objectives_page(lessons: tuple[Lesson, ...]) -> str:
    """Objective x question matrix, with timings per lesson."""
    objectives = load_objectives()
    lines = [
        "# Objectives, timings and lesson plans",
        "",
        "Which exercise question practises which objective (ANCHORS.md section 3.3).",
        "",
        "| Lesson | Minutes | Objectives | Questions | Points |",
        "|---|---|---|---|---|",
    ]
    for lesson in lessons:
        pts = sum(q.points for q in lesson.questions)
        lines.append(
            f"| {lesson.number}. {lesson.title} | {lesson.minutes} | {', '.join(lesson.objectives)} "
            f"| {len(lesson.questions)} | {pts:g} |"
        )
    lines += ["", "## Objectives matrix", "", "| Objective | Questions | Count |", "|---|---|---|"]
    for o in objectives:
        qs = [q.id for lesson in lessons for q in lesson.questions if o.id in q.objectives]
        lines.append(f"| **{o.id}** {o.text} | {', '.join(qs) or '-'} | {len(qs)} |")
    lines += ["", "## Lesson plans"]
    for lesson in lessons:
        lines += ["", f"### Lesson {lesson.number}: {lesson.title} ({lesson.minutes} minutes)", ""]
        lines.append(lesson.teacher_notes.strip() or "No notes for this lesson.")
        types = sorted({q.type.replace("_", " ") for q in lesson.questions})
        lines += ["", f"Exercise question types: {', '.join(types)}."]
    return "\n".join(lines) + "\n"


def about_case_page(case: Case, *, teacher: bool = False) -> str:
    """The case study text with ids; the teacher edition adds furniture and the sourcing profile.

    The student edition leaves out what exercises ask students to find (which
    blocks are furniture, how claims are attributed).
    """
    f = case_facts(case)
    art = case.article
    lines = [
        "# About the case study",
        "",
        f"**{art.title}**",
        "",
        f"- Author: {f['author']}",
        f"- Publisher: {f['publisher']}",
        # Students date the article themselves in lesson 1: the window is for teachers only.
        f"- Date: {f['date_window'] if teacher else 'not stated on the page (lesson 1 works out when it was written)'}",
    ]
    if not teacher:
        lines += ["", "## The text", ""]
        for p in art.blocks:
            lines += [f"**{p.id}**", "", "> " + p.text.replace("\n", "\n> "), ""]
        return "\n".join(lines) + "\n"
    lines.append(
        f"- {f['n_paragraphs']} paragraphs, {f['n_sentences']} sentences, {f['n_claims']} annotated claims, "
        f"{f['n_furniture']} pieces of page furniture."
    )
    if art.date_estimate:
        lines += ["", f"How the date was estimated: {art.date_estimate.basis}"]
    lines += ["", "## Page furniture", "", "| id | text | what it is |", "|---|---|---|"]
    for b in art.furniture:
        lines.append(f"| {b.id} | {b.text.replace(chr(10), ' / ')} | {b.note} |")
    lines += [
        "",
        "## Sourcing profile",
        "",
        "| paragraph | claims | named source | unnamed source | no source |",
        "|---|---|---|---|---|",
    ]
    for row in sourcing_profile(case):
        lines.append(f"| {row.paragraph} | {row.claims} | {row.attributed} | {row.anonymous} | {row.unattributed} |")
    lines += ["", "## The text", ""]
    for p in art.blocks:
        tag = "furniture" if p.furniture else p.kind
        lines += [f"**{p.id}** ({tag})", "", "> " + p.text.replace("\n", "\n> "), ""]
    return "\n".join(lines) + "\n"
