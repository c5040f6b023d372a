"""Search over a case's source packet: per-query latency in Python, and the packet's size.

Run:  .venv/bin/python benchmarks/packet_search.py [--case DIR] [--runs 50] [QUERY ...]

Loads the case (the embedded MEK case by default), builds the search index the widget
reads (``medialit.analysis.search.build_index``) and times ``search`` on a set of typed
queries (or the ones given): median and worst time of ``--runs`` runs each, and the number
of results (the first query on a new index also tokenizes the documents, timed apart).
Prints the packet's documents by kind and the size of packet.yaml and of the
index JSON. The browser side (search.js in Chromium) is measured by
tests/browser/test_search_vectors.py (``-s`` prints its figures). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

QUERIES = [
    "who is behind criticschronicle",
    '"exiled to Iraq and Albania"',
    "American blood on its hands",
    "incommunicado detention Abu Ghraib",
    "NBC nuclear scientists 2012",
    "Albania houses 3,000",
    "terrorist list removed 2012",
    "EU 2009 PMOI court",
    "Nejat Society",
    "crowd Paris rally June 2018",
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("queries", nargs="*", help="queries to time (default: a fixed set)")
    ap.add_argument("--case", type=Path, default=None, help="case folder (default: the embedded MEK case)")
    ap.add_argument("--runs", type=int, default=50, help="runs per query (default 50)")
    args = ap.parse_args(argv)

    from medialit.analysis.search import build_index, search
    from medialit.case.load import load_case
    from medialit.case.packet import PACKET_FILE

    case = load_case(args.case)
    if case.packet is None or not case.packet.documents:
        print(f"{args.case or 'embedded case'}: no source packet (or an empty one); nothing to search.")
        return 0
    packet = case.packet
    t0 = time.perf_counter()
    index = build_index(packet)
    build_ms = (time.perf_counter() - t0) * 1000
    index_bytes = len(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    yaml_bytes = (Path(case.root) / PACKET_FILE).stat().st_size
    kinds = Counter(d.kind for d in packet.documents)
    by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    print(f"packet {packet.case}: {len(packet.documents)} documents ({by_kind})")
    print(
        f"  packet.yaml {yaml_bytes / 1024:.1f} KB; index JSON {index_bytes / 1024:.1f} KB "
        f"({len(index['terms'])} terms); index built in {build_ms:.1f} ms"
    )
    t0 = time.perf_counter()
    search(index, "first query")
    first_ms = (time.perf_counter() - t0) * 1000
    print(f"  first query on a new index (tokenizes the documents once): {first_ms:.1f} ms")
    print(f"  per-query latency, Python ({args.runs} runs each):")
    medians = []
    for q in args.queries or QUERIES:
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            results = search(index, q)
            times.append((time.perf_counter() - t) * 1000)
        med = statistics.median(times)
        medians.append(med)
        top = results[0]["id"] if results else "-"
        print(f"    {med:6.2f} ms median, {max(times):6.2f} ms worst, {len(results):2d} results, top {top:28s} {q}")
    print(f"  all queries: median {statistics.median(medians):.2f} ms, worst median {max(medians):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
