"""Which graded keys rest on which annotation item (issue 22, item 6): ``medialit key --by-annotation``
and the review notebook's preview."""

import json

import pytest

from medialit import api
from medialit.case import yamlpos
from medialit.case.load import read_annotation_data
from medialit.cli import main
from medialit.curriculum.derive import derive
from medialit.curriculum.lineage import feeds_by_annotation, feeds_markdown, key_reads
from medialit.curriculum.reads import watched
from medialit.curriculum.spec import curriculum_dir, lesson_files
from medialit.drafter import new_case
from medialit.drafter.review import decide, review_queue

TEXT = (
    "Port strike ends after nine days\n\n"
    "Dock workers returned to work on Thursday after a vote of 1,204 to 311, union leaders said.\n\n"
    "“This contract gives our members the raise they earned,” said union president Maria Kline.\n\n"
    "The deal is a giveaway to the owners, according to a report in the Harbor Times.\n"
)


@pytest.fixture
def drafted(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return new_case(tmp_path / "a.txt", tmp_path / "case")


def _by_id(feeds):
    return {f.id: f for f in feeds}


@pytest.mark.parametrize("which", [pytest.param("embedded", marks=pytest.mark.slow), "drafted"])
def test_watched_derivations_give_the_same_keys(which, drafted):
    """Watching the items changes nothing a derivation computes, for every derived graded key."""
    case, lessons = api.load_module(None if which == "embedded" else drafted.case_dir)
    keys = {q.id: q.key for lesson in lessons for q in lesson.questions}
    reads = key_reads(case, lessons)
    assert reads, "some graded keys are derived"
    checked = 0
    for path in lesson_files(curriculum_dir(case)):
        for spec in yamlpos.safe_load(path.read_text("utf-8")).get("questions") or ():
            if spec["id"] in reads:
                args = {k: v for k, v in spec["key"].items() if k != "derive"}
                assert derive(watched(case, set()), spec["key"]["derive"], args, "")["key"] == keys[spec["id"]]
                checked += 1
    assert checked == len(reads)


def test_each_item_names_the_keys_it_feeds_and_what_they_say(drafted):
    data, _ = read_annotation_data(drafted.annotations_file)
    claim = next(c["id"] for c in data["claims"] if c["sentence"] == "p3.s1")
    attribution = next(a["id"] for a in data["attributions"] if claim in a["claims"])
    source = next(a["source"] for a in data["attributions"] if claim in a["claims"])
    case, lessons = api.load_module(drafted.case_dir)
    feeds = _by_id(feeds_by_annotation(case, lessons))
    label = case.source(source).name
    uses = {k.question: k.says for k in feeds[attribution].keys}
    assert uses["L2.Q2"] == f"{claim}: {label}"
    assert feeds[attribution].needs_review
    assert {k.question for k in feeds[source].keys} >= {"L2.Q2"}
    # Rejecting the attribution leaves the claim with no source: the preview says so.
    decide(drafted.case_dir, reject=[attribution])
    case, lessons = api.load_module(drafted.case_dir)
    after = _by_id(feeds_by_annotation(case, lessons))
    assert attribution not in after
    assert {k.question: k.says for k in after[claim].keys}["L2.Q2"] == f"{claim}: no source given"
    # Accepting marks it reviewed.
    decide(drafted.case_dir, accept=[claim])
    case, lessons = api.load_module(drafted.case_dir)
    assert not _by_id(feeds_by_annotation(case, lessons))[claim].needs_review


def test_a_framing_span_in_the_key_is_this_items_own(drafted):
    case, lessons = api.load_module(drafted.case_dir)
    for f in feeds_by_annotation(case, lessons):
        if f.layer != "framing":
            continue
        item = next(i for i in case.annotations.framing if i.id == f.id)
        for use in f.keys:
            if use.says != "not in the key":
                assert all(f"“{s.text}”" in use.says for s in item.spans if s.sentence in use.says)
                assert any(f"“{s.text}”" in use.says for s in item.spans)


@pytest.mark.slow
def test_literal_and_hand_graded_keys_rest_on_no_item():
    case, lessons = api.load_module()
    reads = key_reads(case, lessons)
    literal = [
        spec["id"]
        for path in lesson_files(curriculum_dir(case))
        for spec in yamlpos.safe_load(path.read_text("utf-8")).get("questions") or ()
        if "value" in (spec.get("key") or {})
    ]
    assert literal
    assert not set(literal) & set(reads)
    assert not {q.id for lesson in lessons for q in lesson.questions if q.type == "short_text"} & set(reads)
    md = feeds_markdown(feeds_by_annotation(case, lessons))
    assert "**[needs review]**" not in md  # the embedded case is reviewed


def test_cli_key_by_annotation(drafted, capsys):
    assert main(["key", "--case", str(drafted.case_dir), "--by-annotation"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Graded keys by annotation") and "**[needs review]**" in out and "L2.Q2" in out
    assert main(["key", "--case", str(drafted.case_dir), "--by-annotation", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"layer", "id", "label", "needs_review", "keys"} <= set(rows[0])
    assert any(r["keys"] and r["needs_review"] for r in rows)


def test_review_notebook_preview_shows_the_keys(drafted):
    pytest.importorskip("ipywidgets")
    from medialit.review_app import key_preview

    box = key_preview(drafted.case_dir)
    assert "needs review" in box.value and "L2.Q2" in box.value
    (drafted.case_dir / "annotations.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    assert "No key preview" in key_preview(drafted.case_dir).value


def test_review_widgets_refresh_the_preview_after_write_back(drafted):
    pytest.importorskip("ipywidgets")
    from medialit.review_app import review

    box = review(drafted.case_dir)
    preview = box.children[-1].children[0]
    first = box.children[0].children[1].children[0]  # the first claim on the claims tab
    claim_id = review_queue(read_annotation_data(drafted.annotations_file)[0])["claims"][0]["id"]

    def row():
        return preview.value.split(f"<code>{claim_id}</code>")[1].split("</tr>")[0]

    assert "needs review" in row()
    first.children[1].value = "accept"
    box.children[1].click()
    assert "needs review" not in row() and "reviewed" in row()


def test_cli_review_list_names_the_keys_each_item_feeds(drafted, capsys):
    assert main(["review", str(drafted.case_dir), "--list"]) == 0
    out = capsys.readouterr().out
    assert "[graded keys: L2.Q2" in out and "--by-annotation" in out
