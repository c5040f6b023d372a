"""The lateral-reading tasks of lessons 1, 3 and 5 (issue 10): search_lab items over the MEK packet.

Each model answer must be something a student can actually do: its queries, run through the
packet search the widget uses, list the documents it opens; and the credit policy must score the
routes a student may take the way the lessons say (full with an independent source, half from
the page's copy or one side's own material, nothing for a wrong conclusion).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from medialit.analysis.search import search_packet
from medialit.grading.replay import with_replay
from medialit.grading.score import score_answer
from medialit.model import Case, Lesson, Question

#: question id -> (the packet documents its model answer opens, the accepted conclusion)
TASKS = {
    "L1.P3": ({"politico-2018"}, "thu"),
    "L1.Q9": ({"criticschronicle-related"}, "unknown"),
    "L3.Q10": ({"hrw-no-exit-2005"}, "hrw"),
    "L5.Q8": ({"nbc-2012-02-09"}, "feb-2012"),
    # Issue 21: results carry no ready line on who a publisher is, so the model answers of the
    # items whose keys say who is behind a report search for the outlet and open its page.
    "L8.Q1": ({"nejat-8441-guardian-crowd", "jpost-2018-06-30", "wikipedia-jpost"}, "a"),
    "L8.Q3": ({"jpost-2018-06-30", "cnsnews-2018-07-01", "cnsnews-about-us"}, "a"),
}


_CASE: list[Case] = []


@pytest.fixture(autouse=True)
def _the_case(case: Case) -> None:
    _CASE[:] = [case]


def _question(lessons: tuple[Lesson, ...], qid: str) -> Question:
    """The question as the grader's key holds it (able to replay searches on the packet)."""
    graded = with_replay(lessons, _CASE[0].packet)
    return next(q for lesson in graded for q in (*lesson.practice, *lesson.questions) if q.id == qid)


def _record(q: Question, answer: str, *docs: str) -> dict[str, Any]:
    """A record the widget could make: a search for each document's title, then its opening."""
    packet = _CASE[0].packet
    assert packet is not None
    titles = [packet.document(d).title for d in docs]
    opened = [
        {"doc": d, "title": t, "seconds": 20, "query": i} for i, (d, t) in enumerate(zip(docs, titles, strict=True))
    ]
    return {"queries": titles or ["x"], "opened": opened, "answer": answer}


def test_lessons_1_3_and_5_use_the_packet(lessons: tuple[Lesson, ...]) -> None:
    found = {q.id for lesson in lessons for q in (*lesson.practice, *lesson.questions) if q.type == "search_lab"}
    assert set(TASKS) <= found
    graded = {lesson.number for lesson in lessons for q in lesson.questions if q.type == "search_lab"}
    assert {1, 3, 5} <= graded


@pytest.mark.parametrize("qid", sorted(TASKS))
def test_the_model_answer_opens_what_its_queries_find(case: Case, lessons: tuple[Lesson, ...], qid: str) -> None:
    q = _question(lessons, qid)
    docs, answer = TASKS[qid]
    assert case.packet is not None
    assert q.key["answer"] == answer
    assert {o["doc"] for o in q.key["opened"]} == docs
    found: set[str] = set()
    for query in q.key["queries"]:
        found |= {r["id"] for r in search_packet(case.packet, query, limit=5)}
    assert docs <= found, f"{qid}: the key's queries {q.key['queries']} do not list {sorted(docs - found)}"
    titles = {d.id: d.title for d in case.packet.documents}
    for o in q.key["opened"]:
        assert o["title"] == titles[o["doc"]], f"{qid}: the key names {o['doc']} by another title"


@pytest.mark.parametrize("qid", sorted(TASKS))
def test_every_source_class_names_packet_documents(case: Case, lessons: tuple[Lesson, ...], qid: str) -> None:
    assert case.packet is not None
    ids = {d.id for d in case.packet.documents}
    sources = _question(lessons, qid).settings["sources"]
    for name, docs in sources.items():
        assert set(docs) <= ids, (qid, name, sorted(set(docs) - ids))


def test_l1_who_is_behind_the_page_credits_the_routes_as_documented(lessons: tuple[Lesson, ...]) -> None:
    """Issue 21: L1.Q9 asks only who is behind the page; Politico's story dates the page but
    says nothing about who published it, so opening it no longer earns full credit."""
    q = _question(lessons, "L1.Q9")
    assert score_answer(q, q.key).score == q.points
    assert score_answer(q, _record(q, "unknown", "criticschronicle-related")).score == q.points
    assert score_answer(q, _record(q, "unknown", "politico-2018")).score == q.points / 2
    assert score_answer(q, _record(q, "unknown", "iranfocus-ten-point-plan")).score == q.points / 2
    # Naming a site or an outlet as the publisher is not supported: nothing, whatever was opened.
    for wrong in ("other-site", "politico", "guardian"):
        assert score_answer(q, _record(q, wrong, "politico-2018", "criticschronicle-related")).score == 0


def test_l3_trace_to_hrw_credits_the_report_and_its_copies(lessons: tuple[Lesson, ...]) -> None:
    q = _question(lessons, "L3.Q10")
    for doc in ("hrw-no-exit-2005", "hrw-no-exit-refworld", "hrw-press-2005-05-19"):
        assert score_answer(q, _record(q, "hrw", doc)).score == q.points
    assert score_answer(q, _record(q, "hrw", "nejat-4787-pillar")).score == q.points / 2
    assert score_answer(q, _record(q, "rand", "rand-mg871-2009")).score == 0


def test_l5_nbc_reposts_alone_earn_half(lessons: tuple[Lesson, ...]) -> None:
    q = _question(lessons, "L5.Q8")
    assert score_answer(q, _record(q, "feb-2012", "nbc-2012-02-09")).score == q.points
    for repost in ("nbc-2012-repost-devoutinfidel", "nbc-2012-repost-hercolano6"):
        result = score_answer(q, _record(q, "feb-2012", repost))
        assert result.score == q.points / 2
        assert "other source" in "\n".join(result.marks)
    assert score_answer(q, _record(q, "jun-2018", "nbc-2012-02-09")).score == 0


def test_the_l1_key_names_no_site_as_the_original(lessons: tuple[Lesson, ...]) -> None:
    q = _question(lessons, "L1.Q9")
    key_text = next(o.text for o in q.items if o.id == q.key["answer"])
    assert "cannot be established" in key_text and "criticschronicle" not in key_text
    assert "whether it is the original, a copy or a rewrite" in " ".join(q.explanation.split())


def test_nbcs_date_is_withheld_from_the_student_bundle(case: Case, lessons: tuple[Lesson, ...]) -> None:
    # L5.Q8 asks when NBC first reported: no code cell may read the answer from the bundle.
    import json

    import medialit.runtime as runtime
    from medialit.case.bundle import bundle_from_dict
    from medialit.curriculum.bundle import student_bundle_bytes

    withheld = {"src-nbc", "src-us-officials", "src-iran-leaders"}
    assert set(_question(lessons, "L5.Q8").settings["withhold_dates"]) == withheld
    view = bundle_from_dict(json.loads(student_bundle_bytes(case, lessons)), "test")
    assert withheld.isdisjoint(r["source"] for r in view.sources)
    assert {"src-crt-2009", "src-politico"} <= {r["source"] for r in view.sources}  # the others stay
    # Issue 21: L3.Q10 asks where P13 comes from; its source is withheld too.
    assert "src-hrw" not in {r["source"] for r in view.sources}
    try:
        runtime.use(case.root)
        with pytest.raises(KeyError, match="no dated source with id src-nbc"):
            runtime.sources_table(["src-nbc"])
    finally:
        runtime.session.end()


def test_withhold_dates_names_known_sources(case: Case) -> None:
    from medialit.curriculum.spec import resolve_question
    from medialit.errors import CurriculumError

    spec = {
        "id": "L5.Q99",
        "type": "single_choice",
        "prompt": "When?",
        "objectives": ["A3"],
        "points": 1,
        "options": [{"id": "a", "text": "2012"}, {"id": "b", "text": "2018"}],
        "key": {"value": "a", "reason": "test"},
        "citations": ["nbc-2012-02-09"],
        "settings": {"withhold_dates": ["src-nbcc"]},
    }
    with pytest.raises(CurriculumError, match=r"withhold_dates names unknown sources \['src-nbcc'\]"):
        resolve_question(case, spec, "05-time-and-context.yaml:400")


#: Words that dictate the query instead of the question (issue 21, item 3).
_DICTATES = re.compile(
    r"\bsearch(?:es|ing)?\s+(?:for|on|a|an|the\s+(?:packet|source\s+packet)\s+(?:for|by))\b"
    r"|\btyp(?:e|ing)\b|\bphrases?\b|\bkeywords?\b|\bquer(?:y|ies)\b|\bdistinctive\b"
    r"|\b(?:reporters|author)'?s?'?\s+names?\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“]([^\"”]+)[\"”]")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _search_prompts(lessons: tuple[Lesson, ...]) -> list[tuple[str, str]]:
    """(id, prompt) of every item after Lesson 1 that is a search or sends the student to one."""
    return [
        (q.id, q.prompt)
        for lesson in lessons
        if lesson.number > 1
        for q in (*lesson.practice, *lesson.questions)
        if q.type == "search_lab" or "search lab" in q.prompt.lower()
    ]


def test_search_prompts_after_lesson_1_say_what_to_find_not_what_to_type(
    case: Case, lessons: tuple[Lesson, ...]
) -> None:
    """Issue 21: after Lesson 1 a search prompt asks a question; the query is the student's to choose."""
    prompts = _search_prompts(lessons)
    assert {"L3.Q10", "L5.Q8", "L8.Q1", "L8.Q3"} <= {qid for qid, _ in prompts}
    article = _words(case.article.body)
    for qid, prompt in prompts:
        assert not _DICTATES.search(prompt), (qid, _DICTATES.search(prompt))
        for quoted in _QUOTED.findall(prompt):
            words = _words(quoted)
            assert len(words.split()) < 3 or words not in article, (qid, quoted)


@pytest.mark.parametrize(
    "planted",
    [
        'Search the packet for "exiled to Iraq" and choose.',
        "Type the reporters' names in the search lab.",
        'P13 begins: "The MKO held its rebels in its internal prisons". Where does it come from?',
    ],
)
def test_the_prompt_check_catches_a_dictated_query(case: Case, planted: str) -> None:
    article = _words(case.article.body)
    quoted = [_words(x) for x in _QUOTED.findall(planted)]
    assert _DICTATES.search(planted) or any(len(w.split()) >= 3 and w in article for w in quoted)
