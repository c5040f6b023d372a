"""The source packet on paper: one standalone HTML page to print when the search lab cannot run.

The page shows each document as the search lab's reader shows it (title, publisher, date,
address, kind, leaning, the summary), read from the same search index
(:func:`medialit.analysis.search.build_index`), so paper and screen agree; like the reader, it
shows no ready description of the publisher (who is behind a site is found in the packet's
documents about it). Documents are numbered D1, D2, ... in the order of an index sorted by
publisher and title, not by relevance: on paper the student's search is scanning that index.
A search log sheet at the end lets a student write down, in order, what they looked for,
which documents they read and what settles the question, which a teacher reads as the trail.
Every string is escaped; the page loads nothing (no scripts, no remote styles).
"""

from __future__ import annotations

import html

from medialit.analysis.search import IndexDocument, SearchIndex
from medialit.curriculum.derive_packet import PACKET_KIND_LABELS

#: The search lab's names of the document kinds, as the lessons' keys name them.
_KINDS: dict[str, str] = {str(kind): label for kind, label in PACKET_KIND_LABELS.items()}
LOG_ROWS = 8
_STYLE = (
    "body{font-family:serif;max-width:48em;margin:auto;padding:1em;line-height:1.4}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #666;padding:.25em .5em;text-align:left;"
    "vertical-align:top}.doc{break-inside:avoid;border-top:1px solid #999;margin-top:1em}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:0 1em}dt{font-weight:bold}"
    ".log td{height:3em}.sheet{break-before:page}"
    "@media print{a{color:inherit;text-decoration:none}}"
)


def _date(doc: IndexDocument) -> str:
    if doc.get("date"):
        return str(doc["date"])
    return "undated" + (f" ({doc['undated']})" if doc.get("undated") else "")


def _where(doc: IndexDocument) -> str:
    if doc.get("url"):
        return str(doc["url"])
    return f"Archive: {doc['archive']}" if doc.get("archive") else "no web address"


def ordered(index: SearchIndex) -> list[IndexDocument]:
    """The documents in the printed order: by publisher, then title, then id (case-insensitive)."""
    docs = list(index.get("documents") or ())
    return sorted(docs, key=lambda d: (str(d.get("publisher") or "").casefold(), str(d["title"]).casefold(), d["id"]))


def packet_html(index: SearchIndex, *, title: str = "Source packet") -> str:
    """The printable packet: an index of documents, each document, and a search log sheet."""
    e = html.escape
    docs = ordered(index)
    rows = "".join(
        f"<tr><td>D{n}</td><td>{e(str(d['title']))}</td><td>{e(str(d.get('publisher') or 'not given'))}</td>"
        f"<td>{e(_date(d))}</td></tr>"
        for n, d in enumerate(docs, 1)
    )
    parts = [
        f"<h1>{e(title)}</h1>",
        "<p>The pages a search would turn up, written up for this course: each summary is the course's "
        "account of the page, not the page itself. Look for what you need in the index, read only the "
        "documents that can settle the question, and write your search down on the log sheet at the end.</p>",
        "<h2>Index</h2><table><thead><tr><th scope='col'>No.</th><th scope='col'>Title</th>"
        f"<th scope='col'>Publisher</th><th scope='col'>Date</th></tr></thead><tbody>{rows}</tbody></table>",
    ]
    for n, d in enumerate(docs, 1):
        meta = [
            ("Publisher", str(d.get("publisher") or "not given")),
            ("Date", _date(d)),
            ("Address", _where(d)),
            ("Kind", _KINDS.get(str(d.get("kind")), str(d.get("kind")))),
        ]
        if d.get("leaning"):
            meta.append(("Leaning", str(d["leaning"])))
        dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in meta)
        parts.append(
            f"<section class='doc' id='{e(str(d['id']))}'><h2>D{n}. {e(str(d['title']))}</h2><dl>{dl}</dl>"
            f"<p><em>Summary (written for this packet):</em> {e(str(d.get('body') or ''))}</p></section>"
        )
    log = "".join("<tr><td></td><td></td><td></td></tr>" for _ in range(LOG_ROWS))
    parts.append(
        "<section class='sheet'><h2>Search log</h2><p>Name: ______________________ Question: ________</p>"
        "<table class='log'><thead><tr><th scope='col'>What I looked for (my search)</th>"
        "<th scope='col'>Documents I read (D numbers), in order</th>"
        "<th scope='col'>Who wrote it, and what it says about the question</th></tr></thead>"
        f"<tbody>{log}</tbody></table><p>My conclusion, and the document that settles it:</p></section>"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>{''.join(parts)}</body></html>\n"
    )
