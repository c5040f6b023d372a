"""Book pages generated from data: the case study overview, the objectives matrix and the sources page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from medialit import qtypes
from medialit.analysis.profile import case_facts, sourcing_profile
from medialit.case import yamlpos
from medialit.case.cite import KIND_NAMES, anchor, human_date, leaning_text
from medialit.contracts import TEACHER_PACK_SCHEMA_VERSION
from medialit.curriculum.spec import load_objectives
from medialit.errors import BookBuildError
from medialit.model import Case, Citation, Lesson, Question

_VERDICT_NAMES = {
    "accurate": "accurate",
    "missing_context": "accurate but missing context",
    "time_shifted": "out of date or time-shifted",
    "inaccurate": "inaccurate",
    "unverifiable": "unverifiable",
    "unchecked": "not checked",
}
_KIND_ORDER = (
    ("analysis", "The module's own analysis"),
    ("primary", "Primary sources"),
    ("secondary", "Secondary sources"),
    ("repost", "Copies on other sites"),
)


def objectives_page(lessons: tuple[Lesson, ...]) -> str:
    """Objective x question matrix, with timings per lesson."""
    objectives = load_objectives()
    lines = [
        "# Objectives, timings and lesson plans",
        "",
        "Which exercise question practises which objective.",
        "",
        "Lesson minutes are class time; the exercise time budget is an estimate of the time a student",
        "needs for the lesson's exercise notebook (by question type; see each lesson plan below).",
        "",
        "| Lesson | Minutes | Exercise time budget (minutes) | Objectives | Questions | Points |",
        "|---|---|---|---|---|---|",
    ]
    for lesson in lessons:
        pts = sum(q.points for q in lesson.questions)
        lines.append(
            f"| {lesson.number}. {lesson.title} | {lesson.minutes} | {exercise_budget(lesson)} "
            f"| {', '.join(lesson.objectives)} | {len(lesson.questions)} | {pts:g} |"
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
        per_q = ", ".join(f"{q.id} {question_minutes(q)}" for q in lesson.questions)
        lines += ["", f"Exercise time budget: {exercise_budget(lesson)} minutes ({per_q})."]
    return "\n".join(lines) + "\n"


# A line that Markdown would read as a list item, heading, quote or rule: "+ 44 = 51" is text.
_BLOCK_START = re.compile(r"^(\s*)([-+*>#]|\d{1,9}(?=[.)]))")


def _literal_line(line: str) -> str:
    m = _BLOCK_START.match(line)
    if m is None:
        return line
    indent, marker = m.groups()
    rest = line[m.end() :]
    if marker.isdigit():  # "12. " -> "12\. "
        return indent + marker + "\\" + rest
    return indent + "\\" + marker + rest


def quoted(text: str) -> str:
    """``text`` as a Markdown block quote whose lines stay text (the article's blocks on the About page)."""
    return "\n".join("> " + _literal_line(line) for line in text.split("\n"))


def about_case_page(case: Case, *, teacher: bool = False) -> str:
    """The case study text with ids; the teacher edition adds furniture and the sourcing profile.

    The student edition leaves out what exercises ask students to find (which
    blocks are furniture, how claims are attributed).
    """
    f = case_facts(case)
    art = case.article
    note = str((teacher_pack(case).get("content_note") or {}).get("student", "")).strip()
    lines = [
        "# About the case study",
        "",
        *([f"```{{note}}\n{note}\n```", ""] if note else []),
        f"**{art.title}**",
        "",
        f"- Author: {f['author']}",
        f"- Publisher: {f['publisher']}",
        f"- Date: {_date_line(case, teacher)}",
    ]
    if not teacher:
        lines += ["", "## The text", ""]
        for p in art.blocks:
            lines += [f"**{p.id}**", "", quoted(p.text), ""]
        return "\n".join(lines) + "\n"
    lines.append(
        f"- {f['n_paragraphs']} paragraphs, {f['n_sentences']} sentences, {f['n_claims']} annotated claims, "
        f"{f['n_furniture']} pieces of page furniture."
    )
    if art.date_estimate:
        lines += ["", f"How the date was estimated: {art.date_estimate.basis}"]
    if art.furniture:  # no heading over an empty table (trial 26: a pasted text has no furniture)
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
        lines += [f"**{p.id}** ({tag})", "", quoted(p.text), ""]
    return "\n".join(lines) + "\n"


def _date_line(case: Case, teacher: bool) -> str:
    """The article's date as the About page gives it.

    A dated article shows its date. An undated one whose annotations estimate a window (the
    MEK case, whose lesson 1 asks students to work out when it was written) shows the window
    to teachers only; an undated one without an estimate is "undated".
    """
    art = case.article
    if art.date is not None:
        return human_date(art.date.isoformat())
    if art.date_estimate is not None:
        if teacher:
            return str(case_facts(case)["date_window"])
        return "not stated on the page (lesson 1 works out when it was written)"
    return "undated (not stated on the page)"


def _uses(case: Case, lessons: tuple[Lesson, ...]) -> dict[str, list[str]]:
    """For each citation id, what cites it: fact checks, accounts, framing, attributions, questions."""
    uses: dict[str, list[str]] = {c.id: [] for c in case.annotations.citations}
    for cid, what in chain(_fact_check_uses(case), _framing_uses(case), _other_uses(case), _key_uses(lessons)):
        if cid in uses and what not in uses[cid]:
            uses[cid].append(what)
    return uses


def _fact_check_uses(case: Case) -> Iterator[tuple[str, str]]:
    """(citation id, use) of every fact check and every account in one."""
    claims = {c.id: c for c in case.annotations.claims}
    for fc in case.annotations.fact_checks:
        claim = claims.get(fc.claim)
        summary = f" ({claim.summary.rstrip('.')})" if claim else ""
        for cid in fc.citations:
            yield cid, f"the fact check of {fc.claim}{summary}: {_VERDICT_NAMES.get(fc.verdict, fc.verdict)}"
        for acc in fc.accounts:
            flag = ", low confidence" if acc.confidence == "low" else ""
            for cid in acc.citations:
                yield cid, f"the account of {acc.side} on {fc.claim}{flag}"


def _framing_uses(case: Case) -> Iterator[tuple[str, str]]:
    """(citation id, use) of every framing device, with the blocks it is in."""
    for f in case.annotations.framing:
        blocks = {s.sentence.split(".")[0] for s in f.spans} | set(f.paragraphs)
        where = ", ".join(
            b.upper() for b in sorted(blocks, key=lambda b: (b[0] != "p", int(b[1:]) if b[1:].isdigit() else 0))
        )
        for cid in f.citations:
            yield cid, f"the framing device {f.device.replace('_', ' ')} ({where})"


def _other_uses(case: Case) -> Iterator[tuple[str, str]]:
    """(citation id, use) of attributions, sources and the estimate of the article's date."""
    for a in case.annotations.attributions:
        for cid in (*a.citations, *a.original):
            yield cid, f"how {', '.join(a.claims)} is attributed"
    for s in case.annotations.sources:
        for cid in s.citations:
            yield cid, f"the source '{s.name}'"
    est = case.article.date_estimate
    if est is not None:
        for cid in est.citations:
            yield cid, "the estimate of the article's date"


def _key_uses(lessons: tuple[Lesson, ...]) -> Iterator[tuple[str, str]]:
    """(citation id, use) of the answer keys: the questions whose key cites it, in lesson order."""
    keys: dict[str, list[str]] = {}
    for lesson in lessons:
        for q in (*lesson.practice, *lesson.questions):
            for cid in q.citations:
                keys.setdefault(cid, []).append(q.id)
    for cid, qids in keys.items():
        yield cid, ("the key to " if len(qids) == 1 else "the keys to ") + ", ".join(qids)


def _link_line(c: Citation) -> str:
    if c.url:
        return f"- Link: <{c.url}>"
    if c.archive:
        return f"- No link; archive reference: {c.archive}"
    return f"- No link: {c.no_url_reason or 'none recorded'}"


def sources_page(case: Case, lessons: tuple[Lesson, ...]) -> str:
    """Every citation of the case, one entry each, with the anchor that keys and explanations link to.

    Each entry gives the title, publisher, author, date, the URL (or an archive
    reference, or why there is neither), the kind of source, the leaning of a
    partisan site, and what the entry supports: its own note plus every fact
    check, account, framing device, attribution and question key that cites it.
    """
    uses = _uses(case, lessons)
    lines = [
        "# Sources",
        "",
        "Every source the module's keys, explanations and fact checks rely on. Each key and explanation",
        "links here.",
    ]
    if any(c.kind == "repost" for c in case.annotations.citations):
        lines += [
            "A copy of a document on another site is listed as such, with the leaning of the site that",
            "hosts it: a copy is used only for the text of the document, never for the host's view.",
        ]
    lines.append("Where an entry has no link, it says why.")
    if not case.annotations.citations:
        lines += ["", "This case's annotations cite no sources yet."]
    for kind, heading in _KIND_ORDER:
        entries = [c for c in case.annotations.citations if (c.kind if c.kind != "brief" else "analysis") == kind]
        if not entries:
            continue
        lines += ["", f"## {heading}"]
        for c in entries:
            lines += ["", f"({anchor(c.id)})=", f"### {c.title}", ""]
            if c.publisher:
                lines.append(f"- Publisher: {c.publisher}")
            if c.author:
                lines.append(f"- Author: {c.author}")
            if c.kind not in ("analysis", "brief"):
                lines.append(f"- Date: {human_date(c.date) if c.date else 'no date recorded'}")
            lines.append(_link_line(c))
            lines.append(f"- Kind: {KIND_NAMES.get(c.kind, c.kind)}")
            lean = leaning_text(c)
            if c.kind not in ("analysis", "brief"):
                lines.append(f"- Leaning: {lean}" if lean else "- Leaning: none recorded")
            if c.supports:
                lines.append(f"- Supports: {c.supports}")
            cited = uses.get(c.id, [])
            if cited:
                lines.append(f"- Cited for: {'; '.join(cited)}.")
            lines.append(f"- Id: `{c.id}`")
    return "\n".join(lines) + "\n"


# --- Teacher pack: background, content note and opt-out route, exercise time budget -------------

TEACHER_PACK_FILE = "teacher.yaml"


def teacher_pack(case: Case) -> dict[str, Any]:
    """The case's ``teacher.yaml`` (background and content note), or ``{}`` when it has none."""
    path = Path(case.root) / TEACHER_PACK_FILE if case.root else None
    if path is None or not path.is_file():
        return {}
    data = yamlpos.safe_load(path.read_text("utf-8")) or {}
    if not isinstance(data, dict) or data.get("schema_version") != TEACHER_PACK_SCHEMA_VERSION:
        raise BookBuildError(f"{path}: expected a mapping with schema_version: {TEACHER_PACK_SCHEMA_VERSION}.")
    known = {c.id for c in case.annotations.citations}
    for sec in (data.get("background") or {}).get("sections", ()):
        unknown = [c for c in sec.get("citations", ()) if c not in known]
        if unknown or not sec.get("citations"):
            raise BookBuildError(
                f"{path}: background section {sec.get('heading')!r} cites {unknown or 'nothing'}; "
                "cite ids from annotations.yaml."
            )
    return data


def question_minutes(q: Question) -> int:
    """Estimated minutes for one exercise question: its ``settings.minutes``, else its type's ``minutes``."""
    return int(q.settings.get("minutes") or qtypes.get(q.type).minutes)


def exercise_budget(lesson: Lesson) -> int:
    """The lesson's exercise time budget in minutes: the sum of its questions' estimates."""
    return sum(question_minutes(q) for q in lesson.questions)


def _short_citation(c: Citation) -> str:
    who = c.publisher or c.title
    date = "" if c.kind in ("analysis", "brief") else f", {human_date(c.date)}"
    lean = leaning_text(c)
    return f"[{who}{date}](#{anchor(c.id)})" + (f" ({lean})" if lean else "")


def background_page(case: Case) -> str | None:
    """The one-page background on the group (teacher edition), or None when the case has none."""
    bg = teacher_pack(case).get("background")
    if not bg:
        return None
    lines = [f"# {bg.get('title', 'Background')}", "", str(bg.get("intro", "")).strip()]
    for sec in bg.get("sections", ()):
        cites = "; ".join(_short_citation(case.citation(cid)) for cid in sec["citations"])
        lines += ["", f"## {sec['heading']}", "", str(sec["text"]).strip(), "", f"Sources: {cites}."]
    return "\n".join(lines) + "\n"


_PARA_RANGE = re.compile(r"\bP(\d+)\s*(?:to|-|–)\s*P(\d+)\b")
_PARA = re.compile(r"\bP(\d+)\b")


def _prompt_paragraphs(prompt: str) -> set[str]:
    """Paragraph ids a prompt names, ranges ("P8 to P12") included."""
    out: set[str] = set()
    for a, b in _PARA_RANGE.findall(prompt):
        out |= {f"p{n}" for n in range(int(a), int(b) + 1)}
    out |= {f"p{n}" for n in _PARA.findall(prompt)}
    return out


def shown_text(q: Question, case: Case) -> str:
    """Everything a student sees for an exercise question: prompt, options, items, labels, sentences."""
    known = {s.id: s.text for s in case.article.sentences}
    parts = [q.prompt, *(o.text for o in q.options), *(i.text for i in q.items), *q.labels]
    parts += [known[i.id] for i in q.items if i.id in known]
    return "\n".join(parts)


def touches_passages(q: Question, case: Case, sentences: set[str], terms: list[str]) -> bool:
    """True when a question shows or asks about one of ``sentences`` or uses one of ``terms``."""
    paragraphs = {s.split(".")[0] for s in sentences}
    if {i.id for i in q.items} & sentences:
        return True
    if _prompt_paragraphs(q.prompt) & paragraphs:
        return True
    text = shown_text(q, case).lower()
    return any(t.lower() in text for t in terms)


def opt_out_route(case: Case, lessons: tuple[Lesson, ...]) -> list[tuple[Lesson, list[Question], list[Question]]]:
    """Per lesson: the exercise questions the opt-out route leaves out, and those it keeps."""
    note = teacher_pack(case).get("content_note") or {}
    sentences = set(note.get("sentences") or ())
    terms = list(note.get("terms") or ())
    out = []
    for lesson in lessons:
        skip = [q for q in lesson.questions if touches_passages(q, case, sentences, terms)]
        keep = [q for q in lesson.questions if q not in skip]
        out.append((lesson, skip, keep))
    return out


def content_note_page(case: Case, lessons: tuple[Lesson, ...]) -> str | None:
    """The content note and the opt-out route (teacher edition), or None when the case has no note."""
    note = teacher_pack(case).get("content_note")
    if not note:
        return None
    ids = ", ".join(s.upper() for s in note.get("sentences", ()))
    lines = [
        "# Content note and opt-out route",
        "",
        str(note.get("teacher", "")).strip(),
        "",
        f"The passages the route avoids: {ids}.",
        "",
        "Students see this note at the top of the About the case study page:",
        "",
        "> " + str(note.get("student", "")).strip(),
        "",
        "## The opt-out route",
        "",
        "An item is left out when it shows one of those sentences, asks about their paragraphs, or uses",
        "their graphic wording. Every item kept avoids them.",
        "",
        "| lesson | leave out | do | points kept |",
        "|---|---|---|---|",
    ]
    for lesson, skip, keep in opt_out_route(case, lessons):
        kept = sum(q.points for q in keep)
        total = sum(q.points for q in lesson.questions)
        lines.append(
            f"| {lesson.number}. {lesson.title} | {', '.join(q.id for q in skip) or '-'} "
            f"| {', '.join(q.id for q in keep) or '-'} | {kept:g} of {total:g} |"
        )
    sentences = set(note.get("sentences") or ())
    terms = list(note.get("terms") or ())
    practice = [q.id for lesson in lessons for q in lesson.practice if touches_passages(q, case, sentences, terms)]
    lines += [
        "",
        "The lessons' own text does not quote those sentences. These practice widgets in the lessons do",
        "show them; a student on the route can skip them (practice is not graded): "
        + (", ".join(practice) or "none")
        + ".",
    ]
    return "\n".join(lines) + "\n"
