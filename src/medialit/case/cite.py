"""How a citation is shown: one formatter for keys, explanations, the answer key and the sources page.

Every place that cites an entry of the case's ``citations`` goes through
:func:`citation_text` (plain text) or :func:`citation_link` (Markdown linking to
the entry on the teacher edition's sources page), so a partisan host's leaning,
the date and the missing-URL reason are shown wherever the entry is cited.
"""

from __future__ import annotations

import re

from medialit.model import Citation

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

KIND_NAMES = {
    "primary": "primary source",
    "secondary": "secondary source",
    "repost": "copy on another site",
    "analysis": "the module's own analysis",
    "brief": "the module's own analysis",
}


def anchor(cid: str) -> str:
    """The label of a citation's entry on the sources page (``cite-<id>``)."""
    return "cite-" + re.sub(r"[^a-z0-9-]+", "-", cid.lower()).strip("-")


def human_date(value: str | None) -> str:
    """``2018-06-28`` -> ``28 June 2018``, ``2012-09`` -> ``September 2012``; None -> ``no date``."""
    if not value:
        return "no date"
    m = _ISO.match(str(value).strip())
    if not m:
        return str(value)
    year, month, day = m.groups()
    if month is None:
        return year
    name = _MONTHS[int(month) - 1]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def leaning_text(c: Citation) -> str:
    """The leaning as shown beside a citation ("" when none is recorded).

    For a copy on another site the leaning is the host's, and the text says so.
    """
    if not c.leaning:
        return ""
    if c.kind == "repost":
        return f"read on a site {c.leaning}" if c.leaning.startswith(("critical", "supportive")) else c.leaning
    return c.leaning


def citation_text(c: Citation) -> str:
    """One line: title, publisher, date, and the leaning when there is one."""
    bits = [c.title]
    if c.publisher:
        bits.append(c.publisher)
    if c.kind not in ("analysis", "brief"):
        bits.append(human_date(c.date))
    text = ", ".join(bits)
    lean = leaning_text(c)
    return f"{text} [leaning: {lean}]" if lean else text


def citation_link(c: Citation) -> str:
    """Markdown: the citation text, linked to its entry on the teacher edition's sources page."""
    return f"[{c.id}](#{anchor(c.id)}): {citation_text(c)}"
