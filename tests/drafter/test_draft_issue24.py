"""Check-worthiness as a fact-checker reads it, and the organisation source kind (issue 22 item 4,
issue 24). The sentences are written for these tests; none is taken from an evaluation split."""

from pathlib import Path

import pytest
from drafted_text import article

from medialit.analysis.profile import attribution_class
from medialit.case.load import load_case
from medialit.drafter import draft_annotations, new_case
from medialit.drafter.attribution import find_attributions
from medialit.drafter.evaluate import read_gold
from medialit.drafter.new import read_new_article
from medialit.drafter.packet_todo import draft_todo
from medialit.model import SOURCE_KINDS

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"


def worthy(text: str, headline: str = "A headline for the test") -> dict[str, bool]:
    """Sentence text -> drafted check-worthy, for every sentence of the article."""
    a = article(text, headline)
    data = draft_annotations(a)
    flags = {c["sentence"]: c["check_worthy"] for c in data["claims"]}
    return {s.text: flags.get(s.id, False) for s in a.sentences}


def kinds(text: str) -> dict[str, tuple[str, str]]:
    """cue text -> (source name, kind)."""
    hits, _ = find_attributions(article(text))
    return {f.cue_text: (f.source.name, f.source.kind) for f in hits}


# -- check-worthy: what a fact-checker would check ------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Council shuts two swimming pools to save money", True),  # an event, in a present-tense verb
        ("Bakery chain recalls 12,000 loaves", True),  # a figure
        ("Weekend brief: the Orrin valley and its new neighbours", False),  # capitals of a title, no event
        ("Why the Tessel ferry deserves better", False),  # a view
    ],
)
def test_a_headline_is_check_worthy_when_it_states_an_event(headline, expected):
    flags = worthy("The council met on Tuesday in the town hall.", headline)
    assert flags[headline] is expected


def test_a_reaction_quote_is_not_check_worthy_whatever_the_speakers_apposition_names():
    text = (
        '"It is a sad day for this town," said Ansel Varro, a historian at Lindmark University '
        "who has studied the mill since 1998."
    )
    assert worthy(text)[text] is False


def test_a_quote_of_record_with_a_figure_is_check_worthy():
    text = '"We paid 40,000 crowns for the repairs," said Ansel Varro, the club\'s treasurer.'
    assert worthy(text)[text] is True


def test_a_forecast_with_a_figure_is_not_check_worthy_a_reported_past_act_is():
    forecast = "The developer says the new mall would create 650 jobs."
    past = "The inspector said the boiler had been repaired without a permit."
    flags = worthy(forecast + " " + past)
    assert flags[forecast] is False
    assert flags[past] is True


def test_a_quoted_we_is_the_speakers_organisation_not_the_writers_voice():
    text = '"We closed the plant in March after the second leak," the company said.'
    assert worthy(text)[text] is True


# -- the organisation source kind -----------------------------------------------------------------


def test_organisation_is_a_schema_kind():
    assert "organisation" in SOURCE_KINDS


@pytest.mark.parametrize(
    ("text", "cue", "kind"),
    [
        ("Water use rose 4 percent, the regional water board said.", "the regional water board said", "organisation"),
        ("The plant is safe, Brackwell Holdings said.", "Brackwell Holdings said", "organisation"),
        (
            "Prices doubled, according to the Orrin Consumers' Alliance.",
            "according to the Orrin Consumers' Alliance",
            "organisation",
        ),
        (
            "Prices doubled, according to department estimates.",
            "according to department estimates",
            "official_document",
        ),
        ("Prices doubled, according to its annual report.", "according to its annual report", "official_document"),
    ],
)
def test_bodies_that_speak_are_organisations_documents_stay_documents(text, cue, kind):
    assert kinds(text)[cue][1] == kind


def test_a_person_of_an_institution_stays_a_person():
    got = kinds(
        "The dam is unsafe, said Prof. Edda Malm of Tessel State University. "
        "Council Member Ivo Brandt said the vote was close."
    )
    assert got["said Prof. Edda Malm of Tessel State University"][1] == "named_person"
    assert got["Council Member Ivo Brandt said"][1] == "named_person"


def test_a_titled_person_of_an_institution_is_named_by_title_and_name():
    got = kinds("The reef is dying, said Prof. Ola Berg of Varden University.")
    assert got["said Prof. Ola Berg of Varden University"] == ("Prof. Ola Berg", "named_person")


def test_the_team_after_an_institute_of_a_field_is_the_institute():
    got = kinds(
        "The study was led by Dr. Ivo Sand of the Varden Institute of Marine Science. "
        "Of 300 corals tagged, 41 died, the team wrote."
    )
    name, kind = got["the team wrote"]
    assert "Varden Institute" in name and kind == "organisation"


def test_a_drafted_organisation_is_a_named_source_in_a_valid_case(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(
        "Harbour board fines ferry firm\n\n"
        "The harbour board fined Tessel Lines 80,000 crowns on Monday, the board said.\n\n"
        "Tessel Lines said it would appeal.\n",
        "utf-8",
    )
    result = new_case(src, tmp_path / "case")
    case = load_case(result.case_dir)  # the schema takes the new kind
    orgs = [s for s in case.annotations.sources if s.kind == "organisation"]
    assert orgs, [(s.name, s.kind) for s in case.annotations.sources]
    credited = {a.claims[0] for a in case.annotations.attributions if a.source in {s.id for s in orgs} and a.claims}
    claim = next(c for c in case.annotations.claims if c.id in credited)
    assert attribution_class(case, claim) == "attributed"  # an organisation is a named source


def test_the_packet_todo_asks_for_an_organisations_own_statement():
    a = article("Water use rose 4 percent, the regional water board said.")
    [entry] = draft_todo(a, draft_annotations(a))
    assert entry.kind == "official" and "the body's own statement" in entry.find


# -- the evaluation splits ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", sorted(p.name for p in (EVAL / "test-issue24").iterdir()))
def test_the_issue24_split_loads(folder):
    path = EVAL / "test-issue24" / folder
    art = read_new_article(path / "article.txt", folder)
    gold = read_gold(art, path / "gold.yaml")
    assert any(c["check_worthy"] for c in gold["claims"])
    assert {s["kind"] for s in gold["sources"]} <= set(SOURCE_KINDS)


def test_every_compact_gold_kind_is_a_schema_kind():
    for path in sorted(EVAL.glob("*/*/gold.yaml")):
        art = read_new_article(path.parent / "article.txt", path.parent.name)
        gold = read_gold(art, path)
        assert {s["kind"] for s in gold["sources"]} <= set(SOURCE_KINDS), path
