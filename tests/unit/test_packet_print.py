"""The source packet on paper (issue 21, teacher pack): the search lab's fallback when screens fail."""

from __future__ import annotations

import re
from pathlib import Path

from medialit import api
from medialit.cli import main
from medialit.publish.packet_print import ordered, packet_html


def test_every_document_is_printed_as_the_reader_shows_it() -> None:
    index = api.search_index()
    assert index is not None
    page = api.printable_packet()
    assert page is not None
    docs = ordered(index)
    numbers = re.findall(r"<h2>D(\d+)\. ", page)
    assert numbers == [str(n) for n in range(1, len(docs) + 1)] and len(docs) == len(index["documents"])
    for doc in docs:
        assert f"id='{doc['id']}'" in page
        assert packet_html({"documents": [doc]}).count("Summary (written for this packet):") == 1
    publishers = [str(d.get("publisher") or "").casefold() for d in docs]
    assert publishers == sorted(publishers), "an index by publisher, not a ranking"
    assert "Search log" in page and "<script" not in page and "http-equiv='Content-Security-Policy'" in page


def test_strings_are_escaped_and_missing_fields_said_in_words() -> None:
    doc = {
        "id": "x1",
        "kind": "advocacy",
        "title": "<b>Bold</b> & co",
        "publisher": None,
        "date": None,
        "undated": "no date on the page",
        "url": None,
        "archive": None,
        "leaning": None,
        "about": None,
        "body": "A <script>alert(1)</script> summary.",
    }
    page = packet_html({"documents": [doc]}, title="T <i>")
    assert "<b>Bold</b>" not in page and "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page
    assert "<script>" not in page and "<title>T &lt;i&gt;</title>" in page
    assert "undated (no date on the page)" in page and "no web address" in page and "advocacy site" in page
    assert "Leaning" not in page and "About the publisher" not in page


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "packet.html"
    assert main(["print-packet", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == api.printable_packet()
