"""The generic curriculum's lateral-reading lesson (L5): present with a source packet, absent without one.

The packet case is the mini case plus a small synthetic packet (an official record, an
advocacy page a passage was copied from, a copy of the article, a news report), so the
lesson is tested on a case nobody wrote it for; the MEK case through the generic
curriculum is tested in test_generic_curriculum.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from medialit.analysis.search import search_packet
from medialit.api import generate, grade, load_module
from medialit.case.packet import PACKET_FILE, packet_skeleton
from medialit.contracts import ANSWER_MIME
from medialit.drafter.new import new_case
from medialit.grading.extract import extract
from medialit.grading.grade import AnswerKey, grade_extracted
from medialit.grading.replay import with_replay

MINI = Path(__file__).resolve().parents[1] / "data" / "cases" / "mini"
RIVERTON = Path(__file__).resolve().parents[1] / "data" / "articles" / "riverton-transit" / "article.md"
LESSON5 = "05-leave-the-page.ipynb"

EXTRA_ANNOTATIONS = """\
  - id: friends-2024
    title: "Why the library matters (synthetic test fixture)"
    publisher: Friends of the Library
    date: 2024-02-20
    no_url_reason: a synthetic test fixture; no such page exists
    kind: secondary
    leaning: campaigns against the library cuts
  - id: gazette-2019
    title: "Council opens new branch library (synthetic test fixture)"
    publisher: Town Gazette
    date: 2019-09-01
    no_url_reason: a synthetic test fixture; no such page exists
    kind: secondary
  - id: repost-2024
    title: "Council Slashes Library Hours (re-post, synthetic test fixture)"
    publisher: blog.example
    date: 2024-03-15
    no_url_reason: a synthetic test fixture; no such page exists
    kind: repost
"""

PACKET = """\
schema_version: 1
case: mini
documents:
  - id: minutes
    kind: official
    citation: minutes-2024-03
    sources: [src-minutes]
    title: Town council minutes, March 2024 (synthetic test fixture)
    publisher: null
    date: "2024-03-12"
    url: null
    no_url_reason: a synthetic test fixture; no such document exists
    about: {basis: not_recorded}
    leaning: null
    summary:
      - text: The council minutes record a public hearing on library opening hours and the vote.
        cites: [minutes-2024-03]
  - id: friends
    kind: advocacy
    citation: friends-2024
    sources: [src-friends]
    title: "Why the library matters (synthetic test fixture)"
    publisher: Friends of the Library
    date: "2024-02-20"
    url: null
    no_url_reason: a synthetic test fixture; no such page exists
    about:
      basis: self
      text: A residents' group that campaigns to keep the library open.
      cites: [friends-2024]
    leaning: campaigns against the library cuts
    summary:
      - text: The group calls the library the heart of our town and says the council has betrayed it.
        cites: [friends-2024]
  - id: gazette
    kind: news
    citation: gazette-2019
    title: "Council opens new branch library (synthetic test fixture)"
    publisher: Town Gazette
    date: "2019-09-01"
    url: null
    no_url_reason: a synthetic test fixture; no such page exists
    about: {basis: not_recorded}
    leaning: null
    summary:
      - text: A report on the opening of a branch library in 2019.
        cites: [gazette-2019]
  - id: repost
    kind: copy
    citation: repost-2024
    title: "Council Slashes Library Hours (re-post, synthetic test fixture)"
    publisher: blog.example
    date: "2024-03-15"
    url: null
    no_url_reason: a synthetic test fixture; no such page exists
    about: {basis: unknown, text: Who runs this blog could not be established., cites: [repost-2024]}
    leaning: null
    summary:
      - text: A copy of the article about the library hours, without a byline.
        cites: [repost-2024]
"""


def _packet_case(dest: Path) -> Path:
    """The mini case with four more citations, one more source, an uncredited copy and a packet."""
    shutil.copytree(MINI, dest)
    ann = dest / "annotations.yaml"
    text = ann.read_text(encoding="utf-8")
    text = text.replace("sources:\n", EXTRA_ANNOTATIONS + "sources:\n", 1)
    text = text.replace(
        "  - {id: src-minutes,",
        "  - {id: src-friends, name: Friends of the Library, kind: named_outlet}\n  - {id: src-minutes,",
        1,
    )
    text = text.replace(
        "framing:\n",
        "  - {id: at-friends, claims: [C8], source: src-friends, mode: verbatim_uncredited, "
        "original: [friends-2024], citations: [friends-2024]}\nframing:\n",
        1,
    )
    ann.write_text(text, encoding="utf-8")
    (dest / PACKET_FILE).write_text(PACKET, encoding="utf-8")
    return dest


@pytest.fixture
def packet_case(tmp_path: Path) -> Path:
    return _packet_case(tmp_path / "mini-packet")


def _lesson5(case_dir: Path):  # type: ignore[no-untyped-def]
    _, lessons = load_module(case_dir)
    assert [lesson.number for lesson in lessons] == [1, 2, 3, 4, 5]
    return lessons[-1]


def test_a_case_with_a_packet_gets_the_lateral_reading_lesson(packet_case: Path) -> None:
    lesson = _lesson5(packet_case)
    assert lesson.title == "Leave the page"
    assert [q.id for q in lesson.practice] == ["L5.P1"]
    types = {q.id: q.type for q in lesson.questions}
    # Q2 (a second credited source with its own dated page) has no material in this case: left out.
    assert types == {"L5.Q1": "search_lab", "L5.Q3": "label_items", "L5.Q4": "multi_select", "L5.Q5": "short_text"}
    q1 = next(q for q in lesson.questions if q.id == "L5.Q1")
    conclusions = {o.id: o.text for o in q1.items}
    assert "Friends of the Library" in conclusions[q1.key["answer"]]
    assert q1.settings["sources"]["independent"] == ["friends"]
    assert "betrayed" in q1.settings["claim"]
    # The model query is real: the packet's own search brings the opened document up.
    query, opened = q1.key["queries"][0], q1.key["opened"][0]["doc"]
    assert opened in [r["id"] for r in search_packet(load_module(packet_case)[0].packet, query)[:3]]  # type: ignore[union-attr]
    p1 = lesson.practice[0]
    assert {o.id: o.text for o in p1.items}[p1.key["answer"]] == "12 March 2024"
    assert p1.settings["sources"] == {"independent": ["minutes"], "partisan": ["friends"], "self": []}
    q4 = next(q for q in lesson.questions if q.id == "L5.Q4")
    assert [o.text for o in q4.options if o.id in q4.key] == [
        "“Why the library matters (synthetic test fixture)” (Friends of the Library, 2024-02-20)"
    ]
    q3 = next(q for q in lesson.questions if q.id == "L5.Q3")
    assert sorted(q3.key.values()) == ["advocacy site", "copy of another page", "news report", "official record"]


def test_a_case_without_a_packet_or_with_an_empty_one_ends_with_lesson_4(tmp_path: Path) -> None:
    assert [lesson.number for lesson in load_module(MINI)[1]] == [1, 2, 3, 4]
    empty = tmp_path / "empty-packet"
    shutil.copytree(MINI, empty)
    (empty / PACKET_FILE).write_text(packet_skeleton("mini"), encoding="utf-8")
    case, lessons = load_module(empty)
    assert case.packet is not None and case.packet.documents == ()
    assert [lesson.number for lesson in lessons] == [1, 2, 3, 4]


def _run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_lesson_5_generates_executes_and_grades(packet_case: Path, tmp_path: Path) -> None:
    out = tmp_path / "module"
    generate(out, packet_case)
    for folder in ("lessons", "exercises", "solutions"):
        assert (out / folder / LESSON5).is_file(), folder
    # Whole module: solutions grade to full auto marks, blank exercises to zero.
    # Each folder is its own batch: the same file names in both would claim one student id each.
    results: list = []
    for part in ("solutions", "exercises"):
        grade([out / part], tmp_path / "grades" / part, packet_case, keep=results)
    assert results and all(r.status != "error" for r in results)
    for r in results:
        auto = [q for q in r.questions if q.status != "needs manual grading"]
        if "solutions" in r.file:
            assert all(q.status == "correct" for q in auto), [(q.question, q.message) for q in auto]
        else:
            assert r.score == 0, r.file
    lesson5 = [r for r in results if LESSON5 in r.file and "solutions" in r.file]
    assert lesson5 and {q.question for q in lesson5[0].questions} >= {"L5.Q1", "L5.Q3", "L5.Q4"}
    # The lesson 5 notebooks run in a real kernel; the executed solution still grades to full marks.
    lesson_nb = _run(out / "lessons" / LESSON5)
    errors = [o for c in lesson_nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, [e.get("evalue") for e in errors]
    assert any(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        for c in lesson_nb.cells
        for o in c.get("outputs", [])
    ), "the practice search lab was not displayed"
    exercise_nb = _run(out / "exercises" / LESSON5)
    assert not [o for c in exercise_nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    solution_nb = _run(out / "solutions" / LESSON5)
    records = [o for c in solution_nb.cells for o in c.get("outputs", []) if ANSWER_MIME in o.get("data", {})]
    assert "L5.Q1" in {r["data"][ANSWER_MIME]["question"] for r in records}
    case, lessons = load_module(packet_case)
    key = AnswerKey.from_lessons(with_replay(lessons, case.packet))  # as load_key builds it: searches replay
    _lesson, graded = grade_extracted(extract(nbformat.from_dict(solution_nb)), key)
    auto = [g for g in graded if g.status != "needs manual grading"]
    assert len(auto) == 3 and all(g.status == "correct" for g in auto), [(g.question, g.message) for g in auto]


@pytest.mark.slow
def test_a_fresh_medialit_new_case_has_no_lesson_5_and_still_generates(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text(RIVERTON.read_text(encoding="utf-8").split("---", 2)[2].lstrip(), encoding="utf-8")
    case_dir = tmp_path / "case"
    new_case(article, case_dir, title="Riverton bus line", date="2024-05-01")
    case, lessons = load_module(case_dir)
    assert case.packet is not None and case.packet.documents == ()  # the skeleton: valid and empty
    assert [lesson.number for lesson in lessons] == [1, 2, 3, 4]
    out = tmp_path / "module"
    generate(out, case_dir)
    for folder in ("lessons", "exercises", "solutions"):
        names = sorted(p.name for p in (out / folder).glob("*.ipynb"))
        assert len(names) == 4 and not any(n.startswith("05-") for n in names), (folder, names)


@pytest.mark.book
@pytest.mark.timeout(600)
def test_both_book_editions_have_lesson_5_with_its_search_labs_offline(packet_case: Path, tmp_path: Path) -> None:
    from medialit.api import build

    root = tmp_path / "project"
    shutil.copytree(
        Path(__file__).resolve().parents[2] / "book", root / "book", ignore=shutil.ignore_patterns("_build")
    )
    html = build("student", case_dir=packet_case, root=root)
    pages = sorted(p.name for p in (html / "lessons").glob("*.html"))
    assert pages[-1] == "05-leave-the-page.html" and len(pages) == 5
    lesson = (html / "lessons" / "05-leave-the-page.html").read_text(encoding="utf-8")
    assert "Leave the page" in lesson and "medialit-search-index" in lesson  # the practice lab searches inline
    assert "04-checking-the-claims.html" in lesson  # book navigation links lesson 4 and lesson 5
    exercise = (html / "exercises" / "05-leave-the-page.html").read_text(encoding="utf-8")
    assert exercise.count("medialit-search-index") >= 1  # L5.Q1's preview carries the packet index
    teacher = build("teacher", case_dir=packet_case, root=root)
    assert (teacher / "solutions" / "05-leave-the-page.html").is_file()


@pytest.mark.slow
def test_the_packet_changes_only_lesson_5_and_the_bundle(packet_case: Path, tmp_path: Path) -> None:
    from medialit.errors import StaleOutputError

    out = tmp_path / "module"
    with_packet = generate(out, packet_case)
    assert {f for f in with_packet.files if "05-" in f} == {
        f"{folder}/05-leave-the-page.ipynb" for folder in ("lessons", "exercises", "solutions")
    }
    assert generate(out, packet_case).changed == ()  # deterministic: a second run writes nothing
    (packet_case / PACKET_FILE).unlink()
    without = generate(out, packet_case)
    # Lessons 1-4 are byte for byte the same with or without the packet; only the bundles change.
    assert sorted(without.changed) == ["exercises/medialit-case.json", "lessons/medialit-case.json"]
    assert not any("05-" in f for f in without.files)
    # Outside a course folder generate deletes nothing; --check names the lesson 5 notebooks left.
    with pytest.raises(StaleOutputError, match=r"05-leave-the-page.ipynb \(not generated any more\)"):
        generate(out, packet_case, check=True)


def test_the_exposed_keys_note_names_the_questions_the_packet_records_answer(packet_case: Path) -> None:
    # L5.Q3 (kinds) and L5.Q4 (sides) are look-ups in the packet, whose index students get:
    # the teacher's note must say so. The search labs are not (their keys need the annotations'
    # sources, which the bundle does not carry).
    from medialit.curriculum.bundle import exposed_questions, public_case, student_view

    case, lessons = load_module(packet_case)
    exposed = exposed_questions(case, lessons)
    assert "L5.Q3 (packet_kinds)" in exposed and "L5.Q4 (packet_sides)" in exposed
    assert not any(e.startswith(("L5.Q1 ", "L5.P1 ")) for e in exposed)
    public = public_case(student_view(case, lessons))
    assert public.packet is not None
    assert [(d.id, d.kind, d.leaning) for d in public.packet.documents] == [
        (d.id, d.kind, d.leaning)
        for d in case.packet.documents  # type: ignore[union-attr]
    ]
