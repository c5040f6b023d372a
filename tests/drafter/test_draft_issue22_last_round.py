"""Issue 22, last round of drafter rules: figurative framing, titles glued to names, speakers at
the end of a sentence, definite descriptions, and a stricter check-worthy reading (anecdotes,
vox pops, scene colour, estimates and open decisions are not claims of record). One test per rule,
on sentences written for the test (every name invented; none is taken from an evaluation split).
Each test fails on the drafter before this round."""

import pytest
from drafted_text import article, found

from medialit.drafter import draft_annotations
from medialit.drafter._lexicon import lexicon, phrase_pattern
from medialit.drafter.claims import draft_claim, predicts
from medialit.drafter.framing import draft_framing


def worthy(text: str) -> dict[str, bool]:
    """Sentence text -> drafted check-worthy, for every sentence of the article."""
    a = article(text)
    flags = {c["sentence"]: c["check_worthy"] for c in draft_annotations(a)["claims"]}
    return {s.text: flags.get(s.id, False) for s in a.sentences}


def loaded_spans(sentence: str) -> list[str]:
    art = article(sentence)
    return [t for f in draft_framing(art, [], lexicon()) if f.device == "loaded_language" for _, t in f.spans]


# -- framing: figurative and evaluative language in the writer's voice ---------------------------


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("For six years the board has run the harbour like a private fiefdom.", "like a private fiefdom"),
        ("The mayor has poisoned the well of public trust.", "poisoned the well"),
        ("Her answer to the auditors was a masterclass in evasion.", "masterclass in evasion"),
        ("The two landlords now hold the city hostage.", "hold the city hostage"),
        ("The board hid behind a fog of excuses.", "fog of excuses"),
        ("It is the darkest chapter in the port’s history.", "darkest chapter in the port’s history"),
        ("The cabinet has forfeited every claim to competence.", "forfeited every claim to competence"),
        ("The new law is a war on free speech.", "war on free speech"),
        ("A cancer of corruption has spread through the agency.", "cancer of corruption"),
        ("The bill is a surrender dressed up as reform.", "dressed up as"),
        ("The budget is a deeply dishonest document.", "deeply dishonest"),
        ("The plan quietly scraps the rule on rents.", "quietly scraps"),
        ("The hospital is a national shame.", "national shame"),
        ("It is sickening to read the letters.", "sickening"),
        ("Residents have met years of broken promises and contemptuous silence.", "broken promises"),
        ("Residents have met years of broken promises and contemptuous silence.", "contemptuous"),
        ("The vote was a betrayal of every tenant in the town.", "betrayal"),
        ("The inquiry was a farce from start to finish.", "farce"),
    ],
)
def test_figurative_and_evaluative_phrases_are_loaded_language(sentence, span):
    assert any(span in s or s in span for s in loaded_spans(sentence)), loaded_spans(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen held 12 people hostage in the bank for six hours.",  # literal captivity
        "She was treated for a cancer of the liver in 2019.",  # literal disease
        "The army declared a war on the rebel province in March.",  # literal war, no abstraction
    ],
)
def test_literal_violence_and_disease_are_not_figurative_framing(sentence):
    # A guard for the patterns above (it also holds on the drafter before them).
    assert loaded_spans(sentence) == []


def test_a_listed_phrase_with_an_apostrophe_matches_a_curly_one():
    pattern = phrase_pattern(["can't reach"])
    assert pattern.search("Patients can’t reach the clinic.")
    assert pattern.search("Patients can't reach the clinic.")
    assert predicts("The council won’t reopen the pool.", lexicon())


# -- check-worthy: claims of record, not experiences, colour, estimates or open decisions --------


@pytest.mark.parametrize(
    "sentence",
    [
        # a quoted experience of the speaker's own, from a member of the public named with an age
        "“I heard a crack like a shot, and then 40 people were in the water,” said Ana Roos, 52, who sells fish.",
        # a vox pop in reported speech
        "Student Ines Holt, 19, said she had walked an hour to reach her lectures.",
        # an unnamed passer-by telling the writer
        "A young woman at the gate told me she had waited there for eleven days.",
        # the writer's own anecdote
        "I visited the plant in the spring of 2024.",
        # scene colour whose only feature is a capitalised place
        "At Brenna Central, the departure boards were blank and the cafés empty.",
        # an estimate of the future, whatever its figures
        "The strike will cost the economy about 30 million euros a day, economists at the Varn Institute estimated.",
        # a scheduled decision that is still open
        "The city council will decide next week whether to close the four other bridges, a council spokesman said.",
        # a figure of speech in the writer's voice
        "For six years the board has run Ostby Harbour like a private fiefdom.",
        # a feeling reported
        "Berge said workers felt betrayed.",
        # a verdict in a short quotation is the source's, not an act of record
        "The governor’s office says conditions have “improved considerably.”",
    ],
)
def test_experiences_colour_estimates_and_verdicts_are_not_check_worthy(sentence):
    assert worthy(sentence)[sentence] is False


@pytest.mark.parametrize(
    "sentence",
    [
        # a quotation of record, in the third person, stating a past act
        "“Every valve was replaced within the required interval,” the company said in a statement.",
        # an ordinal comparison of events
        "It was the second bridge accident in the province this year, according to the Pellam Post.",
        # a finding traced to its cause
        "An engineer traced the outage to a faulty switch.",
    ],
)
def test_quotes_of_record_ranks_and_findings_are_check_worthy(sentence):
    assert worthy(sentence)[sentence] is True


def test_a_figure_in_a_background_apposition_is_not_the_claim():
    background = "The utility, which serves about 600,000 homes, apologised to customers."
    act = "The utility, which serves about 600,000 homes, raised prices by 12 percent on Monday."
    assert worthy(background)[background] is False
    assert worthy(act)[act] is True


def test_a_past_possibility_in_a_quotation_is_no_act_of_record():
    # A guard for quotations of record (it also holds on the drafter before them).
    sentence = "“Nobody could have imagined this,” the chairwoman told the Pellam Post."
    assert worthy(sentence)[sentence] is False


def test_a_possessed_record_is_history_not_a_superlative():
    a = article("His aide said voters trusted the mayor's record on housing.")
    claim = draft_claim(a.sentences[1], lexicon())
    assert "comparison" not in claim.features


# -- attribution: titles glued to names, speakers last, definite descriptions ---------------------


def test_a_lowercase_role_glued_to_a_name_after_a_quote_is_the_speaker():
    text = '"We were left with no choice," union leader Birgit Sand told reporters outside the ministry.'
    assert found(text) == [("union leader Birgit Sand told reporters", "Birgit Sand", "named_person")]


def test_a_group_at_a_named_body_at_the_end_of_a_sentence_is_the_speaker():
    text = (
        "The strike will cost about 30 million euros a day, "
        "economists at the Varn Institute for Economic Research estimated."
    )
    [(cue, name, _kind)] = found(text)
    assert cue == "economists at the Varn Institute for Economic Research estimated"
    assert "Varn Institute" in name


def test_tests_by_a_body_are_a_document_that_found_something():
    text = "Tests by the county found lead at twice the legal limit in 17 homes."
    assert found(text) == [("Tests by the county found", "Tests by the county", "official_document")]


def test_the_firm_is_the_firm_named_beside_the_noun():
    text = (
        "She said the ministry had hired an engineering firm, Tessel Consult, to examine the bridge. "
        "The firm said its engineers would begin work on Tuesday."
    )
    assert ("The firm said", "Tessel Consult", "organisation") in found(text)


def test_the_company_long_after_the_one_business_named_is_that_business():
    text = (
        "Breadmaker Orvik Foods will close its plant in Harlund.\n\n"
        "Workers gathered outside the gates. Several hugged.\n\n"
        "One man played an accordion. The rain did not stop.\n\n"
        "The mayor came at noon. She spoke to the workers.\n\n"
        "The company denied that, saying the plant had lost money for years."
    )
    [(_cue, name, _kind)] = [h for h in found(text) if h[0].startswith("The company")]
    assert "Orvik Foods" in name


def test_a_title_before_a_name_is_the_role_not_an_organisation():
    text = "Agency chief Tom Vail told the Kessel Post that the figures were wrong."
    [(_cue, name, kind)] = found(text)
    assert (name, kind) == ("Tom Vail", "named_person")


def test_the_university_after_a_person_of_the_university_is_the_university():
    text = (
        "The survey was run by Dr. Ivo Mandt of Kessel University. The sample was small, according to the university."
    )
    assert found(text) == [("according to the university", "Kessel University", "organisation")]


def test_she_said_after_a_quote_naming_a_company_is_the_person_before():
    text = (
        "Lena Dahl, a lawyer for the family, said the firm had ignored warnings. "
        '"Varro Foods knew about the fault in 2021," she said.'
    )
    assert found(text)[1] == ("she said", "Lena Dahl", "named_person")


def test_she_said_after_a_quote_naming_another_person_is_the_speaker_before():
    text = 'Mara Kell said the plan was late. "Tom Berg promised it by May," she said.'
    assert found(text)[1] == ("she said", "Mara Kell", "named_person")


def test_they_said_after_a_body_spoke_is_that_body():
    text = (
        "Officials said the road was closed.\n\nPolice in Varn said two men had been arrested. They said both were 19."
    )
    assert found(text)[2] == ("They said", "Police in Varn", "organisation")


def test_a_body_named_after_the_verb_closes_a_sentence_whatever_its_clause():
    text = "The mine employs 300 people, said the company, which is owned by Drax Holdings."
    assert [(c, k) for c, _, k in found(text)] == [("said the company", "organisation")]


@pytest.mark.parametrize(
    ("text", "cue", "name"),
    [
        ("Dr. Lars Vik, who led the study, said the drug worked.", "Dr. Lars Vik, who led the study, said", "Vik"),
        ("The mayor, who chairs the board, said the plan failed.", "The mayor, who chairs the board, said", "mayor"),
    ],
)
def test_a_speaker_with_a_relative_apposition_and_a_short_content(text, cue, name):
    [(c, n, _k)] = found(text)
    assert c == cue
    assert name in n
