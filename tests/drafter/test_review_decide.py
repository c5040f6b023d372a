"""Review without Jupyter (issue 22, item 6): decisions by id, written into annotations.yaml item by
item, so the teacher's comments, the order and every other item stay as they were."""

import json

import pytest
import yaml

from medialit.api import validate
from medialit.case.load import read_annotation_data
from medialit.cli import main
from medialit.drafter import new_case
from medialit.drafter.review import decide, write_decisions
from medialit.drafter.review_file import edit_text
from medialit.errors import PacketError, ReviewDecisionError

TEXT = (
    "Port strike ends after nine days\n\n"
    "Dock workers returned to work on Thursday after a vote of 1,204 to 311, union leaders said.\n\n"
    "“This contract gives our members the raise they earned,” said union president Maria Kline.\n\n"
    "Critics called the deal a giveaway, according to a report in the Harbor Times.\n"
)


@pytest.fixture
def drafted(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return new_case(tmp_path / "a.txt", tmp_path / "case")


def _ids(data, layer):
    return [i["id"] for i in data[layer]]


def _claim_at(data, sentence):
    return next(c["id"] for c in data["claims"] if c["sentence"] == sentence)


def test_accept_changes_one_line_and_keeps_the_teachers_comments(drafted):
    path = drafted.annotations_file
    data, _ = read_annotation_data(path)
    claim = _claim_at(data, "p1.s1")
    text = path.read_text(encoding="utf-8").replace(
        f"- id: {claim}\n", f"# my note: checked the vote count\n- id: {claim}\n"
    )
    path.write_text(text, encoding="utf-8")
    result = decide(drafted.case_dir, accept=[claim])
    assert not result.rewritten
    after = path.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(text.split("\n"), after.split("\n"), strict=True) if a != b]
    assert changed == [("  needs_review: true", "  needs_review: false")]
    assert "# my note: checked the vote count" in after
    new, _ = read_annotation_data(path)
    assert next(c for c in new["claims"] if c["id"] == claim)["needs_review"] is False
    assert result.status.layers["claims"][0] == len(data["claims"]) - 1


def test_reject_removes_the_item_and_what_rests_on_it_and_nothing_else(drafted):
    path = drafted.annotations_file
    data, _ = read_annotation_data(path)
    claim = _claim_at(data, "p3.s1")
    before = path.read_text(encoding="utf-8")
    decide(drafted.case_dir, reject=[claim])
    after = path.read_text(encoding="utf-8")
    new, _ = read_annotation_data(path)
    assert claim not in _ids(new, "claims")
    assert all(claim not in a["claims"] for a in new["attributions"])
    assert "p3.s1" in new["no_claim_sentences"]
    assert validate(drafted.case_dir) == []
    # Every comment line of the drafted file is still there, in the same order.
    comments = [line for line in before.split("\n") if line.startswith("#")]
    assert [line for line in after.split("\n") if line.startswith("#")] == comments
    # The other items are byte for byte as they were.
    for sid in _ids(new, "sources"):
        assert f"- id: {sid}\n" in after


def test_unknown_and_double_ids_name_the_file_the_id_and_the_fix(drafted):
    path = drafted.annotations_file
    data, _ = read_annotation_data(path)
    claim = _claim_at(data, "p1.s1")
    before = path.read_text(encoding="utf-8")
    typo = claim[:-1] + "z"
    with pytest.raises(ReviewDecisionError) as exc:
        decide(drafted.case_dir, accept=[typo])
    message = str(exc.value)
    assert str(path) in message and f"'{typo}'" in message and f"did you mean '{claim}'" in message
    assert "--list" in message
    with pytest.raises(ReviewDecisionError, match="both accepted and rejected"):
        decide(drafted.case_dir, accept=[claim], reject=[claim])
    assert path.read_text(encoding="utf-8") == before


def _rewrite_layers(drafted, style):
    path = drafted.annotations_file
    data, _ = read_annotation_data(path)
    layers = ("sources", "claims", "attributions", "framing", "fact_checks", "no_claim_sentences")
    head = yaml.safe_dump({k: data[k] for k in ("schema_version", "case", "citations")}, sort_keys=False)
    body = yaml.safe_dump({k: data[k] for k in layers}, default_flow_style=style, width=10_000, sort_keys=False)
    path.write_text(head + body, encoding="utf-8")
    return data


def test_items_written_as_flow_mappings_are_written_again_one_by_one(drafted):
    data = _rewrite_layers(drafted, None)
    text = drafted.annotations_file.read_text(encoding="utf-8")
    assert "- {id: " in text  # items as flow mappings
    first, second = data["sources"][0]["id"], data["sources"][1]["id"]
    result = decide(drafted.case_dir, accept=[first])
    assert not result.rewritten
    after = drafted.annotations_file.read_text(encoding="utf-8")
    assert f"- id: {first}\n" in after and f"- {{id: {second}," in after
    assert validate(drafted.case_dir) == []


def test_a_layout_it_cannot_follow_is_written_whole_and_still_valid(drafted):
    path = drafted.annotations_file
    data, _ = read_annotation_data(path)
    path.write_text("".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in data.items()), encoding="utf-8")
    assert validate(drafted.case_dir) == []
    result = decide(drafted.case_dir, accept=[data["sources"][0]["id"]])
    assert result.rewritten
    assert validate(drafted.case_dir) == []


def test_edit_text_refuses_what_is_not_a_review_decision():
    text = "schema_version: 1\nclaims:\n- id: a\n  kind: factual\n- id: b\n  kind: opinion\n"
    old = yaml.safe_load(text)
    moved = {**old, "claims": [old["claims"][1], old["claims"][0]]}
    assert edit_text(text, old, moved) is None
    added = {**old, "claims": [*old["claims"], {"id": "c", "kind": "label"}]}
    assert edit_text(text, old, added) is None
    fixed = {**old, "claims": [{"id": "a", "kind": "opinion"}, old["claims"][1]]}
    assert yaml.safe_load(edit_text(text, old, fixed) or "") == fixed


def test_the_review_notebooks_write_back_keeps_comments_too(drafted):
    path = drafted.annotations_file
    data, _ = read_annotation_data(path)
    write_decisions(drafted.case_dir, {data["sources"][0]["id"]: {"action": "accept"}})
    assert path.read_text(encoding="utf-8").startswith("# Draft annotations written by `medialit new`")


def test_cli_review_lists_accepts_and_rejects(drafted, capsys):
    data, _ = read_annotation_data(drafted.annotations_file)
    first, second = _claim_at(data, "p1.s1"), _claim_at(data, "p2.s1")
    assert main(["review", str(drafted.case_dir)]) == 0
    out = capsys.readouterr().out
    assert f"{first} [" in out and "claims (" in out
    assert main(["review", str(drafted.case_dir), "--accept", f"{first},{second}"]) == 0
    out = capsys.readouterr().out
    assert "2 accepted, 0 rejected" in out and "to review:" in out
    assert main(["review", str(drafted.case_dir), "--list"]) == 0
    listed = capsys.readouterr().out
    assert f"{first} [" not in listed and f"{second} [" not in listed
    assert main(["review", str(drafted.case_dir), "--reject", "nope"]) == 1
    err = capsys.readouterr().err
    assert "error:" in err and "no item with id 'nope'" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_hand_written_case_keeps_its_style(case_copy):
    """The embedded case is written by hand: flow lists, folded text, a comment per paragraph."""
    path = case_copy / "annotations.yaml"
    (case_copy / "packet.yaml").unlink()  # its pages cite the source rejected below
    before = path.read_text(encoding="utf-8")
    data, _ = read_annotation_data(path)
    reviewed = data["claims"][0]["id"]
    assert "needs_review" not in data["claims"][0]
    decide(case_copy, accept=[reviewed])
    assert path.read_text(encoding="utf-8") == before  # accepting a reviewed item changes nothing
    decide(case_copy, reject=["src-us-officials"])
    after = path.read_text(encoding="utf-8")
    assert "    chain: [src-iran-leaders, src-nbc]\n" in after  # the flow list stays a flow list
    gone = set(before.split("\n")) - set(after.split("\n"))
    assert all("us-officials" in line or "U.S. officials" in line or line.startswith("  ") for line in gone)
    assert [line for line in before.split("\n") if line.lstrip().startswith("#")] == [
        line for line in after.split("\n") if line.lstrip().startswith("#")
    ]
    assert validate(case_copy) == []


def test_a_reject_the_source_packet_still_cites_is_refused_and_nothing_changes(case_copy):
    path = case_copy / "annotations.yaml"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(PacketError) as exc:
        decide(case_copy, reject=["src-us-officials"])
    assert "src-us-officials" in str(exc.value)
    assert path.read_text(encoding="utf-8") == before
