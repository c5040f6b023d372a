"""The course's front pages, written from its case: the home page and the teacher guide.

A page comes from the first of: the course's own ``book/<page>`` (a teacher's edit), the
case's ``pages/<page>`` (what belongs to one case, such as the MEK module's pages), or the
neutral page written here from the case's metadata, its annotations and the lessons that
exist. A generated page names only what the case has: its title, publisher and date (or
"undated"), its counts, its lessons, and the teacher pages that are built.
"""

from __future__ import annotations

from pathlib import Path

from medialit.case.cite import human_date
from medialit.curriculum.review import UnreviewedKey, unreviewed_keys
from medialit.model import Case, Lesson
from medialit.publish.pages import exercise_budget, teacher_pack
from medialit.readable import plural

#: The pages written from the case unless the course or the case has its own.
FRONT_PAGES = ("intro.md", "teacher-guide.md")
CASE_PAGES_DIR = "pages"


def front_page(name: str, case: Case, lessons: tuple[Lesson, ...], book: Path | None = None) -> str:
    """The text of front page ``name`` (``intro.md`` or ``teacher-guide.md``) for ``case``.

    ``book``: the course's ``book/`` folder, whose own copy of the page wins.
    """
    for folder in (book, Path(case.root) / CASE_PAGES_DIR if case.root else None):
        if folder is not None and (folder / name).is_file():
            return (folder / name).read_text("utf-8")
    if name == "intro.md":
        return home_page(case, lessons)
    if name == "teacher-guide.md":
        return teacher_guide(case, lessons)
    raise ValueError(f"no front page {name!r}; known: {', '.join(FRONT_PAGES)}")


def article_line(case: Case) -> str:
    """``**"Title"**, Publisher, 14 January 2025`` (or "publisher not stated", "undated")."""
    art = case.article
    publisher = art.publisher or "publisher not stated"
    date = human_date(art.date.isoformat()) if art.date else "undated"
    by = f", by {art.author}" if art.author else ""
    if art.author and art.publisher and art.author.casefold().endswith(f", {art.publisher}".casefold()):
        # A wire byline ("Jane Doe, Reuters") names the publisher already: no "Reuters, Reuters".
        return f'**"{art.title}"**{by}, {date}'
    return f'**"{art.title}"**{by}, {publisher}, {date}'


def _lesson_list(lessons: tuple[Lesson, ...]) -> list[str]:
    return [f"{lesson.number}. {lesson.title} ({lesson.minutes} minutes)" for lesson in lessons]


def home_page(case: Case, lessons: tuple[Lesson, ...]) -> str:
    """The site's home page for a case without a page of its own."""
    lines = [
        "# Reading the news critically",
        "",
        "This module uses one article as a case study to practise three habits of a careful reader:",
        "",
        "- **Sourcing**: where does a claim come from, and can you check it?",
        "- **Attribution**: who is said to have said it, with which words, and did they really say it?",
        "- **Framing**: how do word choice, selection and ordering steer what you think?",
        "",
        f"The article: {article_line(case)}. The module asks you to evaluate **the article**: what it",
        "says, where it got it, and what it leaves out.",
        "",
        "## The lessons",
        "",
        *_lesson_list(lessons),
        "",
        "## How to use this book",
        "",
        "Each lesson is a page you can read here, with practice widgets that give instant feedback: click",
        "a sentence or a phrase (or move to it with **Tab** and press **Space**), then press **Check**.",
        "Nothing you do on these pages is saved or graded.",
        "",
        "The graded exercises are Jupyter notebooks. Each page in the **Exercises** section shows the",
        "questions with a read-only preview of each widget, and a **Download this notebook** link. First",
        "install medialit from this site (the **Install medialit** page, under Reference), then download",
        "an exercise, open it in JupyterLab, Jupyter Notebook 7, VS Code or Google Colab, run the first",
        "cell, and answer in the cells below each question. Save the notebook and hand it in as your",
        "teacher asks.",
        "",
        "## The case study",
        "",
        "See [About the case study](about-the-case.md) for the full text with the paragraph ids (P0 is",
        "the headline) that the lessons use.",
    ]
    return "\n".join(lines) + "\n"


def _counts(case: Case) -> str:
    ann = case.annotations
    checked = sum(1 for fc in ann.fact_checks if fc.verdict != "unchecked")
    worthy = sum(1 for c in ann.claims if c.check_worthy)
    return (
        f"Its annotations record {plural(len(ann.claims), 'claim')} ({worthy} check-worthy), "
        f"{plural(len(ann.sources), 'source')}, {plural(len(ann.attributions), 'attribution')} and "
        f"{plural(len(ann.framing), 'framing device')}; {checked} of {plural(len(ann.fact_checks), 'fact check')} "
        "have a verdict."
    )


def _review_section(pending: list[UnreviewedKey]) -> list[str]:
    if not pending:
        return []
    lines = [
        "## Drafted annotations not yet reviewed",
        "",
        f"{plural(len(pending), 'graded key')} rest on drafted annotation items still marked `needs_review`.",
        "The answer key and the solutions mark each one as a draft key. Review the items (`medialit review`",
        "on the case folder lists them, `--accept ID` and `--reject ID` decide them; or the case's",
        "`review.ipynb`, or `needs_review: false` in `annotations.yaml` for each item you accept), then",
        "build again; the student edition is not built on unreviewed keys unless you pass",
        "`--allow-unreviewed`.",
        "",
        "| question | rests on |",
        "|---|---|",
    ]
    lines += [f"| {u.question} | {u.describe()} |" for u in pending]
    return [*lines, ""]


def _teacher_pages(case: Case) -> list[str]:
    """Links to the teacher pages the case's ``teacher.yaml`` adds (only those that are built)."""
    pack = teacher_pack(case)
    out = []
    background = pack.get("background")
    if background:
        title = background.get("title", "Background")
        out.append(f"- [{title}](background.md): background for the teacher, every paragraph with its sources.")
    if pack.get("content_note"):
        out.append(
            "- [Content note and opt-out route](content-note.md): what in the article may distress students,"
            " and which exercise items a student can do instead."
        )
    return out


def teacher_guide(case: Case, lessons: tuple[Lesson, ...]) -> str:
    """The teacher guide for a case without a page of its own."""
    lines = [
        "# Teacher guide",
        "",
        "This edition adds the solutions, the answer key and this guide. Students receive the student",
        "edition, which has no keys, no solutions and no hidden checks.",
        "",
        "## The case",
        "",
        f"{article_line(case)}. {_counts(case)}",
        "",
        *_review_section(unreviewed_keys(case, lessons)),
        "## The lessons",
        "",
        "| lesson | minutes | exercise questions | points | exercise time budget (minutes) |",
        "|---|---|---|---|---|",
    ]
    for lesson in lessons:
        points = sum(q.points for q in lesson.questions)
        lines.append(
            f"| {lesson.number}. {lesson.title} | {lesson.minutes} | {len(lesson.questions)} | {points:g} "
            f"| {exercise_budget(lesson)} |"
        )
    lines += [
        "",
        "## What the module is for",
        "",
        "Students practise sourcing, attribution and framing on this one article, and the exercises are",
        "graded automatically from their saved notebooks (`medialit grade`). The short written answers",
        "are graded by you with the rubric shown in each question and in the answer key.",
        "",
        "See [Objectives and timings](objectives.md) for which question practises which objective, the",
        "[Answer key](answer-key.md) for every answer with its explanation and sources, and",
        "[Sources](sources.md) for every source the keys and explanations rely on.",
    ]
    extra = _teacher_pages(case)
    if extra:
        lines += ["", "Also for you:", "", *extra]
    else:
        lines += [
            "",
            "This case has no background page and no content note. Write them in the case's `teacher.yaml`",
            "(`medialit new` drafts one, with the sentences that may distress students listed); the next",
            "build adds the pages and links them here.",
        ]
    lines += [
        "",
        "## Running the module",
        "",
        "1. Build the teacher edition: `medialit build --edition teacher` in the course folder.",
        "2. Hand out the notebooks in `exercises/` (or the student edition of the book).",
        "3. Collect the saved notebooks in one folder and run `medialit grade FOLDER --out grades/`.",
        "4. Read `grades/summary.json` for the questions most students missed, and grade the short",
        "   written answers marked `needs manual grading`.",
    ]
    return "\n".join(lines) + "\n"
