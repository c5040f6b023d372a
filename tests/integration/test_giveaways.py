"""No give-aways: nothing a student sees up to and including a lesson states an exercise's answer.

The scanner collects every text a student can see by the end of lesson N: the book's own pages
(intro, glossary, the student About page), the lesson pages of lessons 1..N (Markdown, figure
alt text and every text drawn in the figures), practice prompts, items, options and feedback,
and the prompts, items and options of the exercises. For each auto-graded exercise of lesson N
it then looks for the answer *in context*: the key (a number, the keyed option's phrase, a keyed
date) in the same sentence as words of the question's own prompt or item.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from medialit import qtypes
from medialit.analysis import figures
from medialit.analysis.profile import case_facts
from medialit.curriculum.bundle import public_case, student_view, withheld_sources
from medialit.model import Case, Lesson, Question
from medialit.publish.front import front_page
from medialit.publish.pages import about_case_page

ROOT = Path(__file__).resolve().parents[2]
BOOK_PAGES = ("glossary.md",)
STOP = set(
    """about above after again against along among before being below between
    could does doing during each every first from have here into itself just many more most other
    over same should since some such than that their them then there these they this those
    through under until very what when where which while whose will with would your
    select highlight label answer store number give count question lesson lessons exercise
    paragraph paragraphs sentence sentences claim claims words""".split()
)

Material = list[tuple[str, str]]


def _figure_texts(fig: object) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]  # type: ignore[attr-defined]


_DRAWN: dict[tuple[str, Case], str] = {}


def drawn_text(name: str, case: Case) -> str:
    """Every text drawn in the figure ``name`` ("sourcing" or "timeline") of ``case``, joined.

    A figure is a pure function of the case, and a case is a frozen value: each distinct case
    (by value, so a planted change is drawn anew) is drawn once for the module's scans.
    """
    key = (name, case)
    if key not in _DRAWN:
        _DRAWN[key] = " · ".join(_figure_texts(getattr(figures, f"{name}_figure")(case)))
    return _DRAWN[key]


def _question_texts(q: Question, *, feedback: bool) -> Iterable[tuple[str, str]]:
    """(part, text) pairs; ``options`` are the choices, which hold the key by design."""
    yield "prompt", q.prompt
    for o in q.items:  # a search lab's items are its conclusions: choices, like options
        yield ("options" if q.type == "search_lab" else "items"), o.text
    for o in q.options:
        yield "options", o.text
    for lab in q.labels:
        yield "options", lab
    if feedback:  # practice feedback is shown when the student presses Check
        yield "feedback", q.explanation
        for fb in dict(q.settings.get("item_feedback") or {}).values():
            yield "feedback", str(fb.get("explanation", ""))


def book_material(case: Case, lessons: tuple[Lesson, ...]) -> Material:
    """What the student book shows before any lesson: its own pages."""
    out = [(f"book/{name}", (ROOT / "book" / name).read_text("utf-8")) for name in BOOK_PAGES]
    out.append(("intro.md (home page)", front_page("intro.md", case, lessons, ROOT / "book")))
    out.append(("about-the-case.md (student)", about_case_page(case)))
    return out


def lesson_material(case: Case, lesson: Lesson, seen: Case) -> Material:
    """What a student sees in one lesson: its pages, figures, practice, and the exercise prompts.

    ``seen`` is the case as the student bundle has it (:func:`public_case`): the lesson's time
    line is drawn from it, so sources whose dates are withheld are not on it.
    """
    out: Material = []
    for i, sec in enumerate(lesson.sections):
        where = f"{lesson.id} section {i + 1}"
        if "md" in sec:
            out.append((where, str(sec["md"])))
        code = str(sec.get("code", ""))
        if "sourcing_figure" in code:
            out.append((where + " (alt text)", figures.sourcing_alt_text(case)))
            out.append((where + " (figure)", drawn_text("sourcing", case)))
        if "timeline_figure" in code:
            out.append((where + " (alt text)", figures.timeline_alt_text(seen)))
            out.append((where + " (figure)", drawn_text("timeline", seen)))
    for q in lesson.practice:
        out += [(f"{q.id} (practice {part})", t) for part, t in _question_texts(q, feedback=True)]
    for q in lesson.questions:
        out += [(f"{q.id} (exercise {part})", t) for part, t in _question_texts(q, feedback=False)]
    return out


def visible_until(case: Case, lessons: tuple[Lesson, ...], number: int) -> Material:
    out = book_material(case, lessons)
    seen = public_case(student_view(case, lessons))
    for lesson in lessons:
        if lesson.number <= number:
            out += lesson_material(case, lesson, seen)
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'.-]{3,}", text.lower()) if w not in STOP}


def _context(prompt: str) -> frozenset[str]:
    """The prompt's specific words: its quoted phrases and paragraph ids, else all its content words."""
    quoted = re.findall(r"[\"“]([^\"”]+)[\"”]", prompt)
    paras = {p.lower() for p in re.findall(r"\bP\d+\b", prompt)}
    names = {w.lower().removesuffix("'s") for w in re.findall(r"(?<=[a-z,(] )[A-Z][\w.']{2,}", prompt)}
    specific = {w for q in quoted for w in _words(q)} | paras | names
    return frozenset(specific or _words(prompt))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if s.strip()]


def _date_variants(value: str) -> list[str]:
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return [value] if re.fullmatch(r"\d{4}", value) else []
    year, month = int(m.group(1)), int(m.group(2))
    d = dt.date(year, month, int(m.group(3) or 1))
    out = [value, f"{d:%B %Y}", f"{d:%b %Y}"]
    if m.group(3):
        out += [f"{d.day} {d:%B %Y}", f"{d.day} {d:%b %Y}", f"{d:%d %B %Y}", f"{d:%B} {d.day}, {year}"]
    return out


@dataclasses.dataclass(frozen=True)
class Needle:
    """An answer in context: ``pattern`` in a sentence that also holds one of ``context``."""

    question: str
    pattern: re.Pattern[str]
    context: frozenset[str]
    what: str


def _conclusion_needles(q: Question, key: dict[str, Any], ctx: frozenset[str]) -> list[Needle]:
    """A search lab's keyed conclusion: its head (before the first ':' or ','), such as a month
    and year or an organisation's name, is what the student is meant to find by searching."""
    text = next((o.text for o in q.items if o.id == key.get("answer")), "")
    head = re.split(r"[:,]", text)[0].strip().rstrip(".")
    if not 1 <= len(head.split()) <= 4 or re.fullmatch(r"\d{4}", head):
        return []
    forms = [head]
    if re.fullmatch(r"[A-Z][a-z]+ \d{4}", head):
        forms.append(f"{dt.datetime.strptime(head, '%B %Y'):%b %Y}")
    return [Needle(q.id, re.compile(rf"\b{re.escape(f)}\b", re.I), ctx, f"the keyed conclusion '{f}'") for f in forms]


def needles(q: Question) -> list[Needle]:
    """The ways an exercise's answer could be written down in what students see."""
    ctx = _context(q.prompt)
    out: list[Needle] = []
    key = q.key
    if q.type in ("numeric", "code") and isinstance(key, (int, float)) and not isinstance(key, bool):
        forms = {f"{key:g}"}
        if isinstance(key, float) or key != int(key):
            forms |= {f"{key:.1f}", f"{key:.2f}"}
            if 0 < key < 1:
                forms.add(f"{round(key * 100)}%")
        elif abs(key) >= 1000:
            forms.add(f"{int(key):,}")
        for f in forms:
            out.append(Needle(q.id, re.compile(rf"(?<![\d.,]){re.escape(f)}(?![\d%]|[.,]\d)"), ctx, f"the number {f}"))
    if q.type == "single_choice":
        text = next((o.text for o in q.options if o.id == key), "")
        head = text.split(":")[0] if ":" in text else text
        head = re.sub(r"^(a|an|the)\s+", "", head.strip(), flags=re.I)
        if 2 <= len(head.split()) <= 4:
            out.append(Needle(q.id, re.compile(rf"\b{re.escape(head)}\b", re.I), ctx, f"the keyed option '{head}'"))
    if q.type == "search_lab" and isinstance(key, dict):
        out += _conclusion_needles(q, key, ctx)
    if q.type == "select_spans" and isinstance(key, list):
        for k in key:
            label_words = frozenset(_words(str(k.get("label", ""))))
            if label_words:
                out.append(
                    Needle(
                        q.id,
                        re.compile(rf"[\"“']{re.escape(k['text'])}[\"”']", re.I),
                        label_words,
                        f"the key phrase '{k['text']}' quoted with its label",
                    )
                )
    if q.type in ("label_items", "match_pairs") and isinstance(key, dict):
        for item, label in key.items():
            name = next((o.text for o in q.items if o.id == item), item)
            anchor = re.split(r"[,(]", name)[0].strip()
            for form in _date_variants(str(label)):
                out.append(
                    Needle(
                        q.id,
                        re.compile(rf"(?<!\d){re.escape(form)}(?!\d)", re.I),
                        frozenset({anchor.lower()}),
                        f"{anchor}'s date {form}",
                    )
                )
    return out


def scan(material: Material, found: Iterable[Needle]) -> list[str]:
    """Every (place, needle) where an answer shows up in context."""
    hits = []
    needle_list = list(found)
    for where, text in material:
        for sentence in _sentences(text):
            low = sentence.lower()
            for n in needle_list:
                if where == f"{n.question} (exercise options)":
                    continue  # a question's own choices hold its key by design
                if n.pattern.search(sentence) and any(c in low for c in n.context):
                    hits.append(f"{n.question}: {n.what} in {where}: {sentence.strip()[:160]!r}")
    return hits


def lesson_hits(case: Case, lessons: tuple[Lesson, ...], number: int) -> list[str]:
    material = visible_until(case, lessons, number)
    lesson = next(x for x in lessons if x.number == number)
    return scan(material, (n for q in lesson.questions if not qtypes.get(q.type).manual for n in needles(q)))


@pytest.mark.parametrize("number", range(1, 9))
def test_no_lesson_gives_away_its_exercises(case, lessons, number):
    assert lesson_hits(case, lessons, number) == []


def test_pages_before_lesson_1_do_not_date_or_classify_the_article(case, lessons):
    """Lesson 1 asks students to date and classify the article: the book may not do it first."""
    window = case_facts(case)["date_window"]
    est = case.article.date_estimate
    assert est is not None
    dated = [window, f"{est.earliest:%B %Y}", f"{est.earliest.year} opinion", f"undated {est.earliest.year}"]
    l1q3 = next(q for q in lessons[0].questions if q.id == "L1.Q3")
    genre = next(o.text for o in l1q3.options if o.id == l1q3.key).split(":")[0].removeprefix("an ")
    for where, text in book_material(case, lessons):
        for needle in (*dated, genre):
            assert needle.lower() not in text.lower(), f"{where} says {needle!r} before lesson 1 asks"


# -- the scanner fails on planted give-aways ---------------------------------------------------


def _with_section(lesson: Lesson, md: str) -> Lesson:
    return dataclasses.replace(lesson, sections=(*lesson.sections, {"md": md}))


def test_scanner_catches_a_planted_number_in_a_lesson_page(case, lessons):
    q = next(q for q in lessons[1].questions if q.id == "L2.Q4")  # factual claims in the ferry sentence: 2
    planted = _with_section(lessons[1], "The ferry sentence makes 2 separate factual claims, as you will see.")
    hits = lesson_hits(case, (lessons[0], planted, *lessons[2:]), 2)
    assert any(h.startswith("L2.Q4: the number 2") for h in hits), hits
    assert q.key == 2


def test_scanner_catches_the_old_chart_alt_text(case, lessons):
    """The defect of issue 9: the L3 chart's alt text said how many claims have no source."""
    q = Question(
        id="L3.Q5",
        type="numeric",
        prompt="How many of the article's annotated claims are stated with no source at all?",
        points=1,
        objectives=("S3",),
        key=47,
        explanation="",
        citations=(),
    )
    old_alt = "Stacked bar chart of the 66 claims by paragraph. 47 claims have no source. Named sources ..."
    assert scan([("L3 chart alt text", old_alt)], needles(q))
    assert not scan([("L3 chart alt text", figures.sourcing_alt_text(case))], needles(q))


def test_scanner_catches_a_source_name_that_carries_its_date(case, lessons):
    """The defect of issue 9: L3.Q6's Exit.al item showed its date beside the label."""
    from medialit.model import Option

    q = Question(
        id="L3.Q6",
        type="match_pairs",
        prompt="Match each source with the date of its report.",
        points=2,
        objectives=("A3",),
        key={"src-exit-al": "2017-03-24"},
        explanation="",
        citations=(),
        items=(Option("src-exit-al", "Exit.al, 24 Mar 2017 (not named in the article)"),),
        labels=("2017-03-24",),
    )
    assert scan([("L3.Q6 (exercise items)", q.items[0].text)], needles(q))
    fixed = dataclasses.replace(q, items=(Option("src-exit-al", case.source("src-exit-al").name),))
    assert not scan([("L3.Q6 (exercise items)", fixed.items[0].text)], needles(fixed))


def test_scanner_catches_an_age_printed_in_a_figure(case):
    """The defect of issue 9: L5's timeline printed NBC's age, the answer of L5.Q4."""
    q = Question(
        id="L5.Q4",
        type="numeric",
        prompt="How many years old was NBC's report (P10-P11) on the first day of the article's date window?",
        points=1,
        objectives=("A3",),
        key=6.4,
        explanation="",
        citations=(),
        tolerance=0.1,
    )
    old_figure = " · ".join(["NBC News", "6.4 years old", "Politico"])
    assert scan([("L5 figure", old_figure)], needles(q))
    now = " · ".join(_figure_texts(figures.timeline_figure(case)))
    assert not scan([("L5 figure", now)], needles(q))
    assert "years old" not in now


def test_scanner_catches_the_keyed_genre_in_the_intro(case, lessons):
    l1q3 = next(q for q in lessons[0].questions if q.id == "L1.Q3")
    old_intro = "The article is an undated 2018 opinion piece about the MEK."
    assert scan([("book/intro.md", old_intro)], needles(l1q3))


def test_scanner_catches_the_nbc_date_the_l5_search_lab_asks_for(case, lessons):
    """Issue 10: L5.Q8 asks students to find NBC's date by searching; the old table row, the
    unhidden timeline and the old lesson 3 feedback gave it (each planted here must be caught)."""
    l5 = next(x for x in lessons if x.number == 5)
    q = next(q for q in l5.questions if q.id == "L5.Q8")
    assert q.type == "search_lab"
    found = needles(q)
    old_row = "| P10-P11 | NBC News, report by Richard Engel and Robert Windrem | 9 February 2012 |"
    assert scan([("L5 table", old_row)], found)
    # Issue 21: the alt text no longer lists each source and its date; its old form is caught.
    old_alt = "Timeline of the dated sources the article draws on: NBC News, 09 February 2012; Politico, 28 June 2018."
    assert scan([("L5 timeline alt text", old_alt)], found)
    assert "NBC" not in figures.timeline_alt_text(case)
    assert scan([("L5 timeline", " · ".join(_figure_texts(figures.timeline_figure(case))))], found)
    assert scan([("L3.P1 feedback", "The NBC report is dated 9 Feb 2012 and is presented undated.")], found)
    hidden = withheld_sources(lessons)
    assert "src-nbc" in hidden
    seen = public_case(student_view(case, lessons))
    assert not scan([("L5 timeline alt text", figures.timeline_alt_text(seen))], found)


def test_scanner_catches_the_origin_the_l3_search_lab_asks_for(lessons):
    l3 = next(x for x in lessons if x.number == 3)
    q = next(q for q in l3.questions if q.id == "L3.Q10")
    old_page = "Parts of P13 were copied word for word from a Human Rights Watch report."
    assert scan([("L3 page", old_page)], needles(q))
