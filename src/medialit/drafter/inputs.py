"""Read an article file (plain text, Markdown or saved HTML) into blocks, refusing bad input clearly."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import yaml

from medialit.case.segment import _LIST_ITEM
from medialit.drafter.document import Block, Document, clean
from medialit.drafter.html import extract
from medialit.errors import ArticleError

MAX_BYTES = 5_000_000
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (a .docx, .odt or .epub file is one)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"{\\rtf": "an RTF document",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a media file",
    b"\x7fELF": "a program",
}
_SAVE_AS_TEXT = "copy the article text into a UTF-8 .txt file (or save the web page as HTML) and try again"


def read_bytes(path: Path) -> bytes:
    """Read ``path``, refusing missing, empty, oversized and binary files."""
    if not path.is_file():
        raise ArticleError(f"{path}: no such file. Fix: give the path of a .txt, .md or .html file.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ArticleError(
            f"{path}: {size / 1_000_000:.1f} MB is more than the {MAX_BYTES // 1_000_000} MB limit for one "
            f"article. Fix: {_SAVE_AS_TEXT}."
        )
    data = path.read_bytes()
    if not data.strip():
        raise ArticleError(f"{path}: the file is empty. Fix: {_SAVE_AS_TEXT}.")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ArticleError(f"{path}: this is {what}, not text. Fix: {_SAVE_AS_TEXT}.")
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{path}: this is a binary file, not text. Fix: {_SAVE_AS_TEXT}.")
    return data


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; an HTML page may declare its charset."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise ArticleError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}). "
            "Fix: save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)."
        ) from None


def detect_format(path: Path, text: str) -> str:
    """``html``, ``markdown`` or ``text``, from the extension and then the content."""
    ext = path.suffix.lower()
    if ext in {".html", ".htm", ".xhtml", ".mhtml"}:
        return "html"
    if ext in {".md", ".markdown", ".mdown"}:
        return "markdown"
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(?:body|p|div|article)\b", head):
        return "html"
    if re.search(r"^(?:#{1,6} |---\n|> )|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*", text[:4096], re.MULTILINE):
        return "markdown"
    return "text"


def _is_wrapped(lines: list[str]) -> bool:
    """True when a block's lines are hard-wrapped prose rather than separate paragraphs.

    A line break wraps when the line ends without closing punctuation and the next line
    goes on in lower case, or when the line is long (a fixed-width wrap).
    """
    if len(lines) < 2:
        return False
    wraps = 0
    for line, nxt in itertools.pairwise(lines):
        ends_open = not re.search(r"[.!?:”\"’)]$", line)
        if ends_open and (nxt[:1].islower() or len(line) >= 60):
            wraps += 1
    return wraps * 2 >= len(lines) - 1


def text_blocks(text: str) -> list[Block]:
    """Blocks of plain text: blank lines separate blocks; hard-wrapped lines are joined;
    a block of short unwrapped lines (a headline over a byline) becomes one block per line;
    lists stay together."""
    text = clean(text)
    raw = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(raw) == 1 and raw[0].count("\n") >= 2 and not _is_wrapped(raw[0].split("\n")):
        raw = raw[0].split("\n")  # one paragraph per line, no blank lines in the file
    out: list[Block] = []
    for b in raw:
        lines = [ln for ln in b.split("\n") if ln]
        if any(_LIST_ITEM.match(ln) for ln in lines[1:]):
            out.append(Block("\n".join(lines)))
        elif _is_wrapped(lines):
            out.append(Block(" ".join(lines)))
        else:
            out.extend(Block(ln) for ln in lines)
    return out


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|(?<![\w])_)(?=\S)(.+?)(?<=\S)\1(?![\w])")


def markdown_blocks(text: str) -> tuple[list[Block], dict[str, Any], list[str]]:
    """Blocks, front-matter metadata and link texts of a Markdown file (syntax removed)."""
    text, meta, furniture = _front_matter(clean(text))
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"^```.*?^```\s*$", "", text, flags=re.DOTALL | re.MULTILINE)
    links: list[str] = []
    blocks: list[Block] = []
    for raw in re.split(r"\n\s*\n", text):
        if not raw.strip():
            continue
        if raw.strip() in furniture:
            f = furniture[raw.strip()]
            blocks.append(Block(raw.strip(), str(f.get("kind") or "furniture"), str(f.get("note") or "")))
            continue
        blocks.extend(_markdown_chunk_blocks(raw, links))
    return [b for b in blocks if b.text.strip()], meta, links


def _front_matter(text: str) -> tuple[str, dict[str, Any], dict[str, dict[str, Any]]]:
    """Split off a YAML front matter: the rest of the text, its metadata and its furniture by text.

    Front matter that is not YAML, or not a mapping, gives no metadata (and is still removed).
    """
    meta: dict[str, Any] = {}
    furniture: dict[str, dict[str, Any]] = {}
    if not text.startswith("---\n"):
        return text, meta, furniture
    end = text.find("\n---\n", 4)
    if end <= 0:
        return text, meta, furniture
    try:
        fm = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError:
        fm = {}
    if isinstance(fm, dict):
        meta = {k: fm[k] for k in ("title", "date", "url", "publisher", "author", "id") if fm.get(k)}
        for f in fm.get("furniture") or []:
            if isinstance(f, dict) and f.get("text"):
                furniture[str(f["text"]).strip()] = f
    return text[end + 5 :], meta, furniture


def _markdown_inline(s: str, links: list[str]) -> str:
    """``s`` without inline Markdown (links keep their text, appended to ``links``; images go)."""

    def link(m: re.Match[str]) -> str:
        if m.group(0).startswith("!"):
            return ""
        links.append(m.group(1))
        return m.group(1)

    s = _MD_LINK.sub(link, s)
    s = _MD_EMPH.sub(r"\2", s)
    return re.sub(r"`([^`]+)`", r"\1", s).strip()


def _markdown_chunk_blocks(raw: str, links: list[str]) -> list[Block]:
    """The blocks of one blank-line-separated chunk: image alt texts, a heading, then its text."""
    blocks: list[Block] = []
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    images = [m.group(1) for ln in lines for m in re.finditer(r"!\[([^\]]*)\]\([^)]*\)", ln)]
    for alt in images:
        if alt.strip():
            blocks.append(
                Block(_markdown_inline(alt, links), "image alt text", "Alt text of an image in the Markdown source.")
            )
    lines = [ln for ln in lines if not re.fullmatch(r"\s*!\[[^\]]*\]\([^)]*\)\s*", ln)]
    lines = [ln for ln in lines if not re.fullmatch(r"\s*(?:[-*_]\s*){3,}", ln)]
    if not lines:
        return blocks
    lines = [re.sub(r"^>\s?", "", ln) for ln in lines]
    if re.match(r"#{1,6}\s", lines[0]):
        blocks.append(Block(_markdown_inline(re.sub(r"^#{1,6}\s+|\s+#+\s*$", "", lines[0]), links)))
        lines = lines[1:]
        if not lines:
            return blocks
    lines = [re.sub(r"^(\s*)[*+]\s+", r"\1- ", ln) for ln in lines]
    blocks.extend(text_blocks("\n".join(_markdown_inline(ln, links) for ln in lines)))
    return blocks


def read_document(path: Path) -> Document:
    """Read ``path`` as an article: checks, decoding, format detection and extraction."""
    data = read_bytes(path)
    text = decode(data, path)
    fmt = detect_format(path, text)
    if fmt == "html":
        return extract(text, path)
    if fmt == "markdown":
        blocks, meta, links = markdown_blocks(text)
        return Document(blocks, meta, links, "markdown")
    return Document(text_blocks(text), {}, [], "text")
