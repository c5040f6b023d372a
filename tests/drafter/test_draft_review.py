"""The review aid: decisions written back to annotations.yaml, and the generated notebook (issue 6, item 5)."""

import json

import nbformat
import pytest

from medialit.api import validate
from medialit.case.load import read_annotation_data
from medialit.drafter import new_case
from medialit.drafter.review import apply_decisions, review_notebook, review_queue, write_decisions
from medialit.errors import AnnotationError

TEXT = (
    "Port strike ends after nine days\n\n"
    "Dock workers returned to work on Thursday after a vote of 1,204 to 311, union leaders said.\n\n"
    "“This contract gives our members the raise they earned,” said union president Maria Kline.\n"
)


@pytest.fixture
def drafted(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return new_case(tmp_path / "a.txt", tmp_path / "case")


def test_accept_fix_and_reject_are_written_back_and_still_validate(drafted):
    data, _ = read_annotation_data(drafted.annotations_file)
    claim = next(c for c in data["claims"] if c["sentence"] == "p1.s1")
    quote = next(c for c in data["claims"] if c["sentence"] == "p2.s1")
    source = next(s for s in data["sources"] if s["name"] == "Maria Kline")
    status = write_decisions(
        drafted.case_dir,
        {
            claim["id"]: {"action": "fix", "changes": {"kind": "factual", "check_worthy": True}},
            quote["id"]: {"action": "reject"},
            source["id"]: {"action": "accept"},
        },
    )
    assert validate(drafted.case_dir) == []
    new, _ = read_annotation_data(drafted.annotations_file)
    fixed = next(c for c in new["claims"] if c["id"] == claim["id"])
    assert fixed["needs_review"] is False
    assert fixed["check_worthy"] is True
    assert quote["id"] not in {c["id"] for c in new["claims"]}
    assert "p2.s1" in new["no_claim_sentences"]
    assert all(quote["id"] not in a["claims"] for a in new["attributions"])
    assert all(f["claim"] != quote["id"] for f in new["fact_checks"])
    assert next(s for s in new["sources"] if s["id"] == source["id"])["needs_review"] is False
    assert status.layers["claims"][1] == len(data["claims"]) - 1


def test_rejecting_a_source_drops_its_attributions():
    data = {
        "sources": [{"id": "s1"}, {"id": "s2"}],
        "claims": [{"id": "c1", "sentence": "p1.s1"}],
        "attributions": [
            {"id": "a1", "claims": ["c1"], "source": "s1", "chain": ["s1", "s2"]},
            {"id": "a2", "claims": ["c1"], "source": "s2"},
        ],
        "framing": [],
        "fact_checks": [],
    }
    out = apply_decisions(data, {"s2": {"action": "reject"}})
    assert [a["id"] for a in out["attributions"]] == ["a1"]
    assert out["attributions"][0]["chain"] == ["s1"]


def test_bad_decisions_are_refused(drafted):
    data, _ = read_annotation_data(drafted.annotations_file)
    with pytest.raises(ValueError, match="unknown item"):
        apply_decisions(data, {"nope": {"action": "accept"}})
    cid = data["claims"][0]["id"]
    with pytest.raises(ValueError, match="cannot be changed"):
        apply_decisions(data, {cid: {"action": "fix", "changes": {"sentence": "p9.s9"}}})
    with pytest.raises(AnnotationError):
        write_decisions(drafted.case_dir, {cid: {"action": "fix", "changes": {"kind": "rumour"}}})


def test_review_notebook_is_generated_with_the_case(drafted):
    nb = nbformat.read(drafted.review_notebook, as_version=4)
    nbformat.validate(nb)
    assert [c["id"] for c in nb.cells] == ["review-intro", "review-launch", "review-keys-intro", "review-keys"]
    assert "review('.')" in nb.cells[1].source
    assert "key_preview('.')" in nb.cells[3].source
    assert (
        drafted.review_notebook.read_text(encoding="utf-8") == nbformat.writes(review_notebook("."), version=4) + "\n"
    )
    json.loads(drafted.review_notebook.read_text(encoding="utf-8"))


def test_review_widgets_build_for_a_draft(drafted):
    pytest.importorskip("ipywidgets")
    from medialit.review_app import review

    box = review(drafted.case_dir)
    tabs = box.children[0]
    assert len(tabs.children) == 5


def test_write_back_button_saves_the_decisions(drafted):
    pytest.importorskip("ipywidgets")
    from medialit.review_app import review

    before, _ = read_annotation_data(drafted.annotations_file)
    first_id = review_queue(before)["claims"][0]["id"]  # the page lists claims in review order
    box = review(drafted.case_dir)
    claims_page = box.children[0].children[1]
    first = claims_page.children[0]
    first.children[1].value = "accept"
    box.children[1].click()
    data, _ = read_annotation_data(drafted.annotations_file)
    assert [c["id"] for c in data["claims"] if not c["needs_review"]] == [first_id]
    assert len(data["claims"]) == len(before["claims"])
    assert "Wrote" in str(box.children[2].outputs) or box.children[2].outputs == ()
