"""Small text helpers shared by the drafting layers: quotations, words, names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

OPEN = "“«„"
CLOSE = "”»"
STRAIGHT = '"'

WORD = re.compile(r"[A-Za-z0-9][\w’'.-]*")
# A run of capitalised words (a name, an organisation, a place), allowing "of", "de", "al-" inside.
NAME_RUN = re.compile(
    r"(?:[A-Z][\w’'-]*\.?|[A-Z]\.)(?:\s+(?:(?:of|de|del|da|van|von|al|bin|le|la|the)\s+)?(?:[A-Z][\w’'-]*\.?|[A-Z]\.))*"
)


# A transcript speaker label or a post handle at the start of a paragraph, with a thread number:
# "ANCHOR (LENA FORSBERG): ", "SIAN HALE, REPORTER: ", "@pellhamnow (Ana Ruiz): 1/ ". Layout, not text.
LABEL = re.compile(
    r"^(?:@[\w.]+(?:\s+\([^()]{1,40}\))?(?:\s+replying)?|[A-Z][A-Z .,'’-]{1,50}(?:\s+\([A-Z .,'’-]{1,40}\))?):\s+"
    r"(?:\d{1,3}/\s+)?"
)


def strip_label(text: str) -> str:
    """``text`` without a leading speaker label or post handle (see ``LABEL``)."""
    m = LABEL.match(text)
    return text[m.end() :] if m else text


@dataclass(frozen=True)
class Quotes:
    """Quoted regions of one sentence (offsets include the marks) and whether a quote stays open."""

    regions: tuple[tuple[int, int], ...]
    starts_inside: bool
    ends_inside: bool

    def inside(self, pos: int) -> bool:
        """True when character ``pos`` lies in a quotation."""
        return any(a <= pos < b for a, b in self.regions)

    def covers(self, start: int, end: int) -> bool:
        """True when the span overlaps a quotation."""
        return any(a < end and start < b for a, b in self.regions)


def find_quotes(text: str, starts_inside: bool = False) -> Quotes:
    """Find quotations in ``text``; ``starts_inside`` carries an open quote from the sentence before.

    Curly quotes and guillemets nest; straight double quotes toggle. Single quotes are
    ignored: they double as apostrophes.
    """
    regions: list[tuple[int, int]] = []
    depth = 1 if starts_inside else 0
    straight_open = False
    start = 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            if depth == 0 and not straight_open:
                start = i
            depth += 1
        elif ch in CLOSE and depth > 0:
            depth -= 1
            if depth == 0 and not straight_open:
                regions.append((start, i + 1))
        elif ch == STRAIGHT:
            if depth == 0:
                if straight_open:
                    regions.append((start, i + 1))
                else:
                    start = i
                straight_open = not straight_open
            elif starts_inside and depth == 1 and not regions:
                depth = 0
                regions.append((0, i + 1))
            elif depth == 1 and not any(c in CLOSE for c in text[i + 1 :]):
                # “...," she said: a curly quotation closed by a straight mark (mixed typing in copy)
                depth = 0
                regions.append((start, i + 1))
    ends_inside = depth > 0 or straight_open
    if ends_inside:
        regions.append((start if regions or not starts_inside else 0, len(text)))
    return Quotes(tuple(regions), starts_inside, ends_inside)


def outside_text(text: str, quotes: Quotes) -> str:
    """``text`` with quoted characters blanked out (offsets are kept)."""
    chars = list(text)
    for a, b in quotes.regions:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


def is_whole_quote(text: str, quotes: Quotes) -> bool:
    """True when everything outside quotations is punctuation or space."""
    rest = outside_text(text, quotes)
    return bool(quotes.regions) and not re.search(r"[\w]", rest)


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (dots kept inside abbreviations such as ``u.s.``)."""
    return [w.lower().rstrip(".") for w in WORD.findall(text)]


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past white space and stray punctuation at both ends."""
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def slug(text: str, limit: int = 40) -> str:
    """An id-safe slug: lower-case ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:limit].strip("-") or "x"
