"""A claim or framing span that is itself a quotation keeps its own quotation marks in the
items students label: no doubled marks (a real news report tried for issue 22 showed
``““This was a sad and tragic incident, …,””`` in L2.Q2 and L4.Q1)."""

from pathlib import Path

import pytest

from medialit import api
from medialit.curriculum.derive import derive
from medialit.curriculum.derive_common import quoted

CASE = Path(__file__).parents[1] / "data" / "cases" / "quoted-speaker"


@pytest.mark.parametrize(
    ("span", "shown"),
    [
        ("“We will appeal,”", "“We will appeal,”"),
        ('"We will appeal."', '"We will appeal."'),
        ("‘rogue state’", "‘rogue state’"),
        ("fined 40,000 dollars", "“fined 40,000 dollars”"),
        ("“rogue” regime", "““rogue” regime”"),
        ("  slap on the wrist ", "“slap on the wrist”"),
    ],
)
def test_quoted_wraps_only_what_is_not_already_a_quotation(span, shown):
    assert quoted(span) == shown


@pytest.fixture(scope="module")
def lessons():
    return api.load_module(CASE)[1]


@pytest.mark.parametrize(
    ("qid", "derivation", "plain"),
    [
        # No quotation marks added (trial 28: a claim span in marks read as a direct quote just
        # before L2.Q6 asks a quote from a paraphrase); the widget marks it in its sentence.
        ("L2.Q2", "claim_sources", "fined $40,000 on Monday (p1.s1)"),
        ("L4.Q1", "claim_kinds", "fined $40,000 on Monday (p1.s1)"),
    ],
)
def test_labelled_claims_show_single_quotation_marks(lessons, qid, derivation, plain):
    question = next(q for lesson in lessons for q in lesson.questions if q.id == qid)
    texts = {item.id: item.text for item in question.items}
    # The items ask about the second half (p3-p4 here: the practice works on the first).
    assert texts["C4"] == "“We will appeal,” (p3.s1)"
    assert not any("““" in t or "””" in t for t in texts.values())
    # The same derivation on claims of the first half.
    case = api.load_module(CASE)[0]
    derived = derive(case, derivation, {"claims": ["C2", "C3"]}, "test")
    assert [o.text for o in derived["items"]] == [
        plain,
        "“We are disappointed by the ruling,” (p2.s1)",
    ]


def test_a_framing_phrase_in_scare_quotes_is_not_quoted_twice():
    case = api.load_module(CASE)[0]
    derived = derive(case, "framing_devices_of", {"framing": ["fr-slap"]}, "test")
    assert [o.text for o in derived["items"]] == ["“slap on the wrist” (p4.s1)"]
