"""The article as read from a file, before segmentation: blocks, metadata and link texts.

Shared by the readers of plain text and Markdown (:mod:`.inputs`) and of saved HTML
(:mod:`.html`), which both produce a :class:`Document`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass
class Block:
    """A block of the article: a paragraph, or page furniture when ``furniture`` names its kind."""

    text: str
    furniture: str | None = None
    note: str = ""


@dataclass
class Document:
    """An article read from a file: blocks in page order, metadata found in the file, link texts."""

    blocks: list[Block]
    meta: dict[str, Any] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    format: str = "text"
    anchors: list[tuple[str, str]] = field(default_factory=list)
    """(link text, URL) of the page's http(s) links (saved HTML only)."""


def clean(text: str) -> str:
    """Normalise line ends and odd spaces, drop invisible characters and trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.translate(_ODD_SPACES).translate(_INVISIBLE)
    return "\n".join(re.sub(r" {2,}", " ", ln).strip() for ln in text.split("\n"))
