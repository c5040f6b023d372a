"""Issue 9, items 6, 7 and 10: balance in the module's own voice, the sources page, the teacher pack.

Everything here reads what the module generates (notebooks, staged book pages, the answer key),
so a regression in the data or in a renderer fails a test.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from medialit import qtypes
from medialit.api import answer_key, answer_key_markdown, generate, load_module
from medialit.case.cite import anchor, citation_text, leaning_text
from medialit.case.load import default_case_dir, load_case
from medialit.curriculum.spec import curriculum_dir, load_curriculum, resolve_question
from medialit.errors import AnnotationError, CurriculumError
from medialit.model import Question
from medialit.publish.book import stage
from medialit.publish.pages import (
    background_page,
    content_note_page,
    exercise_budget,
    opt_out_route,
    question_minutes,
    shown_text,
    sources_page,
    teacher_pack,
    touches_passages,
)

ROOT = Path(__file__).resolve().parents[2]
PARTISAN_HOSTS = ("nejatngo.org", "habilian.ir", "usccar.org", "iranfocus.com", "mojahedin.org")
LEANINGS = {
    "critical of the MEK",
    "supportive of the MEK",
    "Iranian state media, critical of the MEK",
    "Iranian official view, critical of the MEK",
}
ORGS = (
    "Human Rights Watch",
    "HRW",
    "RAND",
    "State Department",
    "Congressional Research Service",
    "CRS",
    "NBC",
    "Politico",
    "Guardian",
    "Amnesty",
    "Associated Press",
    "Reuters",
)
# A ruling on who is right, in the module's own voice.
RULINGS = (
    r"\bmost weight belongs\b",
    r"\b(?:the )?most weight\b",
    r"\bworking independently\b",
    r"\bone side of a dispute\b",
    r"\b(?:more|most|less|least) (?:reliable|credible|trustworthy)\b",
    r"\bthe truth is\b",
    r"\bcan(?:not)? be trusted\b",
)
# Words that grade an organisation, not allowed in a sentence that names one.
GRADING_WORDS = re.compile(r"\b(?:independent(?:ly)?|impartial|unbiased|biased|reliable|trustworthy|credible)\b", re.I)
INTERNAL_DOCS = re.compile(r"FACTS\.md|ANCHORS\.md|\bthe (?:case study's |fact-and-source )?brief\b", re.I)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder with the book sources and freshly generated notebooks, staged for both editions."""
    root = tmp_path_factory.mktemp("pack")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build"))
    generate(root)
    stage(root, "student", *load_module())
    stage(root, "teacher", *load_module())
    return root


@pytest.fixture(scope="module")
def student_src(project) -> Path:
    return project / "book" / "_build" / "src" / "student"


@pytest.fixture(scope="module")
def teacher_src(project) -> Path:
    return project / "book" / "_build" / "src" / "teacher"


def _texts(folder: Path) -> dict[str, str]:
    """Every staged text file, and each member of the exercise download zips (the site's wheel is code)."""
    import zipfile

    out: dict[str, str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not p.is_file() or p.suffix == ".whl":
            continue
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as zf:
                out.update({f"{rel}/{n}": zf.read(n).decode("utf-8") for n in zf.namelist()})
        else:
            out[rel] = p.read_text("utf-8")
    return out


def _module_voice(case, lessons) -> dict[str, str]:
    """Every piece of prose the module writes in its own voice, by where it comes from."""
    out: dict[str, str] = {}
    for lesson in lessons:
        md = "\n".join(s["md"] for s in lesson.sections if "md" in s)
        out[f"{lesson.id} sections"] = md
        out[f"{lesson.id} teacher notes"] = lesson.teacher_notes
        for q in (*lesson.practice, *lesson.questions):
            parts = [q.prompt, q.explanation, *q.rubric, *(o.text for o in q.options), *(i.text for i in q.items)]
            parts.append(str(q.settings.get("model_answer", "")))
            parts += [str(a.get("answer", "")) + " " + str(a.get("why", "")) for a in q.settings.get("anchors") or ()]
            out[q.id] = "\n".join(parts)
    ann = case.annotations
    for s in ann.sources:
        out[s.id] = s.description
    for a in ann.attributions:
        out[a.id] = a.explanation
    for f in ann.framing:
        out[f.id] = f.explanation
    for fc in ann.fact_checks:
        out[fc.id] = fc.explanation + "\n" + "\n".join(f"{acc.side}: {acc.account}" for acc in fc.accounts)
    for c in ann.citations:
        out[c.id] = " ".join(x for x in (c.supports, c.no_url_reason) if x)
    for page in sorted((ROOT / "book").glob("*.md")):
        out[page.name] = page.read_text("utf-8")
    out["background"] = background_page(case) or ""
    out["content note"] = content_note_page(case, lessons) or ""
    return out


def _sentences(text: str) -> list[str]:
    flat = re.sub(r"\s+", " ", text)
    return [s for s in re.split(r"(?<=[.;:!?])\s+|\|", flat) if s.strip()]


def ruling_hits(texts: dict[str, str]) -> list[str]:
    """Sentences that rule on who is right or grade an organisation."""
    hits = []
    for where, text in texts.items():
        for sentence in _sentences(text):
            for pat in RULINGS:
                if re.search(pat, sentence, re.I):
                    hits.append(f"{where}: {sentence[:120]}")
            if GRADING_WORDS.search(sentence) and any(re.search(rf"\b{re.escape(o)}\b", sentence) for o in ORGS):
                hits.append(f"{where}: {sentence[:120]}")
    return hits


# --- item 6: balance ------------------------------------------------------------------------


def test_no_ruling_and_no_graded_organisation_in_the_module_voice(case, lessons):
    assert ruling_hits(_module_voice(case, lessons)) == []


def test_the_ruling_check_catches_planted_rulings():
    planted = {
        "L7 (old text)": "The most weight belongs to what official records and independent sources support: "
        "the US, UK and EU records, Human Rights Watch, RAND.",
        "L7 (old RAND)": "RAND (2009), working independently, described cult-like practices.",
        "L4 (old HRW)": "Allegations from one side of a dispute read as settled fact.",
        "graded": "Human Rights Watch is an independent organisation.",
    }
    hits = ruling_hits(planted)
    for where in planted:
        assert any(h.startswith(where) for h in hits), where


@pytest.mark.slow
def test_rand_is_described_with_its_sponsor_wherever_it_appears(case, lessons, teacher_src):
    rand = case.citation("rand-mg871-2009")
    assert "Office of the Secretary of Defense" in citation_text(rand)
    units = {f"{lesson.id}": "\n".join(s["md"] for s in lesson.sections if "md" in s) for lesson in lessons}
    units["background"] = background_page(case) or ""
    for where, text in units.items():
        if re.search(r"\bRAND\b", text):
            assert "Office of the Secretary of Defense" in text, where


def test_both_sides_sentence_gives_each_side_the_same_charges(lessons):
    l7 = "\n".join(s["md"] for s in lessons[6].sections if "md" in s)
    para = re.sub(r"\s+", " ", l7.split("Both sides have interests")[1].split("\n\n")[0])
    assert para.count("has a motive to") == 2, para
    assert para.count("speaks through") == 2, para
    assert "rule on who is right" in para


def test_partisan_hosts_carry_their_leaning_in_the_data(case):
    for c in case.annotations.citations:
        if c.url and any(h in c.url for h in PARTISAN_HOSTS):
            assert c.leaning in LEANINGS, c.id
        if c.leaning:
            assert c.leaning in LEANINGS, (c.id, c.leaning)


@pytest.mark.slow
def test_every_citation_of_a_partisan_source_in_generated_output_carries_its_leaning(case, generated):
    leaning = {c.id: leaning_text(c) for c in case.annotations.citations if c.leaning}
    assert leaning
    outputs = {p.name: p.read_text("utf-8") for p in sorted((generated / "solutions").glob("*.ipynb"))}
    outputs["answer-key.md"] = answer_key_markdown(answer_key())
    outputs["sources.md"] = sources_page(*_module())
    outputs["background.md"] = background_page(case) or ""
    seen = set()
    for name, text in outputs.items():
        for line in text.splitlines():
            for cid in re.findall(r"\(#cite-([a-z0-9-]+)\)", line):
                if cid in leaning:
                    seen.add(cid)
                    assert leaning[cid] in line, f"{name}: {cid} cited without its leaning: {line[:160]}"
    for entry in answer_key():
        for c in entry["citations"]:
            if c["leaning"]:
                assert leaning_text(case.citation(c["id"])) in c["text"], (entry["question"], c["id"])
    assert {"crt-2009", "latimes-1997-10-09"} <= seen


def _module():
    from medialit.api import load_module

    return load_module()


def test_l6_q5_names_the_newspaper(lessons):
    q = next(q for q in lessons[5].questions if q.id == "L6.Q5")
    texts = [o.text for o in q.options if "goodwill" in o.text]
    assert texts and all("Los Angeles Times" in t and "a newspaper" not in t for t in texts)


def test_names_table_gives_the_state_department_note_on_the_iranian_form(lessons):
    l6 = "\n".join(s["md"] for s in lessons[5].sections if "md" in s)
    row = next(line for line in l6.splitlines() if line.strip().startswith("| MEK |"))
    assert 'lists "Mujahedin-e Khalq" as the name the Iranian government uses' in row


def test_low_confidence_accounts_are_flagged_wherever_shown(case, lessons):
    mirrors = {c.id for c in case.annotations.citations if "mirror" in (c.publisher or "").lower()}
    flagged = []
    for fc in case.annotations.fact_checks:
        for acc in fc.accounts:
            if set(acc.citations) <= mirrors:
                assert acc.confidence == "low", (fc.id, acc.side)
                assert "low confidence" in acc.account.lower(), (fc.id, acc.side)
                flagged.append((fc.claim, acc.side))
    assert ("P6.a", "MEK") in flagged
    l7 = "\n".join(s["md"] for s in lessons[6].sections if "md" in s)
    bombing = re.sub(r"\s+", " ", l7.split("The bombing of 28 June 1981")[1].split("- **")[0])
    assert "low confidence" in bombing
    assert "low confidence" in (background_page(case) or "")
    entry = sources_page(case, lessons).split("(cite-wikipedia-haft-e-tir)=")[1].split("(cite-")[0]
    assert "the account of MEK on P6.a, low confidence" in entry


# --- item 7: the sources page ---------------------------------------------------------------


def test_every_citation_has_a_url_an_archive_reference_or_a_reason(case):
    for c in case.annotations.citations:
        assert c.url or c.archive or c.no_url_reason, c.id
    # The seven that had no URL before.
    for cid in (
        "nbc-2012-02-09",
        "guardian-mcgreal-2012-09-21",
        "yahoo-nbc-2012-03-treasury",
        "meps-2005-09-21",
        "usip-iran-primer-2011",
        "benjamin-politico-magazine-2016-11-24",
    ):
        assert case.citation(cid).no_url_reason, cid
    assert "MDE 13/9421/2018" in (case.citation("amnesty-blood-soaked-2018").archive or "")


def test_validate_rejects_a_citation_without_url_or_reason(case_copy):
    path = case_copy / "annotations.yaml"
    text = path.read_text("utf-8")
    reason = '    no_url_reason: "No URL was recorded. It is cited only as one of the references that give 1965'
    assert reason in text
    start = text.index(reason)
    end = text.index("\n", start)
    path.write_text(text[:start] + text[end + 1 :], "utf-8")
    with pytest.raises(AnnotationError) as err:
        load_case(case_copy)
    assert "usip-iran-primer-2011" in str(err.value) and "no_url_reason" in str(err.value)


@pytest.mark.slow
def test_no_generated_output_or_staged_page_mentions_an_internal_brief(generated, student_src, teacher_src):
    texts = {}
    for folder in ("lessons", "exercises", "solutions"):
        for p in sorted((generated / folder).glob("*.ipynb")):
            texts[f"{folder}/{p.name}"] = p.read_text("utf-8")
    for src in (student_src, teacher_src):
        texts.update({f"{src.name}/{k}": v for k, v in _texts(src).items()})
    texts["medialit key (json)"] = json.dumps(answer_key(), ensure_ascii=False)
    texts["medialit key (md)"] = answer_key_markdown(answer_key())
    assert len(texts) > 30
    hits = [f"{k}: {m.group(0)}" for k, v in texts.items() for m in INTERNAL_DOCS.finditer(v)]
    assert hits == []


@pytest.mark.slow
def test_every_key_and_explanation_citation_links_to_a_sources_entry(case, lessons, teacher_src):
    sources = (teacher_src / "sources.md").read_text("utf-8")
    labels = set(re.findall(r"^\((cite-[a-z0-9-]+)\)=$", sources, re.M))
    assert labels == {anchor(c.id) for c in case.annotations.citations}
    key_page = (teacher_src / "answer-key.md").read_text("utf-8")
    solutions = "".join(p.read_text("utf-8") for p in sorted((teacher_src / "solutions").glob("*.ipynb")))
    for lesson in lessons:
        for q in lesson.questions:
            for cid in q.citations:
                link = f"(#{anchor(cid)})"
                assert link in key_page, (q.id, cid)
                assert link in solutions, (q.id, cid)
    linked = set(
        re.findall(r"\(#(cite-[a-z0-9-]+)\)", key_page + solutions + (teacher_src / "background.md").read_text())
    )
    assert linked and linked <= labels


def test_sources_entries_give_title_publisher_date_link_leaning_and_use(case, lessons):
    page = sources_page(case, lessons)
    for c in case.annotations.citations:
        entry = page.split(f"({anchor(c.id)})=")[1].split("\n(cite-")[0]
        assert f"### {c.title}" in entry, c.id
        if c.publisher:
            assert c.publisher in entry
        assert ("- Link: <" in entry) or ("- No link" in entry), c.id
        if c.kind not in ("analysis", "brief"):
            assert "- Date: " in entry and "- Leaning: " in entry, c.id
        assert "- Cited for: " in entry or "- Supports: " in entry, c.id


@pytest.mark.slow
def test_sources_page_is_in_the_teacher_edition_only(student_src, teacher_src):
    assert (teacher_src / "sources.md").is_file() and not (student_src / "sources.md").exists()
    toc = yaml.safe_load((teacher_src / "_toc.yml").read_text("utf-8"))
    files = [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    assert {"sources", "background", "content-note"} <= set(files)


# --- item 10: the teacher pack --------------------------------------------------------------


def _manual_questions():
    mek = load_curriculum(load_case(default_case_dir()))
    generic_case = load_case(ROOT / "tests" / "data" / "cases" / "mini")
    generic = load_curriculum(generic_case, curriculum_dir(load_case(default_case_dir())).parent / "generic")
    return [q for lesson in (*mek, *generic) for q in lesson.questions if qtypes.get(q.type).manual]


def test_every_short_text_question_has_a_zero_level_and_an_anchor_for_every_score():
    manual = _manual_questions()
    assert len(manual) >= 11
    for q in manual:
        assert any(re.match(r"^\s*0\b", r) for r in q.rubric), f"{q.id}: rubric has no 0 level"
        levels = sorted(int(a["level"]) for a in q.settings["anchors"])
        assert levels == list(range(int(q.points) + 1)), q.id
        assert all(str(a["answer"]).strip() and str(a["why"]).strip() for a in q.settings["anchors"]), q.id


def test_a_missing_anchor_level_is_rejected(case):
    spec = {
        "id": "L9.Q1",
        "type": "short_text",
        "prompt": "Explain.",
        "objectives": ["S1"],
        "points": 2,
        "rubric": ["0 points - nothing", "1 point - something", "2 points - everything"],
        "settings": {"anchors": [{"level": 0, "answer": "x", "why": "y"}, {"level": 2, "answer": "x", "why": "y"}]},
    }
    with pytest.raises(CurriculumError, match=r"L9\.Q1.*one anchor answer for each score \[0, 1, 2\]"):
        resolve_question(case, spec, "planted.yaml")


@pytest.mark.slow
def test_students_never_see_anchor_answers(lessons, generated, student_src, teacher_src):
    anchors = [
        str(a["answer"])[:60] for lesson in lessons for q in lesson.questions for a in q.settings.get("anchors") or ()
    ]
    assert len(anchors) >= 30
    student = "".join(p.read_text("utf-8") for f in ("lessons", "exercises") for p in (generated / f).glob("*.ipynb"))
    student += "".join(_texts(student_src).values())
    teacher = "".join(_texts(teacher_src).values())
    for text in anchors:
        variants = {text, json.dumps(text)[1:-1]}
        assert not any(v in student for v in variants), text
        assert any(v in teacher for v in variants), text


@pytest.mark.slow
def test_background_page_is_neutral_cited_and_teacher_only(case, student_src, teacher_src):
    pack = teacher_pack(case)
    sections = pack["background"]["sections"]
    assert len(sections) >= 6
    for sec in sections:
        assert sec["citations"], sec["heading"]
        for cid in sec["citations"]:
            case.citation(cid)
    page = (teacher_src / "background.md").read_text("utf-8")
    assert not (student_src / "background.md").exists()
    assert page.count("Sources: [") == len(sections)
    # Each contested section gives the group's own account and the other side's.
    for sec in sections:
        if "(contested)" in sec["heading"]:
            assert re.search(r"\bthe group (?:says|denies|never)", sec["text"], re.I), sec["heading"]
    prose = " ".join(str(sec["text"]) for sec in sections)
    assert len(prose.split()) < 900  # about one dense printed page of prose (source lists follow each paragraph)


@pytest.mark.slow
def test_exercise_time_budget_per_lesson(lessons, teacher_src):
    page = (teacher_src / "objectives.md").read_text("utf-8")
    for lesson in lessons:
        budget = exercise_budget(lesson)
        assert budget == sum(question_minutes(q) for q in lesson.questions) > 0
        assert f"| {lesson.number}. {lesson.title} | {lesson.minutes} | {budget} |" in page
        assert f"Exercise time budget: {budget} minutes" in page
    l7q7 = next(q for q in lessons[6].questions if q.id == "L7.Q7")
    assert question_minutes(l7q7) == 20


@pytest.mark.slow
def test_content_note_for_students_and_an_opt_out_route_that_avoids_the_graphic_passages(case, lessons, student_src):
    about = (student_src / "about-the-case.md").read_text("utf-8")
    assert "Content note" in about and about.index("Content note") < about.index("## The text")
    note = teacher_pack(case)["content_note"]
    graphic = [case.article.sentence(s).text for s in note["sentences"]]
    assert any("torture" in g for g in graphic)
    route = opt_out_route(case, lessons)
    for lesson, _skip, keep in route:
        assert keep, f"{lesson.id}: the opt-out route leaves nothing"
        for q in keep:
            shown = shown_text(q, case)
            assert not any(g in shown for g in graphic), q.id
            assert "torture" not in shown.lower(), q.id
            assert not {i.id for i in q.items} & set(note["sentences"]), q.id
    skipped = {q.id for _, skip, _ in route for q in skip}
    assert "L6.Q1" in skipped  # it asks for loaded words in the torture passages
    page = content_note_page(case, lessons) or ""
    for _lesson, _skip, keep in route:
        assert ", ".join(q.id for q in keep) in page
    # The lessons' prose never quotes the graphic sentences; the practice widgets that show them are named.
    for lesson in lessons:
        prose = re.sub(r"\s+", " ", "\n".join(sec["md"] for sec in lesson.sections if "md" in sec)).lower()
        assert not any(t in prose for t in ("torture", "beatings", "abu ghraib")), lesson.id
        assert not any(g[20:70].lower() in prose for g in graphic), lesson.id
    assert "L4.P1" in page.split("practice widgets")[1]


def test_the_opt_out_check_catches_a_planted_item(case):
    note = teacher_pack(case)["content_note"]
    planted = Question(
        id="L9.Q1",
        type="select_sentences",
        prompt="Pick sentences.",
        points=1,
        objectives=("S3",),
        key=[],
        explanation="",
        citations=(),
    )
    from medialit.model import Option

    with_p13 = Question(**{**planted.__dict__, "items": (Option("p13.s2", ""),)})
    by_prompt = Question(**{**planted.__dict__, "prompt": "Select the sentences of P10 to P14 that ..."})
    by_word = Question(**{**planted.__dict__, "options": (Option("a", "It reports torture."),)})
    clean = Question(**{**planted.__dict__, "prompt": "Select the sentences of P14 to P18 that ..."})
    for q in (with_p13, by_prompt, by_word):
        assert touches_passages(q, case, set(note["sentences"]), note["terms"])
    assert not touches_passages(clean, case, set(note["sentences"]), note["terms"])


def test_lesson_3_has_timings_and_discussion_prompts(lessons):
    notes = lessons[2].teacher_notes
    assert "Timings (50 minutes)" in notes and "Discussion prompts" in notes
    minutes = [int(m) for m in re.findall(r"^- (\d+) min", notes, re.M)]
    assert sum(minutes) == lessons[2].minutes
    assert len(re.findall(r"^\d\. ", notes, re.M)) >= 3


def test_f2_dominant_frame_is_assessed_directly_after_it_is_taught(lessons):
    direct = [
        (lesson, q)
        for lesson in lessons
        for q in lesson.questions
        if q.objectives == ("F2",) and "dominant frame" in q.prompt and not qtypes.get(q.type).manual
    ]
    assert direct, "no auto-graded question assesses F2 on its own"
    lesson, q = direct[0]
    taught = "\n".join(s["md"] for s in lesson.sections if "md" in s)
    assert "## The dominant frame" in taught
    assert q.explanation and q.citations


# -- issue 21: labels by author, every publisher described, both sides alike ----------------------

AUTHORED_REPOSTS = {
    "crt-2009": "US Department of State",
    "public-notice-8050": "US Department of State",
    "usccar-2016-09-relocation": "US Department of State",
    "crs-katzman-extract": "Congressional Research Service",
    "latimes-1997-10-09": "Los Angeles Times",
    "guardian-2012-09-companion": "The Guardian",
    "amnesty-ua-1988-09-02": "Amnesty International",
}


def test_reposted_documents_are_labelled_by_their_author_and_name_their_host(case):
    """A State Department text on a critical site is an official US document, not 'critical of the MEK'."""
    assert case.packet is not None
    for did, author in AUTHORED_REPOSTS.items():
        doc = case.packet.document(did)
        cit = case.citation(doc.citation)
        assert author in (doc.publisher or ""), did
        assert doc.leaning is None, did
        assert cit.kind == "repost" and cit.leaning and doc.about is not None, did
        assert cit.leaning in doc.about.text, did  # the host's side is still told


def test_every_publisher_is_described_and_both_sides_alike(case):
    assert case.packet is not None
    undescribed = [d.id for d in case.packet.documents if d.about is None or not d.about.text.strip()]
    assert undescribed == []
    about = {d.id: d.about.text for d in case.packet.documents if d.about is not None}
    for did, text in about.items():
        assert "was not recorded" not in text or "who runs" in text, (did, text)  # no one-sided hedge
        assert "Library of Congress" not in text, (did, text)  # a withdrawn profile is no description
    pro = {t for d, t in about.items() if case.packet.document(d).leaning == "supportive of the MEK" and "site" in t}
    con = {t for d, t in about.items() if case.packet.document(d).leaning == "critical of the MEK" and "Nejat" in t}
    assert "A site supportive of the MEK." in pro
    assert "The Nejat Society, a site critical of the MEK." in con
    assert all(t.startswith("The Nejat Society, a site critical of the MEK") for t in con), con


def test_validate_refuses_a_repost_labelled_by_author_that_hides_its_host(case):
    from medialit.case.packet import check_packet, read_packet_data

    data, lines = read_packet_data(default_case_dir() / "packet.yaml")
    doc = next(d for d in data["documents"] if d["id"] == "crt-2009")
    doc["about"]["text"] = "The US State Department's yearly report on terrorism."
    problems = check_packet(data, lines, case.annotations, "packet.yaml")
    assert any("must name its host's side" in p.message for p in problems), problems


def test_lesson_6_attributes_the_ncri_and_does_not_source_p3_by_its_wording(lessons):
    """Issue 21 (balance): Lesson 6 said the MKO sentences are "phrased the way Iranian outlets phrase
    things" (unsupported for P3, and against L4.Q5's "not proof") and called the NCRI a coalition
    "that the group dominates" in its own voice. The lesson now says P3's origin is not traced and
    gives the NCRI's description as its own."""
    l6 = next(x for x in lessons if x.number == 6)
    text = " ".join(" ".join(str(s.get("md", "")).split()) for s in l6.sections)
    assert "phrase things" not in text and "the group dominates" not in text
    assert "where P3 comes from has not been traced" in text
    assert "does not prove where the article came from" in text
    assert "calls itself a parliament in exile" in text
