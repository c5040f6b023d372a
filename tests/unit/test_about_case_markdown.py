"""The About page quotes the article's blocks as text: "+ 44 = 51" (MEK's F5) is not a bullet (issue 21).

Rendered with markdown-it (CommonMark, the parser under MyST, which the book uses).
"""

from __future__ import annotations

import html
import re

import pytest

from medialit import api
from medialit.publish.pages import about_case_page, quoted

markdown_it = pytest.importorskip("markdown_it")

LINES = [
    "+ 44 = 51",
    "- a dash first",
    "* a star first",
    "12. a number and a point",
    "3) a number and a bracket",
    "# not a heading",
    "> not a nested quote",
    "2018 was the year, 3.5 million",
    "  + indented plus",
]


def rendered_text(markdown: str) -> tuple[str, list[str]]:
    md = markdown_it.MarkdownIt("commonmark")
    tokens = md.parse(markdown)
    text = html.unescape(re.sub(r"<[^>]+>", "", md.render(markdown)))
    return text, [t.type for t in tokens]


@pytest.mark.parametrize("line", LINES)
def test_a_quoted_line_stays_text(line: str) -> None:
    text, kinds = rendered_text(quoted(line))
    assert text.strip() == line.strip()
    assert kinds.count("blockquote_open") == 1
    assert not {"bullet_list_open", "ordered_list_open", "heading_open"} & set(kinds)


def test_plain_lines_are_left_as_they_are() -> None:
    assert quoted("The MEK said so.\nIt did.") == "> The MEK said so.\n> It did."


@pytest.mark.parametrize("teacher", [False, True], ids=["student", "teacher"])
def test_about_the_case_shows_f5_as_written(teacher: bool) -> None:
    case, _ = api.load_module()
    f5 = next(b for b in case.article.blocks if b.id == "f5")
    assert f5.text.startswith("+ ")
    page = about_case_page(case, teacher=teacher)
    text, kinds = rendered_text(page)
    assert f5.text in text
    assert "bullet_list_open" in kinds  # the page's own list (author, publisher, date) ...
    md = markdown_it.MarkdownIt("commonmark")
    inside, depth = [], 0
    for token in md.parse(page):
        depth += {"blockquote_open": 1, "blockquote_close": -1}.get(token.type, 0)
        if depth and token.type in {"bullet_list_open", "ordered_list_open", "heading_open"}:
            inside.append(token.map)
    assert inside == [], "... but no article block renders as a list or heading"
