"""The source packet: the embedded MEK packet is valid and student-safe, and every documented
way of breaking a packet gives a located message (file:line, document id, fix)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from medialit.api import validate
from medialit.case.load import default_case_dir, load_case
from medialit.case.packet import CONSTRUCTED_TITLE, MAX_QUOTE_WORDS, date_problem
from medialit.errors import PacketError
from medialit.model import VERDICTS


def _edit(case_dir: Path, old: str, new: str) -> Path:
    path = case_dir / "packet.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def case():
    return load_case()


def test_embedded_packet_loads_and_is_valid(case):
    assert validate() == []
    packet = case.packet
    assert packet is not None and packet.case == "mek"
    kinds = Counter(d.kind for d in packet.documents)
    # the mix a real search gives: the named sources, copies, reference works, official
    # records, research, advocacy of both sides and later reports
    assert set(kinds) == {"news", "reference", "copy", "official", "research", "advocacy"}
    assert len(packet.documents) >= 40


def test_one_document_per_source_the_article_names_or_copies(case):
    """Every source with a findable page (not the author's voice, not an unnamed or vague
    source) has a packet document that says it is that source."""
    covered = {sid for d in case.packet.documents for sid in d.sources}
    findable = {s.id for s in case.annotations.sources if s.kind not in ("none", "anonymous", "vague")}
    assert findable, "the case has named sources"
    assert findable <= covered, sorted(findable - covered)


def test_documents_repeat_their_citation_unchanged(case):
    """Nothing invented: title, publisher, date, URL and leaning are the citation's own (a re-post
    may be labelled by its author, its host's side told in ``about``: issue 21)."""
    for d in case.packet.documents:
        if d.constructed:
            continue  # invented for a far-transfer exercise: no citation (test_constructed_documents_...)
        c = case.citation(d.citation)
        assert (d.title, d.publisher, d.date, d.url) == (c.title, c.publisher, c.date, c.url)
        about = d.about.text if d.about is not None else ""
        by_author = c.kind == "repost" and d.leaning is None and (c.leaning or "") in about
        assert d.leaning == c.leaning or by_author, d.id
        assert d.date is not None or d.undated, d.id
        for point in (*d.summary, *(p for p in (d.about, d.quote) if p is not None)):
            assert point.cites, d.id
            for cid in point.cites:
                case.citation(cid)  # raises KeyError on an unknown id


def test_advocacy_of_both_sides_and_the_later_reports_are_there(case):
    docs = case.packet.documents
    leanings = {d.leaning for d in docs if d.kind == "advocacy"}
    assert "supportive of the MEK" in leanings
    assert any(lean and "critical of the MEK" in lean for lean in leanings)
    after = [d.id for d in docs if d.date and d.date > "2018-06-30"]  # reported after the article's window
    assert "newarab-2018-10-11" in after and "cnsnews-2018-07-01" in after
    copies = {d.id for d in docs if d.kind == "copy"}
    assert "criticschronicle-related" in copies
    official = {d.id for d in docs if d.kind == "official"}
    assert {"hansard-2008-06-23", "public-notice-8050", "crt-2009"} <= official


def test_quotes_are_a_few_words(case):
    quotes = [d.quote.text for d in case.packet.documents if d.quote is not None]
    assert quotes
    assert all(len(q.split()) <= MAX_QUOTE_WORDS for q in quotes)


def _packet_text(case) -> str:
    parts = []
    for d in case.packet.documents:
        parts += [d.title, d.text, d.undated or "", d.no_url_reason or ""]
        parts += [p.text for p in (d.about, d.quote) if p is not None]
    return "\n".join(parts)


def test_no_answer_key_leaks_into_the_packet(case):
    """Student-facing: no verdict label, no claim/sentence id, and no run of twelve words
    taken from the annotations' verdict explanations, framing or attribution notes (the
    packet states what sources say; the judgements stay in the key)."""
    text = _packet_text(case)
    words = {v.replace("_", " ") for v in VERDICTS} | {"time-shifted", "out of date", "verdict", "misparaphrase"}
    for w in words:
        assert not re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE), w
    assert not re.search(r"\bP\d+\.[a-z]\b|\bp\d+\.s\d+\b|\bfc-", text)

    def shingles(s: str, n: int = 12) -> set[tuple[str, ...]]:
        toks = re.findall(r"[a-z0-9']+", s.lower())
        return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}

    ann = case.annotations
    key_text = [f.explanation for f in ann.fact_checks] + [f.explanation for f in ann.framing]
    key_text += [a.explanation for a in ann.attributions]
    mine = shingles(text)
    copied = [" ".join(s) for s in mine & set().union(*map(shingles, key_text))]
    assert not copied, copied[:5]


def test_a_case_without_a_packet_is_valid(case_copy):
    (case_copy / "packet.yaml").unlink()
    assert validate(case_copy) == []
    assert load_case(case_copy).packet is None


# -- each documented way of breaking a packet ------------------------------------------


def test_missing_citation_on_a_summary_point(case_copy):
    path = _edit(
        case_copy,
        "          It says the group's supporters had pushed the State Department to delist it after\n"
        "          winning a court order.\n"
        "        cites: [guardian-2012-09-companion]\n",
        "          It says the group's supporters had pushed the State Department to delist it after\n"
        "          winning a court order.\n",
    )
    problems = validate(case_copy)
    assert len(problems) == 1
    p = problems[0]
    assert p.file == str(path) and p.id == "guardian-2012-09-companion"
    assert p.message == "summary point 2 cites nothing"
    assert p.line == _line_of(path, "It says the group's supporters had pushed") - 1  # the point's '- text:' line
    assert "cites:" in p.fix
    assert str(p).startswith(f"{path}:{p.line}: [guardian-2012-09-companion] summary point 2 cites nothing.")


def test_unknown_citation_id_in_cites_suggests_the_right_one(case_copy):
    path = _edit(case_copy, "        cites: [wapo-2010-07-17]\n", "        cites: [wapo-2010-07-71]\n")
    problems = validate(case_copy)
    assert [(p.id, p.message) for p in problems] == [("wapo-2010-07-17", "unknown citation id 'wapo-2010-07-71'")]
    assert problems[0].line == _line_of(path, "cites: [wapo-2010-07-71]")
    assert "did you mean 'wapo-2010-07-17'?" in problems[0].fix


def test_unknown_source_id_suggests_the_right_one(case_copy):
    path = _edit(case_copy, "    sources: [src-exit-al]\n", "    sources: [src-exital]\n")
    problems = validate(case_copy)
    assert len(problems) == 1
    p = problems[0]
    assert (p.id, p.message) == ("exit-al-2017-03-24", "unknown source id 'src-exital'")
    assert p.line == _line_of(path, "sources: [src-exital]")
    assert "did you mean 'src-exit-al'?" in p.fix


@pytest.mark.parametrize(
    ("bad", "why"),
    [("9 Feb 2012", "is not an ISO date"), ("2012-02-30", "is not a calendar date"), ("2012-13", "is not a calendar")],
)
def test_bad_date(case_copy, bad, why):
    path = _edit(case_copy, '    date: "2012-02-09"\n    url: null', f'    date: "{bad}"\n    url: null')
    problems = validate(case_copy)
    assert problems[0].id == "nbc-2012-02-09"
    assert why in problems[0].message and bad in problems[0].message
    assert problems[0].line == _line_of(path, f'date: "{bad}"')
    assert "YYYY-MM-DD" in problems[0].fix
    # a well-formed date that is not the citation's is reported too (nothing invented)
    assert [p.message for p in problems[1:]] == ["date differs from citation 'nbc-2012-02-09' ('2012-02-09')"]


def test_undated_document_needs_a_reason(case_copy):
    _edit(case_copy, '    undated: "The archived copy of the page shows no date."\n', "")
    problems = validate(case_copy)
    assert [(p.id, p.message) for p in problems] == [
        ("criticschronicle-related", "date is null but no reason is given")
    ]


def test_fields_must_match_the_citation(case_copy):
    report = '    title: "CNS News report on Giuliani and Gingrich at the Paris rally"\n'
    _edit(case_copy, report + "    publisher: CNS News\n", report + "    publisher: CNN\n")
    problems = validate(case_copy)
    assert [p.message for p in problems] == ["publisher differs from citation 'cnsnews-2018-07-01' ('CNS News')"]
    assert "'CNS News'" in problems[0].fix


def test_long_quote_and_leaked_key_id(case_copy):
    _edit(
        case_copy,
        '      text: "tens of thousands"\n',
        '      text: "tens of thousands of people came to the rally (see P14.d)"\n',
    )
    problems = validate(case_copy)
    messages = {p.message for p in problems}
    assert f"the quote has 11 words (at most {MAX_QUOTE_WORDS})" in messages
    assert "names the answer-key id 'P14.d' (the packet is student-facing)" in messages


def test_schema_error_suggests_the_kind(case_copy):
    _edit(case_copy, "  - id: rand-mg871-2009\n    kind: research\n", "  - id: rand-mg871-2009\n    kind: reserch\n")
    problems = validate(case_copy)
    assert len(problems) == 1
    assert problems[0].id == "rand-mg871-2009"
    assert "did you mean 'research'?" in problems[0].fix


def test_bad_yaml_is_located(case_copy):
    path = case_copy / "packet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    problems = validate(case_copy)
    assert len(problems) == 1 and "bad YAML" in problems[0].message
    assert problems[0].file == str(path) and problems[0].line is not None


def test_load_case_raises_packet_error(case_copy):
    _edit(case_copy, "    sources: [src-exit-al]\n", "    sources: [nope]\n")
    with pytest.raises(PacketError) as info:
        load_case(case_copy)
    assert str(info.value).startswith("1 problem(s) in the source packet:")


def test_date_rule():
    assert date_problem("2012") is None and date_problem("2012-09") is None and date_problem("2012-09-28") is None
    assert date_problem("2012-9-28") and date_problem("2012-09-31") and date_problem("Sept 2012")


def test_embedded_packet_file_is_in_the_package():
    assert (default_case_dir() / "packet.yaml").is_file()


def test_cli_validate_reports_packet_problems(case_copy, capsys):
    from medialit.cli import main

    path = _edit(case_copy, "    sources: [src-exit-al]\n", "    sources: [src-exital]\n")
    assert main(["validate", str(case_copy)]) == 1
    err = capsys.readouterr().err
    line = _line_of(path, "sources: [src-exital]")
    assert (
        f"{path}:{line}: [exit-al-2017-03-24] unknown source id 'src-exital'. Fix: did you mean 'src-exit-al'?" in err
    )


def test_search_index_of_a_case():
    from medialit.api import search_index

    index = search_index()
    assert index is not None and index["kind"] == "medialit-search-index" and index["case"] == "mek"
    assert [d["id"] for d in index["documents"]] == [d.id for d in load_case().packet.documents]


def test_search_index_of_a_case_without_packet(case_copy):
    from medialit.api import search_index

    (case_copy / "packet.yaml").unlink()
    assert search_index(case_copy) is None


# -- the student bundle carries the search index ------------------------------------------


def test_student_bundle_carries_the_packet_index():
    import json

    from medialit.api import search_index, student_bundle
    from medialit.case.bundle import bundle_from_dict
    from medialit.curriculum.bundle import schema_problems

    data = json.loads(student_bundle())
    assert schema_problems(data) == []
    assert data["packet"] == search_index()
    view = bundle_from_dict(data)
    assert view.packet == data["packet"]
    # only student-facing fields: what a result shows and the texts searched
    fields = {k for d in data["packet"]["documents"] for k in d}
    assert fields == {
        "id",
        "kind",
        "title",
        "publisher",
        "date",
        "undated",
        "url",
        "archive",
        "leaning",
        "meta",
        "body",
        "constructed",  # only on the documents invented for Lesson 8's far transfer
    }
    # Issue 21: no ready description of a publisher (about, about_basis) travels to students,
    # in a field or in the searched text.
    about = [d.about.text for d in load_case(None).packet.documents if d.about is not None]
    bundle_text = json.dumps(data["packet"], ensure_ascii=False)
    assert about and not [a for a in about if len(a.split()) > 4 and a in bundle_text]
    assert all(("constructed" in d) == d["title"].startswith(CONSTRUCTED_TITLE) for d in data["packet"]["documents"])
    assert schema_problems(dict(data, packet=dict(data["packet"], verdicts={}))) != []  # nothing else fits


def test_bundle_of_a_case_without_packet_has_no_packet_key(case_copy):
    import json

    from medialit.api import student_bundle

    (case_copy / "packet.yaml").unlink()
    assert "packet" not in json.loads(student_bundle(case_copy))


def test_bundle_with_an_index_of_another_version_is_refused():
    import json

    from medialit.api import student_bundle
    from medialit.case.bundle import bundle_from_dict
    from medialit.errors import BundleError

    data = json.loads(student_bundle())
    data["packet"]["schema_version"] = 2
    with pytest.raises(BundleError, match="regenerate"):
        bundle_from_dict(data)


def test_other_commands_name_the_packet_in_their_error(case_copy, capsys, tmp_path):
    from medialit.cli import main

    _edit(case_copy, "    sources: [src-exit-al]\n", "    sources: [src-exital]\n")
    assert main(["generate", "--case", str(case_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "unknown source id 'src-exital'" in err
    assert "1 problem(s) in the source packet; run `medialit validate`" in err


# -- constructed documents (Lesson 8's far transfer, issue 21) ----------------------------------


def test_constructed_documents_are_marked_and_claim_no_real_page(case):
    made = [d for d in case.packet.documents if d.constructed]
    assert len(made) >= 5
    for d in made:
        assert d.title.startswith(CONSTRUCTED_TITLE), d.id
        assert d.citation is None and d.url is None and d.archive is None and not d.sources, d.id
        assert "(invented)" in (d.publisher or ""), d.id
        assert d.no_url_reason and "Constructed" in d.no_url_reason, d.id
        for point in (*d.summary, *(p for p in (d.about, d.quote) if p is not None)):
            assert not point.cites, d.id
    real = [d for d in case.packet.documents if not d.constructed]
    assert all(not d.title.startswith("Constructed") for d in real)


def test_constructed_documents_stay_apart_from_the_case(case):
    """Transfer is a different topic: no real document names the invented town, and no invented
    document names the case's group, country or event."""
    made = [d for d in case.packet.documents if d.constructed]
    invented = ("tarnwick", "purivale", "kestrane valley", "hollis street")
    for d in case.packet.documents:
        text = " ".join([d.title, d.publisher or "", d.text, d.about.text if d.about else ""]).lower()
        if d.constructed:
            assert not re.search(r"\b(mek|mko|iran\w*|rally|mujahedin|paris)\b", text), d.id
        else:
            assert not any(w in text for w in invented), d.id
    assert made


_MADE = "  - id: tarnwick-herald-2025-03-11\n"


def test_a_constructed_document_must_say_so_in_its_title(case_copy):
    _edit(case_copy, 'title: "Constructed example: Kestrane Valley Herald,', 'title: "Kestrane Valley Herald,')
    problems = validate(case_copy)
    assert [(p.id, p.message) for p in problems] == [
        ("tarnwick-herald-2025-03-11", "a constructed document's title must start 'Constructed example: '")
    ]


def test_a_constructed_document_cites_nothing_and_has_no_citation(case_copy):
    path = case_copy / "packet.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(_MADE)
    block = text[start:]
    changed = block.replace("    citation: null\n", "    citation: politico-2018\n", 1).replace(
        '          warning, not an advert".\n',
        '          warning, not an advert".\n        cites: [politico-2018]\n',
        1,
    )
    assert changed != block
    path.write_text(text[:start] + changed, encoding="utf-8")
    messages = sorted(p.message for p in validate(case_copy))
    assert messages == [
        "a constructed document cites nothing (no real page backs an invented one)",
        "a constructed document has no citation (it is not a real page)",
    ]


def test_a_null_citation_needs_the_constructed_mark(case_copy):
    path = case_copy / "packet.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(_MADE)
    block = text[start:]
    path.write_text(text[:start] + re.sub(r"    constructed: .*\n", "", block, count=1), encoding="utf-8")
    messages = [p.message for p in validate(case_copy)]
    assert messages[0] == "citation is null, but the document is not marked constructed"
    assert "summary point 1 cites nothing" in messages  # and it is checked as a real page again


def test_a_packet_of_constructed_documents_only_does_not_earn_the_lateral_lesson(case):
    import dataclasses

    from medialit.curriculum.spec import meets

    made = tuple(d for d in case.packet.documents if d.constructed)
    only_made = dataclasses.replace(case, packet=dataclasses.replace(case.packet, documents=made))
    assert meets(case, "packet") and not meets(only_made, "packet")
