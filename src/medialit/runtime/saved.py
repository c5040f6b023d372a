"""What a saved notebook holds in place of a live widget (pure: no Jupyter imports).

A live widget's output is a ``application/vnd.jupyter.widget-view+json`` bundle
that points at a model in the running kernel. Saved as is, a notebook reopened
later (no kernel, or a fresh one) shows "Error displaying widget: model not
found" there. :func:`strip_widget_views` replaces each such output of a medialit
notebook with one readable line; the answer itself is in the answer record
output beside it (``text/plain`` and ``text/html``), which stays.
"""

from __future__ import annotations

import copy
import html
from typing import Any

from medialit.contracts import META_KEY, cell_version_problem

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
EDIT_NOTE = "Interactive exercise: run the setup cell and this cell to edit your answer."
PRACTICE_NOTE = "Interactive practice: run the setup cell and this cell to try it."


def placeholder(note: str) -> dict[str, object]:
    """A display output holding only ``note`` (text and HTML), as nbformat stores it."""
    return {
        "output_type": "display_data",
        "data": {
            "text/plain": note,
            "text/html": f'<p class="medialit-saved-note"><em>{html.escape(note)}</em></p>',
        },
        "metadata": {},
    }


def strip_widget_views(nb: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A copy of notebook ``nb`` (nbformat 4 JSON) with each widget view of a medialit cell replaced.

    Only notebooks with ``metadata.medialit`` and cells with ``metadata.medialit``
    are touched, and not those whose metadata has a ``schema_version`` this medialit does
    not read (see :func:`version_problem`). Returns the new notebook and the number of
    outputs replaced.
    """
    if not isinstance(nb, dict) or not isinstance(nb.get("metadata", {}).get(META_KEY), dict):
        return nb, 0
    if version_problem(nb, "the notebook"):
        return nb, 0
    out = copy.deepcopy(nb)
    replaced = 0
    for cell in out.get("cells", []):
        meta = cell.get("metadata", {}).get(META_KEY)
        if cell.get("cell_type") != "code" or not isinstance(meta, dict):
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict) and WIDGET_VIEW_MIME in data:
                note = PRACTICE_NOTE if meta.get("role") == "lesson" else EDIT_NOTE
                outputs.append(placeholder(note))
                replaced += 1
            else:
                outputs.append(output)
        cell["outputs"] = outputs
    return out, replaced


def version_problem(nb: dict[str, Any], where: str) -> str | None:
    """Why a notebook's medialit metadata is of a schema version this medialit does not read (or ``None``)."""
    return cell_version_problem(nb, where)
