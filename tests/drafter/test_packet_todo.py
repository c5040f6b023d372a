"""`medialit new` drafts the pages a new case's packet should hold from what the article names."""

import yaml

from medialit.api import validate
from medialit.case.load import load_case
from medialit.drafter import new_case

TEXT = """Ferry fares to rise on Kell Sound

The Kell Sound Ferry Company will raise fares by 12 percent in May, the company said in a statement.
"We had no choice," chief executive Rosa Lind told the Kell Courier.
Critics say the company paid its directors a bonus last year.
Two officials, who asked not to be named, said the state would not step in.
"""

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bridge closed | Orby Post</title></head>
<body><nav><a href="https://orbypost.example/news">News</a> <a href="https://orbypost.example/sport">Sport</a></nav>
<article><h1>Old bridge closed after inspection</h1>
<p>The Orby bridge was closed on Monday after an <a href="https://orby.example/inspection-2025.pdf">inspection
report</a> found cracks in two piers, the county said.</p>
<p>Engineer Tove Dal said repairs would take a year.</p></article>
<footer><a href="https://orbypost.example/about">About us</a></footer></body></html>"""


def test_the_packet_lists_named_sources_and_quoted_outlets_with_what_to_find(tmp_path):
    src = tmp_path / "kell.txt"
    src.write_text(TEXT, encoding="utf-8")
    result = new_case(src, tmp_path / "kell")
    text = result.packet_file.read_text(encoding="utf-8")
    todo = text[text.index("# Pages to find") :]
    assert "Kell Sound Ferry Company" in todo and "Rosa Lind" in todo and "Kell Courier" in todo
    assert "Critics" not in todo and "Two officials" not in todo  # nothing to look up
    assert todo.count("#    find: ") == 3
    assert "the interview or report in which the speaker told this outlet" in todo
    data = yaml.safe_load(text)
    assert data["documents"] == []  # still the empty, valid packet: no lateral-reading lesson yet
    assert validate(tmp_path / "kell") == []


def test_a_filled_in_stub_is_a_valid_document(tmp_path):
    src = tmp_path / "kell.txt"
    src.write_text(TEXT, encoding="utf-8")
    case = tmp_path / "kell"
    new_case(src, case)
    text = (case / "packet.yaml").read_text(encoding="utf-8")
    lines = text[text.index("# 3. ") :].splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.startswith("#    - id: "))
    last = lines.index("#", first)
    stub = "\n".join(ln[1:] for ln in lines[first:last])  # the stub without its "#"
    ident = lines[first].split("id: ")[1]
    ann = yaml.safe_load((case / "annotations.yaml").read_text(encoding="utf-8"))
    ann["citations"].append(
        {
            "id": ident,
            "title": "the page's own title",
            "publisher": "who publishes the page",
            "date": "2025-05-01",
            "url": "https://example.org/courier",
            "kind": "primary",
            "leaning": None,
        }
    )
    (case / "annotations.yaml").write_text(yaml.safe_dump(ann, sort_keys=False), encoding="utf-8")
    filled = stub.replace('"YYYY-MM-DD"', '"2025-05-01"').replace('"https://..."', '"https://example.org/courier"')
    (case / "packet.yaml").write_text(
        text.replace("\ndocuments: []\n", "\ndocuments:\n" + filled + "\n", 1), encoding="utf-8"
    )
    assert validate(case) == []
    (doc,) = load_case(case).packet.documents
    assert doc.id == ident


def test_links_in_a_saved_page_are_listed_but_menus_are_not(tmp_path):
    src = tmp_path / "bridge.html"
    src.write_text(HTML, encoding="utf-8")
    result = new_case(src, tmp_path / "bridge")
    todo = result.packet_file.read_text(encoding="utf-8")
    assert "link: https://orby.example/inspection-2025.pdf" in todo
    assert "orbypost.example/news" not in todo and "orbypost.example/about" not in todo
    assert "Tove Dal" in todo
