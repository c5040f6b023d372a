"""One scorer per question type, and the documented partial-credit policy (score.py docstring)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medialit.grading.score import canonical_json, score_answer, value_fraction
from medialit.model import Option, Question
from medialit.qtypes.spans import span_found
from medialit.qtypes.wellformed import public_check, shape_problems


def q(qtype, key, **kw):
    return Question(
        id="L9.Q1",
        type=qtype,
        prompt="p",
        points=kw.pop("points", 2.0),
        objectives=("S1",),
        key=key,
        explanation="",
        citations=(),
        **kw,
    )


OPTS = tuple(Option(x, x.upper()) for x in "abcde")
ITEMS = tuple(Option(x, x) for x in ("i1", "i2", "i3", "i4"))
SENTS = tuple(Option(x, x) for x in ("p1.s1", "p1.s2", "p2.s1", "p3.s1"))

SINGLE = q("single_choice", "b", options=OPTS, points=1)
MULTI = q("multi_select", ["a", "c"], options=OPTS)
LABELS = q("label_items", {"i1": "x", "i2": "y", "i3": "x", "i4": "y"}, items=ITEMS, labels=("x", "y", "z"))
PAIRS = q("match_pairs", {"i1": "y", "i2": "x"}, items=ITEMS[:2], labels=("x", "y"))
SENT_SET = q("select_sentences", ["p1.s1", "p2.s1"], items=SENTS)
SENT_LAB = q("select_sentences", {"p1.s1": "x", "p2.s1": "y"}, items=SENTS, labels=("x", "y"))
SPANS = q(
    "select_spans",
    [
        {"sentence": "p1.s1", "text": "some in the US", "label": "vague"},
        {"sentence": "p2.s1", "text": "officials said", "label": "vague"},
    ],
    items=SENTS,
    labels=("vague", "loaded"),
)
NUM = q("numeric", 47, points=1)
NUM_TOL = q("numeric", 0.71, tolerance=0.005, points=1)
TEXT = q("short_text", None, rubric=("1 point - searches",), points=3)


@pytest.mark.parametrize(
    ("question", "value", "frac"),
    [
        (SINGLE, "b", 1.0),
        (SINGLE, "c", 0.0),
        # sets: (right picks - wrong picks) / size of key, floored at 0
        (MULTI, ["a", "c"], 1.0),
        (MULTI, ["a"], 0.5),
        (MULTI, ["a", "c", "d"], 0.5),
        (MULTI, ["a", "d"], 0.0),
        (MULTI, ["b", "d", "e"], 0.0),
        # labels and pairs: share of items given the key's label
        (LABELS, {"i1": "x", "i2": "y", "i3": "x", "i4": "y"}, 1.0),
        (LABELS, {"i1": "x", "i2": "x", "i3": "", "i4": "y"}, 0.5),
        (PAIRS, {"i1": "y", "i2": "y"}, 0.5),
        (SENT_SET, ["p1.s1", "p2.s1"], 1.0),
        (SENT_SET, ["p1.s1", "p3.s1"], 0.0),
        (SENT_SET, ["p1.s1"], 0.5),
        # labelled sentences: right sentence 1 with the right label, 1/2 with another; wrong picks cost 1
        (SENT_LAB, {"p1.s1": "x", "p2.s1": "y"}, 1.0),
        (SENT_LAB, {"p1.s1": "y", "p2.s1": "y"}, 0.75),
        (SENT_LAB, {"p1.s1": "x", "p3.s1": "x"}, 0.0),
        # numbers: within tolerance
        (NUM, 47, 1.0),
        (NUM, 47.0, 1.0),
        (NUM, 46, 0.0),
        (NUM_TOL, 0.714, 1.0),
        (NUM_TOL, 0.72, 0.0),
    ],
)
def test_partial_credit_policy(question, value, frac):
    assert value_fraction(question, value) == pytest.approx(frac)
    r = score_answer(question, value)
    assert r.score == pytest.approx(round(question.points * frac, 2))  # at most two decimals
    assert r.status == ("correct" if frac == 1 else "partial" if frac > 0 else "incorrect")


def test_spans_word_fallback_threshold_and_extra_highlights():
    # These highlights carry no offsets (answers saved before offsets existed): the word fallback.
    key = SPANS.key[0]
    texts = {o.id: o.text for o in SENTS}
    assert span_found(key, {"sentence": "p1.s1", "text": "some in US", "label": "vague"}, texts)  # 2 of 2 content
    assert not span_found(key, {"sentence": "p1.s1", "text": "in the", "label": "vague"}, texts)  # stop words only
    assert not span_found(key, {"sentence": "p1.s1", "text": "some in the US", "label": "loaded"}, texts)  # label
    assert not span_found(key, {"sentence": "p2.s1", "text": "some in the US", "label": "vague"}, texts)  # sentence
    whole = " ".join(["word"] * 30) + " some in the US"
    assert not span_found(key, {"sentence": "p1.s1", "text": whole, "label": "vague"}, texts)  # whole sentence
    one = [{"sentence": "p1.s1", "text": "some in the US", "label": "vague"}]
    assert value_fraction(SPANS, one) == 0.5
    extra = [*one, {"sentence": "p3.s1", "text": "nothing here", "label": "vague"}]
    assert value_fraction(SPANS, extra) == 0.25  # (1 - 1/2) / 2
    assert value_fraction(SPANS, [extra[1]] * 3) == 0.0  # floored at zero


def test_short_text_goes_to_the_manual_queue():
    r = score_answer(TEXT, "I would search it.")
    assert (r.status, r.score, r.max_score) == ("needs manual grading", 0.0, 3.0)
    assert "rubric" in r.message
    assert score_answer(TEXT, "   \n").status == "unanswered"


def test_blank_missing_and_malformed_answers():
    assert score_answer(MULTI, [], present=True).status == "unanswered"
    assert score_answer(MULTI, None, present=False).message == "The answer cell is missing."
    bad = score_answer(SINGLE, "zz")
    assert bad.status == "malformed"
    assert "'zz' is not an option" in bad.message
    assert bad.public_passed is False
    assert score_answer(LABELS, {"i1": "nope"}).status == "malformed"
    assert score_answer(NUM, "47").status == "malformed"
    assert score_answer(NUM, math.inf).status == "malformed"
    assert score_answer(NUM, True).status == "malformed"


def test_public_check_never_reveals_right_or_wrong():
    ok, msgs = public_check(SINGLE, "c")  # wrong but well formed
    assert ok
    assert "not your grade" in msgs[0]
    assert public_check(SINGLE, "")[1] == ["L9.Q1: not answered yet."]


def test_feedback_messages_never_contain_the_key():
    for question, wrong in ((SINGLE, "c"), (MULTI, ["a", "d"]), (LABELS, {"i1": "y"}), (NUM, 46)):
        r = score_answer(question, wrong)
        assert canonical_json(question.key) not in r.message
        assert str(question.key) not in r.message
        hidden = [c for c in r.checks if not c.public]
        assert all(str(question.key) not in c.message for c in hidden)


def test_canonical_json_of_odd_values():
    assert canonical_json({"b": 1, "a": {2, 1}}) == '{"a": [1, 2], "b": 1}'
    assert canonical_json(b"x") == "\"b'x'\""
    assert canonical_json(float("nan")) == '"nan"'
    assert canonical_json("\ud800") == '"?"'
    assert len(canonical_json("x" * 10_000)) == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)
python_values = (
    json_values
    | st.sets(st.integers(), max_size=3)
    | st.tuples(st.integers())
    | st.binary(max_size=4)
    | st.complex_numbers(allow_nan=True)
    | st.just(10**5000)
    | st.frozensets(st.text(max_size=2), max_size=2)
)


@settings(max_examples=300, deadline=None, database=None)
@given(value=python_values)
def test_every_scorer_accepts_any_value(value):
    """Answers come from students: scoring must never raise, whatever the value."""
    for question in (SINGLE, MULTI, LABELS, PAIRS, SENT_SET, SENT_LAB, SPANS, NUM, NUM_TOL, TEXT):
        r = score_answer(question, value)
        assert 0 <= r.score <= question.points
        shape_problems(question, value)
        public_check(question, value)
