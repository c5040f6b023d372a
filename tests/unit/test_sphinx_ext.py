"""The book's Sphinx extension: one copy of each script per page, a colour mode for the theme."""

from __future__ import annotations

from dataclasses import dataclass, field

from medialit.publish.book import SPHINX_EXTENSION, _config
from medialit.publish.sphinx_ext import DEFAULT_MODE, _page_context, unique_scripts


@dataclass(frozen=True)
class Script:
    """Sphinx's ``_JavaScript``: a file name (None or "" for inline) and attributes (the body)."""

    filename: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    priority: int = 500


def test_repeated_inline_scripts_are_written_once_whatever_their_file_name():
    thebe = {"body": 'const THEBE_JS_URL = "x"'}
    scripts = [Script("_static/a.js"), Script(None, thebe), Script("_static/a.js"), Script("", thebe)]
    assert unique_scripts(scripts) == [Script("_static/a.js"), Script(None, thebe)]
    assert unique_scripts([Script(None, {"body": "a"}), Script(None, {"body": "b"})]) == [
        Script(None, {"body": "a"}),
        Script(None, {"body": "b"}),
    ]


def test_page_context_dedupes_the_builders_list_in_place_and_sets_a_mode():
    scripts = [Script(None, {"body": "x"}), Script("", {"body": "x"})]
    context = {"script_files": scripts, "default_mode": ""}
    _page_context(None, "p", "page.html", context, None)
    assert context["script_files"] is scripts and len(scripts) == 1
    assert context["default_mode"] == DEFAULT_MODE == "auto"
    context = {"script_files": [], "default_mode": "dark"}
    _page_context(None, "p", "page.html", context, None)
    assert context["default_mode"] == "dark"


def test_every_book_config_loads_the_extension(tmp_path):
    import yaml

    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "_config.yml").write_text("title: t\nsphinx:\n  extra_extensions: [x.y]\n", "utf-8")
    cfg = yaml.safe_load(_config(tmp_path, "student"))
    assert cfg["sphinx"]["extra_extensions"] == ["x.y", SPHINX_EXTENSION]
    (tmp_path / "book" / "_config.yml").write_text("title: t\n", "utf-8")
    assert yaml.safe_load(_config(tmp_path, "teacher"))["sphinx"]["extra_extensions"] == [SPHINX_EXTENSION]
