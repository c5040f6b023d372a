"""What a generic item shows of a claim is the claim, whole (trial 26).

A drafted summary is its sentence cut at 200 characters with "…": an item cut before its verb
("... the auditor (or, where the port authority is involved, its own inspector) will…") cannot
be labelled factual, opinion or prediction. A drafted span that starts with the colon before a
quotation was shown as `“: “…””`. The article is invented.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from medialit.api import load_module
from medialit.curriculum.derive_common import claim_words, quoted
from medialit.drafter import new_case

ARTICLE = """Harbour levy is the wrong fix

The council wants a new levy on every ferry ticket. It is a poor idea.

Ferry use fell last year, the council's transport office said. Fewer riders will pay more.

The levy would fund a new pier at Ostrand Quay. The pier has been promised twice before.

Critics call the plan rushed. They say the council ignored its own survey.

{long}

As the mayor wrote to the council last month: “A levy should be the last resort, not the first.”

The vote is on Thursday. Councillors should reject the levy.
""".format(
    long="And whenever a levy is raised on a route that a private operator runs under contract, the harbour auditor "
    "(or, where the port authority is involved, the authority's own inspector of accounts) will receive a full copy "
    "of the operator's books."
)

LONG = "And whenever a levy is raised"
QUOTE = "“A levy should be the last resort, not the first.”"


def _case(tmp_path: Path) -> Path:
    src = tmp_path / "column.txt"
    src.write_text(ARTICLE, "utf-8")
    case = tmp_path / "column"
    new_case(src, case, publisher="Ostrand Gazette (fictional)")
    return case


def _set_claim(case: Path, starts: str, **fields: str) -> str:
    """Give the claim of the sentence that starts with ``starts`` these fields; return its id."""
    loaded, _ = load_module(case)
    sentence = next(s for s in loaded.article.sentences if s.text.startswith(starts))
    path = case / "annotations.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    claim = next((c for c in data["claims"] if c["sentence"] == sentence.id), None)
    if claim is None:  # the draft found no claim there: the teacher adds one
        data["no_claim_sentences"].remove(sentence.id)
        number = sentence.id.split(".")[0][1:]
        claim = {"id": f"P{number}.z", "sentence": sentence.id, "kind": "factual", "check_worthy": False}
        data["claims"].append(claim)
    claim.pop("span", None)
    claim.update(fields)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return str(claim["id"])


def test_an_item_shows_the_whole_sentence_where_the_summary_is_a_cut_of_it(tmp_path):
    case = _case(tmp_path)
    loaded, _ = load_module(case)
    long = next(s.text for s in loaded.article.sentences if s.text.startswith(LONG))
    cut = long[:199].rsplit(" ", 1)[0] + "…"  # as a draft cuts a summary
    cid = _set_claim(case, LONG, summary=cut)
    loaded, lessons = load_module(case)
    assert claim_words(loaded, loaded.claim(cid)) == long
    items = {o.id: o.text for lesson in lessons for q in lesson.questions if q.id == "L4.Q1" for o in q.items}
    assert items[cid] == f"{long} ({loaded.claim(cid).sentence})"
    assert not [text for text in items.values() if "… (p" in text]


def test_a_summary_the_teacher_wrote_is_shown_as_written(tmp_path):
    case = _case(tmp_path)
    cid = _set_claim(case, LONG, summary="Contracted routes: the auditor will see the operator's books…")
    loaded, _ = load_module(case)
    assert claim_words(loaded, loaded.claim(cid)) == "Contracted routes: the auditor will see the operator's books…"


def test_a_span_cut_before_its_quotation_is_shown_from_the_quotation_on(tmp_path):
    assert quoted(f": {QUOTE}") == QUOTE
    assert quoted(f"— {QUOTE}") == QUOTE
    assert quoted("the last resort") == "“the last resort”"
    case = _case(tmp_path)
    cid = _set_claim(case, "As the mayor wrote", summary="The mayor's letter", span=f": {QUOTE}", kind="opinion")
    loaded, lessons = load_module(case)
    items = {o.id: o.text for lesson in lessons for q in lesson.questions if q.id == "L4.Q1" for o in q.items}
    assert items[cid] == f"{QUOTE} ({loaded.claim(cid).sentence})"


def test_written_items_fit_an_opinion_piece(tmp_path):
    # Trial 26, an opinion column: most of its unsourced sentences are the writer's opinions,
    # which L2.Q5 asked students to prove true; L3.Q4's model answer spoke of "the article's news
    # event", which a column does not report.
    _, lessons = load_module(_case(tmp_path))
    questions = {q.id: q for lesson in lessons for q in lesson.questions}
    q5 = questions["L2.Q5"]
    assert "factual claim" in q5.prompt and "not an opinion" in q5.prompt
    assert "factual claim" in q5.rubric[0]
    q4 = questions["L3.Q4"]
    written = [q4.settings["model_answer"], *(a["answer"] for a in q4.settings["anchors"])]
    assert not [w for w in written if "news event" in w or "the event" in w]
    assert "opinion piece" in q4.settings["model_answer"] and "writer's position" in q4.settings["model_answer"]
