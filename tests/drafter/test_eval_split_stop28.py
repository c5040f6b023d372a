"""The fifth frozen test split (tests/data/eval/test-stop28/) loads, and its gold is verbatim.

The split is scored by benchmarks/analyzer_eval.py; these tests only check the data, never the
drafter's figures on it."""

from pathlib import Path

import pytest
import yaml

from medialit.drafter.evaluate import read_gold
from medialit.drafter.new import read_new_article
from medialit.model import SOURCE_KINDS

SPLIT = Path(__file__).resolve().parents[1] / "data" / "eval" / "test-stop28"
FOLDERS = sorted(p.name for p in SPLIT.iterdir() if p.is_dir())
DEVICES = {"loaded_language", "relative_date", "vague_attribution", "label"}


def test_the_split_has_six_texts_in_four_genres_of_copy():
    assert len(FOLDERS) == 6
    genres = {yaml.safe_load((SPLIT / f / "gold.yaml").read_text(encoding="utf-8"))["genre"] for f in FOLDERS}
    assert genres == {"wire", "feature", "opinion", "press_release"}


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_stop28_split_loads_and_every_gold_span_is_in_the_text(folder):
    path = SPLIT / folder
    text = (path / "article.txt").read_text(encoding="utf-8")
    raw = yaml.safe_load((path / "gold.yaml").read_text(encoding="utf-8"))
    for cue in raw["cues"]:
        for key in ("cue", "in", "via_cue"):
            if key in cue:
                assert cue[key] in text, (folder, cue[key])
    for span in raw["framing"]:
        assert span["device"] in DEVICES and span["text"] in text, (folder, span)
    paragraphs = text.strip().split("\n\n")[1:]
    assert 10 <= len(paragraphs) <= 14
    art = read_new_article(path / "article.txt", folder)
    gold = read_gold(art, path / "gold.yaml")
    assert any(c["check_worthy"] for c in gold["claims"])
    assert gold["attributions"] and gold["framing"]
    assert {s["kind"] for s in gold["sources"]} <= set(SOURCE_KINDS)
