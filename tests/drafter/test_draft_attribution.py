"""Each attribution pattern of the drafting analyzer (issue 6, item 3)."""

import pytest

from medialit.case.segment import segment
from medialit.drafter.attribution import find_attributions
from medialit.model import Article


def attributions(text: str):
    body = "A headline for the test\n\n" + text
    article = Article(id="t", title="t", body=body, blocks=segment(body))
    found, _ = find_attributions(article)
    return [
        (f.sentence, f.cue_text, f.source.name, f.source.kind, f.mode, [c.name for c in f.chain], f.sentences)
        for f in found
    ]


def one(text: str):
    found = attributions(text)
    assert len(found) == 1, found
    return found[0]


def test_direct_quote_speaker_after():
    _, cue, name, kind, mode, _, _ = one("“We are ready,” said Mayor Ann Lee, who took office in May.")
    assert (cue, name, kind, mode) == ("said Mayor Ann Lee", "Mayor Ann Lee", "named_person", "direct_quote")


def test_direct_quote_speaker_before_verb():
    _, cue, name, _, mode, _, _ = one("“We are ready,” Lee said.")
    assert (cue, name, mode) == ("Lee said", "Lee", "direct_quote")


def test_indirect_quote_with_that_and_appositive():
    _, cue, name, kind, mode, _, _ = one(
        "Mayor Luis Ortega, who proposed the line last spring, told reporters that grants would cover 60 percent."
    )
    assert cue == "Mayor Luis Ortega, who proposed the line last spring, told reporters"
    assert (name, kind, mode) == ("Mayor Luis Ortega", "named_person", "paraphrase")


def test_indirect_quote_without_that():
    _, cue, name, kind, _, _, _ = one("Critics say the plan favours large landowners.")
    assert (cue, name, kind) == ("Critics say", "Critics", "vague")


def test_speaker_last_after_a_clause():
    _, cue, _name, kind, mode, _, _ = one(
        "Work will close two lanes for 18 months, the city's public works department said in a memo."
    )
    assert cue == "the city's public works department said in a memo"
    assert (kind, mode) == ("organisation", "paraphrase")  # a department that speaks (in a memo) for itself


def test_mixed_quote():
    _, _, _, _, mode, _, _ = one("Tanaka said the estimate of 9,000 riders was “wildly optimistic.”")
    assert mode == "mixed"


def test_according_to_at_the_start_and_at_the_end():
    assert one("According to NBC News, the group is funded from abroad.")[1:4] == (
        "According to NBC News",
        "NBC News",
        "named_outlet",
    )
    assert one("The project will cost $48 million, according to a staff report.")[1:4] == (
        "according to a staff report",
        "a staff report",
        "official_document",
    )


def test_chain_told_an_outlet():
    _, cue, name, kind, _, chain, _ = one(
        "Two officials familiar with the talks told Channel 4 News that a deal was close."
    )
    assert cue == "Two officials familiar with the talks told Channel 4 News"
    assert (name, kind) == ("Two officials familiar with the talks", "anonymous")
    assert chain == ["Two officials familiar with the talks", "Channel 4 News"]


def test_told_reporters_is_no_chain():
    assert one("The mayor told reporters that the deal was done.")[5] == []


def test_chain_inside_a_block_quote_and_reporting_noun():
    found = attributions(
        "“Attacks are being carried out by a dissident group, U.S. officials tell NBC News, "
        "confirming charges leveled by Iran’s leaders.”"
    )
    assert [(f[1], f[3], f[4]) for f in found] == [
        ("U.S. officials tell NBC News", "anonymous", "direct_quote"),
        ("charges leveled by Iran’s leaders", "vague", "direct_quote"),
    ]
    assert found[0][5] == ["U.S. officials", "NBC News"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Officials said the road would reopen on Friday.", "anonymous"),
        ("City transit officials, who asked not to be named, said an increase was possible.", "anonymous"),
        ("A spokeswoman for the agency said the review was under way.", "anonymous"),
        ("Experts say such lines attract more riders.", "vague"),
        ("Some residents fear that fares will rise.", "vague"),
        ("On the other hand, some of the former members reported abuses in the camps.", "vague"),
        ("Residents of Arroyo Blanco, a town of 4,000 people, say their wells are failing.", "vague"),
    ],
)
def test_anonymous_and_vague_sources(text, kind):
    assert one(text)[3] == kind


def test_pronoun_speaker_resolves_to_the_person_named_before():
    found = attributions(
        "Rosa Delgado runs a bakery. Others welcomed the plan: he said it can only help. "
        "Hardware store owner Sam Pike agreed. “It helps,” he said."
    )
    assert found[-1][2] == "Sam Pike"


def test_definite_description_and_surname_resolve_to_the_full_name():
    found = attributions(
        "Skyline Air grounded 12 jets, the airline said in a filing. Chief executive Robert Haines "
        "spoke on Monday. The fleet will return in two weeks, Haines said."
    )
    assert [f[2] for f in found] == ["Skyline Air", "Robert Haines"]


def test_quotation_over_several_sentences_joins_the_attribution():
    found = attributions(
        "“This is the vote of my life,” said Dana Whitfield. “People wait an hour. That is not acceptable.”"
    )
    assert len(found) == 1
    assert found[0][6] == ["p1.s2", "p1.s3"]


def test_list_items_join_the_attribution_of_their_introduction():
    found = attributions("The study names three causes:\n- more wells;\n- less snow;\n- a rule change.")
    assert found[0][1] == "The study names"
    assert found[0][6] == ["p1.s2", "p1.s3", "p1.s4"]


@pytest.mark.parametrize(
    "text",
    [
        "She declined to say whether other carriers were told.",
        "Skyline denied the claim.",
        "The estimate was 9,000 riders.",
        "It was listed by the United States until 2012.",
        "Media reports of the deal spread quickly.",
    ],
)
def test_no_attribution(text):
    assert attributions(text) == []


def test_nested_attribution_inside_a_speaker_last_content_is_dropped():
    found = attributions("The airline expects the planes back in two weeks, Haines said.")
    assert [f[1] for f in found] == ["Haines said"]


def test_coordinated_verb_keeps_the_speaker():
    found = attributions("Sen. Carla Nunez called the report “a wake-up call” and said she would act.")
    assert [(f[1], f[2]) for f in found] == [
        ("Sen. Carla Nunez called", "Sen. Carla Nunez"),
        ("said", "Sen. Carla Nunez"),
    ]
