"""Review widgets for a drafted case: accept, fix or reject each item, then write back.

An adapter at the edge of the package (it imports ipywidgets and IPython, so it sits
beside the CLI and the runtime, above the analysis core; see docs/architecture.md).
The review notebook that ``medialit new`` writes runs ``from medialit.review_app import
review``. The logic it calls, :func:`medialit.drafter.review.apply_decisions`, is
pure and tested on its own.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import display

from medialit.case.load import ANNOTATIONS_FILE, ARTICLE_FILE, load_case, read_annotation_data, read_article
from medialit.curriculum.lineage import ItemFeeds, feeds_by_annotation
from medialit.curriculum.spec import load_curriculum
from medialit.drafter.review import EDITABLE, LAYERS, REVIEW_FIRST_BELOW, flagged, review_queue, write_decisions
from medialit.errors import MedialitError
from medialit.model import ATTRIBUTION_MODES, CLAIM_KINDS, FRAMING_DEVICES, VERDICTS

CHOICES: dict[str, tuple[Any, ...]] = {
    "kind": CLAIM_KINDS,
    "check_worthy": (True, False),
    "linked": (False, True),
    "mode": ATTRIBUTION_MODES,
    "device": FRAMING_DEVICES,
    "verdict": VERDICTS,
}


def _describe(layer: str, item: dict[str, Any], sentences: dict[str, str]) -> str:
    conf = item.get("confidence")
    flag = f"<b>⚑ REVIEW FIRST</b> (confidence below {REVIEW_FIRST_BELOW:.1f}) " if flagged(item) else ""
    head = (
        flag
        + f"<b>{html.escape(item['id'])}</b>"
        + (f" <small>(confidence {conf:.2f})</small>" if conf is not None else "")
    )
    if layer == "claims":
        text = html.escape(sentences.get(item["sentence"], ""))
        body = f"{item['kind']}, check-worthy: {item['check_worthy']}<br><i>{text}</i>"
    elif layer == "sources":
        body = f"{html.escape(item['name'])} ({item['kind']})"
    elif layer == "attributions":
        cue = item.get("cue") or {}
        cue_text = html.escape(cue.get("text", ""))
        body = f"{html.escape(item['source'])} via <q>{cue_text}</q> ({item['mode']}) -> {', '.join(item['claims'])}"
    elif layer == "framing":
        spans = "; ".join(html.escape(s["text"]) for s in item.get("spans") or [])
        where = spans or ", ".join(item.get("paragraphs") or [])
        body = f"{item['device']}: <q>{where}</q><br>{html.escape(item['explanation'])}"
    else:
        body = f"claim {item['claim']}: {item['verdict']}"
    return f"{head}: {body}"


def feeds_html(feeds: list[ItemFeeds]) -> str:
    """The item-by-item key preview as an HTML table (every string escaped)."""
    rows = []
    for f in feeds:
        if not f.keys:
            continue
        mark = "<b>needs review</b>" if f.needs_review else "reviewed"
        keys = "<br>".join(
            f"<b>{html.escape(k.question)}</b> ({html.escape(k.type.replace('_', ' '))}): {html.escape(k.says)}"
            for k in f.keys
        )
        rows.append(
            f"<tr><td>{html.escape(f.layer.replace('_', ' '))}</td><td><code>{html.escape(f.id)}</code><br>"
            f"{html.escape(f.label)}</td><td>{mark}</td><td>{keys}</td></tr>"
        )
    pending = sum(1 for f in feeds if f.needs_review and f.keys)
    head = (
        f"<p>{pending} item(s) still marked needs_review feed graded keys. Each row: an annotation item, "
        "and what each graded key that rests on it says of it (<i>not in the key</i>: the rule read the "
        "item and left it out).</p>"
    )
    table = "<tr><th>layer</th><th>item</th><th>status</th><th>graded keys</th></tr>" + "".join(rows)
    return head + f"<table>{table}</table>"


def key_preview(case_dir: str | Path = ".") -> object:
    """Show which graded keys each annotation item of ``case_dir`` feeds, and what each key will be.

    The same view as ``medialit key --case CASE --by-annotation``; run it again after writing
    decisions back. A case that does not load (an annotation problem) shows the problem instead.
    """
    box = w.HTML(preview_html(case_dir))
    display(box)
    return box


def preview_html(case_dir: str | Path) -> str:
    """:func:`feeds_html` of the case in ``case_dir``, or why there is none (the case does not load)."""
    try:
        case = load_case(case_dir)
        return feeds_html(feeds_by_annotation(case, load_curriculum(case)))
    except MedialitError as exc:
        return f"<p>No key preview: {html.escape(str(exc))}</p>"


def review(case_dir: str | Path = ".") -> object:
    """Show the review widgets for ``case_dir`` (a case folder holding annotations.yaml)."""
    folder = Path(case_dir)
    data, _ = read_annotation_data(folder / ANNOTATIONS_FILE)
    sentences = {s.id: s.text for s in read_article(folder / ARTICLE_FILE).sentences}
    controls: dict[str, tuple[Any, dict[str, Any]]] = {}
    pages = []
    queue = review_queue(data)
    for layer in LAYERS:
        rows = []
        for item in queue[layer]:
            action = w.ToggleButtons(options=["keep for later", "accept", "fix", "reject"], value="keep for later")
            fields = {
                key: w.Dropdown(options=list(CHOICES[key]), value=item.get(key), description=key)
                if key in CHOICES and item.get(key) in CHOICES[key]
                else w.Text(value=str(item.get(key, "")), description=key)
                for key in EDITABLE[layer]
                if key in item
            }
            controls[item["id"]] = (action, fields)
            rows.append(w.VBox([w.HTML(_describe(layer, item, sentences)), action, w.HBox(list(fields.values()))]))
        pages.append(w.VBox(rows or [w.HTML("Nothing left to review here.")]))
    tabs = w.Tab(children=pages)
    for i, layer in enumerate(LAYERS):
        first = sum(1 for item in queue[layer] if flagged(item))
        tabs.set_title(i, layer.replace("_", " ") + (f" ({first} first)" if first else ""))
    out = w.Output()
    button = w.Button(description="Write back", button_style="primary")

    def write(_: object) -> None:
        decisions = {}
        for item_id, (action, fields) in controls.items():
            if action.value == "keep for later":
                continue
            changes = {k: f.value for k, f in fields.items()} if action.value == "fix" else {}
            decisions[item_id] = {"action": action.value, "changes": changes}
        out.clear_output()
        with out:
            try:
                status = write_decisions(folder, decisions)
            except Exception as exc:  # shown to the teacher, nothing written
                print(f"Not written: {exc}")
            else:
                print(f"Wrote {folder / ANNOTATIONS_FILE}: {status.summary()} Re-run the cell to refresh.")
                preview.value = preview_html(folder)

    button.on_click(write)
    n_first = sum(1 for layer in LAYERS for item in queue[layer] if flagged(item))
    note = w.HTML(
        f"{n_first} item(s) have a drafted confidence below {REVIEW_FIRST_BELOW:.1f}: they are marked "
        "⚑ REVIEW FIRST and listed at the top of each tab."
    )
    preview = w.HTML(preview_html(folder))
    keys = w.Accordion(children=[preview], titles=("What the graded keys will be",))
    box = w.VBox([tabs, button, out, note, keys])
    display(box)
    return box
