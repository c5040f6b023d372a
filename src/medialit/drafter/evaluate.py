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
* ``via_chains``: one item per (cue sentence, intermediary) of attributions with a chain
  ("X told outlet Y", "X was quoted by Y as saying", "X said ..., network Y reports"); a pair
  matches like a source.

Matching is one to one, greedy by overlap. :func:`errors` lists what did not match and
:func:`calibration` says, for each drafted item, its confidence and whether it was right.

Gold comes either as a full case (``annotations.yaml``) or as a compact ``gold.yaml`` keyed
by text (``tests/data/eval/README.md``), which :func:`load_gold` turns into the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medialit.case import yamlpos
from medialit.drafter._text import slug, words
from medialit.errors import AnnotationError, Problem
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


def _same_name(a: str, b: str) -> bool:
    """Two source names match when they share a content word, or, with none, are the same words
    ("unnamed reports")."""
    return bool(_content(a) & _content(b)) or (not _content(a) and words(a) == words(b))


def evaluate(article: Article, gold: dict[str, Any], draft: dict[str, Any]) -> dict[str, Any]:
    """Score ``draft`` against ``gold`` (both annotation dicts of ``article``)."""

    def cues(data: dict[str, Any]) -> list[list[tuple[str, str]]]:
        return [_gold_spans(a) for a in data["attributions"] if a.get("cue")]

    cue_score, _ = _match(cues(gold), cues(draft), lambda g, p: max(_overlap(article, x, y) for x in g for y in p))

    def sources(data: dict[str, Any]) -> list[tuple[str, str, str]]:
        by_id = {s["id"]: s for s in data["sources"]}
        items = {
            (a["cue"]["sentence"], by_id[a["source"]]["name"], by_id[a["source"]]["kind"])
            for a in data["attributions"]
            if a.get("cue")
        }
        return sorted(items)

    def same_source(g: tuple[str, str, str], p: tuple[str, str, str]) -> float:
        if g[0] != p[0]:
            return 0.0
        return float(len(_content(g[1]) & _content(p[1])) or _same_name(g[1], p[1]))

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

    def vias(data: dict[str, Any]) -> list[tuple[str, str, str]]:
        by_id = {s["id"]: s for s in data["sources"]}
        return sorted(
            {
                (a["cue"]["sentence"], by_id[v]["name"], by_id[v]["kind"])
                for a in data["attributions"]
                if a.get("cue")
                for v in (a.get("chain") or [])[1:]
            }
        )

    via_score, _ = _match(vias(gold), vias(draft), same_source)
    return {
        "attribution_cues": cue_score,
        "via_chains": via_score,
        "attributed_sources": src_score,
        "source_kind_accuracy": (kind_ok, len(pairs)),
        "check_worthy": cw,
        "framing": fr_score,
        "sentences": len(article.sentences),
    }


# -- compact gold (tests/data/eval) ------------------------------------------------------------


def _sentence_of(article: Article, snippet: str, where: str) -> str:
    hits = [s.id for s in article.sentences if snippet in s.text]
    if len(hits) != 1:
        how = "no sentence holds" if not hits else f"{len(hits)} sentences ({', '.join(hits)}) hold"
        fix = "Fix: copy the text exactly, or add `in:` with a snippet of the one sentence meant."
        raise AnnotationError([Problem(where, None, None, f"{how} {snippet!r}. {fix}")])
    return hits[0]


def load_gold(article: Article, gold: dict[str, Any], where: str = "gold.yaml") -> dict[str, Any]:
    """Turn a compact gold file (``tests/data/eval/README.md``) into annotation-shaped data.

    Each cue, check-worthy snippet and framing span is located in the one sentence that holds
    it (or its ``in`` snippet); :class:`~medialit.errors.AnnotationError` names the entry when
    that sentence is missing or not unique.
    """
    sources: dict[tuple[str, str], dict[str, Any]] = {}

    def source(name: str, kind: str) -> str:
        key = (name.lower(), kind)
        if key not in sources:
            sources[key] = {"id": f"g-{slug(name, 30)}-{len(sources)}", "name": name, "kind": kind}
        return str(sources[key]["id"])

    attributions = []
    for n, item in enumerate(gold.get("cues") or []):
        here = f"{where}: cues[{n}]"
        sid = _sentence_of(article, item.get("in") or item["cue"], here)
        if item["cue"] not in article.sentence(sid).text:
            raise AnnotationError([Problem(here, None, None, f"the cue {item['cue']!r} is not in sentence {sid}")])
        att: dict[str, Any] = {
            "id": f"g-at-{n}",
            "source": source(item["source"], item["kind"]),
            "cue": {"sentence": sid, "text": item["cue"]},
        }
        if item.get("via"):
            att["chain"] = [att["source"], source(item["via"], item.get("via_kind", "named_outlet"))]
        if item.get("via_cue"):
            vsid = _sentence_of(article, item["via_cue"], here + " via_cue")
            att["alt_cues"] = [{"sentence": vsid, "text": item["via_cue"]}]
        attributions.append(att)
    snippets = enumerate(gold.get("check_worthy") or [])
    worthy = {_sentence_of(article, snip, f"{where}: check_worthy[{n}]") for n, snip in snippets}
    claims = [{"sentence": s.id, "check_worthy": s.id in worthy} for s in article.sentences]
    framing = []
    for n, item in enumerate(gold.get("framing") or []):
        here = f"{where}: framing[{n}]"
        sid = _sentence_of(article, item.get("in") or item["text"], here)
        if item["text"] not in article.sentence(sid).text:
            raise AnnotationError([Problem(here, None, None, f"{item['text']!r} is not in sentence {sid}")])
        framing.append({"device": item["device"], "spans": [{"sentence": sid, "text": item["text"]}]})
    return {
        "sources": list(sources.values()),
        "attributions": attributions,
        "claims": claims,
        "framing": framing,
        "genre": gold.get("genre", ""),
    }


def read_gold(article: Article, path: str | Path) -> dict[str, Any]:
    """:func:`load_gold` of the YAML file at ``path``."""
    data = yamlpos.safe_load(Path(path).read_text(encoding="utf-8"))
    return load_gold(article, data, str(path))


# -- errors and calibration --------------------------------------------------------------------


def _cue_items(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    by_id = {s["id"]: s for s in data["sources"]}
    out = []
    for a in data["attributions"]:
        if not a.get("cue"):
            continue
        src = by_id[a["source"]]
        via = ", ".join(by_id[v]["name"] for v in (a.get("chain") or [])[1:])
        out.append((a["cue"]["sentence"], a["cue"]["text"], src["name"], via))
    return out


def _gold_spans(a: dict[str, Any]) -> list[tuple[str, str]]:
    return [(a["cue"]["sentence"], a["cue"]["text"])] + [(c["sentence"], c["text"]) for c in a.get("alt_cues") or []]


def errors(article: Article, gold: dict[str, Any], draft: dict[str, Any]) -> list[str]:
    """Every gold item the draft missed and every drafted item gold does not hold, one line each."""
    lines: list[str] = []
    g_items, p_items = _cue_items(gold), _cue_items(draft)
    used: set[int] = set()
    for g in g_items:
        best = next((j for j, p in enumerate(p_items) if j not in used and _overlap(article, g[:2], p[:2]) > 0), None)
        if best is None:
            lines.append(f"missed cue      {g[0]}: {g[1]!r} (source {g[2]}{', via ' + g[3] if g[3] else ''})")
            continue
        used.add(best)
        p = p_items[best]
        if not _same_name(g[2], p[2]):
            lines.append(f"wrong source    {g[0]}: {g[1]!r}: drafted {p[2]!r}, gold {g[2]!r}")
        if g[3] and not _same_name(g[3], p[3]):
            lines.append(f"missed via      {g[0]}: {g[1]!r}: gold via {g[3]!r}, drafted {p[3] or 'none'!r}")
    for j, p in enumerate(p_items):
        if j not in used:
            lines.append(f"extra cue       {p[0]}: {p[1]!r} (source {p[2]})")
    gw = {c["sentence"] for c in gold["claims"] if c["check_worthy"]}
    pw = {c["sentence"] for c in draft["claims"] if c["check_worthy"]}
    for sid in sorted(gw - pw, key=_sid_key):
        lines.append(f"missed worthy   {sid}: {article.sentence(sid).text[:80]}")
    for sid in sorted(pw - gw, key=_sid_key):
        lines.append(f"extra worthy    {sid}: {article.sentence(sid).text[:80]}")

    def frames(data: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [(f["device"], sp["sentence"], sp["text"]) for f in data["framing"] for sp in f.get("spans") or ()]

    gf, pf = frames(gold), frames(draft)
    for fg in gf:
        if not any(fp[0] == fg[0] and _overlap(article, fg[1:], fp[1:]) > 0 for fp in pf):
            lines.append(f"missed framing  {fg[1]}: {fg[0]} {fg[2]!r}")
    for fp in pf:
        if not any(fp[0] == fg[0] and _overlap(article, fg[1:], fp[1:]) > 0 for fg in gf):
            lines.append(f"extra framing   {fp[1]}: {fp[0]} {fp[2]!r}")
    return lines


def _sid_key(sid: str) -> tuple[int, int]:
    p, s = sid.split(".")
    return int(p[1:]), int(s[1:])


def calibration(article: Article, gold: dict[str, Any], draft: dict[str, Any]) -> list[tuple[str, float, bool]]:
    """``(layer, confidence, correct)`` for every drafted attribution, claim and framing span.

    An attribution is correct when its cue overlaps a gold cue and its source shares a content
    word with that gold source; a claim when its check-worthiness agrees with gold for its
    sentence; a framing span when a gold span of the same device overlaps it.
    """
    out: list[tuple[str, float, bool]] = []
    by_id = {s["id"]: s for s in draft["sources"]}
    g_by_id = {s["id"]: s for s in gold["sources"]}
    for a in draft["attributions"]:
        span = (a["cue"]["sentence"], a["cue"]["text"])
        name = by_id[a["source"]]["name"]
        ok = any(
            _overlap(article, span, gs) > 0 and _same_name(g_by_id[g["source"]]["name"], name)
            for g in gold["attributions"]
            if g.get("cue")
            for gs in _gold_spans(g)
        )
        out.append(("attribution", float(a.get("confidence", 0.0)), ok))
    gw = {c["sentence"]: c["check_worthy"] for c in gold["claims"]}
    for c in draft["claims"]:
        out.append(("claim", float(c.get("confidence", 0.0)), gw.get(c["sentence"], False) == c["check_worthy"]))
    gf = [(f["device"], sp["sentence"], sp["text"]) for f in gold["framing"] for sp in f.get("spans") or ()]
    for f in draft["framing"]:
        for sp in f.get("spans") or ():
            ok = any(g[0] == f["device"] and _overlap(article, g[1:], (sp["sentence"], sp["text"])) > 0 for g in gf)
            out.append(("framing", float(f.get("confidence", 0.0)), ok))
    return out


BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01))


def bands(items: Sequence[tuple[str, float, bool]]) -> list[tuple[tuple[float, float], int, int]]:
    """Per confidence band ``[lo, hi)``: ``(band, correct, total)``."""
    return [
        ((lo, hi), sum(1 for _, c, ok in items if lo <= c < hi and ok), sum(1 for _, c, _ok in items if lo <= c < hi))
        for lo, hi in BANDS
    ]
