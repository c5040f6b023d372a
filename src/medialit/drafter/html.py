"""Extract the article from a saved web page, and keep the page furniture it leaves out.

The main text is found with a readability-style rule on the standard library's HTML
parser: text blocks inside ``<article>``/``<main>`` (or the container with the most
paragraph text) that are not navigation, comments, sharing bars or forms. Everything else
that a reader sees (menus, image alt texts, captions, comment forms, widgets) is kept as
page furniture, in page order, because it is evidence about where the page comes from
(DESIGN.md: furniture ``f1``..). No third-party extractor is needed; a library such as
trafilatura could replace ``_main_flags`` if pages in the wild call for it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from medialit.drafter.document import Block, Document, clean
from medialit.errors import ArticleError

_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "head", "object", "canvas", "select"}
_BLOCK = frozenset(
    """
    p h1 h2 h3 h4 h5 h6 li blockquote div section article main header footer nav aside form figure
    figcaption td th tr table ul ol dl dt dd pre address body caption details summary label button
    """.split()
)
_BOILER_TAGS = {
    "nav": "navigation",
    "footer": "footer",
    "aside": "sidebar",
    "form": "form",
    "header": "page header",
    "button": "button",
    "label": "form",
}
_BOILER_WORDS = re.compile(
    r"(?:^|[-_ ])(nav|navbar|menu|footer|sidebar|comment|comments|reply|share|sharing|social|related|widget|"
    r"advert|ads?|promo|newsletter|subscribe|cookie|breadcrumbs?|tags?|rating|review|popup|modal|banner|"
    r"masthead|toolbar|pagination|recommended|trending|byline-social)(?:$|[-_ ])",
    re.IGNORECASE,
)
_MAIN_WORDS = re.compile(r"article[-_]?body|entry[-_]content|post[-_]content|story[-_]body|articleBody|main[-_]content")
_VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "track"}


@dataclass
class _Raw:
    text: str
    tag: str
    path: tuple[str, ...]
    boiler: str | None
    main: bool
    container: int
    link_chars: int
    is_alt: bool = False


@dataclass
class _Page:
    blocks: list[_Raw] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    title: str = ""
    links: list[str] = field(default_factory=list)
    anchors: list[tuple[str, str]] = field(default_factory=list)
    """(link text, href) of every http(s) link, in page order."""
    scripts: int = 0
    script_chars: int = 0


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()
        self.stack: list[tuple[str, str | None, bool, int]] = []  # tag, boiler kind, main, container id
        self.skip = 0
        self.buf: list[str] = []
        self.link_buf: list[str] = []
        self.in_link = 0
        self.anchor: tuple[str, list[str]] | None = None
        self.in_title = False
        self.containers = 0

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        links = " ".join("".join(self.link_buf).split())
        self.buf, self.link_buf = [], []
        if not text:
            return
        tag = self.stack[-1][0] if self.stack else "body"
        boiler = next((b for _, b, _, _ in reversed(self.stack) if b), None)
        main = any(m for _, _, m, _ in self.stack)
        container = next(
            (c for t, _, _, c in reversed(self.stack) if t in {"div", "section", "article", "main", "body", "td"}), 0
        )
        path = tuple(t for t, _, _, _ in self.stack)
        self.page.blocks.append(_Raw(text, tag, path, boiler, main, container, len(links)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            self._add_meta(a)
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.page.meta.setdefault("canonical", a["href"])
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            if tag == "script":
                self.page.scripts += 1
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "img" and a.get("alt", "").strip():
            self._add_alt_text(a["alt"])
            return
        if tag == "time" and a.get("datetime"):
            self.page.meta.setdefault("time", a["datetime"])
        if tag == "br":
            self.buf.append(" ")
            return
        if tag in _VOID:
            return
        if tag in _BLOCK:
            self._open_block(tag, a)
        if tag == "a":
            self.in_link += 1
            href = a.get("href") or ""
            self.anchor = (href, []) if href.startswith(("http://", "https://")) else None

    def _add_meta(self, a: dict[str, str]) -> None:
        """Keep a named ``<meta>`` value (the first one of each name wins)."""
        key = a.get("property") or a.get("name") or a.get("itemprop") or ""
        if key and a.get("content"):
            self.page.meta.setdefault(key.lower(), a["content"])

    def _add_alt_text(self, alt: str) -> None:
        """An image's alt text is a block of its own, in the boilerplate or main part it sits in."""
        self._flush()
        boiler = next((b for _, b, _, _ in reversed(self.stack) if b), None)
        main = any(m for _, _, m, _ in self.stack)
        self.page.blocks.append(_Raw(" ".join(alt.split()), "img", (), boiler, main, -1, 0, is_alt=True))

    def _open_block(self, tag: str, a: dict[str, str]) -> None:
        """Push a block element, marked as boilerplate (which kind) or main text by its tag and attributes."""
        self._flush()
        hint = f"{a.get('class', '')} {a.get('id', '')} {a.get('role', '')}"
        boiler = _BOILER_TAGS.get(tag)
        if boiler is None and tag not in {"p", "h1", "h2", "h3", "li"}:
            m = _BOILER_WORDS.search(hint)
            boiler = m.group(1).lower() if m else None
        if a.get("role") in {"navigation", "banner", "contentinfo", "complementary"}:
            boiler = a["role"]
        main = tag in {"article", "main"} or bool(_MAIN_WORDS.search(hint)) or a.get("itemprop") == "articleBody"
        self.containers += 1
        self.stack.append((tag, boiler, main, self.containers))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a":
            self.in_link = max(0, self.in_link - 1)
            self.link_buf.append(" ")
            if self.anchor is not None:
                text = " ".join("".join(self.anchor[1]).split())
                if text:
                    self.page.anchors.append((text, self.anchor[0]))
                self.anchor = None
            return
        if tag in _BLOCK:
            self._flush()
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    del self.stack[i:]
                    break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.page.title += data
        if self.skip:
            self.page.script_chars += len(data)
            return
        self.buf.append(data)
        if self.in_link:
            self.link_buf.append(data)
            if self.anchor is not None:
                self.anchor[1].append(data)
            self.page.links.append(data.strip())


def _main_flags(page: _Page) -> list[bool]:
    blocks = page.blocks
    if any(b.main for b in blocks):
        return [b.main and not b.boiler and not b.is_alt and b.tag != "figcaption" for b in blocks]
    score: dict[int, int] = defaultdict(int)
    for b in blocks:
        if b.tag == "p" and not b.boiler and b.link_chars < len(b.text) / 2:
            score[b.container] += len(b.text)
    if not score:
        return [not b.boiler and not b.is_alt and len(b.text.split()) >= 8 for b in blocks]
    best = max(score, key=lambda c: score[c])
    return [b.container == best and not b.boiler and not b.is_alt and b.tag != "figcaption" for b in blocks]


def _headline(page: _Page, main: list[bool]) -> str:
    for b, _m in zip(page.blocks, main, strict=True):
        if b.tag == "h1" and not b.boiler:
            return b.text
    title = page.meta.get("og:title") or page.title
    return re.split(r"\s+[|–—-]\s+[^|–—-]+$", " ".join(title.split()))[0]


def extract(html: str, path: Path | None = None) -> Document:
    """Split a saved page into article blocks and furniture blocks (in page order) with metadata."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._flush()
    page = parser.page
    main = _main_flags(page)
    where = f"{path}: " if path else ""
    words = sum(len(b.text.split()) for b, m in zip(page.blocks, main, strict=True) if m)
    if words < 30:
        scripts = (
            f" The page has {page.scripts} script elements ({page.script_chars // 1000} kB of code)"
            " and almost no text: it is probably filled in by JavaScript."
            if page.scripts
            else ""
        )
        raise ArticleError(
            f"{where}no article text found in the HTML ({words} words).{scripts} Fix: open the page in a "
            "browser, let it load, and save it again (Save Page As, 'Web Page, complete'), or copy the "
            "article text into a .txt file."
        )
    headline = _headline(page, main)
    blocks: list[Block] = []
    started = False
    for b, m in zip(page.blocks, main, strict=True):
        text = clean(b.text)
        if m and not started and headline and text != headline:
            blocks.append(Block(headline))
            started = True
        if m:
            started = True
            if b.tag == "li":
                text = "- " + text
                if blocks and blocks[-1].furniture is None and blocks[-1].text.startswith("- ") and "\n" not in text:
                    blocks[-1].text += "\n" + text
                    continue
            if not (blocks and blocks[-1].furniture is None and blocks[-1].text == text):
                blocks.append(Block(text))
        else:
            kind = "image alt text" if b.is_alt else (b.boiler or ("caption" if b.tag == "figcaption" else "page text"))
            if b.tag == "figcaption":
                kind = "image caption"
            if b.text == headline and not started:
                blocks.append(Block(text))
                started = True
                continue
            blocks.append(Block(text, kind, f"Left out of the article text ({kind})."))
    meta = {
        "title": headline,
        "author": page.meta.get("author") or page.meta.get("article:author"),
        "publisher": page.meta.get("og:site_name"),
        "url": page.meta.get("canonical") or page.meta.get("og:url"),
        "date": (page.meta.get("article:published_time") or page.meta.get("date") or page.meta.get("time") or "")[:10]
        or None,
    }
    links = [t for t in page.links if t]
    return Document(_group_furniture(blocks), {k: v for k, v in meta.items() if v}, links, "html", page.anchors)


def _group_furniture(blocks: list[Block], limit: int = 60) -> list[Block]:
    """Merge runs of furniture of one kind (a menu of 40 links is one block) and cap their number."""
    out: list[Block] = []
    for b in blocks:
        if b.furniture and out and out[-1].furniture == b.furniture and b.furniture != "image alt text":
            out[-1].text += "\n" + b.text
            continue
        out.append(Block(b.text, b.furniture, b.note))
    kept, n = [], 0
    for b in out:
        if b.furniture:
            n += 1
            if n > limit:
                continue
            b.text = (
                "\n".join(dict.fromkeys(b.text.split("\n")))[:4000].rsplit("\n", 1)[0] if len(b.text) > 4000 else b.text
            )
        kept.append(b)
    return kept
