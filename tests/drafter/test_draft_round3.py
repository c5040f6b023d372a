"""Issue 22, third round of drafter rules (after the error list of the retired test-issue24 split and
of real articles kept outside the repository): descriptions with a clause about a body named before,
a statement or report that speaks for the body that issued it, a headline's body named by its noun,
names said to be organisations by an apposition, "which said" after the body it hangs on, modal
verbs and adjectival participles that report nothing, and headline words the body uses in another
form. Every sentence is written for the test (every name invented; none is taken from an
evaluation split). Each rule's test fails on the drafter before this round; guards say what must not
change."""

import pytest
from drafted_text import article, found, framing_spans

from medialit.drafter._lexicon import lexicon
from medialit.drafter.attribution import find_attributions
from medialit.drafter.framing import draft_framing


def headline_words(text: str, headline: str) -> list[str]:
    """The headline words the drafter says the body never uses."""
    art = article(text, headline)
    hits, _ = find_attributions(art)
    return [t for f in draft_framing(art, hits, lexicon()) if f.device == "headline_body_mismatch" for _, t in f.spans]


# -- who is speaking ---------------------------------------------------------------------------------


def test_a_description_with_a_clause_is_the_body_named_before() -> None:
    hits = found(
        "Fenmark Water was fined 3 million crowns on Tuesday. "
        "The utility, which supplies about 400,000 homes, said it would not appeal."
    )
    assert hits == [("The utility, which supplies about 400,000 homes, said", "Fenmark Water", "organisation")]


def test_an_apposition_that_names_a_kind_of_body_makes_the_name_an_organisation() -> None:
    hits = found(
        "The Centre for Harbour Studies, a think tank funded partly by shipowners, argues that tolls will rise."
    )
    assert hits == [
        (
            "The Centre for Harbour Studies, a think tank funded partly by shipowners, argues",
            "The Centre for Harbour Studies",
            "organisation",
        )
    ]


def test_the_statement_speaks_for_the_body_that_issued_it() -> None:
    hits = found(
        "Ostby Foods said in a statement that it had recalled two batches. "
        "The firm stocks 300 shops. "
        "\u201cNo illness has been reported,\u201d the statement said."
    )
    assert ("the statement said", "Ostby Foods", "organisation") in hits


def test_a_report_named_before_is_that_bodys_report() -> None:
    hits = found(
        "Nurses were asked to work unpaid overtime, the union Carewell said in a report on Monday. "
        "The report, based on a survey of 900 nurses, found that half had worked extra shifts."
    )
    assert hits[-1][1:] == ("Carewell's report", "official_document")


def test_a_statement_with_no_issuer_named_stays_a_document() -> None:
    hits = found("\u201cWe will reopen on Friday,\u201d the statement said.")
    assert hits == [("the statement said", "the statement", "official_document")]


def test_which_said_after_a_body_is_that_body() -> None:
    hits = found("The claims were rejected by the interior ministry, which said every permit had been checked.")
    assert hits == [("the interior ministry, which said", "the interior ministry", "organisation")]


def test_which_said_after_a_time_is_nobody() -> None:
    assert found("Police arrested two men on Sunday, who said they had been asleep.") == []


def test_which_tells_after_a_document_is_no_attribution() -> None:
    hits = found("The company pointed to its safety leaflet, which tells riders to wear helmets.")
    assert all("leaflet" not in source for _, source, _ in hits)


def test_claims_that_are_nobodys_even_when_someone_answers_them() -> None:
    hits = found("Claims that the grain was spoiled were rejected by the port authority, which said it was tested.")
    assert ("Claims that", "unnamed claims", "vague") in hits
    assert any(source == "the port authority" for _, source, _ in hits)


def test_a_headline_body_named_by_its_noun_is_the_body_the_story_names() -> None:
    art_hits = found(
        "Cleaners at three hospitals were paid late all year, the charity group Fairwork Norden said on Monday.",
        headline="Charity group says hospital cleaners paid late",
    )
    assert art_hits[0][0] == "Charity group says"
    assert "Fairwork Norden" in art_hits[0][1]


# -- what is not an attribution ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The planning board should say no to the new quarry.",
        "The regional council will debate the waiting lists in May.",
        "The minister could announce the new rules next week.",
        "The floods killed an estimated 2,000 sheep.",
        "The alleged bribe was never found.",
    ],
)
def test_modal_verbs_and_adjectival_participles_report_nothing(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Asked about the talks, the minister would say only that they continued.",
        "Asked about the talks, the minister would only say that they continued.",
    ],
)
def test_would_only_say_still_reports_what_was_said(text: str) -> None:
    hits = found(text)
    assert [source for _, source, _ in hits] == ["the minister"]


# -- headline hints ----------------------------------------------------------------------------------


def test_a_headline_word_the_body_uses_in_another_form_is_not_missing() -> None:
    words = headline_words(
        "Unions warned on Monday that the strike would go ahead. The council voted to close two libraries.",
        headline="Unions warn of strike as council votes to close libraries",
    )
    assert words == []


def test_a_headline_label_for_the_kind_of_page_is_not_missing() -> None:
    words = headline_words("The council met on Monday.", headline="Morning bulletin: transcript")
    assert "transcript" not in words


def test_a_headline_word_the_body_never_uses_is_still_named() -> None:
    words = headline_words("The council met on Monday to discuss the budget.", headline="Council slashes budget")
    assert words == ["slashes"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("The vote was delayed, people close to the board said.", "people close to the board"),
        ("Two aides briefed on the talks said the deal was near.", "Two aides briefed on the talks"),
    ],
)
def test_people_placed_near_a_body_are_unnamed_people_not_the_body(text: str, source: str) -> None:
    assert [(s, k) for _, s, k in found(text)] == [(source, "anonymous")]


# -- real copy: verbs, speakers after the verb, quoted-as, articles in outlets --------------------------


def test_a_tweet_is_a_report() -> None:
    assert found("The airline's founder Jon Brask tweeted that the plane was lost.") == [
        ("The airline's founder Jon Brask tweeted", "Jon Brask", "named_person")
    ]


def test_an_unnamed_speaker_after_the_verb() -> None:
    hits = found(
        "The wreck was found on Sunday, said a source close to the inquiry. He cautioned that the search was not over."
    )
    assert [(c, s, k) for c, s, k in hits] == [
        ("said a source close to the inquiry", "a source close to the inquiry", "anonymous"),
        ("He cautioned", "a source close to the inquiry", "anonymous"),
    ]


def test_a_speaker_after_the_verb_is_not_the_start_of_the_content() -> None:
    assert found("The minister said a deal was near.") == [("The minister said", "The minister", "vague")]


def test_an_outlet_that_quoted_someone_is_the_chain_behind_them() -> None:
    hits, _ = find_attributions(
        article("Local radio later quoted the head of the rescue service, Ivo Marr, as saying the roads were closed.")
    )
    assert [(f.source.name, [c.name for c in f.chain]) for f in hits] == [("Ivo Marr", ["Ivo Marr", "Local radio"])]


def test_according_to_an_article_in_an_outlet_is_the_outlet() -> None:
    hits = found("The rule was set out, according to a 2003 article in the Dalby Gazette, in the town charter.")
    assert hits == [("according to a 2003 article in the Dalby Gazette", "the Dalby Gazette", "named_outlet")]


def test_a_quoted_person_calling_something_something() -> None:
    assert found("Senator Ola Berg was quoted calling the plan a disgrace.") == [
        ("Senator Ola Berg was quoted calling", "Senator Ola Berg", "named_person")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The letter includes names and addresses.",
        "She is now accused of arson.",
        "We need to think about privacy.",
        "The minister plans to announce the cuts on Friday.",
    ],
)
def test_objects_passives_and_infinitives_are_no_cues(text: str) -> None:
    assert found(text) == []


def test_led_someone_to_believe_is_still_a_belief_reported() -> None:
    assert [s for _, s, _ in found("The promise has led some in the capital to believe the talks will work.")] == [
        "some in the capital"
    ]


def test_an_adverbial_between_speaker_and_verb() -> None:
    assert found("Police at first thought the fire was an accident.") == [
        ("Police at first thought", "Police", "organisation")
    ]


# -- real copy: who "he" and "she" are ------------------------------------------------------------------


def test_he_said_is_the_last_person_quoted_not_the_last_person_named() -> None:
    hits = found("Nobody has been charged, Lt. Dan Berg said. The driver was paid by Ann Holm, he said.")
    assert hits[-1][:2] == ("he said", "Lt. Dan Berg")


def test_a_document_that_carries_a_persons_words_is_their_chain() -> None:
    hits, _ = find_attributions(
        article(
            "The driver told investigators that the car was stolen, court papers say. "
            "He said it had been parked outside."
        )
    )
    assert [(f.source.name, [c.name for c in f.chain]) for f in hits] == [
        ("The driver", ["The driver", "court papers"]),
        ("The driver", []),
    ]


def test_she_is_not_a_man_the_text_called_he() -> None:
    hits = found(
        "Mira Tell was arrested at the clinic where she worked. "
        "Officer Jon Hale wrote that his team had found the files. "
        "When investigators asked Tell about the files, she said she had never seen them, Hale wrote."
    )
    assert ("she said", "Mira Tell", "named_person") in hits


def test_a_pronoun_after_a_colon_means_the_person_just_named() -> None:
    hits = found(
        "\u201cIt will ruin us,\u201d said Rosa Dahl, who runs a bakery. "
        "Others, like shop owner Sam Pike, welcomed the plan: he said more customers \u201ccan only help.\u201d"
    )
    assert hits[-1][:2] == ("he said", "Sam Pike")


# -- real copy: participles, negations, gerunds ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kelso had fought the city for years, claiming the rules were unfair.",
        "Kelso had waged a long battle with the city \u2014 claiming the rules were unfair.",
    ],
)
def test_a_participle_after_a_long_main_clause_reports_for_its_subject(text: str) -> None:
    assert [(s, k) for _, s, k in found(text)] == [("Kelso", "named_person")]


@pytest.mark.parametrize(
    "text",
    [
        "The other person hasn\u2019t agreed to share the list.",
        "The gates were opened without warning.",
        "Warning signs were ignored for months.",
    ],
)
def test_negations_gerunds_and_nouns_are_no_cues(text: str) -> None:
    assert found(text) == []


# -- real copy: framing --------------------------------------------------------------------------------


def test_the_end_of_a_quotation_that_runs_over_two_sentences_is_no_scare_quote() -> None:
    spans = framing_spans(
        "\u201cWe tried. We failed to pass the law,\u201d Mr Holm said. \u201cIt hurts. It still does,\u201d he said."
    )
    assert not any("said" in t for _, t in spans)


def test_a_term_introduced_by_called_is_no_scare_quote() -> None:
    spans = framing_spans("The browser then sends what is called a \u201cthird-party request.\u201d")
    assert spans == set()


def test_he_said_is_no_vague_sourcing() -> None:
    spans = framing_spans("The driver told investigators the car was stolen. He said it had been parked outside.")
    assert ("vague_attribution", "He said") not in spans


@pytest.mark.parametrize("phrase", ["bruising", "dust-up", "a spent force", "scathing"])
def test_a_dispute_told_as_a_fight_is_loaded_language(phrase: str) -> None:
    spans = framing_spans(
        f"The vote ended a {phrase} week for the council."
        if phrase != "a spent force"
        else "By March the mayor looked like a spent force."
    )
    assert any(d == "loaded_language" and phrase.removeprefix("a ") in t for d, t in spans)


# -- real copy: the outlet behind a speaker --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("In an interview with the Dalby Herald, Mr Holm said the plan was dead.", "the Dalby Herald"),
        (
            "In an interview with OrvikNews.com on Monday, Senator Ola Berg was quoted calling it a disgrace.",
            "OrvikNews.com",
        ),
        ("The plan is dead, the society's president, Anna Voss, told Nordpress.", "Nordpress"),
        (
            "One official, who spoke on condition of anonymity, told the Harlow Sentinel that the county would appeal.",
            "the Harlow Sentinel",
        ),
    ],
)
def test_the_outlet_a_speaker_spoke_to_is_the_chain_behind_them(text: str, outlet: str) -> None:
    hits, _ = find_attributions(article(text))
    assert [c.name for c in hits[0].chain][1:] == [outlet]


def test_an_interview_with_no_outlet_named_adds_no_chain() -> None:
    hits, _ = find_attributions(article("In an interview, Mr Holm said the plan was dead."))
    assert hits[0].chain == []


# -- real copy: check-worthiness ------------------------------------------------------------------------


def worthy(text: str, headline: str = "A headline for the test") -> dict[str, bool]:
    from medialit.drafter import draft_annotations

    art = article(text, headline)
    by_id = {c["sentence"]: c["check_worthy"] for c in draft_annotations(art)["claims"]}
    return {s.text: by_id[s.id] for s in art.sentences if s.id in by_id}


@pytest.mark.parametrize(
    "headline",
    ["Nurse in Harlund diagnosed with measles", "Wreckage of missing ferry pulled from the sea off Kell Point"],
)
def test_a_headline_event_in_the_passive_is_check_worthy(headline: str) -> None:
    assert worthy("The council met on Monday.", headline)[headline] is True


def test_a_headline_with_a_relative_clause_is_not_a_passive_event() -> None:
    headline = "The bridge nobody asked for"
    assert worthy("The council met on Monday.", headline)[headline] is False


def test_a_box_label_with_its_writer_is_no_claim() -> None:
    assert "Analysis: Mira Holt, Dalby News, Kessel" not in worthy("Analysis: Mira Holt, Dalby News, Kessel")


def test_a_flight_number_is_no_figure() -> None:
    text = "\u201cMy heart is with the families on QZ8501,\u201d the airline\u2019s chief Tom Brask said."
    assert worthy(text)[text] is False


def test_declining_to_answer_is_no_claim_to_check() -> None:
    text = "He declined to answer questions on whether any survivors had been found."
    assert worthy(text)[text] is False


# -- real copy, second dev set ---------------------------------------------------------------------------


def test_a_lowercase_role_glued_to_a_name_is_the_person_whatever_the_role_word() -> None:
    hits = found("\u201cThe brain is more flexible,\u201d said study co-author Paul Ekvall, a physicist.")
    assert hits == [("said study co-author Paul Ekvall", "Paul Ekvall", "named_person")]


def test_people_named_by_a_plural_with_an_auxiliary_and_a_time() -> None:
    assert found("College football coaches have said for years that agents are a problem.") == [
        ("College football coaches have said", "College football coaches", "vague")
    ]


def test_papers_quoting_someone_in_the_present_tense() -> None:
    hits, _ = find_attributions(article("Local newspapers quote Salinas as saying she had no choice."))
    assert [(f.source.name, [c.name for c in f.chain]) for f in hits] == [("Salinas", ["Salinas", "Local newspapers"])]


@pytest.mark.parametrize(
    "text",
    ["Iran and its allies agreed to hold talks in May.", "She was with her husband, who still believed the story."],
)
def test_a_decision_and_a_relative_clause_are_no_cues(text: str) -> None:
    assert found(text) == []


def test_a_speaker_after_the_verb_with_a_bare_role_to_the_end_of_the_sentence() -> None:
    text = (
        "Once the market picks up and building returns to normal, the impact will grow, "
        "said Russ Dalby, executive vice president of the Home Builders Association of Kessel."
    )
    assert found(text) == [("said Russ Dalby", "Russ Dalby", "named_person")]


def test_a_name_after_said_is_what_was_said_not_who_the_role_is() -> None:
    assert found("The mayor said Tom Berg was wrong.") == [("The mayor said", "The mayor", "vague")]


@pytest.mark.parametrize(
    "text",
    [
        "After two churchgoers were killed in South Carolina in June, he admitted the law had failed.",
        "The law protects Social Security for retirees. He added that reforms were needed.",
    ],
)
def test_places_and_institutions_are_never_he(text: str) -> None:
    hits = found("Senator Jon Halvard spoke on Monday. " + text)
    assert hits and all(source.endswith("Jon Halvard") for _, source, _ in hits)


def test_a_capitalised_leader_is_a_title() -> None:
    hits = found(
        "House Minority Leader Jon Brekke said in a statement that the law works. He added that reforms are needed."
    )
    assert [(c, k) for c, _, k in hits] == [
        ("House Minority Leader Jon Brekke said in a statement", "named_person"),
        ("He added", "named_person"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Many people report that they feel calm.", [("Many people report", "Many people", "vague")]),
        ("Democrats pledged to protect the program.", [("Democrats pledged", "Democrats", "vague")]),
        ("Reporters report to the news desk.", []),
        ("The 84-page report was published on Monday.", []),
    ],
)
def test_report_as_a_verb_only_after_a_plural_subject(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


def test_a_title_case_headline_capitalises_its_verb() -> None:
    hits = found("The bank's chief spoke on Monday.", headline="Jamie Dimon Says Banks Are Under Assault")
    assert hits == [("Jamie Dimon Says", "Jamie Dimon", "named_person")]


def test_a_headline_hint_names_only_words_that_assert_something() -> None:
    words = headline_words(
        "Argentina is buying 12 jets from a foreign supplier, officials confirmed.",
        headline="Argentina's Fighter Purchase Could Raise Tensions With Britain",
    )
    assert words == []


def test_a_loaded_headline_word_the_body_never_uses_is_named() -> None:
    words = headline_words("The council met on Monday to discuss the budget.", headline="Council's shameful budget")
    assert words == ["shameful"]


def test_illegal_immigrant_is_a_label() -> None:
    assert ("label", "illegal immigrants") in framing_spans("The farms hired illegal immigrants for the harvest.")


def test_a_plural_noun_opening_a_sentence_is_a_vague_group_not_a_surname() -> None:
    assert found("Legislators said the law was needed.") == [("Legislators said", "Legislators", "vague")]
    assert found("Senator Ann Waters spoke first. Waters said the law was needed.")[-1][1:] == (
        "Ann Waters",
        "named_person",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The law allows police to detain people for up to a week without charge.",
        "The body was found in a ditch near the road.",
    ],
)
def test_a_law_in_force_and_a_passive_event_are_check_worthy(text: str) -> None:
    assert worthy(text)[text] is True


# -- real copy, the retired held-out set -----------------------------------------------------------------


def test_an_antecedent_before_a_who_clause_is_the_speaker_and_told_takes_no_speaker_after() -> None:
    hits, _ = find_attributions(
        article("The talks aim at a deal, the source, who said he had spoken to people inside, told Reuters.")
    )
    assert [(f.source.name, [c.name for c in f.chain]) for f in hits] == [("the source", ["the source", "Reuters"])]


def test_a_lowercase_title_and_a_name_after_the_verb_closed_by_from() -> None:
    hits = found("Drivers should slow down, said chief inspector Jenna Holt from the Kessel police.")
    assert [(s, k) for _, s, k in hits] == [("Jenna Holt", "named_person")]


@pytest.mark.parametrize(
    "text",
    [
        "No group claimed responsibility.",
        "The bloodshed raised fears that tourism would suffer.",
        "Uber might have suggested a cap.",
    ],
)
def test_nobody_nouns_after_verbs_and_past_modals_are_no_cues(text: str) -> None:
    assert found(text) == []


def test_we_are_told_names_nobody() -> None:
    assert found("We\u2019re told the app keeps riders safe.") == [("We\u2019re told", "unnamed reports", "vague")]


def test_a_view_in_the_passive_is_vague_sourcing_and_many_plus_a_plural_is_a_group() -> None:
    spans = framing_spans("The vote was seen as a test of the regime. Many Tunisians accuse the police of abuse.")
    assert ("vague_attribution", "was seen as a") in spans
    assert ("vague_attribution", "Many Tunisians accuse") in spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Since then, relations between the towns have steadily soured.", False),
        ("The talks were about the harbour and the ferry timetable.", False),
        ("The ferry carried more than 4,000 passengers in May.", True),
    ],
)
def test_words_of_comparison_compare_only_with_a_figure(text: str, expected: bool) -> None:
    assert worthy(text)[text] is expected


# -- guards from a review of this round's rules (each sentence drafted wrongly by the round's first rules) --


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A police report said the driver had been drinking.",
            [("A police report said", "A police report", "official_document")],
        ),
        ("Shares fell 5 percent on Monday, adding to fears of a recession.", []),
        ("Lena Oduya won the final in straight sets, claiming the title for the third time.", []),
        ("Sirens sounded across the city, warning residents to take shelter.", []),
        ("In that regard, the council has made progress on housing.", []),
        ("Born in 1950, Ivo Marr hailed from a fishing village.", []),
        ("The method described in the paper cuts costs by half.", []),
    ],
)
def test_nouns_objects_and_idioms_are_no_cues(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A woman who would not give her name said she had lost everything.", "A woman who would not give her name"),
        ("Rosa Quint took to social media on Sunday to say the vote had been rigged.", "Rosa Quint"),
        ("Police said the man was heard saying he would kill her.", "Police"),
    ],
)
def test_speakers_the_first_rules_lost(text: str, speaker: str) -> None:
    assert [s for _, s, _ in found(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Judge Tom Reyes sentenced the defendant and ordered her to pay restitution. "
            "\u201cThe harm was great,\u201d Reyes said. He said the victims had lost their savings.",
            "Tom Reyes",
        ),
        ("The award went to Ana Ruiz. She said she was surprised.", "Ana Ruiz"),
        (
            "\u201cThe plan is dead,\u201d said Rosa Quint. "
            "Paul Ekker, the deputy mayor, disagreed, and he said talks would resume.",
            "Paul Ekker",
        ),
    ],
)
def test_he_and_she_after_the_review(text: str, speaker: str) -> None:
    assert found(text)[-1][1] == speaker


def test_a_time_is_not_part_of_a_body_or_an_outlet() -> None:
    hits = found("The City Council on Tuesday approved the budget. The council said it would hire staff.")
    assert hits[-1][1] != "The City Council on Tuesday"
    assert found("According to a report on Monday, the plant will close.")[0][1] != "Monday"


def test_a_report_owner_is_named_without_its_article_and_another_issuers_statement_is_a_document() -> None:
    hits = found(
        "The ministry said in a report on Tuesday that waits had grown. The report found 40 wards short of staff."
    )
    assert hits[-1][1] == "ministry's report"
    hits = found(
        "The ministry said in a statement that waits had grown. "
        "Opposition MP Ana Ruiz issued her own statement on Monday. "
        "The statement said the figures were wrong."
    )
    assert hits[-1][1:] == ("The statement", "official_document")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rosa Quint became the first woman to lead the party.", True),
        ("The captain was the last to leave the ship.", True),
        ("The stadium is the most expensive ever built in Europe.", True),
    ],
)
def test_firsts_lasts_and_superlatives_still_compare(text: str, expected: bool) -> None:
    assert worthy(text)[text] is expected


@pytest.mark.parametrize(
    "text", ["Two blasts shook the capital on Monday.", "The court imposed a hefty fine.", "Rioters torched cars."]
)
def test_literal_uses_of_fight_words_are_not_loaded(text: str) -> None:
    assert not any(d == "loaded_language" for d, _ in framing_spans(text))
