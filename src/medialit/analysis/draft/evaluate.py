"""Score a draft against gold annotations: precision, recall and F1 per layer.

Layers and matching rules (the same for every article):

* ``attribution_cues``: gold attributions that have a cue, against drafted ones; a pair
  matches when the cues are in the same sentence and their character spans overlap.
  Uncredited copying has no cue in the text and is out of reach of any text-only tool,
  so it is not counted.
* ``attributed_sources``: one item per (cue sentence, source) of those attributions; a pair
  matches when the sentence is the same and the source names share a content word
  (so "Tanaka" matches "Greg Tanaka, council member"). ``kind_accuracy`` reports how
  often the matched source also has the gold kind.
* ``check_worthy``: sentences holding at least one check-worthy claim.
* ``framing``: spans of the same device that overlap in the same sentence (a hint
  layer, reported for information).

Matching is one to one, greedy by overlap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from medialit.analysis.draft._text import words
from medialit.model import Article

_GENERIC = frozenset(
    """
    the a an of and in on at for by to with from some many former unnamed named said report study
    statement news source sources who his her its their group members member people
    """.split()
)


@dataclass(frozen=True)
class Score:
    """Counts and rates of one layer."""

    tp_pred: int
    n_pred: int
    tp_gold: int
    n_gold: int

    @property
    def precision(self) -> float:
        """Share of drafted items that match a gold item."""
        return self.tp_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items that a drafted item matches."""
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.tp_pred + other.tp_pred,
            self.n_pred + other.n_pred,
            self.tp_gold + other.tp_gold,
            self.n_gold + other.n_gold,
        )


def _match(
    gold: Sequence[Any], pred: Sequence[Any], same: Callable[[Any, Any], float]
) -> tuple[Score, list[tuple[Any, Any]]]:
    pairs = sorted(((same(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)), key=lambda t: -t[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for w, i, j in pairs:
        if w <= 0 or i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        matched.append((gold[i], pred[j]))
    return Score(len(used_p), len(pred), len(used_g), len(gold)), matched


def _offsets(article: Article, sid: str, text: str) -> tuple[int, int]:
    try:
        sent = article.sentence(sid).text
    except KeyError:
        return (0, 0)
    i = sent.find(text)
    return (i, i + len(text)) if i >= 0 else (0, 0)


def _overlap(article: Article, a: tuple[str, str], b: tuple[str, str]) -> float:
    if a[0] != b[0]:
        return 0.0
    x, y = _offsets(article, *a), _offsets(article, *b)
    return float(max(0, min(x[1], y[1]) - max(x[0], y[0])))


def _content(name: str) -> set[str]:
    return {w.replace(".", "").strip("’'s") for w in words(name)} - _GENERIC - {""}


def evaluate(article: Article, gold: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """Score ``draft`` against ``gold`` (both annotation dicts of ``article``)."""

    def cues(data: dict[str, Any]) -> list[tuple[str, str]]:
        return [(a["cue"]["sentence"], a["cue"]["text"]) for a in data["attributions"] if a.get("cue")]

    cue_score, _ = _match(cues(gold), cues(draft), lambda g, p: _overlap(article, g, p))

    def sources(data: dict[str, Any]) -> list[tuple[str, str, str]]:
        by_id = {s["id"]: s for s in data["sources"]}
        items = {
            (a["cue"]["sentence"], by_id[a["source"]]["name"], by_id[a["source"]]["kind"])
            for a in data["attributions"]
            if a.get("cue")
        }
        return sorted(items)

    def same_source(g: tuple[str, str, str], p: tuple[str, str, str]) -> float:
        return float(len(_content(g[1]) & _content(p[1]))) if g[0] == p[0] else 0.0

    src_score, pairs = _match(sources(gold), sources(draft), same_source)
    kind_ok = sum(1 for g, p in pairs if g[2] == p[2])

    def worthy(data: dict[str, Any]) -> set[str]:
        return {c["sentence"] for c in data["claims"] if c["check_worthy"]}

    g_w, p_w = worthy(gold), worthy(draft)
    cw = Score(len(g_w & p_w), len(p_w), len(g_w & p_w), len(g_w))

    def frames(data: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(f["device"], sp["sentence"], sp["text"]) for f in data["framing"] for sp in f.get("spans") or ()]

    fr_score, _ = _match(
        frames(gold),
        frames(draft),
        lambda g, p: _overlap(article, g[1:], p[1:]) if g[0] == p[0] else 0.0,
    )
    return {
        "attribution_cues": cue_score,
        "attributed_sources": src_score,
        "source_kind_accuracy": (kind_ok, len(pairs)),
        "check_worthy": cw,
        "framing": fr_score,
        "sentences": len(article.sentences),
    }
