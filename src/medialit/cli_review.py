"""``medialit review``: accept or reject drafted annotations without Jupyter. Registered in :mod:`medialit.cli`."""

from __future__ import annotations

from pathlib import Path

import click


def _ids(values: tuple[str, ...]) -> list[str]:
    """Ids given as repeated options, or separated by commas or spaces."""
    return [i for v in values for i in v.replace(",", " ").split() if i]


@click.command("review")
@click.argument("case_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--accept",
    "accept",
    multiple=True,
    metavar="ID",
    help="Accept items (repeatable, or ids separated by commas): needs_review becomes false.",
)
@click.option(
    "--reject",
    "reject",
    multiple=True,
    metavar="ID",
    help="Reject items (repeatable, or ids separated by commas): removed with what depends on them.",
)
@click.option(
    "--list",
    "show",
    is_flag=True,
    help="List the items still marked needs_review (the default with no --accept or --reject).",
)
def review(case_dir: Path, accept: tuple[str, ...], reject: tuple[str, ...], show: bool) -> None:  # fmt: skip
    """Review the drafted annotations of CASE_DIR without Jupyter.

    Accepting an item sets its needs_review to false; rejecting removes it, and what rests on
    it (a claim's fact check and its place in attributions, a source's attributions). Only the
    decided items change in annotations.yaml: comments, order and the other items stay as they
    are. To fix a field, edit the file (or use review.ipynb). `medialit key --case CASE_DIR
    --by-annotation` shows which graded keys each item feeds.
    """
    from medialit.case.load import ANNOTATIONS_FILE, ARTICLE_FILE, read_annotation_data, read_article
    from medialit.drafter.review import LAYERS, decide, describe_item, flagged, review_queue

    accepted, rejected = _ids(accept), _ids(reject)
    if accepted or rejected:
        result = decide(case_dir, accepted, rejected)
        click.echo(
            f"{case_dir / ANNOTATIONS_FILE}: {len(accepted)} accepted, {len(rejected)} rejected. "
            + result.status.summary()
        )
        if result.rewritten:
            click.echo(
                "note: the file's layout could not be followed item by item, so it was written again whole "
                "(its comments are gone).",
                err=True,
            )
    if show or not (accepted or rejected):
        data, _ = read_annotation_data(case_dir / ANNOTATIONS_FILE)
        sentences = {s.id: s.text for s in read_article(case_dir / ARTICLE_FILE).sentences}
        queue = review_queue(data)
        feeds = _key_feeds(case_dir)
        for layer in LAYERS:
            if not queue[layer]:
                continue
            click.echo(f"{layer.replace('_', ' ')} ({len(queue[layer])} to review):")
            for item in queue[layer]:
                first = "REVIEW FIRST " if flagged(item) else ""
                conf = item.get("confidence")
                conf_text = f" [{conf:.2f}]" if isinstance(conf, (int, float)) else ""
                keys = feeds.get(str(item["id"])) if feeds is not None else None
                keys_text = "" if keys is None else "  [graded keys: " + (", ".join(keys) or "none") + "]"
                click.echo(f"  {first}{item['id']}{conf_text}: {describe_item(layer, item, sentences)}{keys_text}")
        if not any(queue.values()):
            click.echo("nothing left to review.")
        elif feeds is not None:
            click.echo(f"What each graded key says of an item: medialit key --case {case_dir} --by-annotation")


def _key_feeds(case_dir: Path) -> dict[str, list[str]] | None:
    """Per item id, the graded keys that rest on it; None (with a note) when the case does not load."""
    from medialit import api
    from medialit.curriculum.lineage import feeds_by_annotation
    from medialit.errors import MedialitError

    try:
        case, lessons = api.load_module(case_dir)
    except MedialitError as exc:
        first = str(exc).split("\n")[0]
        click.echo(f"note: graded keys not shown: the case does not load ({first}).", err=True)
        return None
    return {f.id: [k.question for k in f.keys] for f in feeds_by_annotation(case, lessons)}
