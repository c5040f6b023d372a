"""Who is behind a site is a search (issue 21): no ready "about" line reaches students, and the
MEK packet holds pages *about* the publishers that items ask about, for both sides alike.

The packet's ``about:`` field (who a publisher is) stays for the teacher edition and the checks;
the search index, the student bundle, the search lab and the paper packet leave it out. A student
finds out who runs a site by searching for it and reading the packet's pages about it, or the
packet's own statement that it holds none (docs/packet.md, "Pages about publishers").
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from medialit.analysis.search import build_index, search, search_packet
from medialit.api import printable_packet, student_bundle
from medialit.case.load import default_case_dir
from medialit.curriculum.derive_packet import is_partisan
from medialit.grading.replay import with_replay
from medialit.grading.score import score_answer
from medialit.model import Case, Lesson, PacketDocument, Question
from medialit.widgets import SearchLab

#: publisher -> (searches a student might type, its own page(s), pages by others, its web hosts)
ABOUT_PAGES: dict[str, tuple[tuple[str, ...], set[str], set[str], set[str]]] = {
    "Nejat Society": (("Nejat Society",), {"nejat-about-self"}, {"wikipedia-nejat-society"}, {"nejatngo.org"}),
    "the group and its coalition": (
        ("mojahedin", "National Council of Resistance of Iran"),
        {"mojahedin-ncri-president-elect-2018"},
        {"liquisearch-ncri"},
        {"mojahedin.org"},
    ),
    "CNS News": (
        ("CNS News", "Media Research Center"),
        {"cnsnews-about-us"},
        {"citizendium-mrc", "conwebwatch-cns-2023-05-21"},
        {"cnsnews.com"},
    ),
    "Jerusalem Post": (("Jerusalem Post",), {"jpost-85-years-2017"}, {"wikipedia-jpost"}, {"jpost.com"}),
}
#: hosts no page about was found for: their documents say the packet holds none (docs/packet.md)
NO_PAGE_HOSTS = {
    "criticschronicle.com",
    "irannewsupdate.com",
    "isdciran.org",
    "iranfocus.com",
    "usccar.org",
    "habilian.ir",
    "theiranproject.com",
    "imam-khomeini.ir",
}
#: partisan hosts whose document names whose site it is (a politician's own site or office)
SELF_NAMED_HOSTS = {"rohrabacher.house.gov", "struanstevenson.com"}


def _says_no_page(doc: PacketDocument) -> bool:
    """The document tells the student that the packet holds no page on who runs its site."""
    text = doc.text.lower()
    return "who runs" in text and ("holds no" in text or "holds none" in text)


#: items whose keys say who is behind a report (search items, and the items on L8.Q1's figures)
WHO_ITEMS = ("L1.Q9", "L8.Q1", "L8.Q3", "L8.Q4", "L8.Q9")

ABOUT_DOCS = {d for _, own, others, _ in ABOUT_PAGES.values() for d in own | others}


def _host(doc: PacketDocument) -> str:
    return (urlsplit(doc.url or "").hostname or "").removeprefix("www.")


def _covered_by(host: str, hosts: set[str]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def _descriptions(case: Case) -> list[str]:
    """The packet's ready descriptions of publishers (long enough not to occur by chance)."""
    assert case.packet is not None
    texts = {d.about.text for d in case.packet.documents if d.about is not None}
    return sorted(t for t in texts if len(t.split()) >= 5)


def _question(lessons: tuple[Lesson, ...], qid: str) -> Question:
    return next(q for lesson in lessons for q in (*lesson.practice, *lesson.questions) if q.id == qid)


def _shown(text: str, page: str) -> bool:
    return any(form in page for form in (text, html.escape(text), json.dumps(text)[1:-1]))


def test_no_student_facing_result_shows_an_about_line(case: Case, lessons: tuple[Lesson, ...]) -> None:
    assert case.packet is not None
    index = build_index(case.packet)
    assert all("about" not in d and "about_basis" not in d for d in index["documents"])
    assert all("about" not in r for r in search(index, "Nejat Society"))
    descriptions = _descriptions(case)
    assert len(descriptions) > 20
    widget = SearchLab.from_question(_question(lessons, "L1.Q9"), mode="graded", packet=index)
    channels = {
        "search index": json.dumps(index, ensure_ascii=False),
        "student bundle": student_bundle().decode("utf-8"),
        "print-packet": printable_packet() or "",
        "search lab (static HTML)": widget.static_html(),
    }
    for name, page in channels.items():
        shown = [t for t in descriptions if _shown(t, page)]
        assert not shown, (name, shown[:3])
    # The reader pane has no line for it either (the same script runs live and in the book).
    script = (default_case_dir().parents[1] / "widgets" / "static" / "search_lab.js").read_text("utf-8")
    assert "About the publisher" not in script and "doc.about" not in script


def test_a_planted_about_line_would_be_caught(case: Case) -> None:
    """The check above can fail: a description put back into a result is found."""
    assert case.packet is not None
    index = build_index(case.packet)
    doc = next(d for d in case.packet.documents if d.id == "nejat-8441-guardian-crowd")
    assert doc.about is not None
    index["documents"][0]["body"] += " " + doc.about.text
    assert any(_shown(t, json.dumps(index, ensure_ascii=False)) for t in _descriptions(case))


@pytest.mark.parametrize("publisher", sorted(ABOUT_PAGES))
def test_a_search_for_a_publishers_name_lists_its_pages(case: Case, publisher: str) -> None:
    assert case.packet is not None
    queries, own, others, _ = ABOUT_PAGES[publisher]
    found: set[str] = set()
    for query in queries:
        found |= {r["id"] for r in search_packet(case.packet, query, limit=5)}
    assert own | others <= found, (publisher, sorted((own | others) - found))


@pytest.mark.parametrize("host", sorted(NO_PAGE_HOSTS))
def test_a_search_for_a_host_without_a_page_says_the_packet_holds_none(case: Case, host: str) -> None:
    assert case.packet is not None
    listed = {r["id"] for r in search_packet(case.packet, host.split(".")[0], limit=10)}
    docs = [d for d in case.packet.documents if _host(d) == host or _host(d).endswith("." + host)]
    assert docs, host
    for d in docs:
        assert d.id in listed, (host, d.id)
        assert _says_no_page(d), (host, d.id)


def test_each_publisher_an_item_keys_has_a_page_or_a_recorded_decision(case: Case, lessons: tuple[Lesson, ...]) -> None:
    assert case.packet is not None
    about_hosts = {h for *_, hosts in ABOUT_PAGES.values() for h in hosts}
    for qid in WHO_ITEMS:
        q = _question(lessons, qid)
        # a search item's key names the documents it opens; the others, the pages they cite
        search = q.type == "search_lab"
        named = {str(o["doc"]) for o in q.key["opened"]} if search else set(q.citations)
        docs = [case.packet.document(d) for d in sorted(named) if d not in ABOUT_DOCS and _has(case, d)]
        assert docs, qid
        for d in docs:
            host = _host(d)
            if _covered_by(host, about_hosts):
                continue
            assert _covered_by(host, NO_PAGE_HOSTS), (qid, d.id, host)
            assert _says_no_page(d), (qid, d.id)


def _has(case: Case, doc_id: str) -> bool:
    assert case.packet is not None
    return any(d.id == doc_id for d in case.packet.documents)


def test_the_model_answers_open_the_page_about_the_outlet(case: Case, lessons: tuple[Lesson, ...]) -> None:
    """L8.Q1 and L8.Q3 ask whether a report is from neither side: their model answers open the
    packet's page about the outlet. Reading it alone earns no process credit (review of issue 21:
    CNS News's About page alone earned L8.Q3 full marks): the report that settles the item must
    be read, and a page about a publisher is not one."""
    graded = with_replay(lessons, case.packet)  # as the grader's key holds them: able to replay searches
    for qid in ("L8.Q1", "L8.Q3"):
        q = _question(graded, qid)
        opened = {o["doc"] for o in q.key["opened"]}
        assert opened & ABOUT_DOCS, qid
        assert not ABOUT_DOCS & set(q.settings["sources"]["independent"]), qid
        for doc in sorted(opened & ABOUT_DOCS):
            assert q.replay is not None
            queries = [x for x in q.key["queries"] if doc in q.replay(x)]
            assert queries, (qid, doc)
            rec = {
                "queries": queries[:1],
                "opened": [{"doc": doc, "title": doc, "seconds": 30, "query": 0}],
                "answer": q.key["answer"],
            }
            assert score_answer(q, rec).score == q.points / 2, (qid, doc)
        assert score_answer(q, _widget_record(q)).score == q.points, qid


def _widget_record(q: Question) -> dict[str, Any]:
    """The model answer as the widget records it: each opening names the search that listed it."""
    assert q.replay is not None
    queries = list(q.key["queries"])
    opened, at = [], 0
    for o in q.key["opened"]:
        while o["doc"] not in q.replay(queries[at]):
            at += 1
        opened.append({**o, "query": at})
    return {"queries": queries, "opened": opened, "answer": q.key["answer"]}


def test_partisan_hosts_of_both_sides_are_described_the_same_way(case: Case) -> None:
    assert case.packet is not None
    by_id = {d.id: d for d in case.packet.documents}
    sides = {}
    for publisher in ("Nejat Society", "the group and its coalition"):
        _, own, others, _ = ABOUT_PAGES[publisher]
        for d in own:  # its own account: one side's own material, labelled as such
            assert by_id[d].kind == "advocacy" and by_id[d].leaning, d
            sides[publisher] = by_id[d].leaning
        for d in others:  # others' account: a reference work from neither side
            assert by_id[d].kind == "reference" and by_id[d].leaning is None, d
    assert sorted(sides.values()) == ["critical of the MEK", "supportive of the MEK"]
    # Outlets from neither side that Lesson 8 relies on: their own page and others' too.
    for publisher in ("CNS News", "Jerusalem Post"):
        _, own, others, _ = ABOUT_PAGES[publisher]
        assert own and others and all(by_id[d].leaning is None for d in own | others), publisher
    # The hosts without a page are on both sides as well.
    leanings = {
        "supportive" if "supportive" in (d.leaning or d.text) else "critical"
        for d in case.packet.documents
        if _covered_by(_host(d), NO_PAGE_HOSTS - {"criticschronicle.com"})
    }
    assert leanings == {"supportive", "critical"}


def test_every_partisan_host_has_a_page_or_says_it_has_none(case: Case) -> None:
    assert case.packet is not None
    about_hosts = {h for *_, hosts in ABOUT_PAGES.values() for h in hosts}
    reposted = {c.id for c in case.annotations.citations if c.kind == "repost" and c.leaning}
    for d in case.packet.documents:
        if d.constructed or d.id in ABOUT_DOCS or not (is_partisan(d) or d.citation in reposted):
            continue
        host = _host(d)
        if _covered_by(host, about_hosts | SELF_NAMED_HOSTS):
            continue
        assert _covered_by(host, NO_PAGE_HOSTS), (d.id, host)
        assert _says_no_page(d), d.id
