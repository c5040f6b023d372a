"""Issue 22, fourth round of drafter rules (error lists of the real development articles kept outside
the repository): a speaker is never a clause with its own verb, a dash ends the clause before a
speaker, a noun phrase's object named by a bare name ("a plan Ostland says") speaks, a relative
clause hangs on the noun phrase after the writer's verb, a person named beside a role between commas
is that person, and "he" or "she" reaches back over a quotation that runs on over sentences. Every
sentence is written for the test (every name invented; none is taken from an evaluation split or a
real article). Each rule's test fails on the drafter before this round; guards say what must not
change."""

from drafted_text import article, found, framing_spans

from medialit.drafter._lexicon import lexicon
from medialit.drafter.attribution import find_attributions
from medialit.drafter.sources import people_in


def test_a_clause_with_its_own_verb_is_not_a_speaker() -> None:
    # Before this round: "The team chose only people" was drafted as a vague source.
    assert found("The team chose only people who had reported no earlier illness.") == []
    # Before: "Varnholm Bank did not admit nor" was drafted as a source.
    assert found("Varnholm Bank did not admit nor deny the findings of the regulator.") == []
    # Before: "The party leadership recently gave members talking" took "points to" as a cue.
    assert found("The party leadership recently gave members talking points to use at home.") == []


def test_a_pronoun_followed_by_its_own_verb_is_not_a_speaker() -> None:
    # Before: "I hate" was the source of "to say".
    assert found("Coaches know the rule. I hate to say it, but the rule is right.") == []
    # Guard: a pronoun alone still speaks.
    hits = found("Tova Lind spoke last. \u201cI hate to say it, but the plan is right,\u201d she said.")
    assert hits == [("she said", "Tova Lind", "named_person")]


def test_a_dash_ends_the_clause_and_a_bare_name_speaks() -> None:
    hits = found(
        "Delays have given Brennland leverage in the talks to make it halt the dam -- "
        "a project Ostland says it needs to water its farms."
    )
    assert [(cue, name) for cue, name, _ in hits] == [("Ostland says", "Ostland")]


def test_a_relative_clause_hangs_on_the_noun_phrase_after_the_writers_verb() -> None:
    # Before: the source was "Kestrel is appealing a ruling".
    hits = found("Kestrel is appealing a ruling that said it had fixed prices with two rivals.")
    assert [(cue, name) for cue, name, _ in hits] == [("a ruling that said", "a ruling")]


def test_a_person_named_beside_a_role_is_that_person() -> None:
    hits = found(
        "\u201cShe never had a chance,\u201d her mother, Ilse, said on Tuesday. "
        "The company\u2019s founder, Lena Brandt, said sales fell."
    )
    assert hits == [
        ("her mother, Ilse, said", "Ilse", "named_person"),
        ("The company\u2019s founder, Lena Brandt, said", "Lena Brandt", "named_person"),
    ]


def test_a_body_named_beside_its_description_stays_a_body() -> None:
    # Guard: only a person's role (a relative, a founder, a lawyer) names a person beside it.
    hits = found("The agency, Frontex, said the boats had turned back.")
    assert [(name, kind) for _, name, kind in hits] == [("The agency, Frontex", "organisation")]


def test_she_reaches_back_over_a_quotation_that_runs_on() -> None:
    text = (
        "\u201cThe pills were in her blood and there was no cure,\u201d her mother, Ilse Varn, said.\n\n"
        "\u201cThe nurses did all they could. They tried to cool her. They tried again and again.\u201d\n\n"
        "\u201cShe was burning up.\u201d\n\n"
        "She added: \u201cThey never stood a chance.\u201d"
    )
    hits = found(text)
    assert ("She added", "Ilse Varn", "named_person") in hits


def test_she_does_not_reach_back_over_sentences_of_the_writer() -> None:
    # Guard: four sentences in the writer's voice between the speaker and "she" still end the reach.
    text = (
        "\u201cIt was late,\u201d said Ilse Varn.\n\n"
        "The ward had four beds. Two were empty. The lights were dim. A doctor came at noon.\n\n"
        "She added: \u201cNobody told us.\u201d"
    )
    hits = found(text)
    assert ("She added", "Ilse Varn", "named_person") not in hits


def test_a_second_speaker_after_and_is_the_writers() -> None:
    # Before: "the army said" was read as words inside Varland's report and dropped.
    hits = found("Varland said the envoy had reached the border safely and the army said it was guarding him.")
    assert [(cue, name) for cue, name, _ in hits] == [("Varland said", "Varland"), ("the army said", "the army")]


def test_a_name_given_is_not_a_report() -> None:
    # Before: "Someone named" was an attribution of a person called "Someone".
    assert found("Someone named Teo Valk seized the ferry at dawn.") == []
    assert found("A man named Ari Lund called the harbour office.") == []


def test_a_country_speaks_as_a_body_not_a_person() -> None:
    # Before: "Zambia" was a named person, and "He said" could mean the country.
    hits = found("Zambia said the border would reopen on Monday. Britain said it welcomed the step.")
    assert [(name, kind) for _, name, kind in hits] == [("Zambia", "organisation"), ("Britain", "organisation")]


def test_a_body_after_the_person_is_the_persons_role() -> None:
    # Before: the source was "West Varden", the body the inspector works for.
    hits = found("\u201cWe are concerned,\u201d said chief inspector Maren Holt from the West Varden police.")
    assert [(name, kind) for _, name, kind in hits] == [("Maren Holt", "named_person")]


def test_a_month_before_the_airline_is_not_the_airline() -> None:
    # Before: "the airline" was "November" (a month read as a name the apposition described).
    hits = found(
        "Skyrun flights were full all week. The crew of the Skyrun plane was experienced. "
        "The plane last underwent maintenance in mid-November, the airline said."
    )
    assert [(cue, name) for cue, name, _ in hits] == [("the airline said", "Skyrun")]


def test_the_company_is_the_business_the_story_is_about() -> None:
    # Before: "the company" stayed "the company" when the business's name has no suffix ("Inc", "Air").
    hits = found(
        "Riders in Harwick said Zipcab fares tripled during the storm. "
        "Zipcab later offered free rides. The company said on its blog that the change was temporary."
    )
    assert ("The company said", "Zipcab", "organisation") in hits
    # ... and the name that opens the same sentence, when the company speaks last.
    hits = found("Varnholm Chase earned $4.9 billion in the quarter, the company announced on Wednesday.")
    assert hits == [("the company announced", "Varnholm Chase", "organisation")]


def test_an_outlet_that_reports_is_not_the_company() -> None:
    # Guard: "As Nordpost reports, the company announced": the outlet reports, it is not the company.
    hits = found("As Nordpost reports, the company announced that fares would double.")
    assert all(name != "Nordpost" for cue, name, _ in hits if cue.startswith("the company"))


def test_a_report_made_to_someone_is_not_a_hedge() -> None:
    # Before: "was reported to" (police) was a cue of "unnamed reports".
    assert found("The theft was reported to police on Monday.") == []
    # Guard: "was reported to have" still hedges.
    assert found("The car was reported to have been stolen.") == [("was reported to", "unnamed reports", "vague")]


def test_a_speaker_introduces_a_quotation_in_the_next_paragraph() -> None:
    # Before: "also said:" with the quotation in its own paragraph was no attribution.
    hits, _ = find_attributions(
        article("In a long interview, President Ivo Marr also said:\n\n\u201cThis is the hardest part of my job.\u201d")
    )
    assert [(f.cue_text, f.source.name) for f in hits] == [("President Ivo Marr also said", "President Ivo Marr")]
    assert hits[0].mode == "direct_quote" and hits[0].sentences == ["p2.s1"]


def test_a_recipient_ends_where_the_reported_clause_begins() -> None:
    # Before: the recipient ran on ("the BBC the move was misleading") and nothing was reported.
    hits = found(
        "Varn Moy, chief executive of the fact-checking website Truecheck, told the BBC the move was misleading."
    )
    assert [(cue, name) for cue, name, _ in hits] == [
        ("Varn Moy, chief executive of the fact-checking website Truecheck, told the BBC", "Varn Moy")
    ]


def test_a_bare_role_between_commas_is_an_apposition() -> None:
    # Before: "associate professor of ..." (no article) hid the speaker.
    hits = found(
        "Dr. Ula Berg, associate professor of epidemiology at Norden University, commented that the rise was small."
    )
    assert [name for _, name, _ in hits] == ["Dr. Ula Berg"]


def test_a_progressive_report_has_its_speaker() -> None:
    # Before: "are alleging" was read as a passive and dropped.
    hits = found("The Democrats are alleging that the call was improper.")
    assert [(cue, name) for cue, name, _ in hits] == [("The Democrats are alleging", "The Democrats")]


def test_a_possessive_makes_the_verb_a_noun() -> None:
    # Before: "Lund’s call" and "Varo’s alleged" were cues of "Lund’s" and "Varo’s".
    assert found("Lund\u2019s call with the minister is at the centre of the inquiry.") == []
    assert found("Varo\u2019s alleged victims spoke to the court.") == []
    # ... and a noun after a preposition: "data on states".
    assert found("The team looked at data on states with legal cannabis.") == []


def test_two_apostrophes_typed_as_a_closing_quotation_mark() -> None:
    hits = found(
        "\u201cIt was an attempt to mislead voters,\u2019\u2019 Varn Moy, chief executive of Truecheck, told the BBC."
    )
    assert [name for _, name, _ in hits] == ["Varn Moy"]


def test_a_request_to_do_something_is_not_a_report() -> None:
    # Before: "the family had asked" took the first speaker's words as its own and both were lost.
    hits = found(
        "Prime Minister Sven Moe said in a statement, \u201cWe are relieved\u201d at the release, "
        "adding that the family had asked to convey its thanks."
    )
    assert [name for _, name, _ in hits] == ["Prime Minister Sven Moe"]


def test_a_speaker_last_with_a_capitalised_body_and_a_role() -> None:
    # Before: ", Columbus Police Department spokesman." after the name hid the speaker.
    hits = found("Officers arrested two men on Friday, said Lt. Maren Holt, Varden Police Department spokesman.")
    assert [name for _, name, _ in hits] == ["Lt. Maren Holt"]


def test_a_placed_role_in_a_headline_is_the_person_with_that_role() -> None:
    # Before: "A California transit chief" was a person called "A California".
    hits = found(
        "Ed Alvo, the transit chief, said the stabbing was a tragedy.",
        headline="A Vestland transit chief says stabbing is a tragedy",
    )
    assert [(cue, name) for cue, name, _ in hits] == [
        ("A Vestland transit chief says", "Ed Alvo"),
        ("Ed Alvo, the transit chief, said", "Ed Alvo"),
    ]
    # A role placed by a nationality, with no name in the text: an unnamed person.
    assert found("A Norwegian police official said two men were held.") == [
        ("A Norwegian police official said", "A Norwegian police official", "anonymous")
    ]


def test_one_witness_is_a_speaker_and_one_alone_is_generic() -> None:
    # Before: "one witness" and "One official" were read as the generic "one".
    assert [name for _, name, _ in found("Frankly, I was shocked, one witness said.")] == ["one witness"]
    assert [name for _, name, _ in found("One official said the talks had failed.")] == ["One official"]
    # Guard: "One would expect" and "One can argue" stay nobody's words.
    assert found("One would expect a reply. One can argue that it failed.") == []


def test_a_given_name_tells_whom_he_or_she_means() -> None:
    # Before: "He" meant the last person quoted, Virginia Berg, though nothing but her name told her gender.
    hits = found(
        "Dr. Ian Holt told the Courier the data were thin. \u201cIt is a small rise,\u201d Virginia Berg said. "
        "He said the study was careful."
    )
    assert hits[-1] == ("He said", "Dr. Ian Holt", "named_person")


def test_a_name_used_for_both_genders_says_nothing() -> None:
    # Guard: "Robin" is no evidence; "she" still means the last person quoted.
    hits = found("\u201cIt is a small rise,\u201d Robin Berg said. She said the study was careful.")
    assert hits[-1] == ("She said", "Robin Berg", "named_person")


def test_relative_dates_in_the_singular_and_over_years() -> None:
    spans = framing_spans(
        "Shares fell 5 percent in the past week. Use has risen in recent years. The mayor spoke over the weekend."
    )
    assert {t for d, t in spans if d == "relative_date"} == {"in the past week", "in recent years", "over the weekend"}


def test_a_statement_issued_with_a_participle_is_the_issuers_words() -> None:
    # Before: "issued a statement warning" was no attribution, and "released a statement saying" credited
    # a document named "The ministry released a statement".
    hits = found(
        "The Varden Electoral Board, which regulates campaign spending, issued a statement warning that "
        "every party must be truthful. It pointed out that it had no power over content. "
        "The ministry released a statement saying the talks had failed."
    )
    assert [(name, kind) for _, name, kind in hits] == [
        ("The Varden Electoral Board", "organisation"),
        ("The Varden Electoral Board", "organisation"),
        ("The ministry", "organisation"),
    ]


def test_a_curly_quotation_closed_by_a_straight_mark() -> None:
    # Before: the quotation ran to the end of the sentence and swallowed "she said".
    text = (
        "Jennifer Wills testified on Tuesday.\n\n"
        '\u201cSpecifically, the envoy confirmed that \u2018there was no link like that," she said.'
    )
    assert found(text)[-1] == ("she said", "Jennifer Wills", "named_person")


def test_a_long_apposition_between_speaker_and_verb() -> None:
    # Before: an apposition of more than 24 words hid the speaker.
    hits = found(
        "Ian Holt, an expert in drug use and mental health at the Department of Health Sciences at the "
        "University of Yarrow in the north of the country who did not work on the study, told the Courier "
        "that the rise was small."
    )
    assert [name for _, name, _ in hits] == ["Ian Holt"]


def test_announcing_or_maintaining_a_thing_reports_nothing() -> None:
    # Before: "announced a settlement" and "maintains a political office" were attributions.
    assert found("Corvo Books announced a settlement with the retailer on Tuesday.") == []
    assert found("The men were freed in Doha, where the group maintains a political office.") == []
    # Guard: with a clause or a participle of saying, they report.
    hits = found(
        "The firm announced that it would cut 300 jobs. The ministry announced a rise, saying costs had grown."
    )
    assert [cue for cue, _, _ in hits] == ["The firm announced", "The ministry announced"]


def test_a_person_named_in_a_leading_clause_is_he() -> None:
    # Before: "When President Ivo Marr ..." hid the name, and "he said" had nobody to mean.
    hits = found("When President Ivo Marr visited the town last week, he said the men would not return.")
    assert [(cue, name) for cue, name, _ in hits] == [("he said", "Ivo Marr")]


def test_more_verbs_of_saying_and_another_as_a_vague_speaker() -> None:
    # Before: "quipped" and "wondered" reported nothing, and "Another" was a person of that name.
    hits = found("\u201cIs this a joke?\u201d one user quipped. Another wondered whether the advert was real.")
    assert hits == [("one user quipped", "one user", "vague"), ("Another wondered", "Another", "vague")]


def test_two_speakers_of_one_verb_get_a_cue_each() -> None:
    # Before: only the second speaker was credited ("U.S. officials"); the first was lost.
    hits = found("While the port authority and Varden officials say the ferry is safe, the union is wary.")
    assert [(cue, name) for cue, name, _ in hits] == [
        ("the port authority and Varden officials say", "the port authority"),
        ("the port authority and Varden officials say", "Varden officials"),
    ]
    # Guard: a name that holds "and" is one speaker.
    assert [name for _, name, _ in found("The Tarn Fire and Rescue Service said two homes burned.")] == [
        "The Tarn Fire and Rescue Service"
    ]


# -- guards from the adversarial review of this round (each input invented) --------------------------


def test_announced_or_maintains_with_a_clause_still_reports() -> None:
    hits = found(
        "The firm announced its chief executive would step down. Holm maintains the money was a loan. "
        "Corvo Books announced a settlement on Tuesday on prices for books ordered online."
    )
    assert [cue for cue, _, _ in hits] == ["The firm announced", "Holm maintains"]


def test_the_company_stays_generic_when_no_business_is_clear() -> None:
    # A common noun opening the sentence, an outlet, a public body: none is "the company".
    for text in (
        "Shares jumped 5 percent on Monday, the company said.",
        "Police arrested two men at the branch, the bank said.",
        "Zelvo chief Ann Lund spoke twice to the Kessel Post. She told the Kessel Post the plan was over. "
        "The Kessel Post had asked her. Shares fell 4 percent, the company said.",
        "The Kessel Authority fined Zelvo on Monday. The Kessel Authority said the fine was fair. "
        "The company said it would appeal.",
    ):
        last = found(text)[-1]
        assert last[1].lower() in {"the company", "the bank"}, (text, last)


def test_two_businesses_leave_the_company_generic() -> None:
    hits = found(
        "Norwave flights and Skyline flights were cancelled. Norwave passengers waited. "
        "Skyline passengers waited too. The airline said the storm was to blame."
    )
    assert hits[-1][1] == "The airline"


def test_words_after_a_pronoun_that_are_part_of_its_subject() -> None:
    # Before the review's fix the pronoun guard dropped "They both said" altogether.
    assert [cue for cue, _, _ in found("Ana and Ole Berg spoke. They both said the vote was rigged.")] == [
        "They both said"
    ]
    hits = found("She bought a house Tom Berg says is haunted.")
    assert [(cue, name) for cue, name, _ in hits] == [("Tom Berg says", "Tom Berg")]


def test_paired_dashes_set_an_apposition_apart() -> None:
    hits = found("Kari Lund \u2013 the mayor \u2013 said the school would stay open.")
    assert [name for _, name, _ in hits] == ["Kari Lund"]


def test_a_recipient_keeps_its_prepositional_phrase() -> None:
    hits = found("Kari Sand told the families of the victims that the inquiry would be public.")
    assert [cue for cue, _, _ in hits] == ["Kari Sand told the families of the victims"]


def test_said_nothing_reports_nothing() -> None:
    hits = found("Holm said the plan was dead and the board said nothing.")
    assert [cue for cue, _, _ in hits] == ["Holm said"]


def test_a_quotation_opening_the_sentence_is_no_scare_quote() -> None:
    assert not {
        s for s in framing_spans('\u201cWe will appeal," she said. Holm spoke later.') if s[0] == "loaded_language"
    }


def test_a_name_used_for_both_genders_or_surname_first_says_nothing() -> None:
    for who in ("Jean Castex, the former minister,", "Prime Minister Li Qiang"):
        hits = found(
            f"{who} visited the port on Monday. \u201cWe will build,\u201d {who.split(',')[0]} said. "
            "He said the plan was sound."
        )
        assert hits[-1][0] == "He said" and hits[-1][2] == "named_person", hits


# -- a second pass, after the retired realeval2's error list (each input invented) -----------------


def test_a_title_inside_a_run_of_capitals_starts_the_name() -> None:
    # "Varden Governor Ana Cole": the place before the title is no part of the name (guard).
    hits = found("Varden Governor Ana Cole vetoed the bill last week. She cited the high fees and risk of such funds.")
    assert hits == [("She cited", "Ana Cole", "named_person")]


def test_a_pronoun_after_a_dateline_is_no_part_of_a_name() -> None:
    # Before: "Calif. He" was a person's name, whom a later "He noted" then meant.
    assert people_in("MORRO BAY, Calif. He noted that the signs would stay.", lexicon()) == []
    assert people_in("Police Chief Ole Brand said the beach was open.", lexicon()) == [(13, "Ole Brand")]


def test_a_title_case_headline_names_no_person() -> None:
    hits = found(
        "Governor Ivo Cole vetoed a bill last week. He cited the fees and the risk of such funds.",
        headline="Cole's Cap on Hedge Funds in Pensions Won't Solve the Problem",
    )
    # A title-case headline's capitals ("Hedge Funds") are no person "He" can mean.
    assert hits == [("He cited", "Ivo Cole", "named_person")]


def test_a_courtesy_title_and_a_surname_name_a_person() -> None:
    # Before: "Mrs Varley" was nobody, and "she" later had nobody to mean.
    hits = found("Mrs Varley read the papers. However she eventually concluded that it was wrong.")
    assert hits == [("she eventually concluded", "Mrs Varley", "named_person")]


def test_openers_before_the_speaker_are_the_writers() -> None:
    hits = found(
        "Sir Ivo Joss was the education secretary. In May 1986 Mr Joss wrote to her insisting that the exam "
        "was sound. But in a note on his letter Mrs Varley said: \u201cThis is not right.\u201d"
    )
    assert [name for _, name, _ in hits] == ["Mr Joss", "Mrs Varley"]


def test_states_after_a_quantifier_is_a_noun() -> None:
    assert found("The sentiment is not uniform, and other states, including Ostland, are keen.") == []
    assert found("Like all states, Ostland lost money on the funds.") == []


# -- a third pass, after a fourth real development set (each input invented) -----------------------


def test_an_inverted_verb_before_a_plural_of_people() -> None:
    # Before: ", say oceanographers, but ..." and ", say officials." were no attributions.
    hits = found(
        "The sea is shallow, making wreckage easier to spot, say oceanographers, but currents are strong. "
        "Cases are rising, say officials."
    )
    assert [(cue, name) for cue, name, _ in hits] == [
        ("say oceanographers", "oceanographers"),
        ("say officials", "officials"),
    ]


def test_an_apposition_led_by_another() -> None:
    hits = found("Laks Varma, another deportee, said he had paid 30,000 dollars.")
    assert [name for _, name, _ in hits] == ["Laks Varma"]


def test_one_persons_two_roles_are_one_speaker() -> None:
    # Before: "Lead researcher" and "Lucas Pag" were two speakers of one verb.
    hits = found("Lead researcher and planetary scientist Lucas Pag said in a statement that water was found.")
    assert [name for _, name, _ in hits] == ["Lucas Pag"]


def test_a_person_speaks_for_their_own_team() -> None:
    hits = found("Lucas Pag and his team wrote in the paper that water was found.")
    assert [(cue, name) for cue, name, _ in hits] == [("Lucas Pag and his team wrote", "Lucas Pag")]


def test_results_reported_and_better_than_expected_are_no_reports() -> None:
    # Before: "most of the companies reported" and "than expected" were two attributions.
    assert found("Most of the companies reported in-line or better than expected earnings.") == []
    assert found("Hale launched a tour of early-voting states on Monday.") == []
    # Guard: a report with a clause is still one.
    assert [cue for cue, _, _ in found("The ministry reported that 40 people had died.")] == ["The ministry reported"]


def test_the_brokerage_is_the_business_named_before() -> None:
    hits = found("Varn Securities cut its target for the bank. The brokerage said margins would shrink.")
    assert [name for _, name, _ in hits] == ["Varn Securities"]
