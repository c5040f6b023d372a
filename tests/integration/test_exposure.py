"""Exposure audit (issue 21): no graded item's decisive evidence is visible before the item asks.

Each auto-graded item of the MEK curriculum declares ``evidence:`` in its lesson YAML: where its
decisive evidence is (``article``, ``packet``, ``lesson`` or ``constructed``) and the ``terms``
(dates, names, figures, titles) that settle it. The audit walks every channel a student can see
before the item and fails on any term found there:

- ``book``: the book's own pages (intro, glossary, the student About page);
- ``lesson page``: the Markdown of every lesson up to and including the item's;
- ``practice``: practice prompts, items, options, feedback, per-item feedback and the hint step's hint;
- ``source titles``: the title and address of every citation practice feedback shows, and of
  every citation released exercise feedback of earlier lessons lists;
- ``alt text``: section alt text and the figures' generated descriptions;
- ``figure``: every text drawn in the figures (drawn from the student's tables);
- ``earlier items``: prompts, items, options and labels of the exercises before the item;
- ``released explanations``: the explanations (and per-item feedback) of the exercises before
  the item, in earlier lessons and in its own: a teacher may release explanations with each
  grading run, and a student who resubmits reads an earlier item's before answering a later
  one (issue 21: L5.Q1 and L5.Q2 named NBC's date, L5.Q8's key);
- ``bundle``: the student bundle (``medialit-case.json``) except the packet and the lessons
  (which the channels above cover): the article, the claims, sources and paragraphs tables and
  the practice sources.

A search item's terms must also be in the packet, so its evidence is reachable only there.
``phrases`` are the item's conclusion in words, as an earlier item's explanation could state it
(the review of issue 21 found L8.Q1's explanation dating the report L8.Q3 asks about): the audit
reads them like terms, but they need not be in the packet.
``test_the_audit_catches_a_planted_leak`` plants a search item's evidence in each channel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import pytest
from tests.integration.test_giveaways import book_material, drawn_text

from medialit import qtypes
from medialit.analysis import figures
from medialit.case.bundle import bundle_to_dict
from medialit.curriculum.bundle import public_case, student_view
from medialit.grading.answer_key import AnswerKey
from medialit.model import Case, Lesson, Option, Question, Source

Channel = tuple[str, str, str]  # (channel, where, text)
CHANNELS = (
    "book",
    "lesson page",
    "practice",
    "source titles",
    "alt text",
    "figure",
    "earlier items",
    "released explanations",
    "bundle",
)


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).lower()


def term_forms(term: str) -> list[str]:
    """A term as a student could meet it: an ISO date in the ways pages write dates."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", term)
    if not m:
        return [_norm(term)]
    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    if m.group(3):  # a day: the ways pages write that day
        out = [term, f"{d.day} {d:%B %Y}", f"{d.day} {d:%b %Y}", f"{d:%d %B %Y}", f"{d:%B} {d.day}, {d.year}"]
    else:  # a month: any mention of that month
        out = [term, f"{d:%B %Y}", f"{d:%b %Y}"]
    return [_norm(f) for f in out]


def _question_texts(q: Question) -> Iterable[str]:
    yield q.prompt
    yield from (o.text for o in (*q.items, *q.options))
    yield from q.labels


def _practice_texts(q: Question) -> Iterable[str]:
    yield from _question_texts(q)
    yield q.explanation
    yield str(q.settings.get("hint") or "")  # the hint step's own hint (review of issue 21)
    for fb in dict(q.settings.get("item_feedback") or {}).values():
        yield str(fb.get("explanation", ""))


def _item_feedback(q: Question) -> Iterable[dict[str, Any]]:
    return dict(q.settings.get("item_feedback") or {}).values()


def _strings(node: Any) -> Iterable[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _strings(v)


class _Seen:
    """What every item of one module shares: the student's bundle, the book, the figures' text.

    Built once per ``(case, lessons)`` object pair (a planted leak makes new objects, so it gets
    its own), since the audit runs once per graded item.
    """

    _cache: ClassVar[dict[tuple[int, int], tuple[Case, tuple[Lesson, ...], _Seen]]] = {}

    def __init__(self, case: Case, lessons: tuple[Lesson, ...]) -> None:
        self.view = student_view(case, lessons)
        self.seen = public_case(self.view)
        self.book: list[Channel] = [("book", where, text) for where, text in book_material(case, lessons)]
        # The sources released feedback lists (medialit grade --release-explanations), from the
        # grader's own key: Release.sources(q) shows each of q.citations.
        self.released = {q.id: q.citations for q in AnswerKey.from_lessons(lessons).questions.values()}
        self.bundle = [
            t for k, v in bundle_to_dict(self.view).items() if k not in ("packet", "lessons") for t in _strings(v)
        ]
        self.figures: dict[str, list[Channel]] = {}

    @classmethod
    def of(cls, case: Case, lessons: tuple[Lesson, ...]) -> _Seen:
        key = (id(case), id(lessons))
        hit = cls._cache.get(key)
        if hit is not None and hit[0] is case and hit[1] is lessons:
            return hit[2]
        made = cls(case, lessons)
        cls._cache[key] = (case, lessons, made)
        return made

    def figure(self, name: str, where: str) -> list[Channel]:
        """The alt text and the drawn text of the figure ``name`` ("sourcing" or "timeline")."""
        if name not in self.figures:
            alt = getattr(figures, f"{name}_alt_text")(self.seen)
            self.figures[name] = [("alt text", "", alt), ("figure", "", drawn_text(name, self.seen))]
        return [(channel, where, text) for channel, _, text in self.figures[name]]


def channels_before(case: Case, lessons: tuple[Lesson, ...], item: str) -> list[Channel]:
    """Everything a student can see before exercise ``item``, channel by channel."""
    number = int(item[1 : item.index(".")])
    shared = _Seen.of(case, lessons)
    view, released = shared.view, shared.released
    out: list[Channel] = list(shared.book)
    for lesson in (x for x in lessons if x.number <= number):
        for i, sec in enumerate(lesson.sections):
            where = f"{lesson.id} section {i + 1}"
            if "md" in sec:
                out.append(("lesson page", where, str(sec["md"])))
            if sec.get("alt"):
                out.append(("alt text", where, str(sec["alt"])))
            code = str(sec.get("code", ""))
            if "sourcing_figure" in code:
                out += shared.figure("sourcing", where)
            if "timeline_figure" in code:
                out += shared.figure("timeline", where)
        shown = {p.id: p.citations for x in view.lessons for p in x.practice}  # as the bundle has them
        for q in lesson.practice:
            out += [("practice", q.id, t) for t in _practice_texts(q)]
            for cid in shown.get(q.id, ()):
                c = case.citation(cid)
                out.append(("source titles", f"{q.id} cites {cid}", f"{c.title} {c.url or ''}"))
        for q in lesson.questions:
            if q.id == item:
                break
            out += [("earlier items", q.id, t) for t in _question_texts(q)]
            # Released with a grading run (a resubmission reads them before the later items).
            feedback = [q.explanation, *(str(fb.get("explanation", "")) for fb in _item_feedback(q))]
            out += [("released explanations", q.id, t) for t in feedback if t]
            for cid in released.get(q.id, ()):  # released feedback lists its sources with links
                c = case.citation(cid)
                out.append(("source titles", f"{q.id} (released) cites {cid}", f"{c.title} {c.url or ''}"))
    out += [("bundle", "medialit-case.json", t) for t in shared.bundle]
    return out


def graded(lessons: tuple[Lesson, ...]) -> list[Question]:
    return [q for lesson in lessons for q in lesson.questions if not qtypes.get(q.type).manual]


def audit(case: Case, lessons: tuple[Lesson, ...], item: str) -> list[str]:
    """Where a term of ``item``'s declared evidence is visible before the item."""
    q = next(q for lesson in lessons for q in lesson.questions if q.id == item)
    forms = {t: term_forms(t) for t in (*q.evidence.get("terms", ()), *q.evidence.get("phrases", ()))}
    hits = []
    for channel, where, text in channels_before(case, lessons, item):
        low = _norm(text)
        for term, fs in forms.items():
            if any(f in low for f in fs):
                hits.append(f"{item}: {term!r} in {channel} ({where})")
    return hits


def packet_text(case: Case) -> str:
    assert case.packet is not None
    parts = []
    for d in case.packet.documents:
        parts += [d.title, d.publisher or "", d.date or "", d.url or "", *(p.text for p in d.summary)]
        if d.date:
            parts += term_forms(d.date)
    return _norm(" ".join(parts))


# -- every graded item declares its evidence ------------------------------------------------------


def test_every_graded_item_declares_its_evidence(lessons):
    missing = [q.id for q in graded(lessons) if not q.evidence.get("where")]
    assert missing == []
    unexplained = [q.id for q in graded(lessons) if not q.evidence.get("terms") and not q.evidence.get("note")]
    assert unexplained == [], "an item without terms says in a note why nothing can be exposed"


def test_search_items_rest_on_the_packet(case, lessons):
    text = packet_text(case)
    for q in graded(lessons):
        if q.type != "search_lab":
            continue
        assert q.evidence["where"] == "packet", q.id
        assert q.evidence.get("terms"), q.id
        for term in q.evidence["terms"]:
            assert any(f in text for f in term_forms(term)), f"{q.id}: {term!r} is not in the packet"


def test_search_item_choices_are_written_alike(lessons):
    """The key may not be the only choice that describes content: the choices are of one form."""
    for q in graded(lessons):
        if q.type != "search_lab":
            continue
        lengths = [len(o.text.split()) for o in q.items]
        assert min(lengths) * 2 >= max(lengths), (q.id, lengths)


@pytest.mark.parametrize("item", [q.id for q in graded(__import__("medialit.api").api.load_module()[1])])
def test_no_evidence_is_visible_before_its_item(case, lessons, item):
    assert audit(case, lessons, item) == []


# -- the audit fails on a planted leak in each channel --------------------------------------------

PLANT_ITEM = "L5.Q8"  # a search item: when NBC first reported the claim


def _lesson(lessons: tuple[Lesson, ...], number: int) -> Lesson:
    return next(x for x in lessons if x.number == number)


def _replace_lesson(lessons: tuple[Lesson, ...], new: Lesson) -> tuple[Lesson, ...]:
    return tuple(new if x.number == new.number else x for x in lessons)


def _plant_book(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    art = dataclasses.replace(case.article, title=f"{case.article.title} ({term})")
    return dataclasses.replace(case, article=art), lessons


def _plant_page(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l3 = _lesson(lessons, 3)
    return case, _replace_lesson(lessons, dataclasses.replace(l3, sections=(*l3.sections, {"md": f"NBC: {term}."})))


def _plant_practice(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l3 = _lesson(lessons, 3)
    p = dataclasses.replace(l3.practice[0], explanation=f"{l3.practice[0].explanation} NBC reported it in {term}.")
    return case, _replace_lesson(lessons, dataclasses.replace(l3, practice=(p, *l3.practice[1:])))


def _plant_citation(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l3 = _lesson(lessons, 3)
    cid = l3.practice[0].citations[0]
    cits = tuple(
        dataclasses.replace(c, title=f"{c.title}, {term}") if c.id == cid else c for c in case.annotations.citations
    )
    return dataclasses.replace(case, annotations=dataclasses.replace(case.annotations, citations=cits)), lessons


def _plant_alt(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l4 = _lesson(lessons, 4)
    sec = {"code": "x = 1", "alt": f"A chart of NBC's report of {term}."}
    return case, _replace_lesson(lessons, dataclasses.replace(l4, sections=(*l4.sections, sec)))


def _plant_source(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    """A dated source whose name carries the term: it reaches the figures and the bundle's tables."""
    src = Source("src-planted", f"NBC, {term}", "named_outlet", date="2011-01-01")
    ann = dataclasses.replace(case.annotations, sources=(*case.annotations.sources, src))
    return dataclasses.replace(case, annotations=ann), lessons


def _plant_item(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l5 = _lesson(lessons, 5)
    q = dataclasses.replace(l5.questions[0], options=(Option("x", f"NBC reported it in {term}"),))
    return case, _replace_lesson(lessons, dataclasses.replace(l5, questions=(q, *l5.questions[1:])))


def _plant_explanation(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l4 = _lesson(lessons, 4)
    q = dataclasses.replace(l4.questions[-1], explanation=f"NBC reported it in {term}.")
    return case, _replace_lesson(lessons, dataclasses.replace(l4, questions=(*l4.questions[:-1], q)))


PLANTS: dict[str, Callable[[Case, tuple[Lesson, ...], str], tuple[Case, tuple[Lesson, ...]]]] = {
    "book": _plant_book,
    "lesson page": _plant_page,
    "practice": _plant_practice,
    "source titles": _plant_citation,
    "alt text": _plant_alt,
    "figure": _plant_source,
    "earlier items": _plant_item,
    "released explanations": _plant_explanation,
    "bundle": _plant_source,
}


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_audit_catches_a_planted_leak(case, lessons, channel):
    q = next(q for q in graded(lessons) if q.id == PLANT_ITEM)
    term = q.evidence["terms"][0]
    assert audit(case, lessons, PLANT_ITEM) == []
    planted_case, planted_lessons = PLANTS[channel](case, lessons, term)
    hits = audit(planted_case, planted_lessons, PLANT_ITEM)
    assert any(f" in {channel} (" in h for h in hits), hits


def _plant_same_lesson(case: Case, lessons: tuple[Lesson, ...], term: str) -> tuple[Case, tuple[Lesson, ...]]:
    l5 = _lesson(lessons, 5)
    q = dataclasses.replace(l5.questions[0], explanation=f"{l5.questions[0].explanation} NBC: {term}.")
    return case, _replace_lesson(lessons, dataclasses.replace(l5, questions=(q, *l5.questions[1:])))


def test_the_audit_reads_released_explanations_of_the_items_own_lesson(case, lessons):
    """Issue 21: L5.Q1's explanation named NBC's date; a resubmission shows it before L5.Q8."""
    term = next(q for q in graded(lessons) if q.id == PLANT_ITEM).evidence["terms"][0]
    hits = audit(*_plant_same_lesson(case, lessons, term), PLANT_ITEM)
    assert any(" in released explanations (L5.Q1)" in h for h in hits), hits


def test_released_feedback_withholds_a_later_items_citations_in_its_own_lesson(lessons):
    """L8.Q1 and L8.Q3 cite the Jerusalem Post's report; L8.Q9 (after them) asks students to find
    it: only L8.Q9's released feedback lists it."""
    key = AnswerKey.from_lessons(lessons)
    original = {q.id: set(q.citations) for lesson in lessons for q in lesson.questions}
    assert "jpost-2018-06-30" in original["L8.Q1"]
    assert "jpost-2018-06-30" not in key.questions["L8.Q1"].citations
    assert "jpost-2018-06-30" not in key.questions["L8.Q3"].citations
    assert "jpost-2018-06-30" in key.questions["L8.Q9"].citations
    assert "criticschronicle-related" not in key.questions["L1.Q5"].citations
    assert "criticschronicle-related" in key.questions["L1.Q9"].citations


def test_date_terms_match_the_ways_pages_write_dates():
    assert "9 feb 2012" in term_forms("2012-02-09")
    assert "february 2012" in term_forms("2012-02")
    assert "july 2018" not in term_forms("2018-07-01")  # a day term does not match its month
    assert _norm("NBC\u2019s  report") == "nbc's report"


def test_released_feedback_withholds_a_later_items_citations(lessons):
    """Released feedback of lesson 3 lists no NBC re-post (L5.Q8 withholds them); lesson 5's
    own feedback, released after L5.Q8 is answered, still does."""
    key = AnswerKey.from_lessons(lessons)
    cited = {q.id: set(q.citations) for q in key.questions.values()}
    original = {q.id: set(q.citations) for lesson in lessons for q in lesson.questions}
    repost = "nbc-2012-repost-devoutinfidel"
    assert repost in original["L3.Q1"] and repost not in cited["L3.Q1"]
    assert repost in original["L5.Q8"] and repost in cited["L5.Q8"]
    assert key.restrict(["L3"]).questions["L3.Q1"].citations == key.questions["L3.Q1"].citations


# -- the review of issue 21: Lesson 8's earlier explanations answered later items ----------------

#: Explanations of Lesson 8 as they stood before the review: each answered a later item of the
#: lesson in words (no title or address), so a resubmission after released feedback read it first.
OLD_L8_EXPLANATIONS = {
    "L8.Q1": (
        "The Jerusalem Post's report of 30 June 2018, a news report the packet holds and not one "
        "side's own material, puts the crowd at \"tens of thousands\": the post's figure (though not "
        'its "filled the hall"). The figure of about 4,000 is in the packet only as the Nejat '
        "Society, a site critical of the group, quotes a Guardian report; the Guardian report itself "
        "is not in the packet, so the figure can be passed on only as quoted, and nothing shows that "
        'anyone "counted".'
    ),
    "L8.Q4": (
        "The figure of about 4,000 is on a page of the Nejat Society, a site critical of the group, "
        "which quotes a Guardian report; the packet does not hold that Guardian report, and no date "
        "is recorded for it."
    ),
}


#: L1.Q3's and L1.Q7's explanations gave L1.Q9's conclusion. L4.Q7's had the fact check's note appended: with
#: the lesson's "killed between 2007 and January 2012" it left two of L5.Q8's four months.
OLD_EXPLANATIONS = {
    **OLD_L8_EXPLANATIONS,
    "L1.Q3": (
        "Whether the page is also advocacy cannot be told without knowing who published it, which is not established."
    ),
    "L1.Q7": (
        "Whether a text is advocacy depends on who is behind it, not only on how it reads. For our "
        "page that question stays open: its publisher is not established."
    ),
    "L4.Q7": (
        "A faithful quote can still mislead when its date is dropped. NBC's opening sentence is quoted "
        "accurately (high confidence on that), but the piece was more than six years old and appears "
        "without a date; the claim itself is unverified."
    ),
}


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("L8.Q1", "L8.Q3"),
        ("L8.Q1", "L8.Q4"),
        ("L8.Q4", "L8.Q9"),
        ("L4.Q7", "L5.Q8"),
        ("L1.Q7", "L1.Q9"),
        ("L1.Q3", "L1.Q9"),
    ],
)
def test_the_audit_catches_an_earlier_explanation_that_answers_a_later_item(case, lessons, earlier, later):
    """L8.Q1's explanation dated the Jerusalem Post's report (L8.Q3) and named the site quoting the
    4,000 (L8.Q4); L8.Q4's said no date is recorded for it (L8.Q9); L4.Q7's said NBC's piece was
    more than six years old (L5.Q8); L1.Q3's and L1.Q7's that the page's publisher is not established (L1.Q9).
    Each later item's declared terms or phrases catch the old
    text, and the current text passes."""
    assert audit(case, lessons, later) == []
    lesson = _lesson(lessons, int(earlier[1 : earlier.index(".")]))
    qs = tuple(
        dataclasses.replace(q, explanation=OLD_EXPLANATIONS[earlier]) if q.id == earlier else q
        for q in lesson.questions
    )
    hits = audit(case, _replace_lesson(lessons, dataclasses.replace(lesson, questions=qs)), later)
    assert any(f" in released explanations ({earlier})" in h for h in hits), hits


def test_phrases_need_not_be_in_the_packet_but_terms_must(case, lessons):
    q = next(q for q in graded(lessons) if q.id == "L8.Q3")
    text = packet_text(case)
    assert q.evidence["phrases"]
    assert all(any(f in text for f in term_forms(t)) for t in q.evidence["terms"])


def test_the_audit_reads_a_practice_hint(case, lessons):
    """Review of issue 21: the hint step shows a practice item's ``settings.hint`` before the answer;
    the audit read the practice item's explanation and feedback but not its hint."""
    term = next(q for q in graded(lessons) if q.id == PLANT_ITEM).evidence["terms"][0]
    l3 = _lesson(lessons, 3)
    p = l3.practice[0]
    p = dataclasses.replace(p, settings={**p.settings, "hint": f"NBC reported it in {term}."})
    hits = audit(case, _replace_lesson(lessons, dataclasses.replace(l3, practice=(p, *l3.practice[1:]))), PLANT_ITEM)
    assert any(f" in practice ({p.id})" in h for h in hits), hits
