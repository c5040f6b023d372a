"""Drafting patterns, framing devices, review order and the evaluation of issue 14."""

import re
from pathlib import Path

import pytest
import yaml
from drafted_text import article
from drafted_text import found_with_chain as found

from medialit.case.load import load_case
from medialit.case.segment import segment
from medialit.drafter import draft_annotations, new_case
from medialit.drafter.evaluate import bands, calibration, errors, evaluate, load_gold, read_gold
from medialit.drafter.new import read_new_article
from medialit.drafter.review import REVIEW_FIRST_BELOW, review_notebook, review_queue, review_status
from medialit.errors import AnnotationError
from medialit.model import Article

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"


# -- attribution patterns -------------------------------------------------------------------------


def test_speaker_after_the_quote_with_an_apposition_is_the_name():
    [(cue, name, kind, _)] = found("“The vote is a farce,” said the party's spokeswoman, Jane Roe, at a rally.")
    assert cue == "said the party's spokeswoman, Jane Roe"
    assert "Jane Roe" in name and kind == "named_person"


@pytest.mark.parametrize(
    ("text", "cue", "name", "via"),
    [
        (
            "Transport Minister Elin Sand was quoted as saying that she hoped both sides would talk.",
            "Transport Minister Elin Sand was quoted as saying",
            "Transport Minister Elin Sand",
            [],
        ),
        (
            "The owner, Kasper Lind, was quoted by Pellham Radio as saying the building passed an inspection.",
            "The owner, Kasper Lind, was quoted by Pellham Radio as saying",
            "Kasper Lind",
            ["Pellham Radio"],
        ),
    ],
)
def test_passive_reporting_verbs(text, cue, name, via):
    [(c, n, kind, chain)] = found(text)
    assert (c, n, kind) == (cue, name, "named_person")
    assert chain[1:] == via


def test_a_relayed_statement_credits_the_speaker_via_the_reporter():
    [(cue, name, _, chain)] = found(
        "The council leader, Gareth Pryce, said on local radio that the cuts would save money, "
        "the Dunmore Echo reports."
    )
    assert cue.startswith("The council leader, Gareth Pryce, said")
    assert "Gareth Pryce" in name
    assert chain[1].removeprefix("the ") == "Dunmore Echo"


def test_one_word_recipients_and_thread_labels():
    assert found("@pellhamnow: 2/ Fire chief Dorota Wilk told me 60 firefighters are at the scene.") == [
        # The lowercase role is no part of the name (issue 22's last round: "Agency chief Tom Vail").
        ("Fire chief Dorota Wilk told me", "Dorota Wilk", "named_person", [])
    ]
    assert found("Their spokesman, Rhys Morgan, told me the count left out children's groups.")[0][0] == (
        "Their spokesman, Rhys Morgan, told me"
    )


@pytest.mark.parametrize(
    "text",
    [
        "One would expect an agency with a large reserve to find savings.",
        "One might suspect that was no accident.",
        "You would think the council would wait for the review.",
    ],
)
def test_modal_phrases_are_no_attribution(text):
    assert found(text) == []


def test_glitch_a_move_officials():
    """Regression: a reduced relative clause made the source "a move officials"."""
    [(cue, name, kind, _)] = found("The council approved the cuts, a move officials said would save $2 million.")
    assert (cue, name, kind) == ("officials said", "officials", "anonymous")


def test_a_literal_generic_source_is_not_replaced_by_a_body_named_elsewhere():
    hits = found(
        "The Ministry of Water closed the dam on Monday. The government said the dam was safe. "
        "The ministry said it would reopen the dam in May."
    )
    assert [h[1] for h in hits] == ["The government", "Ministry of Water"]


def test_a_pronoun_resolves_to_the_person_last_named_even_by_surname_alone():
    hits = found(
        "Challenger Karin Lindqvist lost to Mayor Per Aalto. “We lost,” Lindqvist, 47, told supporters. "
        "She said she would stay on the council."
    )
    assert [h[1] for h in hits] == ["Challenger Karin Lindqvist", "Challenger Karin Lindqvist"]


def test_organisation_roles_and_names_after_roles():
    hits = found(
        "The operator, Brenn Terminals, said in a statement that its offer was final. "
        "A spokeswoman for the company, Lea Marsh, said the strike cost money. Prices rose, the port operator said."
    )
    assert [h[2] for h in hits] == ["organisation", "named_person", "organisation"]


def test_an_adverb_before_the_verb_and_a_relative_clause_subject():
    hits = found("They paid for radio advertisements that wrongly claim the tax has driven up rents.")
    assert hits == [("radio advertisements that wrongly claim", "radio advertisements", "official_document", [])]


# -- framing ---------------------------------------------------------------------------------------


def frames(text: str) -> set[tuple[str, str]]:
    data = draft_annotations(article(text))
    return {(f["device"], sp["text"]) for f in data["framing"] for sp in f.get("spans") or ()}


def test_natural_force_metaphors_loaded_verbs_and_prejudging_adverbs():
    got = frames(
        "A wave of misinformation is sweeping the city. The lobby bankrolled the campaign. "
        "The group falsely claimed the ban was illegal. Officials brushed off the finding."
    )
    assert {
        ("loaded_language", "wave of"),
        ("loaded_language", "bankrolled"),
        ("loaded_language", "falsely"),
        ("loaded_language", "brushed off"),
    } <= got


def test_a_literal_force_of_nature_is_not_a_metaphor():
    assert ("loaded_language", "wave of") not in frames("A wave of water hit the harbour wall at noon.")


def test_scare_quotes_and_loaded_words_inside_short_quotes():
    got = frames(
        'The usual chorus of "experts" condemned it. The mayor called the plan "a shameless land grab" in May.'
    )
    assert ("loaded_language", '"experts"') in got
    assert ("loaded_language", "land grab") in got


def test_a_whole_quotation_is_the_speakers_framing_not_the_writers():
    got = frames("“The lobby bankrolled this whole campaign,” said Ann Lee.")
    assert not {t for d, t in got if d == "loaded_language"}


# -- the key and the review order ------------------------------------------------------------------


def test_glitch_drafted_explanation_printed_twice_in_the_key(tmp_path):
    """Regression: every drafted attribution said "Drafted (speaker first).", so a key that joins the
    explanations of several attributions repeated it."""
    from medialit.curriculum.derive_sources import sentences_by_source_kind

    src = tmp_path / "a.txt"
    src.write_text(
        "Two officials speak\n\nOfficials said the bridge is shut. Officials said the road is open.\n"
        "\nSome residents say the detour is long. Some residents say buses are late.\n",
        encoding="utf-8",
    )
    case = load_case(new_case(src, tmp_path / "case").case_dir)
    paras = [p.id for p in case.article.paragraphs]
    key = sentences_by_source_kind(case, paras, ["anonymous", "vague"])
    # One note per attribution, each naming its own sentence (students read no drafting note).
    notes = [n.strip() for n in re.split(r"\s+(?=p\d+\.s\d+: )", key["explanation"]) if n.strip()]
    assert len(notes) == 4
    assert len(set(notes)) == len(notes), key["explanation"]
    assert "Drafted (" not in key["explanation"] and "drafted" not in key["explanation"]


def test_low_confidence_items_are_flagged_and_come_first():
    data = {
        "claims": [
            {"id": "a", "confidence": 0.9, "needs_review": True},
            {"id": "b", "confidence": 0.55, "needs_review": True},
            {"id": "c", "confidence": 0.3, "needs_review": True},
            {"id": "d", "confidence": 0.2, "needs_review": False},
        ]
    }
    assert [i["id"] for i in review_queue(data)["claims"]] == ["c", "b", "a"]
    status = review_status(data)
    assert status.flagged == 2
    assert f"2 item(s) with confidence below {REVIEW_FIRST_BELOW:.1f} flagged to review first" in status.summary()
    assert "REVIEW FIRST" in review_notebook(".").cells[0].source


def test_review_widgets_list_flagged_items_first_with_a_text_mark(tmp_path):
    pytest.importorskip("ipywidgets")
    from medialit.review_app import review

    src = tmp_path / "a.txt"
    src.write_text(
        "Port strike ends\n\nThe lobby bankrolled the campaign, a wave of anger followed and critics said so.\n",
        encoding="utf-8",
    )
    result = new_case(src, tmp_path / "case")
    data = yaml.safe_load(result.annotations_file.read_text(encoding="utf-8"))
    box = review(result.case_dir)
    framing_tab = box.children[0].children[3]
    first = framing_tab.children[0].children[0].value
    queue = review_queue(data)["framing"]
    assert queue[0]["confidence"] < REVIEW_FIRST_BELOW
    assert queue[0]["id"] in first and "REVIEW FIRST" in first
    assert "first)" in box.children[0].get_title(3)


# -- evaluation ------------------------------------------------------------------------------------


def test_compact_gold_names_a_snippet_that_is_not_unique():
    art = article("Lee said the bridge is shut. Lee said the road is open.")
    with pytest.raises(AnnotationError, match=r"gold.yaml: cues\[0\].*2 sentences"):
        load_gold(art, {"cues": [{"cue": "Lee said", "source": "Lee", "kind": "named_person"}]})
    gold = load_gold(
        art,
        {
            "cues": [{"cue": "Lee said", "in": "road is open", "source": "Lee", "kind": "named_person", "via": "X"}],
            "check_worthy": ["the road is open"],
        },
    )
    assert gold["attributions"][0]["cue"]["sentence"] == "p1.s2"
    assert [c["check_worthy"] for c in gold["claims"]] == [False, False, True]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_evaluation_article_loads_with_its_gold(split):
    folders = sorted(p for p in (EVAL / split).iterdir() if p.is_dir())
    assert len(folders) >= (8 if split == "dev" else 6)
    genres = set()
    for folder in folders:
        art = read_new_article(folder / "article.txt", folder.name)
        gold = read_gold(art, folder / "gold.yaml")
        genres.add(gold["genre"])
        assert gold["attributions"] and gold["framing"]
    assert {"wire", "broadcast_transcript", "opinion", "press_release", "social_thread"} <= genres


def test_errors_and_calibration_say_what_went_wrong():
    art = article("Lee said the bridge is shut. The mayor spoke.")
    gold = load_gold(
        art,
        {"cues": [{"cue": "Lee said", "source": "Ann Lee", "kind": "named_person"}], "check_worthy": ["bridge"]},
    )
    draft = draft_annotations(art)
    res = evaluate(art, gold, draft)
    assert res["attribution_cues"].f1 == 1.0
    assert not [e for e in errors(art, gold, draft) if "cue" in e]
    wrong = load_gold(art, {"cues": [{"cue": "Lee said", "source": "Bo Kim", "kind": "named_person"}]})
    assert any(e.startswith("wrong source") for e in errors(art, wrong, draft))
    items = calibration(art, wrong, draft)
    assert ("attribution", draft["attributions"][0]["confidence"], False) in items
    assert sum(n for _, _, n in bands(items)) == len(items)


def test_dev_split_figures_do_not_regress():
    """Floors under the development figures (benchmarks/analyzer_eval.py --split dev prints them)."""
    total = {}
    for folder in sorted(p for p in (EVAL / "dev").iterdir() if p.is_dir()):
        art = read_new_article(folder / "article.txt", folder.name)
        res = evaluate(art, read_gold(art, folder / "gold.yaml"), draft_annotations(art))
        for layer in ("attribution_cues", "attributed_sources", "framing"):
            total[layer] = total[layer] + res[layer] if layer in total else res[layer]
    assert total["attribution_cues"].f1 >= 0.9
    assert total["attributed_sources"].f1 >= 0.85
    assert total["framing"].recall >= 0.6


def test_a_long_article_drafts_whole_and_the_same_twice():
    """A 10,000-word article drafts every paragraph, deterministically.

    How long it takes is a figure, not an assertion: ``benchmarks/analyzer_eval.py`` prints it.
    """
    paras = []
    for folder in sorted(p for p in (EVAL / "dev").iterdir() if p.is_dir()):
        paras += (folder / "article.txt").read_text(encoding="utf-8").split("\n\n")[1:]
    text, n = ["A long article"], 0
    while n < 10_000:
        text.append(paras[len(text) % len(paras)].strip())
        n += len(text[-1].split())
    body = "\n\n".join(text) + "\n"
    art = Article(id="long", title="long", body=body, blocks=segment(body))
    first = draft_annotations(art)
    assert first == draft_annotations(art)
    drafted = {c["sentence"] for c in first["claims"]} | set(first["no_claim_sentences"])
    assert drafted == {s.id for s in art.sentences}, "some sentences were neither drafted as claims nor as no-claim"
