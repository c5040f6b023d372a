"""`medialit new` writes an empty source packet with instructions that `medialit validate`
accepts; a teacher's packet is never overwritten; a filled-in skeleton validates."""

from __future__ import annotations

from pathlib import Path

import yaml

from medialit.api import validate
from medialit.case.load import load_case
from medialit.cli import main
from medialit.drafter import new_case

DATA = Path(__file__).resolve().parents[1] / "data" / "articles"


def _article(tmp_path: Path) -> Path:
    text = (DATA / "riverton-transit" / "article.md").read_text(encoding="utf-8").split("---", 2)[2].lstrip()
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_new_writes_a_valid_empty_packet(tmp_path, capsys):
    case = tmp_path / "riverton"
    assert main(["new", str(_article(tmp_path)), "--out", str(case), "--title", "Riverton bus line"]) == 0
    assert "source packet:" in capsys.readouterr().out
    text = (case / "packet.yaml").read_text(encoding="utf-8")
    assert "docs/packet.md" in text and "no verdicts" in text  # the instructions
    assert yaml.safe_load(text) == {"schema_version": 1, "case": "riverton", "documents": []}
    assert validate(case) == []
    packet = load_case(case).packet
    assert packet is not None and packet.documents == ()
    assert main(["validate", str(case)]) == 0


def test_a_teachers_packet_survives_new_force(tmp_path):
    case = tmp_path / "riverton"
    result = new_case(_article(tmp_path), case, title="Riverton bus line")
    mine = result.packet_file.read_text(encoding="utf-8").replace("documents: []", "documents: []  # mine")
    result.packet_file.write_text(mine, encoding="utf-8")
    new_case(_article(tmp_path), case, title="Riverton bus line", force=True)
    assert result.packet_file.read_text(encoding="utf-8") == mine


def test_the_skeletons_example_validates_once_filled_in(tmp_path):
    """The commented example, uncommented against a real citation, is a valid document."""
    case = tmp_path / "riverton"
    new_case(_article(tmp_path), case, title="Riverton bus line")
    ann = yaml.safe_load((case / "annotations.yaml").read_text(encoding="utf-8"))
    ann["citations"].append(
        {
            "id": "city-report-2024",
            "title": "Annual transport report 2024",
            "publisher": "City of Riverton",
            "date": "2024-03-01",
            "url": "https://example.org/report-2024",
            "kind": "primary",
            "leaning": None,
        }
    )
    (case / "annotations.yaml").write_text(yaml.safe_dump(ann, sort_keys=False), encoding="utf-8")
    text = (case / "packet.yaml").read_text(encoding="utf-8")
    start = text.index("#   - id: city-report-2024")
    end = text.index("schema_version: 1")
    example = "\n".join(line[2:] for line in text[start:end].splitlines() if line.startswith("#  "))
    example = example.replace("    sources: [src-city]     # optional: the annotations' sources this page is\n", "")
    (case / "packet.yaml").write_text(
        text[end:].replace("documents: []", "documents:\n" + example + "\n"), encoding="utf-8"
    )
    assert validate(case) == []
    (doc,) = load_case(case).packet.documents
    assert doc.kind == "official" and doc.about_basis == "self" and doc.quote is not None
