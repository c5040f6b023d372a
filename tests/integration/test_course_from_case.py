"""A course for any article (issue 22): pages written from the case, a safe new -> init -> build
flow, drafted keys flagged until reviewed, no empty sections, a case's own lessons validated."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from medialit.api import build, generate, load_module, validate
from medialit.cli import main
from medialit.curriculum.lineage import feeds_by_annotation
from medialit.curriculum.review import UNREVIEWED_MARK, unreviewed_keys
from medialit.drafter import new_case
from medialit.errors import CurriculumError, UnreviewedKeysError
from medialit.grading.key import answer_key, answer_key_markdown
from medialit.publish.book import stage
from medialit.publish.course import course_case, init_course, stale_copy
from medialit.publish.front import front_page
from medialit.publish.pages import about_case_page

DATA = Path(__file__).resolve().parents[1] / "data"
STORY = DATA / "cases" / "harbor-ferry" / "story.txt"
MINI = DATA / "cases" / "mini"
ROOT = Path(__file__).resolve().parents[2]

#: What a page of a course on another article must never say: the embedded case's subject,
#: the MEK module's pages, its lessons that this course does not have.
FOREIGN = re.compile(
    r"\bMEK\b|Mujahedin|Mojahedin|\bIran|Rajavi|\bPMOI\b|\bMKO\b|the group\b|social-media post|"
    r"P12 and P13|torture|Background on the group|ship with medialit"
)


def _draft(tmp_path: Path, **meta: str) -> Path:
    case = tmp_path / "story"
    new_case(STORY, case, **meta)
    return case


def _reviewed(case: Path) -> None:
    """Accept every drafted item, as a teacher does after reading them."""
    path = case / "annotations.yaml"
    path.write_text(path.read_text("utf-8").replace("needs_review: true", "needs_review: false"), "utf-8")


def _foreign(files: dict[str, str]) -> list[str]:
    return [f"{name}: {m.group(0)!r}" for name, text in files.items() for m in FOREIGN.finditer(text)]


def _staged_text(src: Path) -> dict[str, str]:
    return {
        p.relative_to(src).as_posix(): p.read_text("utf-8")
        for p in sorted(src.rglob("*"))
        if p.is_file() and p.suffix in (".md", ".ipynb", ".yml", ".json")
    }


# --- 1. pages written from the case ------------------------------------------------------------


def test_pages_of_a_course_on_another_article_name_nothing_of_the_mek(tmp_path):
    case = _draft(tmp_path, publisher="Kessling Courier (fictional)", date="2025-01-14")
    course = tmp_path / "course"
    init_course(course, case)
    generate(course, case)
    module = load_module(case)
    assert not _foreign({"story.txt": STORY.read_text("utf-8")})  # the test would mean nothing otherwise
    for edition in ("student", "teacher"):
        src = stage(course, edition, *module)
        files = _staged_text(src)
        assert "intro.md" in files and ("teacher-guide.md" in files) == (edition == "teacher")
        assert not _foreign(files), _foreign(files)
    intro = files["intro.md"]
    assert "Harbor ferry service to end in March" in intro and "Kessling Courier (fictional)" in intro
    assert "14 January 2025" in intro
    titles = [lesson.title for lesson in module[1]]
    assert all(t in intro for t in titles) and "Leave the page" not in intro  # only the lessons that exist
    assert "- Date: 14 January 2025" in files["about-the-case.md"]
    guide = files["teacher-guide.md"]
    case_obj = module[0]
    assert f"{len(case_obj.annotations.claims)} claims" in guide
    assert f"{len(case_obj.annotations.sources)} sources" in guide
    assert f"{len(case_obj.annotations.framing)} framing devices" in guide
    # Every page the guide links to is built.
    for target in re.findall(r"\]\(([\w-]+)\.md\)", guide):
        assert f"{target}.md" in files, target


def test_a_byline_that_names_the_publisher_does_not_name_it_twice(tmp_path):
    case = _draft(tmp_path, author="Dana Ford and Tom Watkins, CNN", publisher="CNN", date="2013-11-27")
    c, lessons = load_module(case)
    for page in ("intro.md", "teacher-guide.md"):
        text = front_page(page, c, lessons)
        assert "by Dana Ford and Tom Watkins, CNN, 27 November 2013" in text and "CNN, CNN" not in text
    other = _draft(tmp_path / "other", author="Jane Doe", publisher="CNN", date="2013-11-27")
    assert "by Jane Doe, CNN, 27 November 2013" in front_page("intro.md", *load_module(other))


def test_an_undated_article_is_undated_and_the_mek_pages_stay_the_mek_case(tmp_path):
    case = _draft(tmp_path)
    c, lessons = load_module(case)
    assert "undated" in front_page("intro.md", c, lessons)
    from medialit.publish.pages import about_case_page

    assert "- Date: undated (not stated on the page)" in about_case_page(c)
    # The MEK module keeps its own pages (they live with its case), and a course's book/ wins.
    mek, mek_lessons = load_module()
    assert "exiled Iranian opposition group" in front_page("intro.md", mek, mek_lessons)
    assert "Background on the group" in front_page("teacher-guide.md", mek, mek_lessons)
    own = tmp_path / "book"
    own.mkdir()
    (own / "intro.md").write_text("# Our course\n", "utf-8")
    assert front_page("intro.md", c, lessons, own) == "# Our course\n"


def test_new_drafts_a_teacher_pack_skeleton_about_the_article(tmp_path):
    case = _draft(tmp_path)
    text = (case / "teacher.yaml").read_text("utf-8")
    assert "Harbor ferry service to end in March" in text
    assert yaml.safe_load(text) == {"schema_version": 1}  # everything else is for the teacher to write
    assert "No sentence has a word" in text  # nothing distressing in this story
    c, lessons = load_module(case)
    from medialit.publish.pages import teacher_pack

    assert teacher_pack(c) == {"schema_version": 1}
    assert "no background page and no content note" in front_page("teacher-guide.md", c, lessons)
    from medialit.drafter.writer import render_teacher_pack

    listed = render_teacher_pack("T", [("p1.s1", "Two people were killed."), ("p1.s2", "The deadline is Monday.")])
    assert "#   p1.s1: killed" in listed and "p1.s2" not in listed


# --- 2. a safe flow ------------------------------------------------------------------------------


def _fake_checkout(tmp_path: Path) -> Path:
    """A folder shaped like a medialit checkout, with the embedded case's notebooks in it."""
    root = tmp_path / "checkout"
    (root / "src" / "medialit" / "casestudies").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "medialit"\n', "utf-8")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_build"))
    (root / "lessons").mkdir()
    (root / "lessons" / "01-meet-the-article.ipynb").write_text("the embedded case's lesson", "utf-8")
    return root


def test_build_or_generate_of_another_case_in_a_checkout_stops_and_writes_nothing(tmp_path, capsys):
    checkout = _fake_checkout(tmp_path)
    before = sorted(p.relative_to(checkout).as_posix() for p in checkout.rglob("*"))
    for argv in (
        ["build", "--case", str(MINI), "--dir", str(checkout)],
        ["generate", "--case", str(MINI), "--out", str(checkout)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "is the medialit checkout" in err and "Nothing was written" in err
        assert f"medialit init mini-course --case {MINI}" in err and "medialit build --dir mini-course" in err
    assert sorted(p.relative_to(checkout).as_posix() for p in checkout.rglob("*")) == before
    assert (checkout / "lessons" / "01-meet-the-article.ipynb").read_text("utf-8") == "the embedded case's lesson"


def test_the_real_checkout_refuses_another_case_too(capsys):
    assert main(["generate", "--check", "--case", str(MINI), "--out", str(ROOT)]) == 1
    assert "medialit init mini-course" in capsys.readouterr().err


def test_init_follows_the_case_folder_and_a_copy_says_when_it_is_stale(tmp_path, capsys, monkeypatch):
    case = tmp_path / "mycase"
    shutil.copytree(MINI, case)
    course = tmp_path / "course"
    assert main(["init", str(course), "--case", str(case)]) == 0
    assert json.loads((course / "medialit-course.json").read_text())["case"] == "../mycase"
    assert course_case(course).resolve() == case.resolve()
    assert not (course / "case").exists()
    assert stale_copy(course) is None
    copied = tmp_path / "copied"
    assert main(["init", str(copied), "--case", str(case), "--copy"]) == 0
    assert (copied / "case" / "annotations.yaml").is_file() and stale_copy(copied) is None
    art = case / "article.md"
    art.write_text(art.read_text("utf-8").replace("Mayor Ana Ruiz", "Mayor Ana Ruiz-Lopez"), "utf-8")
    assert "is stale" in (stale_copy(copied) or "")
    capsys.readouterr()
    monkeypatch.chdir(copied)
    assert main(["key", "--format", "json"]) == 0
    assert "warning: the course's copy of its case" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "x"), "--copy"]) == 2  # --copy needs --case
    case.rename(tmp_path / "moved")
    monkeypatch.chdir(course)
    assert main(["key", "--format", "json"]) == 1
    assert "names the case study '../mycase'" in capsys.readouterr().err


def _notebooks_text(course: Path) -> str:
    """The lesson notebooks and the student bundle beside them (which holds the article)."""
    return "\n".join(p.read_text("utf-8") for p in sorted((course / "lessons").glob("*.*")))


def test_a_course_names_its_case_folder_without_dot_dot(tmp_path, capsys):
    case = _draft(tmp_path)
    course = tmp_path / "courses" / "story-course"
    init_course(course, case)
    assert json.loads((course / "medialit-course.json").read_text("utf-8"))["case"] == "../../story"
    assert course_case(course) == case
    capsys.readouterr()
    assert main(["build", "--dir", str(course)]) == 1  # refused: the draft is not reviewed
    err = capsys.readouterr().err
    assert f"using the course's case study {case} " in err and "/../" not in err


def test_a_course_follows_its_case_folder_and_a_copy_says_it_is_stale(tmp_path, capsys, monkeypatch):
    """Issue 22, item 6: an edit to the case folder reaches the course's next generate (`--check`
    says the notebooks are stale first); a course made with --copy keeps its copy and says so."""
    case = tmp_path / "mycase"
    shutil.copytree(MINI, case)
    course, copied = tmp_path / "course", tmp_path / "copied"
    assert main(["init", str(course), "--case", str(case)]) == 0
    assert main(["init", str(copied), "--case", str(case), "--copy"]) == 0
    for folder in (course, copied):
        monkeypatch.chdir(folder)
        assert main(["generate"]) == 0
    before, after = "would go to road repairs", "would go to pothole repairs"  # the article's words
    assert before in _notebooks_text(course)
    art = case / "article.md"
    art.write_text(art.read_text("utf-8").replace("to road repairs", "to pothole repairs"), "utf-8")
    capsys.readouterr()
    monkeypatch.chdir(course)
    assert main(["generate", "--check"]) == 1  # the course follows its case: the notebooks are behind it
    assert main(["generate"]) == 0
    assert after in _notebooks_text(course) and before not in _notebooks_text(course)
    assert "is stale" not in capsys.readouterr().err
    monkeypatch.chdir(copied)
    assert main(["generate", "--check"]) == 0  # the copy has not changed: its notebooks are current
    assert "warning: the course's copy of its case" in capsys.readouterr().err
    assert before in _notebooks_text(copied) and after not in _notebooks_text(copied)


def test_generate_removes_notebooks_the_case_no_longer_gets(tmp_path):
    """Another case's lesson (or one the case lost) must not stay beside the new ones in the book."""
    out = tmp_path / "course"
    init_course(out, MINI)
    generate(out, MINI)
    old = out / "lessons" / "05-leave-the-page.ipynb"
    old.write_text("{}", "utf-8")
    (out / "lessons" / "notes.md").write_text("mine", "utf-8")
    result = generate(out, MINI)
    assert not old.exists() and (out / "lessons" / "notes.md").is_file()
    assert "lessons/05-leave-the-page.ipynb (removed: not generated any more)" in result.changed


def test_generate_outside_a_course_deletes_nothing(tmp_path):
    """In a folder that is neither a course nor the checkout, a notebook generate did not write may be
    the teacher's own (collected work): it stays, and --check names it."""
    from medialit.errors import StaleOutputError

    out = tmp_path / "anywhere"
    generate(out, MINI)
    theirs = out / "exercises" / "collected-alice.ipynb"
    theirs.write_text("{}", "utf-8")
    result = generate(out, MINI)
    assert theirs.is_file() and not any("collected-alice" in c for c in result.changed)
    with pytest.raises(StaleOutputError, match=r"collected-alice.ipynb \(not generated any more\)"):
        generate(out, MINI, check=True)


def test_new_says_to_init_a_course(tmp_path, capsys):
    assert main(["new", str(STORY), "--out", str(tmp_path / "story")]) == 0
    out = capsys.readouterr().out
    assert f"medialit init story-course --case {tmp_path / 'story'}" in out
    assert "medialit build --dir story-course" in out


def test_new_records_the_kind_of_text_the_page_labels_and_lesson_1_shows_it(tmp_path, capsys):
    # Trial 26, an opinion column: lesson 1 asks "what kind of text is it?", then lists what the
    # page says (title, author, publisher, date) but never its section, which `new` could not record.
    assert main(["new", str(STORY), "--out", str(tmp_path / "column"), "--genre", "opinion"]) == 0
    case, lessons = load_module(tmp_path / "column")
    assert case.article.genre == "opinion"
    assert "- Kind of text, as the page labels it: opinion" in lessons[0].sections[0]["md"]
    _, lessons = load_module(_draft(tmp_path))
    assert "- Kind of text, as the page labels it: not recorded in this case study" in lessons[0].sections[0]["md"]
    # Each kind reads as words a student knows (review: "raw" alone named nothing).
    assert main(["new", str(STORY), "--out", str(tmp_path / "record"), "--genre", "raw"]) == 0
    _, lessons = load_module(tmp_path / "record")
    assert "as the page labels it: raw information (a document, data or a transcript)" in lessons[0].sections[0]["md"]
    assert main(["new", str(STORY), "--out", str(tmp_path / "x"), "--genre", "editorial"]) == 2
    assert "'editorial' is not one of" in capsys.readouterr().err


def test_init_of_a_draft_says_to_build_the_teacher_edition_first(tmp_path, capsys):
    # Trial 26: `init` printed `medialit build`, the student edition, which refuses a fresh draft.
    case = _draft(tmp_path)
    assert main(["init", str(tmp_path / "course"), "--case", str(case)]) == 0
    out = capsys.readouterr().out
    assert f"next: medialit build --dir {tmp_path / 'course'} --edition teacher" in out
    assert f"medialit review {case} lists them" in out
    module = load_module(case)
    guide = front_page("teacher-guide.md", *module, tmp_path / "course" / "book")
    assert "`medialit review`" in guide and "`--accept ID`" in guide
    _reviewed(case)
    assert main(["init", str(tmp_path / "course2"), "--case", str(case)]) == 0
    out = capsys.readouterr().out
    assert "--edition teacher" not in out and f"medialit build --dir {tmp_path / 'course2'}" in out


# --- 3. drafts flagged until reviewed ----------------------------------------------------------


def test_drafted_keys_are_counted_marked_and_refused_until_reviewed(tmp_path, capsys):
    case = _draft(tmp_path, date="2025-01-14")
    c, lessons = load_module(case)
    pending = unreviewed_keys(c, lessons)
    graded_auto = [q for lesson in lessons for q in lesson.questions if q.derived_from]
    assert pending and {u.question for u in pending} == {q.id for q in graded_auto}
    assert all(u.items > 0 for u in pending)
    # generate says so
    assert main(["generate", "--case", str(case), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"{len(pending)} graded key(s) rest on drafted annotation items still marked needs_review" in err
    assert "--allow-unreviewed" in err
    # the teacher's key and solutions mark them
    md = answer_key_markdown(answer_key(c, lessons))
    assert md.count(UNREVIEWED_MARK) == len(pending)
    solutions = "".join(p.read_text("utf-8") for p in (tmp_path / "out" / "solutions").glob("*.ipynb"))
    assert solutions.count(UNREVIEWED_MARK) == len(pending)
    # the student edition refuses before writing anything
    course = tmp_path / "course"
    init_course(course, case)
    with pytest.raises(UnreviewedKeysError, match=r"--allow-unreviewed.*teacher edition"):
        build("student", case, course)
    assert not (course / "lessons").exists()
    assert main(["build", "--dir", str(course)]) == 1
    err = capsys.readouterr().err
    assert "needs_review" in err and "review.ipynb" in err and "--allow-unreviewed" in err
    assert f"`medialit review {course_case(course)}` lists them" in err
    # Run from elsewhere, the command to build anyway names the course folder (trial 28).
    assert f"`medialit build --dir {course} --allow-unreviewed`" in err
    # once reviewed, nothing is flagged
    _reviewed(case)
    c, lessons = load_module(case)
    assert unreviewed_keys(c, lessons) == []
    assert UNREVIEWED_MARK not in answer_key_markdown(answer_key(c, lessons))


def test_the_review_gate_and_the_per_item_preview_agree(tmp_path):
    """A key rests on a layer when it is made from its items, not when it only looks them up
    (trial 28: `build` named 13 unreviewed fact checks under L2.Q2 and L4.Q1 while `medialit
    review` and `key --by-annotation` said no graded key rests on them)."""
    case = _draft(tmp_path, date="2025-01-14")
    path = case / "annotations.yaml"
    text = path.read_text("utf-8")
    head, checks = text.split("\nfact_checks:", 1)
    path.write_text(head.replace("needs_review: true", "needs_review: false") + "\nfact_checks:" + checks, "utf-8")
    c, lessons = load_module(case)
    assert any(layer == "fact_checks" for layer, _ in c.annotations.unreviewed)
    fed = {(f.layer, f.id) for f in feeds_by_annotation(c, lessons) if f.keys}
    assert not [i for i in fed if i[0] == "fact_checks"]
    assert unreviewed_keys(c, lessons) == []
    assert not [q.id for lesson in lessons for q in lesson.questions if "fact_checks" in q.derived_from]


def test_literal_and_hand_graded_keys_rest_on_no_annotation(tmp_path):
    c, lessons = load_module(_draft(tmp_path))
    flagged = {u.question for u in unreviewed_keys(c, lessons)}
    literal = [q.id for lesson in lessons for q in lesson.questions if not q.derived_from]
    assert "L3.Q3" in literal and "L1.Q3" in literal  # Entman's functions (literal), a written answer
    assert not flagged & set(literal)


# --- empty sections, practice labels, charts ---------------------------------------------------


def test_no_heading_stands_over_nothing_and_practice_carries_no_points(tmp_path):
    case = _draft(tmp_path)  # no furniture; the draft finds no loaded word in the first half
    _, lessons = load_module(case)
    by_number = {lesson.number: lesson for lesson in lessons}
    assert not by_number[3].practice  # the framing practice has no material here ...
    texts = {n: "\n".join(s.get("md", "") for s in lesson.sections) for n, lesson in by_number.items()}
    assert "Practice" not in texts[3]  # ... so neither has its heading
    assert "Page furniture" not in texts[1] and "0 such pieces" not in texts[1]
    out = tmp_path / "out"
    generate(out, case)
    for nb in (out / "lessons").glob("*.ipynb"):
        data = json.loads(nb.read_text("utf-8"))
        heads = ["".join(cell["source"]).split("\n")[0] for cell in data["cells"] if cell["cell_type"] == "markdown"]
        assert not [h for h in heads if re.match(r"## L\d\.P\d+ \(\d", h)], nb.name
        assert all(h.endswith("(practice, not graded)") for h in heads if re.match(r"## L\d\.P", h))
    # With furniture, the page-furniture section is there, and says no count.
    _, mini_lessons = load_module(MINI)
    assert "Page furniture" in mini_lessons[0].sections[1]["md"]


def test_the_teachers_about_page_has_no_furniture_heading_over_nothing(tmp_path):
    # Trial 26: a pasted column has no page furniture; the teacher edition's About page showed
    # a "Page furniture" heading over an empty table.
    case, _ = load_module(_draft(tmp_path))
    assert not case.article.furniture
    page = about_case_page(case, teacher=True)
    assert "## Page furniture" not in page and "0 pieces of page furniture" in page
    assert "## Sourcing profile" in page
    mini, _ = load_module(MINI)
    assert mini.article.furniture and "## Page furniture" in about_case_page(mini, teacher=True)


def test_the_sourcing_chart_counts_whole_claims():
    from medialit.analysis.figures import sourcing_figure

    case, _ = load_module(MINI)
    fig = sourcing_figure(case)
    ticks = fig.axes[0].get_yticks()
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)


def test_the_sourcing_chart_legend_covers_no_bar():
    """Trial 28: the legend sat over the tall bars of the last paragraphs."""
    from medialit.analysis.figures import sourcing_figure_of
    from medialit.analysis.profile import ParagraphProfile

    # (named, unnamed, none) per paragraph, as the trial's draft had them: bars up to the top on the right.
    counts = [(0, 0, 1), (1, 0, 0), (2, 0, 0), (1, 0, 0), (0, 0, 2), (2, 0, 0)]
    counts += [(0, 0, 2), (1, 0, 0), (0, 0, 1), (1, 0, 1), (0, 0, 1), (0, 0, 1)]
    prof = [ParagraphProfile(f"p{i}", sum(c), *c) for i, c in enumerate(counts)]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = sourcing_figure_of(prof)
    renderer = FigureCanvasAgg(fig).get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [b.get_window_extent(renderer) for b in ax.patches if b.get_height() > 0]
    assert bars and not [b for b in bars if b.overlaps(legend)]


def test_generic_lessons_teach_before_they_test():
    _, lessons = load_module(MINI)
    needs = {q.id: set(q.needs) for lesson in lessons for q in (*lesson.practice, *lesson.questions)}
    assert "framing functions" in needs["L3.Q3"] and "claims table" in needs["L2.Q4"]
    text = {n.number: "\n".join(s.get("md", "") + s.get("code", "") for s in n.sections) for n in lessons}
    for name in ("problem definition", "causal interpretation", "moral evaluation", "treatment recommendation"):
        assert name in text[3]
    assert "claims_table()" in text[2]
    # Verdicts rest on evidence outside the article: practised with it in the feedback, not graded.
    assert not [q.id for q in lessons[3].questions if "verdict of its fact check" in q.prompt]


# --- 4. validate resolves a case's own lessons; 5. keys.yaml ----------------------------------


def test_validate_checks_the_cases_own_lessons(tmp_path, capsys):
    case = tmp_path / "own"
    shutil.copytree(MINI, case)
    (case / "lessons").mkdir()
    lesson = ROOT / "src" / "medialit" / "curriculum" / "generic" / "02-sourcing-and-attribution.yaml"
    text = lesson.read_text("utf-8")
    (case / "lessons" / lesson.name).write_text(text, "utf-8")
    assert validate(case) == []
    (case / "lessons" / lesson.name).write_text(text.replace("derive: claim_sources", "derive: claim_sorces"), "utf-8")
    problems = validate(case)
    assert len(problems) == 1 and "claim_sorces" in str(problems[0]) and "claim_sources" in str(problems[0])
    assert main(["validate", str(case)]) == 1
    assert "claim_sorces" in capsys.readouterr().err


def test_a_case_adds_accepted_alternatives_to_derived_keys_without_lessons(tmp_path):
    case = tmp_path / "keys"
    shutil.copytree(MINI, case)
    _, lessons = load_module(case)
    q = next(q for lesson in lessons for q in lesson.questions if q.id == "L4.Q1")
    assert q.derived_from and q.type == "label_items"
    item = next(iter(q.key))
    other = next(lab for lab in q.labels if lab != q.key[item])
    accept = {"schema_version": 1, "accept": {"L4.Q1": [{"value": {item: other}, "reason": "Defensible reading."}]}}
    (case / "keys.yaml").write_text(yaml.safe_dump(accept), "utf-8")
    c, lessons = load_module(case)
    q = next(q for lesson in lessons for q in lesson.questions if q.id == "L4.Q1")
    assert [a.reason for a in q.alternatives] == ["Defensible reading."]
    assert "Accepted alternatives" in answer_key_markdown(answer_key(c, lessons))
    assert validate(case) == []
    accept["accept"] = {"L4.Q9": accept["accept"]["L4.Q1"]}
    (case / "keys.yaml").write_text(yaml.safe_dump(accept), "utf-8")
    with pytest.raises(CurriculumError, match=r"keys\.yaml:\d+: no graded question L4\.Q9.*Did you mean"):
        load_module(case)
    assert validate(case) and "L4.Q9" in str(validate(case)[0])
    accept["accept"] = {"L4.Q1": [{"value": {item: "no such label"}, "reason": "x"}]}
    (case / "keys.yaml").write_text(yaml.safe_dump(accept), "utf-8")
    with pytest.raises(CurriculumError, match="accepted alternative 1"):
        load_module(case)


def test_validate_names_the_file_and_line_of_a_cases_own_key_or_lesson_once(tmp_path):
    # Trial 26: "case/keys.yaml: case/keys.yaml:45 [L4.Q1]: ..."; a lesson's problem was put at
    # its folder ("own/lessons: 02-....yaml:100 [L2.Q2]: ...").
    case = tmp_path / "keys"
    shutil.copytree(MINI, case)
    accept = {"schema_version": 1, "accept": {"L4.Q1": [{"value": {"P99.z": "opinion"}, "reason": "x"}]}}
    (case / "keys.yaml").write_text(yaml.safe_dump(accept), "utf-8")
    (problem,) = validate(case)
    assert (problem.file, problem.id) == (str(case / "keys.yaml"), "L4.Q1") and problem.line
    assert "keys.yaml" not in problem.message and "P99.z" in problem.message
    assert str(problem).startswith(f"{case / 'keys.yaml'}:{problem.line}: [L4.Q1] accepted alternative 1")
    # Trial 28: bad YAML read "case/keys.yaml: case/keys.yaml: bad YAML: ... line 3, column 35".
    (case / "keys.yaml").write_text(
        "schema_version: 1\naccept:\n  L4.Q1:\n    - value: {P1.a: opinion}\n      reason: A month: no year\n", "utf-8"
    )
    (problem,) = validate(case)
    assert (problem.file, problem.line) == (str(case / "keys.yaml"), 5)
    assert (
        problem.message.startswith("bad YAML: mapping values are not allowed here")
        and "keys.yaml" not in problem.message
    )
    (case / "keys.yaml").unlink()
    (case / "lessons").mkdir()
    lesson = ROOT / "src" / "medialit" / "curriculum" / "generic" / "02-sourcing-and-attribution.yaml"
    text = lesson.read_text("utf-8").replace("derive: claim_sources", "derive: claim_sorces")
    (case / "lessons" / lesson.name).write_text(text, "utf-8")
    (problem,) = validate(case)
    assert (problem.file, problem.id) == (str(case / "lessons" / lesson.name), "L2.Q2") and problem.line
    assert "claim_sorces" in problem.message and lesson.name not in problem.message


# --- the whole flow, built ----------------------------------------------------------------------


@pytest.mark.book
@pytest.mark.timeout(1500)
def test_new_init_build_gives_a_course_that_speaks_of_its_own_article(tmp_path, capsys, monkeypatch):
    # The README's flow word for word, relative paths included: Jupyter Book runs inside the
    # course folder, where `build --dir story-course` once had it look for story-course/book/...
    monkeypatch.chdir(tmp_path)
    assert main(["new", str(STORY), "--out", "story", "--publisher", "Kessling Courier (fictional)"]) == 0
    course = tmp_path / "story-course"
    assert main(["init", "story-course", "--case", "story"]) == 0
    capsys.readouterr()
    assert main(["build", "--dir", "story-course"]) == 1  # the student edition waits for the review
    assert "--allow-unreviewed" in capsys.readouterr().err
    assert main(["build", "--dir", "story-course", "--edition", "teacher"]) == 0
    assert "graded key(s) rest on drafted annotation items" in capsys.readouterr().err
    assert main(["build", "--dir", "story-course", "--allow-unreviewed"]) == 0
    assert f"built the student edition: {course / 'book' / '_build' / 'html' / 'index.html'}" in capsys.readouterr().out
    pages: dict[str, str] = {}
    for edition, html in (
        ("student", course / "book" / "_build" / "html"),
        ("teacher", course / "book" / "_build" / "teacher" / "_build" / "html"),
    ):
        found = sorted(html.rglob("*.html"))
        assert found, edition
        pages |= {f"{edition}/{p.relative_to(html)}": p.read_text("utf-8") for p in found}
    assert not _foreign(pages), _foreign(pages)[:10]
    assert "Harbor ferry service to end in March" in pages["student/intro.html"]
    assert "undated" in pages["student/intro.html"]
    assert UNREVIEWED_MARK.rstrip(":") in pages["teacher/answer-key.html"]
    assert "Drafted annotations not yet reviewed" in pages["teacher/teacher-guide.html"]
    assert not any(name.endswith(("background.html", "content-note.html")) for name in pages)
    # No heading over nothing: the draft finds no framing word in the first half, no furniture.
    framing = pages["student/lessons/03-framing.html"]
    assert "Choosing words, choosing what to show" in framing and "Practice: highlight framing words" not in framing
    assert "Page furniture" not in pages["student/lessons/01-meet-the-article.html"]
    assert "(1 point)" not in "".join(v for k, v in pages.items() if "/lessons/" in k)


def _opinion_count_shown(lesson_html: str) -> str:
    """The output the lesson shows under its example `sum(r["kind"] == "opinion" for r in rows)`."""
    code = lesson_html.index('<span class="s2">"opinion"</span>')
    out = re.search(r'<div class="cell_output[^"]*">.*?<pre><span></span>([^<]*)</pre>', lesson_html[code:], re.S)
    assert out is not None
    return out.group(1).strip()


@pytest.mark.book
@pytest.mark.timeout(1500)
def test_a_rebuilt_course_shows_the_reviewed_data_in_its_lessons(tmp_path):
    # Trial 26: after the review a rebuilt lesson 2 still counted the draft's opinions (and drew
    # the draft's chart): the lesson's code had not changed, only the case bundle it loads.
    case = _draft(tmp_path, date="2025-01-14")
    _reviewed(case)
    course = tmp_path / "course"
    init_course(course, case)
    page = {
        edition: course / "book" / "_build" / sub / "lessons" / "02-sourcing-and-attribution.html"
        for edition, sub in (("student", "html"), ("teacher", "teacher/_build/html"))
    }
    for edition in ("teacher", "student"):
        build(edition, case, course)
    c, _ = load_module(case)
    before = sum(claim.kind == "opinion" for claim in c.annotations.claims)
    assert _opinion_count_shown(page["student"].read_text("utf-8")) == str(before)
    path = case / "annotations.yaml"
    path.write_text(re.sub(r"kind: (factual|prediction|label)\b", "kind: opinion", path.read_text("utf-8")), "utf-8")
    c, _ = load_module(case)
    after = sum(claim.kind == "opinion" for claim in c.annotations.claims)
    assert after > before
    for edition in ("teacher", "student"):
        build(edition, case, course)
        assert _opinion_count_shown(page[edition].read_text("utf-8")) == str(after), edition
