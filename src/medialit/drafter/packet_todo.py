"""Draft what a new case's source packet should hold: one entry per page a teacher should find.

``medialit new`` writes ``packet.yaml`` with no documents (a valid, empty packet) and, in its
comments, this list: the sources the article credits (outlets, bodies and documents, named
people), the outlets its speakers spoke to ("X told Y"), and the links of a saved HTML page,
each with what to look for and a commented document stub to copy. Nothing is looked up and
nothing is invented: each entry quotes where the article names the source.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from medialit.drafter._text import slug
from medialit.model import Article

# What to find, per source kind (schema kinds of annotations.yaml).
FIND = {
    "named_outlet": (
        "news",
        "the outlet's own report that the article relies on: its headline, date and URL (or an archived "
        "copy); then who publishes the outlet and how it describes itself",
    ),
    "official_document": (
        "official",
        "the document, statement or data itself where its author publishes it (report, filing, press "
        "release, website), with its date; then who the body is. Change the kind to research or advocacy "
        "if the body is a research group or one side of a dispute",
    ),
    "organisation": (
        "official",
        "the body's own statement, post or page where it says this, with its date; then who the body is, "
        "who funds or runs it and its stake in the story. Change the kind to research or advocacy if the "
        "body is a research group or one side of a dispute",
    ),
    "named_person": (
        "news",
        "where this person said it (an interview, a statement, a post, a hearing record) and who the "
        "person is: role, affiliation, and any stake in the story",
    ),
    "via": (
        "news",
        "the interview or report in which the speaker told this outlet, with its date: does it say what "
        "the article says it said?",
    ),
    "link": (
        "news",
        "the page this link of the saved article points to: who published it, when, and whether it "
        "says what the sentence around the link says",
    ),
}
_SEARCHABLE = frozenset(("named_outlet", "official_document", "organisation", "named_person"))


@dataclass
class ToFind:
    """One page the packet should hold, as the article names it."""

    name: str
    why: str
    find: str
    kind: str
    sources: list[str] = field(default_factory=list)
    url: str | None = None


def _where(article: Article, cue: dict[str, Any]) -> str:
    sid = cue["sentence"]
    try:
        text = article.sentence(sid).text
    except KeyError:
        return f"{sid}: '{cue['text']}'"
    short = " ".join(text.split())
    short = short if len(short) <= 72 else short[:71].rsplit(" ", 1)[0] + "…"
    return f'{sid}: "{short}"'


def _short_name(source: dict[str, Any]) -> str:
    """A person's name without the role before it ("chief executive Rosa Lind" -> "Rosa Lind")."""
    name = str(source["name"])
    if source["kind"] == "named_person":
        m = re.search(r"(?:[A-Z][\w’'.-]+\s+)+[A-Z][\w’'.-]+$", name)
        if m:
            return m.group(0)
    return name


def draft_todo(article: Article, data: dict[str, Any], anchors: Sequence[tuple[str, str]] = ()) -> list[ToFind]:
    """The pages to find for ``article``, from its drafted annotations ``data`` and page ``anchors``.

    One entry per credited source of a searchable kind (outlet, body or document, named person),
    one per outlet a speaker told ("via"), and one per http(s) link whose text is in the article
    body (menus and footers are left out), in the order the article first names them.
    """
    by_id = {s["id"]: s for s in data["sources"]}
    out: dict[str, ToFind] = {}
    for att in data["attributions"]:
        src = by_id.get(att["source"])
        chain = [by_id[c] for c in att.get("chain") or [] if c in by_id][1:]
        for s, role in [(src, None), *((c, "via") for c in chain)]:
            if s is None or (s["kind"] not in _SEARCHABLE and role is None) or s["id"] in out:
                continue
            kind, find = FIND[role or s["kind"]]
            out[s["id"]] = ToFind(_short_name(s), _where(article, att["cue"]), find, kind, [s["id"]])
    body = " ".join(p.text for p in article.paragraphs).lower()
    seen_urls: set[str] = set()
    for text, url in anchors:
        if url in seen_urls or len(text) < 3 or text.lower() not in body:
            continue
        seen_urls.add(url)
        kind, find = FIND["link"]
        out[f"link:{url}"] = ToFind(text, f'the link "{text}" in the article', find, kind, [], url)
    return list(out.values())


def render_todo(entries: Sequence[ToFind]) -> str:
    """The comment block of ``packet.yaml`` listing ``entries`` with a document stub each."""
    if not entries:
        return (
            "# Pages to find: the draft found no named outlet, body, document, person or link in the\n"
            "# article. Search for the outlet and author, distinctive phrases and the main claims.\n#\n"
        )
    lines = [
        f"# Pages to find ({len(entries)}), drafted by `medialit new` from what the article names. Each entry",
        "# says where the article names it and what to look for. When you have found and read a page, add",
        "# it to annotations.yaml as a citation, then replace the empty list after `documents:` above by",
        "# the entry's stub (without the #), fill in every field from the page itself, and delete",
        "# the entry. Leave out what you cannot find: an entry is a task, not a fact. Unnamed and vague",
        "# sources are not listed: there is no page of theirs to find.",
        "#",
    ]
    for n, e in enumerate(entries, 1):
        find = e.find if e.find.endswith("?") else e.find + "."
        lines += [f"# {n}. {e.name}", f"#    named in {e.why}"]
        lines += textwrap.wrap("find: " + find, 100, initial_indent="#    ", subsequent_indent="#      ")
        if e.url:
            lines.append(f"#    link: {e.url}")
        ident = slug(e.name, 30)
        lines += [
            f"#    - id: {ident}",
            f"#      kind: {e.kind}",
            f"#      citation: {ident}",
        ]
        if e.sources:
            lines.append(f"#      sources: [{', '.join(e.sources)}]")
        lines += [
            '#      title: "the page\'s own title"',
            "#      publisher: who publishes the page",
            '#      date: "YYYY-MM-DD"',
            f'#      url: "{e.url or "https://..."}"',
            "#      about: {basis: not_recorded}",
            "#      leaning: null",
            "#      summary:",
            '#        - {text: "what the page says, in your words", cites: [' + ident + "]}",
            "#",
        ]
    return "\n".join(lines) + "\n"
