"""The frozen test splits written for issue 22's drafting targets (tests/data/eval/test-issue26/ and
test-stop28/) load, and their gold is verbatim.

The splits are scored by benchmarks/analyzer_eval.py; these tests only check the data, never the
drafter's figures on them."""

from pathlib import Path

import pytest
import yaml

from medialit.drafter.evaluate import read_gold
from medialit.drafter.new import read_new_article
from medialit.model import SOURCE_KINDS

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
DEVICES = {"loaded_language", "relative_date", "vague_attribution", "label"}
# split -> (the genres its six texts are in, the fewest and the most paragraphs of a text)
SPLITS = {
    "test-issue26": ({"wire", "feature", "opinion"}, 8, 16),
    "test-stop28": ({"wire", "feature", "opinion", "press_release"}, 10, 14),
}


def folders(split: str) -> list[str]:
    return sorted(p.name for p in (EVAL / split).iterdir() if p.is_dir())


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_each_split_has_six_texts_in_its_genres_of_copy(split):
    names = folders(split)
    assert len(names) == 6
    genres = {yaml.safe_load((EVAL / split / f / "gold.yaml").read_text(encoding="utf-8"))["genre"] for f in names}
    assert genres == SPLITS[split][0]


@pytest.mark.parametrize(("split", "folder"), [(s, f) for s in sorted(SPLITS) for f in folders(s)])
def test_the_split_loads_and_every_gold_span_is_in_the_text(split, folder):
    path = EVAL / split / folder
    text = (path / "article.txt").read_text(encoding="utf-8")
    raw = yaml.safe_load((path / "gold.yaml").read_text(encoding="utf-8"))
    for cue in raw["cues"]:
        for key in ("cue", "in", "via_cue"):
            if key in cue:
                assert cue[key] in text, (folder, cue[key])
    for span in raw["framing"]:
        assert span["device"] in DEVICES and span["text"] in text, (folder, span)
    _, fewest, most = SPLITS[split]
    assert fewest <= len(text.strip().split("\n\n")[1:]) <= most
    art = read_new_article(path / "article.txt", folder)
    gold = read_gold(art, path / "gold.yaml")
    assert any(c["check_worthy"] for c in gold["claims"])
    assert gold["attributions"] and gold["framing"]
    assert {s["kind"] for s in gold["sources"]} <= set(SOURCE_KINDS)
