"""The search_lab question type: its spec checks, shape check and partial-credit scorer.

:func:`search_lab_spec` is a fixture question with short made-up conclusions, so that each
branch of the policy is tested apart from the lessons' questions (lessons 1, 3, 5 and 8 use the
type; tests/unit/test_qtypes.py runs the per-type checks on those).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import partial
from typing import Any

import pytest

from medialit import qtypes
from medialit.analysis.search import build_index
from medialit.curriculum.spec import resolve_question
from medialit.errors import CurriculumError
from medialit.grading.replay import result_ids
from medialit.grading.score import score_answer
from medialit.model import Case, Question
from medialit.qtypes.search_lab import MAX_OPENED, MIN_SECONDS, PARTIAL, RECORD_LIMIT, verify
from medialit.qtypes.wellformed import is_blank, public_check, shape_problems

INDEPENDENT = "reuters-2012-09-28"
PARTISAN = "iranfocus-ten-point-plan"
SELF = "criticschronicle-related"
TITLES = {INDEPENDENT: "An independent report", PARTISAN: "One side's own page", SELF: "The page itself"}
#: A search that lists each document (the packet's own title of it: run on the packet index).
FINDS = {
    INDEPENDENT: "Reuters report on the US removal of the MEK from the terrorism list",
    PARTISAN: "Maryam Rajavi: the ten-point plan to combat fundamentalism",
    SELF: "Trump's Confidants In the MEK Terrorist Group Conference",
    "hrw-no-exit-2005": "No Exit: Human Rights Abuses Inside the MKO Camps",
}


def search_lab_spec() -> dict[str, Any]:
    """A search_lab question over the MEK packet (a test fixture, not a lesson question)."""
    return {
        "id": "L9.Q1",
        "type": "search_lab",
        "objectives": ["S1"],
        "prompt": "Search the packet, open what you need, then choose your conclusion.",
        "points": 2,
        "items": [{"id": "a", "text": "Conclusion A"}, {"id": "b", "text": "Conclusion B"}],
        "key": {
            "value": {
                "queries": ["mek delisting"],
                "opened": [{"doc": INDEPENDENT, "title": TITLES[INDEPENDENT], "seconds": 30}],
                "answer": "a",
            },
            "reason": "a model process: the conclusion reached through an independent source",
        },
        "settings": {
            "evidence": "text",
            "sources": {"independent": [INDEPENDENT], "partisan": [PARTISAN], "self": [SELF]},
        },
    }


def search_lab_question(case: Case, **changes: Any) -> Question:
    spec = search_lab_spec()
    spec.update(changes)
    q = resolve_question(case, spec, "test.yaml")
    assert q is not None
    return q


def record(answer: str | None, *docs: str, queries: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A record as the widget makes it: one search per document that lists it, then the opening."""
    if queries is not None:
        return {
            "queries": list(queries),
            "opened": [{"doc": d, "title": TITLES.get(d, d), "seconds": 5 * (i + 1)} for i, d in enumerate(docs)],
            "answer": answer,
        }
    return {
        "queries": [FINDS[d] for d in docs] or ["mek"],
        "opened": [
            {"doc": d, "title": TITLES.get(d, d), "seconds": 5 * (i + 1), "query": i} for i, d in enumerate(docs)
        ],
        "answer": answer,
    }


def replaying(case: Case, q: Question) -> Question:
    """``q`` as the grader's key holds it: able to replay searches on the case's packet."""
    assert case.packet is not None
    return replace(q, replay=partial(result_ids, build_index(case.packet)))


@pytest.fixture(scope="module")
def q(case: Case) -> Question:
    return replaying(case, search_lab_question(case))


def test_the_spec_resolves_with_the_search_lab_widget(q: Question) -> None:
    assert q.type == "search_lab" and q.widget == "search_lab"
    assert qtypes.get("search_lab").widget == "search_lab"


# -- the partial-credit policy, branch by branch ------------------------------------------------


def test_right_conclusion_with_an_independent_source_earns_full_credit(q: Question) -> None:
    result = score_answer(q, record("a", SELF, INDEPENDENT))
    assert (result.score, result.status) == (2.0, "correct")


@pytest.mark.parametrize("docs", [(SELF,), (PARTISAN,), (SELF, PARTISAN), (), ("hrw-no-exit-2005",)])
def test_right_conclusion_without_an_independent_source_earns_partial_credit(
    q: Question, docs: tuple[str, ...]
) -> None:
    result = score_answer(q, record("a", *docs))
    assert result.score == pytest.approx(2.0 * PARTIAL)
    assert PARTIAL == 0.5


@pytest.mark.parametrize("docs", [(INDEPENDENT,), (SELF,), ()])
def test_a_wrong_conclusion_earns_nothing_whatever_was_opened(q: Question, docs: tuple[str, ...]) -> None:
    assert score_answer(q, record("b", *docs)).score == 0.0


def test_no_conclusion_is_incomplete_and_earns_nothing(q: Question) -> None:
    value = record(None, INDEPENDENT)
    assert shape_problems(q, value) == []
    ok, messages = public_check(q, value)
    assert not ok and "no conclusion chosen yet" in " ".join(messages)
    assert score_answer(q, value).score == 0.0


def test_an_accepted_alternative_conclusion_follows_the_same_policy(case: Case) -> None:
    alt = replaying(
        case, search_lab_question(case, accept=[{"value": "b", "reason": "the sources are split; defensible"}])
    )
    assert score_answer(alt, record("b", INDEPENDENT)).score == 2.0
    assert score_answer(alt, record("b", PARTISAN)).score == pytest.approx(1.0)


# -- feedback names what was opened -------------------------------------------------------------


def test_feedback_names_each_opened_document_by_title_and_kind(q: Question) -> None:
    marks = score_answer(q, record("a", SELF, PARTISAN, SELF)).marks
    text = "\n".join(marks)
    assert marks[0].startswith("½ right conclusion")
    assert (
        "You opened 2 documents: “The page itself” (the page itself); “One side's own page” (partisan source)." in text
    )
    assert "None of them confirms the answer independently" in text
    assert TITLES[INDEPENDENT] not in text  # never names a document the student did not open
    full = "\n".join(score_answer(q, record("a", INDEPENDENT)).marks)
    assert full.startswith("✓ right") and "“An independent report” (independent source)" in full


def test_feedback_on_a_wrong_conclusion_does_not_give_away_the_key(q: Question) -> None:
    text = "\n".join(score_answer(q, record("b", INDEPENDENT)).marks)
    assert text.startswith("✗ not right: ") and "Conclusion A" not in text
    assert "“An independent report” (independent source)" in text


def test_feedback_says_when_nothing_was_opened(q: Question) -> None:
    assert "You opened no document" in "\n".join(score_answer(q, record("a")).marks)


# -- blank and malformed values -----------------------------------------------------------------


def test_blank_is_empty_record_and_scores_zero(q: Question) -> None:
    blank = qtypes.get("search_lab").blank(q)
    assert blank == {} and is_blank(q, blank)
    assert score_answer(q, blank).status == "unanswered"


@pytest.mark.parametrize(
    "value",
    [{"queries": [], "opened": [], "answer": None}, {"queries": ["  "], "opened": [], "answer": None}],
)
def test_a_record_with_nothing_in_it_is_blank_for_grader_check_and_restore(q: Question, value: Any) -> None:
    # One definition of "not answered yet": the grader, check() and the runtime's restore agree.
    from medialit.qtypes.wellformed import is_empty_answer

    assert is_blank(q, value) and is_empty_answer(value)
    assert score_answer(q, value).status == "unanswered"
    assert public_check(q, value) == (False, [f"{q.id}: not answered yet."])
    assert not is_blank(q, {**value, "queries": ["mek albania"]})


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a", "the answer must be the search lab's record"),
        (["a"], "the answer must be the search lab's record"),
        ({"queries": [], "opened": []}, "the record lacks answer"),
        ({**record("a"), "extra": 1}, "unknown fields ['extra']"),
        ({**record("a"), "queries": "mek"}, "queries must be a list"),
        ({**record("a"), "opened": "x"}, "opened must be a list"),
        ({**record("a"), "opened": [{"doc": INDEPENDENT, "seconds": -1}]}, "opened entry 1"),
        ({**record("a"), "opened": [{"doc": INDEPENDENT, "seconds": True}]}, "opened entry 1"),
        ({**record("a"), "opened": [{"doc": "", "seconds": 1}]}, "opened entry 1"),
        ({**record("a"), "opened": [{"doc": INDEPENDENT, "seconds": 1.5}]}, "opened entry 1"),
        ({**record("a"), "answer": "z"}, "'z' is not a conclusion; choose one of a, b"),
    ],
)
def test_malformed_values_are_named(q: Question, value: Any, problem: str) -> None:
    problems = shape_problems(q, value)
    assert any(problem in p for p in problems), problems
    assert score_answer(q, value).score == 0.0


# -- spec errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["settings"].pop("sources"), "needs settings.sources"),
        (lambda s: s["settings"]["sources"].update(friendly=["x"]), "unknown classes"),
        (lambda s: s["settings"]["sources"].update(independent=[]), "independent must name at least one"),
        (lambda s: s["settings"]["sources"].update(partisan=[INDEPENDENT]), "is in both"),
        (lambda s: s["key"]["value"].update(answer="z"), "is not a conclusion"),
        (lambda s: s["key"]["value"].update(answer=None), "accepted conclusion's item id"),
        (lambda s: s["key"]["value"].update(opened=[]), "must open an independent source"),
        (lambda s: s.update(items=[]), "needs items"),
        (lambda s: s.update(widget="claim_spotter"), "cannot use widget"),
    ],
)
def test_bad_specs_are_refused_with_a_fix(case: Case, change: Any, message: str) -> None:
    spec = copy.deepcopy(search_lab_spec())
    change(spec)
    with pytest.raises(CurriculumError, match=message):
        resolve_question(case, spec, "test.yaml")


def test_key_text_and_description_read_as_words(q: Question, case: Case) -> None:
    qt = qtypes.get("search_lab")
    lines = qt.key_cell_lines(q, lambda _q: [])
    text = "\n".join(lines)
    # A Markdown list (one item a line), so the solutions' key cell does not run it together.
    assert lines[0] == "" and all(line.startswith("- **") for line in lines[1:])
    assert "- **Conclusion** `a`: Conclusion A" in text
    opened = q.key["opened"][0]
    assert f"opens “{opened['title']}” (`{opened['doc']}`)" in text
    assert (
        "- **Full credit**: the conclusion with at least one independent source opened from a recorded search's "
        f"results and read ({MIN_SECONDS} s or more), at most {MAX_OPENED} documents opened, and a record that "
        f"replays: `{INDEPENDENT}`"
    ) in text
    assert f"- **Half credit** (0.5): the conclusion alone: none of those read (only the page itself `{SELF}`" in text
    assert "or an unverified record" in text
    assert "- **No credit**: any other conclusion, or none" in text
    alt = search_lab_question(case, accept=[{"value": "b", "reason": "defensible"}])
    assert "any other conclusion than the accepted alternatives" in "\n".join(qt.key_cell_lines(alt, lambda _q: []))
    summary, parts = qt.describe(record("a", SELF, queries=("one", "two")), q)
    assert summary == "2 searches, 1 document opened, conclusion “Conclusion A”"
    assert parts == ["searched: “one”", "searched: “two”", "opened: “The page itself” for 5 s"]
    assert qt.describe({}, q) == ("no answer yet", [])


def test_the_book_preview_carries_the_packet_inline(q: Question, case: Case) -> None:
    import json

    from medialit.analysis.search import build_index
    from medialit.publish.book import with_widget_previews

    cell = {
        "cell_type": "code",
        "metadata": {"medialit": {"question": q.id, "role": "answer"}},
        "source": f"show({q.id!r})",
        "outputs": [],
        "execution_count": None,
    }
    nb = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()
    assert with_widget_previews(nb, {q.id: q}) == nb  # no packet: no preview rather than a dead widget
    assert case.packet is not None
    shown = json.loads(with_widget_previews(nb, {q.id: q}, build_index(case.packet)))
    page = shown["cells"][0]["outputs"][0]["data"]["text/html"]
    assert 'data-medialit-static="search-lab"' in page
    assert case.packet.documents[0].title in page and INDEPENDENT in page  # the index, inline
    assert TITLES[INDEPENDENT] not in page and "model process" not in page  # no key material


def test_the_student_bundle_keeps_sources_for_practice_only(case: Case) -> None:
    import json
    from importlib import resources

    import jsonschema

    from medialit.case.bundle import question_to_dict

    schema = json.loads((resources.files("medialit") / "schemas" / "student-bundle-v1.json").read_text("utf-8"))
    practice = question_to_dict(search_lab_question(case, id="L9.P1"), practice=True)
    graded = question_to_dict(search_lab_question(case), practice=False)
    assert practice["settings"]["sources"]["independent"] == [INDEPENDENT]  # the practice Check needs it
    assert "sources" not in graded["settings"] and INDEPENDENT not in json.dumps(graded)
    for name, data in (("practice_question", practice), ("graded_question", graded)):
        jsonschema.validate(data, {"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})


# -- verification: the grader replays the record ------------------------------------------------

#: The hand-written record of issue 20 (attack 5): no search, one independent document "open" for 0 s.
FORGED = {"queries": [], "opened": [{"doc": INDEPENDENT, "title": "x", "seconds": 0}], "answer": "a"}


def test_a_hand_written_record_with_no_search_is_unverified_and_earns_the_conclusion_alone(q: Question) -> None:
    result = score_answer(q, FORGED)
    assert (result.score, result.status) == (2.0 * PARTIAL, "partial")
    text = "\n".join(result.marks)
    assert "Your search record is unverified" in text and "did not come up in a search recorded before" in text
    assert verify(FORGED, q.replay).status == "unverified"


@pytest.mark.parametrize(
    "change",
    [
        lambda v: v.update(queries=["weather in paris"]),  # the search recorded does not list it
        lambda v: v["opened"][0].update(query=3),  # names a search that was never recorded
        lambda v: (v["opened"][0].pop("query"), v.update(queries=["weather in paris"])),  # no recorded search lists it
    ],
)
def test_an_opening_no_recorded_search_listed_makes_the_record_unverified(q: Question, change: Any) -> None:
    value = copy.deepcopy(record("a", INDEPENDENT))
    assert score_answer(q, value).score == 2.0
    change(value)
    assert verify(value, q.replay).status == "unverified"
    assert score_answer(q, value).score == 2.0 * PARTIAL


def test_an_opening_from_an_earlier_search_than_the_previous_opening_does_not_replay(q: Question) -> None:
    value = record("a", SELF, INDEPENDENT)
    value["opened"][1]["query"] = 0  # the widget lists only the latest search: query 0 after query 1 is forged
    value["opened"][0]["query"] = 1
    assert verify(value, q.replay).openings[1].found is False
    assert score_answer(q, value).score == 2.0 * PARTIAL


def test_a_record_without_the_search_link_replays_on_any_recorded_search(q: Question) -> None:
    value = record("a", INDEPENDENT)
    del value["opened"][0]["query"]  # an earlier widget's record, or a model answer
    assert verify(value, q.replay).status == "verified"
    assert score_answer(q, value).score == 2.0


def test_a_glance_at_the_independent_source_is_not_a_reading(q: Question) -> None:
    value = record("a", INDEPENDENT)
    value["opened"][0]["seconds"] = MIN_SECONDS - 1
    result = score_answer(q, value)
    assert result.score == 2.0 * PARTIAL
    assert f"less than {MIN_SECONDS} s is a glance" in "\n".join(result.marks)
    value["opened"][0]["seconds"] = MIN_SECONDS
    assert score_answer(q, value).score == 2.0


def test_without_a_packet_to_replay_on_no_record_is_verified(case: Case) -> None:
    bare = search_lab_question(case)  # no replay: the key was not built by the grader
    assert bare.replay is None
    result = score_answer(bare, record("a", INDEPENDENT))
    assert result.score == 2.0 * PARTIAL and "could not be replayed" in "\n".join(result.marks)


# -- click restraint ---------------------------------------------------------------------------


def test_opening_everything_earns_the_conclusion_alone_and_the_feedback_says_why(case: Case, q: Question) -> None:
    assert case.packet is not None
    docs = [d.id for d in case.packet.documents]
    queries = [d.title for d in case.packet.documents]
    value = {
        "queries": queries,
        "opened": [
            {"doc": d, "title": t, "seconds": 20, "query": i}
            for i, (d, t) in enumerate(zip(docs, queries, strict=True))
        ],
        "answer": "a",
    }
    trail = verify(value, q.replay)
    assert trail.verified and len(trail.docs) == len(docs) > MAX_OPENED
    result = score_answer(q, value)
    assert result.score == 2.0 * PARTIAL
    text = "\n".join(result.marks)
    assert f"You opened {len(docs)} documents" in text and "click restraint" in text
    assert f"more than {MAX_OPENED} earns no credit for the search" in text
    # The same trail stopped at MAX_OPENED documents, the independent one among them, earns full credit.
    at = docs.index(INDEPENDENT)
    few = dict(value, opened=value["opened"][at - MAX_OPENED + 1 : at + 1])
    assert len(few["opened"]) == MAX_OPENED and score_answer(q, few).score == 2.0


def test_opening_only_one_sides_pages_earns_the_conclusion_alone_and_says_why(q: Question) -> None:
    result = score_answer(q, record("a", PARTISAN))
    assert result.score == 2.0 * PARTIAL
    assert "You opened only partisan pages, a side's own material" in "\n".join(result.marks)


def test_a_record_longer_than_the_widget_makes_is_not_replayed(q: Question) -> None:
    calls: list[str] = []
    assert q.replay is not None
    replay = q.replay

    def counting(query: str) -> Any:
        calls.append(query)
        return replay(query)

    value = record("a", INDEPENDENT)
    value["queries"] = [*value["queries"], *(f"filler {i}" for i in range(RECORD_LIMIT))]
    trail = verify(value, counting)
    assert calls == [] and trail.status == "unverified"
    result = score_answer(q, value)
    assert result.score == 2.0 * PARTIAL and "could not be replayed" in "\n".join(result.marks)
