"""Lesson 8, "On your own": a transfer lesson on a constructed post and reply (issue 10, item 5).

What it must keep: the artifact is marked as constructed, with invented accounts; the crowd
figures it states about the real rally come from packet reports, and no figure without a
recorded source is stated or attributed (issue 21: the post's figure is now one a packet report
gives, and L8.Q9 traces each figure to who gave it, how and when); at least six auto-graded items (one a search lab
whose credit follows the documented policy on its real question) and a rubric item with
anchors; First Draft's seven types, each named.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from medialit import qtypes
from medialit.analysis.search import search_packet
from medialit.grading.replay import with_replay
from medialit.grading.score import score_answer
from medialit.model import Case, Lesson, Question
from medialit.qtypes.search_lab import PARTIAL

SEVEN_TYPES = [
    "satire or parody",
    "false connection",
    "misleading content",
    "false context",
    "imposter content",
    "manipulated content",
    "fabricated content",
]
JPOST, NEJAT, CNS = "jpost-2018-06-30", "nejat-8441-guardian-crowd", "cnsnews-2018-07-01"


@pytest.fixture(scope="module")
def l8(lessons: tuple[Lesson, ...], case: Case) -> Lesson:
    """Lesson 8 as the grader's key holds it (its search records are replayed on the packet)."""
    return with_replay([next(x for x in lessons if x.number == 8)], case.packet)[0]


def _q(lesson: Lesson, qid: str) -> Question:
    return next(q for q in (*lesson.practice, *lesson.questions) if q.id == qid)


def _texts(lesson: Lesson) -> list[tuple[str, str]]:
    """Every text of the lesson, students' and teachers': sections, notes, questions, keys' words."""
    out = [(f"section {i}", str(s["md"])) for i, s in enumerate(lesson.sections, 1) if "md" in s]
    out.append(("teacher notes", lesson.teacher_notes))
    for q in (*lesson.practice, *lesson.questions):
        parts = [q.prompt, q.explanation, *q.rubric, *(o.text for o in (*q.options, *q.items))]
        parts += [str(q.settings.get("model_answer", "")), *map(str, q.settings.get("student_rubric") or ())]
        parts += [f"{a.get('answer', '')} {a.get('why', '')}" for a in q.settings.get("anchors") or ()]
        parts += [a.reason for a in q.alternatives]
        out += [(q.id, p) for p in parts if p]
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;!?])\s+|\n\s*\n", re.sub(r"[ \t]*\n[ \t>]*", " ", text)) if s.strip()]


def test_lesson_8_has_six_auto_items_a_search_lab_a_rubric_item_and_practice(l8: Lesson) -> None:
    auto = [q for q in l8.questions if not qtypes.get(q.type).manual]
    assert len(auto) >= 6, [q.id for q in auto]
    labs = [q for q in l8.questions if q.type == "search_lab"]
    assert labs and all(q.widget == "search_lab" for q in labs)
    rubric = [q for q in l8.questions if q.type == "short_text" and q.rubric]
    assert len(rubric) == 1
    (q8,) = rubric
    assert sorted(a["level"] for a in q8.settings["anchors"]) == list(range(int(q8.points) + 1))
    assert q8.settings.get("student_rubric") and q8.settings.get("model_answer")
    assert l8.practice and all(q.widget for q in l8.practice)
    assert l8.teacher_notes.count("min)") >= 5 and "Discussion prompts" in l8.teacher_notes


def test_the_post_and_reply_are_marked_constructed_with_invented_accounts(l8: Lesson) -> None:
    first = str(l8.sections[0]["md"])
    assert "Constructed for this lesson" in first and "not real" in first
    accounts = set(re.findall(r"@[A-Za-z_]+", "\n".join(t for _, t in _texts(l8))))
    assert accounts == {
        "@example_freedom_now",
        "@example_real_numbers",
        "@example_news_desk",
        "@example_tarnwick_truth",  # the far-transfer post (test_the_far_transfer_...)
    }
    assert first.count("*constructed example*") == 2  # on the post and on the reply
    for q in l8.questions:
        if re.search(r"\bpost\b|\breply\b", q.prompt) and "account" not in q.prompt:
            assert "constructed" in q.prompt, q.id


def test_no_crowd_figure_without_a_recorded_source_is_stated_or_attributed(l8: Lesson) -> None:
    """Only the packet's figures are reported; a number without a recorded source is the post's own claim."""
    for where, text in _texts(l8):
        # No source in the packet or the research brief gives these (annotations.yaml says so).
        assert "25,000" not in text and "25 000" not in text and "100,000" not in text, where
        for sentence in _sentences(text):
            if "tens of thousands" in sentence.lower():
                # The figure with its source: the Jerusalem Post's, or the constructed post's claim.
                assert "Jerusalem Post" in text or re.search(
                    r"\bpost\b|post's|Tens of thousands of Iranians|\"tens of thousands\" is", sentence
                ), (where, sentence)
            reply = re.search(r"reply|^The Guardian counted", sentence, re.I)
            if "4,000" in sentence and "Guardian" in sentence and not reply:
                # Outside the reply's own words, the Guardian's figure is only ever given as quoted.
                assert re.search(r"quot", sentence), (where, sentence)


def test_the_lesson_text_does_not_give_away_the_packet_findings(l8: Lesson) -> None:
    """The exercises ask what the packet's reports say: the student pages must not say it first."""
    pages = "\n".join(str(s["md"]) for s in l8.sections if "md" in s)
    for needle in ("Jerusalem Post", "CNS", "Nejat", "Paris exile rally", "4,000 according"):
        assert needle not in pages, needle


def _record(answer: str | None, *docs: str) -> dict[str, Any]:
    return {
        "queries": ["crowd paris rally", "Free Iran rally"],  # the model searches: they list all three
        "opened": [{"doc": d, "title": d, "seconds": 10} for d in docs],
        "answer": answer,
    }


def test_l8_q1_credits_the_conclusion_and_the_process(l8: Lesson) -> None:
    q = _q(l8, "L8.Q1")
    # Issue 21 counted the packet's pages about the Jerusalem Post (and the encyclopedia article
    # on the Nejat Society) as independent; the review of issue 21 found that a record opening
    # only them earned full marks without reading the report the item asks to confirm the figure
    # in. They are unclassified now: no cost beside the report, no process credit alone.
    assert q.settings["sources"] == {
        "independent": [JPOST],
        "partisan": [NEJAT, "theiranproject-2016-07-10", "nejat-about-self"],
    }
    right = q.key["answer"]
    assert next(o.text for o in q.items if o.id == right) == "The post's 'tens of thousands'"
    assert score_answer(q, _record(right, NEJAT, JPOST)).score == q.points
    by_name = {"queries": ["crowd paris rally", "Jerusalem Post", "Nejat Society"], "answer": right}
    about_post = [{"doc": d, "title": d, "seconds": 10} for d in (NEJAT, "wikipedia-jpost")]
    assert score_answer(q, dict(by_name, opened=about_post)).score == pytest.approx(q.points * PARTIAL)
    report_and_about = [{"doc": d, "title": d, "seconds": 10} for d in (NEJAT, JPOST, "wikipedia-jpost")]
    assert score_answer(q, dict(by_name, opened=report_and_about)).score == q.points
    about_nejat = [{"doc": d, "title": d, "seconds": 10} for d in (NEJAT, "nejat-about-self")]
    assert score_answer(q, dict(by_name, opened=about_nejat)).score == pytest.approx(q.points * PARTIAL)
    assert score_answer(q, _record(right, NEJAT)).score == pytest.approx(q.points * PARTIAL)
    assert score_answer(q, _record(right)).score == pytest.approx(q.points * PARTIAL)
    for wrong in {o.id for o in q.items} - {right}:
        assert score_answer(q, _record(wrong, JPOST, NEJAT)).score == 0.0
    assert score_answer(q, {}).score == 0.0


def test_l8_q3_needs_a_report_of_the_rally_from_neither_side(l8: Lesson) -> None:
    q = _q(l8, "L8.Q3")
    right = q.key["answer"]
    assert score_answer(q, _record(right, CNS)).score == q.points
    assert score_answer(q, _record(right, NEJAT)).score == pytest.approx(q.points * PARTIAL)
    # Review of issue 21: CNS News's About page says nothing of the rally; alone it earned 2 of 2.
    assert score_answer(q, _record(right, "cnsnews-about-us")).score == pytest.approx(q.points * PARTIAL)


def test_search_lab_keys_open_packet_documents_under_their_own_titles(case: Case, l8: Lesson) -> None:
    assert case.packet is not None
    for q in l8.questions:
        if q.type != "search_lab":
            continue
        for opened in q.key["opened"]:
            assert opened["title"] == case.packet.document(opened["doc"]).title, (q.id, opened["doc"])
        for docs in q.settings["sources"].values():
            for d in docs:
                case.packet.document(d)  # raises when the id is not a packet document
        assert set(q.citations) <= {c.id for c in case.annotations.citations}


def test_first_drafts_seven_types_are_taught_then_practised_and_asked(l8: Lesson) -> None:
    table = next(str(s["md"]) for s in l8.sections if "md" in s and "seven types" in str(s["md"]))
    for name in SEVEN_TYPES:
        assert re.search(rf"^\| {name} \|", table, re.MULTILINE), name
    assert "NBC" in table and "false context" in table  # the case's own example
    assert list(_q(l8, "L8.P2").labels) == SEVEN_TYPES == list(_q(l8, "L8.Q7").labels)


def test_l8_q7_accepts_the_defensible_second_labels(l8: Lesson) -> None:
    q = _q(l8, "L8.Q7")
    assert score_answer(q, dict(q.key)).score == q.points
    for alt in q.alternatives:
        assert score_answer(q, {**q.key, **alt.value}).score == q.points, alt.reason
    assert score_answer(q, {**q.key, "b": "fabricated content"}).score < q.points


def test_no_exercise_key_repeats_its_practice_key(l8: Lesson) -> None:
    """Practice keys reach students in the bundle: an exercise may not share an item's keyed label."""
    for p in l8.practice:
        for q in l8.questions:
            if isinstance(q.key, dict) and isinstance(p.key, dict) and q.labels == p.labels:
                shared = {k for k, v in q.key.items() if p.key.get(k) == v}
                assert not shared, (p.id, q.id, shared)


def test_l8_q9_traces_each_figure_to_who_how_and_when(l8: Lesson) -> None:
    """Issue 21: one item traces each figure; the keyed labels are what the packet records."""
    q = _q(l8, "L8.Q9")
    assert q.citations == (JPOST, NEJAT)
    assert q.key["tt-who"].startswith("a news outlet from neither side")
    assert q.key["k4-who"].startswith("a Guardian report, seen only as")
    assert q.key["tt-how"] == q.key["k4-how"] == "the packet does not say"
    assert q.key["tt-when"] == "on the day of the rally" and q.key["k4-when"] == "no date is recorded"
    assert score_answer(q, dict(q.key)).score == q.points
    organisers = {k: "the rally's organisers, in their own statement" for k in ("tt-who", "k4-who")}
    assert score_answer(q, {**q.key, **organisers}).score < q.points


def test_jpost_and_the_nejat_page_record_what_l8_q9_keys(case: Case) -> None:
    assert case.packet is not None
    jpost = case.packet.document(JPOST)
    assert jpost.date == "2018-06-30" and "tens of thousands" in jpost.summary[0].text
    nejat = case.packet.document(NEJAT)
    assert nejat.date is None and "No date was recorded" in (nejat.undated or "")
    assert "Guardian" in nejat.summary[0].text and nejat.leaning == "critical of the MEK"


def test_l8_q4_the_search_not_the_summary_shows_the_guardian_report_is_missing(case: Case) -> None:
    """Review of issue 21: the Nejat page's summary said "the Guardian report itself is not in this
    packet", L8.Q4's key printed in the packet. Now a search for the Guardian's report on the crowd
    lists the Nejat page and no Guardian report of 2018: the student finds the gap by searching."""
    assert case.packet is not None
    nejat = case.packet.document(NEJAT)
    assert "not in this packet" not in nejat.text and "not in the packet" not in nejat.text
    for query in ("Guardian crowd rally", "Guardian 4,000", "Guardian Free Iran rally Paris 2018"):
        found = [case.packet.document(r["id"]) for r in search_packet(case.packet, query, limit=10)]
        assert NEJAT in [d.id for d in found], query
        guardian = [d for d in found if "guardian" in (d.publisher or "").lower()]
        assert all(not (d.date or "").startswith("2018") for d in guardian), (query, [d.id for d in guardian])


# -- far transfer: a constructed post on another topic, with its own constructed documents -------

FAR = ("L8.Q10", "L8.Q11", "L8.Q12")
HERALD, LAB, COUNCIL, COURIER = (
    "tarnwick-herald-2025-03-11",
    "tarnwick-lab-2025-03-05",
    "tarnwick-council-2025-03-06",
    "tarnwick-courier-2025-03-07",
)
PARENTS, SELLER = "tarnwick-parents-2025-03-07", "tarnwick-purivale-2025-03-09"


def _far_record(answer: str | None, *docs: str) -> dict[str, Any]:
    """A record the widget could make: one search that lists every Tarnwick document, then the openings."""
    return {
        "queries": ["tarnwick lead test results"],
        "opened": [{"doc": d, "title": d, "seconds": 20, "query": 0} for d in docs],
        "answer": answer,
    }


def test_the_far_transfer_post_is_marked_constructed_on_another_topic(case: Case, l8: Lesson) -> None:
    (sec,) = [str(s["md"]) for s in l8.sections if "md" in s and "@example_tarnwick_truth" in str(s["md"])]
    assert "Constructed for this lesson" in sec and "not real" in sec and "Constructed example:" in sec
    assert sec.count("*constructed example*") == 1
    assert not re.search(r"\b(MEK|MKO|Iran\w*|rally|Villepinte)\b", sec)
    assert case.packet is not None
    for qid in FAR:
        q = _q(l8, qid)
        assert q.type == "search_lab" and q.evidence["where"] == "packet" and q.settings["evidence"] == "constructed"
        docs = {d for ids in q.settings["sources"].values() for d in ids} | {o["doc"] for o in q.key["opened"]}
        assert all(case.packet.document(d).constructed for d in docs), qid
        assert "constructed" in q.prompt, qid


@pytest.mark.parametrize(
    ("qid", "independent", "partisan"),
    [("L8.Q10", HERALD, SELLER), ("L8.Q11", LAB, SELLER), ("L8.Q12", COURIER, PARENTS)],
)
def test_far_transfer_items_credit_the_sift_move_the_documented_way(
    l8: Lesson, qid: str, independent: str, partisan: str
) -> None:
    q = _q(l8, qid)
    right = q.key["answer"]
    assert score_answer(q, q.key).score == q.points  # the model answer replays
    assert score_answer(q, _far_record(right, independent)).score == q.points
    assert score_answer(q, _far_record(right, partisan)).score == pytest.approx(q.points * PARTIAL)
    assert score_answer(q, _far_record(right)).score == pytest.approx(q.points * PARTIAL)
    for wrong in {o.id for o in q.items} - {right}:
        assert score_answer(q, _far_record(wrong, independent)).score == 0.0
    glance = {"queries": [], "opened": [{"doc": independent, "title": independent, "seconds": 0}], "answer": right}
    assert score_answer(q, glance).score < q.points  # no search, no reading: not a search


def test_far_transfer_keys_rest_on_what_the_constructed_documents_say(case: Case, l8: Lesson) -> None:
    """Each key is a fact a constructed document states, so a teacher can defend it from the packet."""
    assert case.packet is not None

    def says(doc: str) -> str:
        return case.packet.document(doc).text

    assert "Purivale Home Filters, a company that sells home water filters" in says(HERALD)
    assert "run the account" in says(HERALD) and "run" not in says(SELLER).replace("running", "")
    assert "at about three times the limit" in says(LAB) and "30 samples" in says(LAB)
    assert case.packet.document(COUNCIL).date == "2025-03-06" and case.packet.document(COURIER).date == "2025-03-07"
    assert "9 March 2025" in str(next(s["md"] for s in l8.sections if "tarnwick_truth" in str(s.get("md", ""))))
    answers = {qid: next(o.text for o in _q(l8, qid).items if o.id == _q(l8, qid).key["answer"]) for qid in FAR}
    assert answers["L8.Q10"].startswith("A company that sells home water filters")
    assert "one sample of 31" in answers["L8.Q11"] and "three times" in answers["L8.Q11"]
    assert answers["L8.Q12"].startswith("It was public before the post")
