"""Every layer a teacher annotates reaches students in the generic lessons when the case has material (issue 22).

``layers-full`` has material for each layer (quotation types, a chain of second-hand sources, a
headline-body mismatch, an omission, an internal inconsistency); ``layers-none`` has none, so its
lessons hold neither the items nor the sections that teach them.
"""

import shutil
from pathlib import Path

import pytest

from medialit.api import generate, grade, load_module
from medialit.curriculum.spec import check_concept_order
from medialit.grading.score import score_answer

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
FULL = CASES / "layers-full"
NONE = CASES / "layers-none"

LAYER_ITEMS = {
    "L2.Q6": "## Their words or the writer's?",
    "L2.Q7": "## Second-hand sources",
    "L3.Q6": "## What is not there",
    "L4.Q3": "## Does the article agree with itself?",
}


def _questions(case_dir):
    _, lessons = load_module(case_dir)
    return lessons, {q.id: q for lesson in lessons for q in lesson.questions}


def _headings(lesson):
    return [s["md"].splitlines()[0] for s in lesson.sections if "md" in s]


def test_every_layer_has_an_item_after_its_teaching():
    lessons, qs = _questions(FULL)
    check_concept_order(lessons)
    for qid, heading in LAYER_ITEMS.items():
        assert qid in qs, qid
        lesson = next(x for x in lessons if qid.startswith(x.id + "."))
        assert heading in _headings(lesson), (qid, _headings(lesson))
        assert set(qs[qid].needs) <= set(lesson.introduces), qid
        assert "{{" not in qs[qid].prompt


def test_quotation_type_is_auto_graded_from_the_modes():
    _, qs = _questions(FULL)
    q = qs["L2.Q6"]
    assert "A2" in q.objectives and q.type == "label_items"
    # The statements of the second half: L2.P1's practice marks the first half's sources, and its
    # feedback carries their notes ("his own words, between quotation marks"), so the graded item
    # asks about the others (trial 22).
    assert q.key == {"at-council": "mixed quotation", "at-office": "paraphrase"}
    assert q.labels == ("direct quote", "paraphrase", "mixed quotation")
    # The teacher's note on each statement is its feedback.
    assert "quoted inside the writer's own sentence" in q.settings["item_feedback"]["at-council"]["explanation"]
    assert q.evidence["where"] == "article"


def test_inconsistency_keys_both_sentences():
    _, qs = _questions(FULL)
    q = qs["L4.Q3"]
    assert q.key == ["p1.s2", "p5.s1"]
    assert "forty flooded homes" in q.explanation


def test_written_items_grade_with_the_annotation_and_show_students_generic_criteria():
    _, qs = _questions(FULL)
    chain = qs["L2.Q7"]
    assert "Valley Radio reported" in chain.prompt and "(paragraph 3)" in chain.prompt
    assert "a farmer near Cole → the Tarn monitoring mission → Valley Radio" in chain.rubric[0]
    assert not any("farmer" in r for r in chain.settings["student_rubric"])
    headline = qs["L3.Q5"]
    assert "still investigating" in headline.rubric[0] and "(paragraph 2)" in headline.rubric[1]
    assert not any("investigating" in r for r in headline.settings["student_rubric"])
    omission = qs["L3.Q6"]
    assert omission.prompt.startswith("Read paragraph 2 again.")
    assert "spring inspection found" in omission.rubric[0]
    assert omission.settings["model_answer"].startswith("The article does not say what the spring inspection")
    for q in (chain, headline, omission):
        assert q.key is None and q.type == "short_text"


def test_a_case_without_material_gets_no_item_and_no_section():
    lessons, qs = _questions(NONE)
    assert not set(LAYER_ITEMS) & set(qs)
    headings = [h for lesson in lessons for h in _headings(lesson)]
    assert not set(LAYER_ITEMS.values()) & set(headings)


def test_a_case_without_material_is_still_taught_what_it_is_asked():
    """Teach before test on the lessons this case gets (trial 28): L3.Q4 asks for a headline
    rewrite on every article, so the headline section is kept without an annotated mismatch, and
    L1's definition of a factual claim (L4.Q1) does not hang on L1's practice."""
    lessons, qs = _questions(NONE)
    check_concept_order(lessons)
    by_number = {x.number: x for x in lessons}
    assert "L3.Q4" in qs and "L3.Q5" not in qs
    assert "## Does the headline match the body?" in _headings(by_number[3])
    assert "headline-body mismatch" in qs["L3.Q4"].needs
    assert "## Factual claims" in _headings(by_number[1])
    for lesson in lessons:
        earlier = {c for x in lessons if x.number <= lesson.number for c in x.introduces}
        for q in (*lesson.practice, *lesson.questions):
            assert set(q.needs) <= earlier, (q.id, q.needs)


@pytest.mark.parametrize("case_dir", [FULL, NONE], ids=["full", "none"])
def test_a_lesson_plan_promises_no_practice_the_lesson_lacks(case_dir):
    """Trial 28: lesson 3's plan said "10 min: practice with the highlighter" over a lesson whose
    practice had no material (no loaded word in the first half)."""
    lessons, _ = _questions(case_dir)
    for lesson in lessons:
        assert ("practice" in lesson.teacher_notes) <= bool(lesson.practice), (lesson.id, lesson.teacher_notes)
    assert any(lesson.practice for lesson in lessons)


def test_a_claim_credited_to_two_sources_accepts_either(tmp_path):
    """ "both Roscosmos and NASA said" (trial 28): the key names the first source credited, and
    the other is an accepted alternative with its reason, among the labels, and scores full marks."""
    case_dir = tmp_path / "two-sources"
    shutil.copytree(FULL, case_dir)
    ann = case_dir / "annotations.yaml"
    ann.write_text(
        ann.read_text(encoding="utf-8").replace(
            "framing:\n",
            "  - id: at-office-council\n    claims: [C8]\n    source: src-council\n    mode: paraphrase\n"
            "    cue: {sentence: p5.s1, text: the emergency office said}\n"
            "    explanation: The council repeated the office's figure.\nframing:\n",
        ),
        encoding="utf-8",
    )
    _, qs = _questions(case_dir)
    q = qs["L2.Q2"]
    assert q.key["C8"] == "the emergency office"
    assert "the village council" in q.labels
    (alt,) = [a for a in q.alternatives if "C8" in a.value]
    assert alt.value == {"C8": "the village council"}
    assert "more than one source with the same words (the emergency office; the village council)" in alt.reason
    assert "“the emergency office said” (p5.s1) points to the emergency office and the village council." in (
        qs["L2.Q3"].explanation
    )
    council = {**q.key, "C8": "the village council"}
    assert score_answer(q, council).score == q.points
    assert score_answer(q, {**q.key, "C8": "no source given"}).score < q.points
    # A source another cue of the sentence credits plays another part: no alternative.
    ann.write_text(
        ann.read_text(encoding="utf-8").replace(
            "    cue: {sentence: p5.s1, text: the emergency office said}\n    explanation: The council",
            "    cue: {sentence: p5.s1, text: By Saturday evening}\n    explanation: The council",
        ),
        encoding="utf-8",
    )
    _, qs = _questions(case_dir)
    assert not [a for a in qs["L2.Q2"].alternatives if "C8" in a.value]


def test_a_chain_link_the_article_does_not_show_is_left_out(tmp_path):
    case_dir = tmp_path / "hidden"
    shutil.copytree(FULL, case_dir)
    # The mission is no longer named in the sentence: only the farmer and the radio are visible.
    art = case_dir / "article.md"
    art.write_text(
        art.read_text(encoding="utf-8").replace("told the Tarn monitoring mission", "said"), encoding="utf-8"
    )
    _, qs = _questions(case_dir)
    assert "a farmer near Cole → Valley Radio." in qs["L2.Q7"].rubric[0]


def test_a_sentence_with_two_quotation_types_is_left_out(tmp_path):
    case_dir = tmp_path / "two-modes"
    shutil.copytree(FULL, case_dir)
    ann = case_dir / "annotations.yaml"
    ann.write_text(
        ann.read_text(encoding="utf-8")
        .replace("    cue: {sentence: p2.s2, text: She said}", "    cue: {sentence: p2.s1, text: said Mara Olsen}")
        .replace("claims: [C5]", "claims: [C4]"),
        encoding="utf-8",
    )
    _, qs = _questions(case_dir)
    assert "at-olsen-quote" not in qs["L2.Q6"].key and "at-olsen-spring" not in qs["L2.Q6"].key


@pytest.mark.slow
def test_layers_module_grades(tmp_path):
    out = tmp_path / "module"
    generate(out, FULL)
    for part in ("solutions", "exercises"):
        results: list = []
        grade([out / part], tmp_path / "grades" / part, FULL, keep=results)
        assert results and all(r.status != "error" for r in results), [r.message for r in results]
        auto = [q for r in results for q in r.questions if q.status != "needs manual grading"]
        ids = {q.question for q in auto}
        assert {"L2.Q6", "L4.Q3"} <= ids
        if part == "solutions":
            assert all(q.status == "correct" for q in auto), [(q.question, q.message) for q in auto]


def test_a_rubric_resting_on_a_draft_says_so(tmp_path):
    case_dir = tmp_path / "drafted"
    shutil.copytree(FULL, case_dir)
    ann = case_dir / "annotations.yaml"
    text = ann.read_text(encoding="utf-8")
    text = text.replace("  - id: fr-headline\n", "  - id: fr-headline\n    needs_review: true\n")
    text = text.replace("  - id: at-radio\n", "  - id: at-radio\n    needs_review: true\n")
    ann.write_text(text, encoding="utf-8")
    _, qs = _questions(case_dir)
    assert "no teacher has reviewed" in qs["L3.Q5"].rubric[0]
    assert "no teacher has reviewed" in qs["L2.Q7"].rubric[0]
    assert "no teacher has reviewed" not in " ".join(qs["L3.Q6"].rubric)
    _, reviewed = _questions(FULL)
    assert "no teacher has reviewed" not in " ".join(reviewed["L3.Q5"].rubric)


def _with_modes(tmp_path, name, modes):
    """``layers-full`` with some attributions' modes changed (``{id: mode}``)."""
    case_dir = tmp_path / name
    shutil.copytree(FULL, case_dir)
    ann = case_dir / "annotations.yaml"
    text = ann.read_text(encoding="utf-8")
    for aid, mode in modes.items():
        head, _, rest = text.partition(f"  - id: {aid}\n")
        block, sep, tail = rest.partition("\n  - id: ")
        block = "\n".join(f"    mode: {mode}" if line.startswith("    mode: ") else line for line in block.splitlines())
        text = f"{head}  - id: {aid}\n{block}{sep}{tail}"
    ann.write_text(text, encoding="utf-8")
    return case_dir


def test_quotation_types_shows_each_mode_the_case_has(tmp_path):
    """Trial 28: a spread over many paraphrases can leave the one direct quote out, and then
    "paraphrase" for every statement scores full marks."""
    from medialit.curriculum.derive_attribution import quotation_types

    case_dir = _with_modes(
        tmp_path, "one-quote", {"at-olsen-quote": "paraphrase", "at-council": "paraphrase", "at-office": "direct_quote"}
    )
    case, _ = load_module(case_dir)
    derived = quotation_types(case, limit=2)
    assert sorted(derived["key"].values()) == ["direct quote", "paraphrase"]
    assert derived["key"]["at-office"] == "direct quote"


def test_quotation_type_item_is_left_out_when_every_statement_is_a_paraphrase(tmp_path):
    """Trial 28 (an AP report with no direct quotation): L2.Q6 is left out with the section that
    teaches it, and the lessons still teach what they ask and plan what they hold."""
    case_dir = _with_modes(tmp_path, "all-paraphrase", {"at-council": "paraphrase"})
    lessons, qs = _questions(case_dir)
    assert "L2.Q6" not in qs
    lesson2 = next(x for x in lessons if x.number == 2)
    assert "## Their words or the writer's?" not in _headings(lesson2)
    assert "quotation type" not in lesson2.introduces
    check_concept_order(lessons)
    for lesson in lessons:
        earlier = {c for x in lessons if x.number <= lesson.number for c in x.introduces}
        for q in (*lesson.practice, *lesson.questions):
            assert set(q.needs) <= earlier, (q.id, q.needs)
        assert ("practice" in lesson.teacher_notes) <= bool(lesson.practice), lesson.id
    # Both kinds in the second half (a mixed quotation and a paraphrase): the item stays.
    _, full = _questions(FULL)
    assert set(full["L2.Q6"].key.values()) == {"mixed quotation", "paraphrase"}
