"""``medialit new``: draft a case study from any article. Registered in :mod:`medialit.cli`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("new")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Case folder to create (article.md + annotations.yaml).",
)
@click.option("--title", help="Headline, when the text has none (also the title in the front matter).")
@click.option("--date", help="Publication date, YYYY-MM-DD.")
@click.option("--url", help="Where the article was published.")
@click.option("--publisher", help="Outlet or site that published it.")
@click.option("--author", help="Byline.")
@click.option(
    "--genre",
    type=click.Choice(["news", "opinion", "advertising", "raw"]),
    help="The kind of text as the page labels it (its section: News, Opinion, Sponsored ...). Default: unknown.",
)
@click.option("--force", is_flag=True, help="Overwrite the files of an existing case folder.")
def new(article: Path, out: Path, title: str | None, date: str | None, url: str | None,
        publisher: str | None, author: str | None, genre: str | None, force: bool) -> None:  # fmt: skip
    """Draft a case study from ARTICLE (plain text, Markdown, or a saved HTML page).

    Every annotation layer is drafted with a confidence and needs_review: true; fact
    checks are left 'unchecked'. Review annotations.yaml, then run `medialit validate OUT`,
    `medialit init COURSE --case OUT` and `medialit build --dir COURSE`.
    """
    from medialit.drafter import new_case  # lazy, as every command's library (see medialit.cli)

    result = new_case(article, out, title=title, date=date, url=url, publisher=publisher, author=author,
                      genre=genre, force=force)  # fmt: skip
    click.echo(
        f"drafted {result.case_dir} from {result.format}: {result.paragraphs} paragraphs, "
        f"{result.sentences} sentences, {result.furniture} furniture block(s)."
    )
    click.echo(result.review.summary())
    click.echo(
        f"source packet: {result.packet_file} (empty; optional: add the pages a lateral search would find, "
        "see the instructions in the file; with documents, the case also gets a lateral-reading lesson)."
    )
    if result.teacher_file is not None:
        click.echo(
            f"teacher pack: {result.teacher_file} (optional: a background page and a content note for the "
            "teacher edition; it lists sentences that may distress students)."
        )
    course = f"{result.case_dir.name or 'case'}-course"
    click.echo(
        f"next: review {result.annotations_file} (or open {result.review_notebook} in Jupyter), then "
        f"`medialit validate {result.case_dir}`, `medialit init {course} --case {result.case_dir}` and "
        f"`medialit build --dir {course}` (the student edition waits until the keys' items are reviewed)."
    )
