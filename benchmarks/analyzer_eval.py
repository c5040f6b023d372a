"""Evaluate the drafting analyzer (`medialit new`) against hand-annotated articles, and time it.

    python benchmarks/analyzer_eval.py            # figures for MEK, each test article, and the others pooled
    python benchmarks/analyzer_eval.py --errors   # also list every missed and spurious cue

Gold: the embedded MEK case and every case folder under tests/data/articles/. The rules of
matching are in medialit.analysis.draft.evaluate. Timing: a 10,000-word article built by
repeating the test articles' paragraphs (fresh ids), drafted end to end from plain text.
Targets (issue 6): attribution cues F1 >= 0.85, attributed sources F1 >= 0.75, check-worthy
claims F1 >= 0.70; a 10,000-word article in under 2 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from medialit.analysis.draft import draft_annotations, new_case
from medialit.analysis.draft.evaluate import Score, evaluate
from medialit.case.load import default_case_dir, read_annotation_data, read_article
from medialit.case.segment import segment
from medialit.model import Article

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "data" / "articles"
LAYERS = ("attribution_cues", "attributed_sources", "check_worthy", "framing")
TARGETS = {"attribution_cues": 0.85, "attributed_sources": 0.75, "check_worthy": 0.70}


def _row(name: str, s: Score) -> str:
    target = TARGETS.get(name)
    mark = "" if target is None else ("  ok" if s.f1 >= target else f"  below {target:.2f}")
    return (
        f"  {name:20} P {s.precision:.2f} ({s.tp_pred}/{s.n_pred})  R {s.recall:.2f} ({s.tp_gold}/{s.n_gold})"
        f"  F1 {s.f1:.2f}{mark}"
    )


def _score_case(folder: Path, show_errors: bool) -> dict[str, object]:
    article = read_article(folder / "article.md")
    gold, _ = read_annotation_data(folder / "annotations.yaml")
    draft = draft_annotations(article)
    result = evaluate(article, gold, draft)
    if show_errors:
        gold_cues = {(a["cue"]["sentence"], a["cue"]["text"]) for a in gold["attributions"] if a.get("cue")}
        pred_cues = {(a["cue"]["sentence"], a["cue"]["text"]) for a in draft["attributions"]}
        for sid, text in sorted(gold_cues):
            if not any(p[0] == sid and (text in p[1] or p[1] in text or _overlaps(article, sid, text, p[1]))
                       for p in pred_cues):  # fmt: skip
                print(f"    missed cue   {sid}: {text}")
        for sid, text in sorted(pred_cues):
            if not any(g[0] == sid and _overlaps(article, sid, text, g[1]) for g in gold_cues):
                print(f"    extra cue    {sid}: {text}")
        gw = {c["sentence"] for c in gold["claims"] if c["check_worthy"]}
        pw = {c["sentence"] for c in draft["claims"] if c["check_worthy"]}
        for sid in sorted(gw - pw, key=_sid_key):
            print(f"    missed check-worthy  {sid}: {article.sentence(sid).text[:90]}")
        for sid in sorted(pw - gw, key=_sid_key):
            print(f"    extra check-worthy   {sid}: {article.sentence(sid).text[:90]}")
    return result


def _sid_key(sid: str) -> tuple[int, int]:
    p, s = sid.split(".")
    return int(p[1:]), int(s[1:])


def _overlaps(article, sid: str, a: str, b: str) -> bool:  # type: ignore[no-untyped-def]
    text = article.sentence(sid).text
    i, j = text.find(a), text.find(b)
    return i >= 0 and j >= 0 and i < j + len(b) and j < i + len(a)


def _long_text(words: int) -> str:
    paras: list[str] = []
    for folder in sorted(p for p in ARTICLES.iterdir() if (p / "article.md").exists()):
        article = read_article(folder / "article.md")
        paras += [p.text for p in article.paragraphs[1:]]
    out, n, i = ["A long article assembled for timing"], 0, 0
    while n < words:
        p = paras[i % len(paras)]
        out.append(p)
        n += len(p.split())
        i += 1
    return "\n\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list missed and spurious cues and claims")
    ap.add_argument("--words", type=int, default=10_000, help="size of the timing article")
    args = ap.parse_args(argv)

    print("MEK (embedded case; gold from the fact-and-source brief)")
    mek = _score_case(default_case_dir(), args.errors)
    for layer in LAYERS:
        print(_row(layer, mek[layer]))  # type: ignore[arg-type]
    ok, n = mek["source_kind_accuracy"]  # type: ignore[misc]
    print(f"  source kind agrees on {ok}/{n} matched sources")

    pooled: dict[str, Score] = {}
    kinds = [0, 0]
    for folder in sorted(p for p in ARTICLES.iterdir() if (p / "annotations.yaml").exists()):
        print(f"\n{folder.name} (tests/data/articles)")
        res = _score_case(folder, args.errors)
        for layer in LAYERS:
            print(_row(layer, res[layer]))  # type: ignore[arg-type]
            pooled[layer] = pooled[layer] + res[layer] if layer in pooled else res[layer]  # type: ignore[operator]
        ok, n = res["source_kind_accuracy"]  # type: ignore[misc]
        kinds[0] += ok
        kinds[1] += n
    print("\nOther articles pooled (micro-averaged)")
    for layer in LAYERS:
        print(_row(layer, pooled[layer]))
    print(f"  source kind agrees on {kinds[0]}/{kinds[1]} matched sources")

    text = _long_text(args.words)
    n_words = len(text.split())
    t0 = time.perf_counter()
    import medialit.case.validate  # noqa: F401  (jsonschema: imported once per process)

    t_import = time.perf_counter() - t0
    t0 = time.perf_counter()
    body = text.split("\n\n", 1)
    article = Article(id="timing", title=body[0], body=text, blocks=segment(text))
    data = draft_annotations(article)
    t_analysis = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "long.txt"
        src.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        new_case(src, Path(tmp) / "case")
        t_new = time.perf_counter() - t0
    print(
        f"\nTiming, {n_words} words: {len(data['claims'])} claims, {len(data['attributions'])} attributions, "
        f"{len(data['framing'])} framing hints"
    )
    print(
        f"  analysis (segment + draft every layer)      {t_analysis:.2f} s{'  ok' if t_analysis < 2 else '  over 2 s'}"
    )
    print(f"  new_case (read, analyse, write, validate)   {t_new:.2f} s")
    print(f"  plus importing the validator once           {t_import:.2f} s (jsonschema and its format checkers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
