"""Two dollar amounts in one paragraph of an article stay text on the book's pages: the book
enables no "dollarmath" (a real news report tried for issue 22 had "$9.23 million ... $6
million" turned into a formula on its About page)."""

from pathlib import Path

import yaml
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from medialit import api
from medialit.publish.book import _config
from medialit.publish.pages import about_case_page

ROOT = Path(__file__).parents[2]
CASE = ROOT / "tests" / "data" / "cases" / "quoted-speaker"
OLD_CONFIG = (
    'title: A course\nparse:\n  myst_enable_extensions: ["colon_fence", "dollarmath", "substitution", "tasklist"]\n'
)


def _extensions(config_text: str) -> set[str]:
    return set(yaml.safe_load(config_text)["parse"]["myst_enable_extensions"])


def test_the_skeleton_enables_no_dollarmath():
    assert "dollarmath" not in _extensions((ROOT / "book" / "_config.yml").read_text("utf-8"))


def test_a_course_made_with_dollarmath_is_built_without_it(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "_config.yml").write_text(OLD_CONFIG, encoding="utf-8")
    for edition in ("student", "teacher"):
        assert _extensions(_config(tmp_path, edition)) == {"colon_fence", "substitution", "tasklist"}


def test_the_about_page_keeps_both_dollar_amounts(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "_config.yml").write_text(OLD_CONFIG, encoding="utf-8")
    parser = create_md_parser(MdParserConfig(enable_extensions=_extensions(_config(tmp_path, "student"))), RendererHTML)
    case = api.load_module(CASE)[0]
    html = parser.render(about_case_page(case))
    assert "fined $40,000 on Monday for sailing with a broken radar, and must pay $12,000 in costs." in html
    assert "math" not in html
