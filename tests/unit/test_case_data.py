"""The embedded case study agrees with the brief (FACTS.md) it was annotated from."""

import hashlib
from pathlib import Path

import medialit
from medialit.analysis.profile import case_facts, sourcing_profile, verdict_tally

ARTICLE_SHA256 = "d09b0c75bd61b587832ec25bbf95eb1cc873c8169d6903c01ab7ea5e36aa301b"


def test_article_body_is_the_verbatim_capture(case):
    assert hashlib.sha256(case.article.body.encode("utf-8")).hexdigest() == ARTICLE_SHA256


def test_front_matter_dates_the_undated_page(case):
    art = case.article
    assert art.date is None and art.publisher is None and art.author is None
    assert str(art.date_estimate.earliest) == "2018-06-28"
    assert str(art.date_estimate.latest) == "2018-06-30"


def test_all_66_claims_of_the_brief_are_annotated(case):
    ids = {c.id for c in case.annotations.claims}
    assert len(ids) == 66
    assert {"P0.a", "P6.g", "P9.f", "P14.c", "P18.b"} <= ids


def test_verdict_tally_matches_the_brief(case):
    # FACTS.md section 8.
    assert verdict_tally(case) == {
        "accurate": 24,
        "missing_context": 19,
        "time_shifted": 8,
        "inaccurate": 5,
        "unverifiable": 10,
    }


def test_sourcing_profile_matches_the_brief(case):
    facts = case_facts(case)
    assert (facts["n_attributed"], facts["n_anonymous"], facts["n_unattributed"]) == ("14", "5", "47")
    by_p = {p.paragraph: (p.claims, p.attributed, p.anonymous, p.unattributed) for p in sourcing_profile(case)}
    # A few rows of the FACTS.md section 8 table.
    assert by_p["p2"] == (7, 0, 0, 7)
    assert by_p["p11"] == (3, 0, 3, 0)
    assert by_p["p17"] == (4, 4, 0, 0)
    assert by_p["p18"] == (2, 0, 1, 1)


def test_every_fact_check_cites_a_source_the_module_carries(case):
    """Each citation a fact check rests on is one a reader can find: a title and a URL or archive."""
    for fc in case.annotations.fact_checks:
        assert fc.citations, fc.id
        for cid in fc.citations:
            c = case.citation(cid)
            assert c.title, (fc.id, cid)
            assert c.url or c.archive or c.no_url_reason, (fc.id, cid)


def test_the_shipped_case_points_to_no_file_it_does_not_ship():
    text = (Path(medialit.__file__).parent / "casestudies" / "mek" / "annotations.yaml").read_text(encoding="utf-8")
    assert "FACTS.md" not in text


def test_contested_fact_checks_give_each_side(case):
    contested = [fc for fc in case.annotations.fact_checks if fc.contested]
    assert len(contested) >= 8
    for fc in contested:
        assert len(fc.accounts) >= 2, fc.id
        assert len({a.side for a in fc.accounts}) == len(fc.accounts), fc.id
