"""The teacher pack skeleton of a drafted case names the parties this article credits (issue 22, item 6)."""

import re

import yaml

from medialit.drafter import new_case

TEXT = (
    "Port strike ends after nine days\n\n"
    "Dock workers returned to work on Thursday after a vote of 1,204 to 311, union leaders said.\n\n"
    "“This contract gives our members the raise they earned,” said union president Maria Kline.\n\n"
    "The port authority's annual report puts the cost of the strike at 40 million dollars.\n"
)
MEK_WORDS = re.compile(r"\b(MEK|MKO|PMOI|NCRI|Mojahedin|Mujahedin|Rajavi|Iran\w*|Albania|Camp Ashraf)\b", re.I)


def test_skeleton_lists_the_credited_parties_validates_and_names_nothing_of_another_case(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = new_case(tmp_path / "a.txt", tmp_path / "case")
    text = (tmp_path / "case" / "teacher.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"schema_version": 1}  # every field is the teacher's to write
    assert "#     - heading: Maria Kline   # p2.s1: a person the article names" in text
    assert "#     - heading: union leaders   # p1.s1: a vague source" in text
    assert text.index("union leaders") < text.index("Maria Kline")  # reading order
    assert MEK_WORDS.search(text) is None
    # Uncommented and filled in, the background block is a list of sections under those headings.
    lines = text.split("\n")
    start = lines.index("# background:")
    end = lines.index("# content_note:                     # when passages may distress students")
    block = "\n".join(line[2:] for line in lines[start:end]).replace("...", "to write")
    background = yaml.safe_load(block)["background"]
    headings = [s["heading"] for s in background["sections"]]
    assert {"union leaders", "Maria Kline"} <= set(headings)
    assert result.teacher_file == tmp_path / "case" / "teacher.yaml"


def test_an_existing_teacher_pack_is_kept(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    case = tmp_path / "case"
    case.mkdir()
    (case / "teacher.yaml").write_text("schema_version: 1\n# mine\n", encoding="utf-8")
    new_case(tmp_path / "a.txt", case, force=True)
    assert (case / "teacher.yaml").read_text(encoding="utf-8") == "schema_version: 1\n# mine\n"
