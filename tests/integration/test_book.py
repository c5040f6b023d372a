"""A real Jupyter Book build of both editions: pages render, nothing external loads, no keys leak."""

import html
import re
from pathlib import Path

import pytest

from .test_no_leaks import _key_strings

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.book, pytest.mark.timeout(900)]

_EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//"""
    r"""|\bimport\s*\(?\s*["'](?:https?:)?//""",
    re.IGNORECASE,
)


def _pages(html_dir):
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def test_every_lesson_renders_with_its_widgets(student_html, lessons):
    assert (student_html / "index.html").is_file()
    for lesson in lessons:
        page = next((student_html / "lessons").glob(f"{lesson.number:02d}-*.html"))
        text = page.read_text(encoding="utf-8")
        assert lesson.title in text
        assert "data-medialit-widget" in text, page.name
        assert "Traceback" not in text and "Error" not in re.sub(r"<[^>]+>", "", text).split("Lesson")[0]
        for q in lesson.practice:
            assert q.id in text


def test_no_resource_is_loaded_from_outside_the_site(student_html, teacher_html):
    for html_dir in (student_html, teacher_html):
        for page in _pages(html_dir):
            hits = _EXTERNAL.findall(page.read_text(encoding="utf-8"))
            assert not hits, (page, hits[:3])
        for asset in html_dir.joinpath("_static").rglob("*.css"):
            assert not re.search(
                r"url\(\s*['\"]?(?:https?:)?//", asset.read_text(encoding="utf-8", errors="replace")
            ), asset


def test_student_edition_holds_no_keys_or_solutions(student_html, lessons):
    assert not (student_html / "solutions").exists()
    assert not (student_html / "answer-key.html").exists()
    assert not (student_html / "teacher-guide.html").exists()
    keys = _key_strings(lessons)
    html_escaped = {
        k: v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        for k, v in keys.items()
    }
    for page in _pages(student_html):
        raw = page.read_text(encoding="utf-8")
        plain = html.unescape(re.sub(r"<[^>]+>", "", raw))  # code is split into highlight spans
        for what, needle in (*keys.items(), *html_escaped.items()):
            assert needle not in raw, f"{what} leaked into {page.relative_to(student_html)}"
        for what, needle in keys.items():
            assert needle not in plain, f"{what} leaked into {page.relative_to(student_html)} (text)"
    for src in (student_html / "_sources").rglob("*"):
        if src.is_file():
            text = src.read_text(encoding="utf-8", errors="replace")
            assert '"role": "key"' not in text, src


def test_teacher_edition_adds_solutions_guide_and_key(teacher_html, lessons):
    assert (teacher_html / "teacher-guide.html").is_file()
    key_page = (teacher_html / "answer-key.html").read_text(encoding="utf-8")
    for lesson in lessons:
        assert next((teacher_html / "solutions").glob(f"{lesson.number:02d}-*.html"))
        for q in lesson.questions:
            assert q.id in key_page
    objectives = (teacher_html / "objectives.html").read_text(encoding="utf-8")
    assert "S1" in objectives and "F3" in objectives


def test_teacher_edition_sources_page_resolves_every_key_link(teacher_html, student_html, case):
    """Keys and explanations link to entries of the built Sources page; no page names an internal brief."""
    sources = (teacher_html / "sources.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="(cite-[a-z0-9-]+)"', sources))
    assert {f"cite-{c.id}" for c in case.annotations.citations if c.id.islower()} <= ids
    linked = set()
    for page in [
        teacher_html / "answer-key.html",
        teacher_html / "background.html",
        *sorted((teacher_html / "solutions").glob("*.html")),
    ]:
        for target in re.findall(r'href="(?:\.\./)?sources\.html#(cite-[a-z0-9-]+)"', page.read_text(encoding="utf-8")):
            linked.add(target)
    assert linked and linked <= ids, sorted(linked - ids)[:5]
    for html_dir in (student_html, teacher_html):
        for page in _pages(html_dir):
            assert "FACTS.md" not in page.read_text(encoding="utf-8"), page
    for name in ("sources.html", "background.html", "content-note.html"):
        assert (teacher_html / name).is_file() and not (student_html / name).exists(), name


_HREF = re.compile(r"""\bhref\s*=\s*["'](https?://[^/"'?#]+)""", re.IGNORECASE)
_URL = re.compile(r"https?://[^/\s\"'<>)\]?#]+")


def _meant_hosts() -> set[str]:
    """Every scheme://host written as a URL in the sources the book is built from."""
    sources = [
        *(ROOT / "src" / "medialit" / "casestudies").rglob("*.*"),
        *(ROOT / "src" / "medialit" / "curriculum").rglob("*.yaml"),
        *(ROOT / "book").glob("*.md"),
        ROOT / "book" / "_config.yml",
    ]
    hosts: set[str] = set()
    for path in sources:
        if path.is_file() and path.suffix in (".md", ".yaml", ".yml"):
            hosts.update(_URL.findall(path.read_text(encoding="utf-8")))
    return hosts


def test_the_site_links_only_hosts_it_means_to_link(student_html, teacher_html):
    """No bare word becomes an outside link (issue 15: "FACTS.md" was linked to http://FACTS.md)."""
    meant = _meant_hosts() | {"https://jupyterbook.org", "https://executablebooks.org", "https://www.sphinx-doc.org"}
    meant |= {
        "https://github.com",
        "https://pydata-sphinx-theme.readthedocs.io",
        "https://sphinx-book-theme.readthedocs.io",
    }
    for html_dir in (student_html, teacher_html):
        for page in _pages(html_dir):
            links = set(_HREF.findall(page.read_text(encoding="utf-8")))
            unmeant = sorted(links - meant)
            assert not unmeant, f"{page.relative_to(html_dir)} links to hosts nobody wrote as a URL: {unmeant[:5]}"
            assert "http://FACTS.md" not in links


def test_build_failures_leave_out_kernel_shutdown_noise_only():
    from medialit.publish.book import build_failures

    noise = [
        "ERROR:tornado.general:Uncaught exception in ZMQStream callback",
        "Traceback (most recent call last):",
        '  File "zmq/eventloop/zmqstream.py", line 1, in _run_callback',
        "zmq.error.ZMQError: Socket operation on non-socket",
    ]
    assert build_failures(["Running Jupyter-Book", *noise, "build succeeded"]) == []
    real = ["Traceback (most recent call last):", "nbclient.exceptions.CellExecutionError: boom"]
    assert build_failures([*noise, *real]) == real
    assert build_failures(["ERROR: lessons/01.ipynb: Execution Failed"]) == [
        "ERROR: lessons/01.ipynb: Execution Failed"
    ]
