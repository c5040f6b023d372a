"""Issue 22, second round of drafter rules today (after a teacher's trial on a real opinion column):
a verb right after a quotation, bodies named with "and", positions stated without a speech verb,
rhetorical quantifiers, framing only in the writer's voice, relative dates anchored on relative
words, idioms of an opinion writer's verdict, bills' provisions and lines set in capitals. One test
per rule, on sentences written for the test (every name invented; none is taken from an evaluation
split). Each rule's test fails on the drafter before this round; six cases are guards that pass before
and after (no "that" after "concerned", a writer's own loaded word, a date with its day, "last March",
a building gutted by fire, "No one could deny")."""

import pytest
from drafted_text import article, found
from drafted_text import framing_spans as frames

from medialit.drafter import draft_annotations


def claims(text: str) -> dict[str, dict[str, object]]:
    """Sentence text -> its drafted claim (absent when the sentence is drafted as no claim)."""
    a = article(text)
    by_id = {c["sentence"]: c for c in draft_annotations(a)["claims"]}
    return {s.text: by_id[s.id] for s in a.sentences if s.id in by_id}


# -- attribution -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ('"This is a blank cheque for snooping," says Opposition Leader Vera Hollis.', "Opposition Leader Vera Hollis"),
        ("“We have 300 people in shelters,” says Regional Commissioner Ole Brand.", "Regional Commissioner Ole Brand"),
        ('"The rules are clear," says Ines Dahl.', "Ines Dahl"),
    ],
)
def test_says_right_after_a_quotation_is_a_verb(sentence, name):
    assert [(s, k) for _, s, k in found(sentence)] == [(name, "named_person")]


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        (
            "The Film, Stage and Sound Alliance said the cuts would close 12 theatres.",
            "The Film, Stage and Sound Alliance",
        ),
        (
            "The Lomm Fire and Rescue Service said its crews reached the school at noon.",
            "The Lomm Fire and Rescue Service",
        ),
    ],
)
def test_a_body_named_with_and_is_one_organisation(sentence, body):
    assert [(s, k) for _, s, k in found(sentence)] == [(body, "organisation")]


def test_a_spaced_dash_ends_the_source_after_according_to():
    got = found(
        "According to the explanatory notes of the Data Bill — a paper few will read — "
        "nine agencies could read the records."
    )
    assert got == [
        (
            "According to the explanatory notes of the Data Bill",
            "the explanatory notes of the Data Bill",
            "official_document",
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "cue", "name"),
    [
        (
            "The Arden Growers Union is concerned that the levy will fall on small farms.",
            "The Arden Growers Union is concerned",
            "Arden Growers Union",
        ),
        (
            "Its chair, Tilde Moen, is adamant that no farm should pay twice.",
            "Its chair, Tilde Moen, is adamant",
            "Tilde Moen",
        ),
        (
            "The Home Secretary, Rolf Aske, boasted of the scheme's safeguards.",
            "The Home Secretary, Rolf Aske, boasted",
            "Rolf Aske",
        ),
    ],
)
def test_positions_without_a_speech_verb(sentence, cue, name):
    got = found(sentence)
    assert [c for c, _, _ in got] == [cue]
    assert name in got[0][1]


def test_concerned_about_with_no_that_is_no_attribution():
    assert found("Some drivers are concerned about the new junction.") == []


def test_thats_what_they_want_credits_the_group():
    got = found("That's what the water companies want: every meter read twice a day.")
    assert [c for c, _, _ in got] == ["That's what the water companies want"]


def test_claims_that_opening_a_sentence_is_a_vague_source():
    assert found("Claims that the dam leaked in May have spread online.") == [
        ("Claims that", "unnamed claims", "vague")
    ]


def test_plural_agent_noun_after_and_is_a_speaker():
    got = found("The river rose at Hollby overnight, and forecasters say more rain is on the way.")
    assert [(c, s) for c, s, _ in got] == [("forecasters say", "forecasters")]


@pytest.mark.parametrize(
    "sentence",
    ["Few would argue that police should never see phone records.", "No one could deny that the plan is popular."],
)
def test_a_rhetorical_quantifier_is_no_attribution(sentence):
    assert found(sentence) == []


# -- framing: only the writer's voice ----------------------------------------------------------------


def test_loaded_words_inside_a_reported_clause_are_the_speakers():
    got = frames("The mayor, Ivar Lund, said the response was a disaster and the sandbags came late.")
    assert ("loaded_language", "disaster") not in got


def test_a_generic_noun_inside_reported_content_is_no_label():
    got = frames("Two men smuggled 230 rifles to militants in the hills, prosecutors said.")
    assert not {t for d, t in got if d == "label"}


def test_the_word_after_called_is_the_speakers_label():
    assert ("loaded_language", "farce") not in frames("Defence lawyer Kai Berg called the trial a farce.")


def test_loaded_words_in_the_writers_own_sentence_are_still_found():
    assert ("loaded_language", "disaster") in frames("The response to the flood was a disaster.")


def test_so_called_with_scare_quotes_is_one_device():
    got = frames('The bill would end so-called "no-fault" evictions.')
    assert got == {("label", 'so-called "no-fault"')}


@pytest.mark.parametrize(
    "sentence",
    [
        "The assembly votes on the bill in April.",
        "The minister introduced it on 3 March.",
        "Prices have risen since January.",
    ],
)
def test_a_month_alone_is_no_relative_date(sentence):
    assert not {t for d, t in frames(sentence) if d == "relative_date"}


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("Ministers have changed the bill in the past few days.", "in the past few days"),
        ("The final vote is due in a fortnight.", "in a fortnight"),
        ("The plan was dropped three weeks ago.", "three weeks ago"),
        ("Prices rose again last March.", "last March"),
    ],
)
def test_relative_dates_anchored_on_relative_words(sentence, span):
    assert ("relative_date", span) in frames(sentence)


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        ("The Data Bill is a sledgehammer to crack a nut.", "a sledgehammer to crack a nut"),
        ("Parliament is sleepwalking into a surveillance state.", "sleepwalking into"),
        ("Ministers waved through 14 amendments.", "waved through"),
        ("The safeguards are a fig leaf.", "a fig leaf"),
        ("The watchdog was gutted in 2024.", "gutted"),
        ("The law hands the police a blank cheque.", "a blank cheque"),
        ("The review was kicked into the long grass.", "kicked into the long grass"),
    ],
)
def test_idioms_of_a_verdict_in_the_writers_voice(sentence, span):
    assert ("loaded_language", span) in frames(sentence)


def test_a_building_gutted_by_fire_is_literal():
    assert not {t for d, t in frames("The warehouse was gutted by fire in 2019.") if d == "loaded_language"}


# -- check-worthy claims -----------------------------------------------------------------------------


def test_a_bills_provision_is_check_worthy():
    sentence = "The bill would require telcos to keep the metadata of every customer for two years."
    assert claims(sentence)[sentence]["check_worthy"] is True


def test_a_line_in_capitals_is_no_claim():
    got = claims("The board met twice.\n\nLINA BERG IS A MEDIA LAWYER AND A FORMER EDITOR OF THE ORVIK POST.")
    assert "LINA BERG IS A MEDIA LAWYER AND A FORMER EDITOR OF THE ORVIK POST." not in got


def test_a_two_word_verdict_is_a_claim():
    got = claims("Vennland tried the same scheme. It failed.")
    assert "It failed." in got
    assert got["It failed."]["check_worthy"] is False


def test_a_press_release_boilerplate_is_no_claim():
    got = claims("The port opened a terminal on Monday.\n\nAbout the Kell Port Authority: the authority runs 4 quays.")
    assert "About the Kell Port Authority: the authority runs 4 quays." not in got


# -- sources: references and names -------------------------------------------------------------------


def test_it_after_a_body_that_is_the_subject_just_before():
    got = found(
        "The Lomm Fire Service said its crews had rescued 43 people. "
        "The regional council rejects that. It says 20,000 sandbags were delivered."
    )
    assert ("It says", "the regional council", "organisation") in got


def test_a_name_apposed_to_a_role_is_the_speaker_of_a_joined_verb():
    got = found("Hollby's mayor, Ivar Stenlund, called the response a disaster and said the sandbags came late.")
    assert [(s, k) for _, s, k in got] == [("Ivar Stenlund", "named_person")]


def test_a_name_given_only_to_the_reporter_is_the_speaker():
    got = found("“Nobody told us to leave,” said a woman who gave her name only as Britt.")
    assert got == [("said a woman who gave her name only as Britt", "Britt", "named_person")]


# -- the writer's inference --------------------------------------------------------------------------


def test_this_suggests_is_no_speaker():
    assert found("The ministry was told of the leak in 2023. This suggests that ministers knew for two years.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "This suggests that ministers knew about the leak for two years.",
        "The pumps must have been switched off before 2 a.m. on 4 May.",
        "Clearly, the council knew about the 14 complaints in 2023.",
    ],
)
def test_an_inference_in_the_writers_voice_is_not_check_worthy(sentence):
    got = claims("The ministry was told of the leak in 2023. " + sentence)
    assert got[sentence]["check_worthy"] is False


def test_plural_bodies_are_organisations():
    got = found("That's what the security agencies want: every call kept on file.")
    assert [k for _, _, k in got] == ["organisation"]
