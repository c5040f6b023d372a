"""What the drafter's tests share: an article made from test paragraphs, and the attributions found in it."""

from __future__ import annotations

from medialit.case.segment import segment
from medialit.drafter._lexicon import lexicon
from medialit.drafter.attribution import find_attributions
from medialit.drafter.framing import draft_framing
from medialit.model import Article

HEADLINE = "A headline for the test"


def article(text: str, headline: str = HEADLINE) -> Article:
    """An article of ``text`` (paragraphs separated by blank lines) under ``headline``."""
    body = headline + "\n\n" + text
    return Article(id="t", title=headline, body=body, blocks=segment(body))


def found(text: str, headline: str = HEADLINE) -> list[tuple[str, str, str]]:
    """Each attribution drafted in ``text``: its cue, its source's name and kind."""
    hits, _ = find_attributions(article(text, headline))
    return [(f.cue_text, f.source.name, f.source.kind) for f in hits]


def found_with_chain(text: str, headline: str = HEADLINE) -> list[tuple[str, str, str, list[str]]]:
    """Each attribution drafted in ``text``: its cue, its source's name and kind, and the chain it came through."""
    hits, _ = find_attributions(article(text, headline))
    return [(f.cue_text, f.source.name, f.source.kind, [c.name for c in f.chain]) for f in hits]


def framing_spans(text: str) -> set[tuple[str, str]]:
    """(device, span) of every framing hint drafted for the sentences of ``text`` (the headline's hint left out)."""
    art = article(text)
    hits, _ = find_attributions(art)
    return {
        (f.device, t)
        for f in draft_framing(art, hits, lexicon())
        if f.device != "headline_body_mismatch"
        for _, t in f.spans
    }
