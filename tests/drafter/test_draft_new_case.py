# ruff: noqa: E501  (article texts are data, kept on one line each)
"""From an article file to a validated draft case (issue 6, items 1, 3 and 4)."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from medialit.api import validate
from medialit.case.load import default_case_dir, load_case, read_annotation_data, read_article
from medialit.cli_new import new
from medialit.drafter import draft_annotations, new_case, review_status, review_status_of
from medialit.drafter.evaluate import evaluate
from medialit.errors import ArticleError

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
TEXT = """City to close two libraries, budget shows
By Jane Roe

The city will close two of its nine branch libraries next year to save $2.1 million, according to a draft budget released on Friday.
"We had no good options," said Mayor Ann Lee. "Every cut hurts."
Library supporters say the closures will hit poor neighborhoods hardest.
"""
HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Port strike ends | Harbor Gazette</title>
<meta property="og:site_name" content="Harbor Gazette"><meta property="article:published_time" content="2025-04-03T10:00Z">
<script>var tracking = 1;</script></head><body>
<nav class="menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Port strike ends after nine days</h1>
<figure><img src="x.jpg" alt="Cranes at the harbor"><figcaption>Cranes at the harbor. File photo</figcaption></figure>
<p>Dock workers returned to work on Thursday after their union approved a new contract by a vote of 1,204 to 311,
union leaders said.</p>
<p>“This contract gives our members the raise they earned,” said union president Maria Kline. The deal raises wages
by 14 percent over three years, according to a summary released by the <a href="/port">port authority</a>.</p>
<ul><li>Wages rise 14 percent.</li><li>Automation is limited until 2028.</li></ul></article>
<div class="comments"><h3>Leave a Reply</h3><form><label>Your email</label></form></div>
<footer>© 2025 Harbor Gazette</footer></body></html>"""


def draft(tmp_path, name, content, **kw):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8") if isinstance(content, str) else src.write_bytes(content)
    return new_case(src, tmp_path / "case", **kw)


def test_plain_text_draft_validates_and_marks_everything_for_review(tmp_path):
    result = draft(tmp_path, "a.txt", TEXT)
    assert validate(result.case_dir) == []
    case = load_case(result.case_dir)
    assert case.article.title == "City to close two libraries, budget shows"
    assert case.article.author == "Jane Roe"
    data, _ = read_annotation_data(result.annotations_file)
    for layer in ("sources", "claims", "attributions", "framing"):
        assert data[layer], layer
        for item in data[layer]:
            assert item["needs_review"] is True, item
            assert 0 <= item["confidence"] <= 1, item
    assert result.review.pending == sum(
        len(data[k]) for k in ("sources", "claims", "attributions", "framing", "fact_checks")
    )


def test_fact_checks_are_unchecked_without_invented_citations(tmp_path):
    data, _ = read_annotation_data(draft(tmp_path, "a.txt", TEXT).annotations_file)
    worthy = {c["id"] for c in data["claims"] if c["check_worthy"]}
    assert worthy
    assert {f["claim"] for f in data["fact_checks"]} == worthy
    assert all(f["verdict"] == "unchecked" and f["citations"] == [] for f in data["fact_checks"])
    assert data["citations"] == []


def test_draft_has_the_layers_generic_lessons_need(tmp_path):
    data, _ = read_annotation_data(draft(tmp_path, "a.txt", TEXT).annotations_file)
    assert {c["kind"] for c in data["claims"]} <= {"factual", "opinion", "prediction", "label"}
    at = {a["cue"]["text"]: a for a in data["attributions"]}
    assert at["said Mayor Ann Lee"]["mode"] == "direct_quote"
    assert len(at["said Mayor Ann Lee"]["claims"]) == 2
    assert {"according to a draft budget released", "Library supporters say"} <= set(at)
    assert any(f["device"] == "relative_date" for f in data["framing"])
    assert "p1.s1" in data["no_claim_sentences"]  # the byline


def test_output_is_deterministic(tmp_path):
    first = draft(tmp_path, "a.txt", TEXT)
    files = {p.name: p.read_bytes() for p in (first.article_file, first.annotations_file)}
    again = new_case(tmp_path / "a.txt", tmp_path / "case", force=True)
    assert {p.name: p.read_bytes() for p in (again.article_file, again.annotations_file)} == files


def test_metadata_options_override_the_file(tmp_path):
    result = draft(tmp_path, "a.txt", TEXT, date="2025-03-01", url="https://example.org/a", publisher="The Ledger")
    art = load_case(result.case_dir).article
    assert (str(art.date), art.url, art.publisher) == ("2025-03-01", "https://example.org/a", "The Ledger")


def test_text_without_headline_needs_a_title(tmp_path):
    body = "The council met on Tuesday. It approved the budget.\n\nThe vote was 5-2, officials said.\n"
    with pytest.raises(ArticleError, match="--title"):
        draft(tmp_path, "a.txt", body)
    result = new_case(tmp_path / "a.txt", tmp_path / "case", title="Council approves budget")
    assert load_case(result.case_dir).article.sentence("p0.s1").text == "Council approves budget"


def test_markdown_syntax_is_removed_and_links_mark_sources(tmp_path):
    md = (
        "# Port strike ends\n\n![Cranes at the harbor](x.jpg)\n\nWages rise by **14 percent**, according to "
        "[the port authority](https://example.org).\n\n> “We won,” said union president Maria Kline.\n"
    )
    result = draft(tmp_path, "a.md", md)
    case = load_case(result.case_dir)
    assert [b.kind for b in case.article.furniture] == ["image alt text"]
    assert case.article.sentence("p1.s1").text == "Wages rise by 14 percent, according to the port authority."
    linked = {s.name: s.linked for s in case.annotations.sources}
    assert linked["the port authority"] is True
    assert linked["Maria Kline"] is False


def test_saved_html_keeps_furniture_apart(tmp_path):
    result = draft(tmp_path, "page.html", HTML)
    case = load_case(result.case_dir)
    art = case.article
    assert art.sentence("p0.s1").text == "Port strike ends after nine days"
    assert (art.publisher, str(art.date)) == ("Harbor Gazette", "2025-04-03")
    kinds = [b.kind for b in art.furniture]
    assert "navigation" in kinds
    assert "image alt text" in kinds
    assert "image caption" in kinds
    assert "footer" in kinds
    assert all("Leave a Reply" not in p.text for p in art.paragraphs)
    assert [s.text for s in art.paragraphs[-1].sentences] == [
        "- Wages rise 14 percent.",
        "- Automation is limited until 2028.",
    ]
    devices = {f.device for f in case.annotations.framing}
    assert "image_provenance" in devices
    cues = {a.cue.text for a in case.annotations.attributions}
    assert {"union leaders said", "said union president Maria Kline"} <= cues


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", "  \n\n", "empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "PNG image"),
        ("blob.txt", b"abc\x00\x01\x02def" * 10, "binary"),
        ("latin1.txt", "Caf\u00e9 owners say prices rose.\n\nMore text here.".encode("latin-1"), "not UTF-8"),
        (
            "app.html",
            "<html><head><script>" + "x=1;" * 5000 + "</script></head><body><div id=app></div>"
            "<script src=a.js></script></body></html>",
            "JavaScript",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(tmp_path, name, content, message):
    with pytest.raises(ArticleError, match=message):
        draft(tmp_path, name, content)


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Words and more words. " * 250_000)  # 5.5 MB
    with pytest.raises(ArticleError, match="5 MB"):
        new_case(big, tmp_path / "case")


def test_existing_case_is_not_overwritten_without_force(tmp_path):
    draft(tmp_path, "a.txt", TEXT)
    with pytest.raises(ArticleError, match="--force"):
        new_case(tmp_path / "a.txt", tmp_path / "case")


def test_cli_command_prints_what_to_review(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(new, [str(tmp_path / "a.txt"), "--out", str(tmp_path / "case")])
    assert result.exit_code == 0, result.output
    assert "to review:" in result.output
    assert "fact check(s) still 'unchecked'" in result.output
    bad = CliRunner().invoke(new, [str(tmp_path / "missing.txt"), "--out", str(tmp_path / "x")])
    assert isinstance(bad.exception, ArticleError)


def test_review_status_counts_needs_review_items():
    data = {
        "claims": [{"needs_review": True}, {"needs_review": False}, {}],
        "fact_checks": [{"verdict": "unchecked", "needs_review": True}, {"verdict": "accurate"}],
    }
    status = review_status(data)
    assert status.layers["claims"] == (1, 3)
    assert status.unchecked == 1
    assert status.pending == 2
    assert status.summary() == "to review: 1/3 claims, 1/2 fact checks; 1 fact check(s) still 'unchecked'."
    assert review_status_of().summary() == "nothing left to review."  # the MEK gold case


@pytest.mark.parametrize("folder", sorted(p.name for p in ARTICLES.iterdir() if p.is_dir()))
def test_gold_articles_validate(folder):
    assert validate(ARTICLES / folder) == []


def test_figures_do_not_regress():
    """Floors well under the current figures (benchmarks/analyzer_eval.py prints them)."""
    folders = [default_case_dir(), *sorted(p for p in ARTICLES.iterdir() if p.is_dir())]
    for folder in folders:
        article = read_article(folder / "article.md")
        gold, _ = read_annotation_data(folder / "annotations.yaml")
        res = evaluate(article, gold, draft_annotations(article))
        assert res["attribution_cues"].f1 >= 0.85, folder.name
        assert res["attributed_sources"].f1 >= 0.75, folder.name
        assert res["check_worthy"].f1 >= 0.70, folder.name


def test_draft_of_a_gold_article_keeps_its_sentence_ids(tmp_path):
    src = ARTICLES / "riverton-transit" / "article.md"
    body = src.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    (tmp_path / "riverton.txt").write_text(body, encoding="utf-8")
    result = new_case(tmp_path / "riverton.txt", tmp_path / "case")
    drafted = load_case(result.case_dir).article
    gold = read_article(src)
    assert [(s.id, s.text) for s in drafted.sentences] == [(s.id, s.text) for s in gold.sentences]
    data = yaml.safe_load(result.annotations_file.read_text(encoding="utf-8"))
    assert data["case"] == "case"
