"""The SearchLab widget in headless Chromium: render time and query latency, as a student meets it.

Run:  .venv/bin/python benchmarks/search_lab_browser.py [--case DIR] [--loads 10] [--runs 20] [QUERY ...]

Builds the static HTML of a SearchLab (what a Jupyter Book page carries: the widget, the
bundled search.js and the packet's index inline) for a search_lab question of the case's
curriculum, serves it from 127.0.0.1 and opens it ``--loads`` times in Debian's Chromium
(``/usr/bin/chromium`` or ``$MEDIALIT_CHROMIUM``; Playwright never downloads one). For each
load it reads the widget's own ``data-medialit-render-ms`` (the time of ``render()``); then it
submits each query ``--runs`` times through the real form and times submit to results drawn
(the handler is synchronous), and separately ``search()`` alone over the same index. Prints
medians and worst cases, the index size and the page size. Requests outside localhost are
aborted and counted (expected: 0). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import pathlib
import statistics
import sys
import tempfile
import threading
from typing import Any

QUERIES = [
    "former advisor Gingrich",
    "Abu Ghraib internal prisons",
    "nuclear scientists NBC",
    "Free Iran rally crowd",
    "terrorist list 2012",
]
CHROMIUM = pathlib.Path(os.environ.get("MEDIALIT_CHROMIUM", "/usr/bin/chromium"))
READY = """() => { const r = document.querySelector('[data-medialit-static]');
    return r && r.hasAttribute('data-medialit-render-ms'); }"""
SUBMIT = """([sel, q]) => { const f = document.querySelector(sel + ' form[role=search]');
    f.querySelector('input').value = q; const t = performance.now(); f.requestSubmit();
    return [performance.now() - t, document.querySelectorAll(sel + ' li.medialit-result').length]; }"""
SEARCH_ONLY = """async ([q, n]) => { const m = await import('/search.js');
    const idx = JSON.parse(document.querySelector('script.medialit-state').textContent).packet;
    const out = [];
    for (let i = 0; i < n; i++) { const t = performance.now(); m.search(idx, q); out.push(performance.now() - t); }
    return out; }"""


def _question(case: Any) -> Any:
    from medialit.curriculum.spec import load_curriculum
    from medialit.model import Question

    for lesson in load_curriculum(case):
        for q in (*lesson.practice, *lesson.questions):
            if q.type == "search_lab":
                found: Question = q
                return found
    sys.exit("no search_lab question in this case's curriculum")


def _serve(root: pathlib.Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("queries", nargs="*", help="queries to time (default: a fixed set)")
    ap.add_argument("--case", type=pathlib.Path, help="a case folder (default: the embedded MEK case)")
    ap.add_argument("--loads", type=int, default=10, help="page loads for the render time (default 10)")
    ap.add_argument("--runs", type=int, default=20, help="submits of each query (default 20)")
    args = ap.parse_args(argv)
    if not CHROMIUM.is_file():
        sys.exit(f"no Chromium at {CHROMIUM} (scripts/system-deps.sh installs Debian's chromium)")

    from playwright.sync_api import sync_playwright

    from medialit.analysis.search import build_index
    from medialit.case.load import load_case
    from medialit.widgets import SearchLab

    case = load_case(args.case) if args.case else load_case()
    if case.packet is None or not case.packet.documents:
        sys.exit("this case has no source packet")
    q = _question(case)
    index = build_index(case.packet)
    html = SearchLab.from_question(q, mode="practice", packet=index)._repr_mimebundle_()[0]["text/html"]
    head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head>'
    page_html = f"{head}<body>{html}</body></html>"
    static = pathlib.Path(__file__).resolve().parents[1] / "src" / "medialit" / "widgets" / "static" / "search.js"
    queries = args.queries or QUERIES
    sel = "#medialit-" + q.id.replace(".", "-")
    outside: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "lab.html").write_text(page_html, encoding="utf-8")
        (root / "search.js").write_text(static.read_text(encoding="utf-8"), encoding="utf-8")
        server, base = _serve(root)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            context = browser.new_context()

            def guard(route: Any) -> None:
                host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
                if host and host not in ("127.0.0.1", "localhost"):
                    outside.append(route.request.url)
                    route.abort()
                else:
                    route.continue_()

            context.route("**/*", guard)
            renders = []
            page = None
            for _ in range(args.loads):
                if page is not None:
                    page.close()
                page = context.new_page()
                page.goto(f"{base}/lab.html")
                page.wait_for_function(READY)
                renders.append(float(page.get_attribute(f"{sel}", "data-medialit-render-ms") or "nan"))
            assert page is not None
            rows = []
            for query in queries:
                page.evaluate(SUBMIT, [sel, query])  # warm
                times, found = [], 0
                for _ in range(args.runs):
                    ms, found = page.evaluate(SUBMIT, [sel, query])
                    times.append(ms)
                alone = page.evaluate(SEARCH_ONLY, [query, args.runs])
                rows.append((query, found, statistics.median(times), max(times), statistics.median(alone)))
            browser.close()
        server.shutdown()

    print(f"SearchLab in Chromium ({CHROMIUM}), question {q.id}, packet of {len(index['documents'])} documents")
    print(f"  index JSON {len(json.dumps(index)) / 1024:.1f} KB; static page {len(page_html.encode()) / 1024:.1f} KB")
    print(
        f"  render(): median {statistics.median(renders):.2f} ms, worst {max(renders):.2f} ms over {args.loads} loads"
    )
    print(f"  query latency (submit to results drawn; search() alone), {args.runs} runs each:")
    for query, found, med, worst, alone in rows:
        print(f"    {med:6.2f} ms median, {worst:6.2f} ms worst; search() {alone:5.2f} ms; {found:2} results  {query}")
    print(f"  all queries: median of medians {statistics.median(r[2] for r in rows):.2f} ms")
    print(f"  requests outside localhost: {len(outside)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
