"""What a saved medialit notebook holds where a live widget was (the Jupyter Server pre-save hook)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from medialit.contracts import ANSWER_MIME
from medialit.runtime.jupyter_server import pre_save_hook
from medialit.runtime.saved import EDIT_NOTE, PRACTICE_NOTE, WIDGET_VIEW_MIME, strip_widget_views


def notebook(medialit: bool = True) -> dict[str, Any]:
    view = {
        "output_type": "display_data",
        "data": {WIDGET_VIEW_MIME: {"model_id": "abc", "version_major": 2}, "text/html": "<div>live</div>"},
        "metadata": {},
    }
    record = {"output_type": "display_data", "data": {ANSWER_MIME: {"value": []}, "text/plain": "Saved: …"}}
    return {
        "metadata": {"medialit": {"schema_version": 1}} if medialit else {},
        "cells": [
            {"cell_type": "code", "metadata": {"medialit": {"role": "answer"}}, "outputs": [view, record]},
            {"cell_type": "code", "metadata": {"medialit": {"role": "lesson"}}, "outputs": [view]},
            {"cell_type": "code", "metadata": {}, "outputs": [view]},
        ],
    }


def test_widget_views_become_one_readable_line_and_the_record_stays() -> None:
    nb = notebook()
    out, replaced = strip_widget_views(nb)
    assert replaced == 2
    answer, practice, other = out["cells"]
    assert answer["outputs"][0]["data"] == {
        "text/plain": EDIT_NOTE,
        "text/html": f'<p class="medialit-saved-note"><em>{EDIT_NOTE}</em></p>',
    }
    assert "run the setup cell and this cell to edit your answer" in EDIT_NOTE
    assert answer["outputs"][1]["data"][ANSWER_MIME] == {"value": []}  # the answer of record is kept
    assert practice["outputs"][0]["data"]["text/plain"] == PRACTICE_NOTE
    assert WIDGET_VIEW_MIME in other["outputs"][0]["data"]  # not a medialit cell: untouched
    assert WIDGET_VIEW_MIME in nb["cells"][0]["outputs"][0]["data"]  # the input is not modified


def test_other_notebooks_and_files_are_saved_as_they_are() -> None:
    nb = notebook(medialit=False)
    assert strip_widget_views(nb) == (nb, 0)
    model = {"type": "file", "content": "text"}
    pre_save_hook(model)
    assert model == {"type": "file", "content": "text"}
    model = {"type": "notebook", "content": notebook()}
    pre_save_hook(model, path="x.ipynb", contents_manager=None)
    assert WIDGET_VIEW_MIME not in str(model["content"]["cells"][:2])


def test_a_notebook_of_another_schema_version_is_saved_unchanged_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """schema_version 42 in the metadata was read as if it were 1; now it is left alone and named in the log."""
    for where in ("notebook", "cell"):
        nb = notebook()
        if where == "notebook":
            nb["metadata"]["medialit"]["schema_version"] = 42
        else:
            nb["cells"][1]["metadata"]["medialit"]["schema_version"] = 42
        assert strip_widget_views(nb) == (nb, 0)
        model = {"type": "notebook", "content": nb}
        with caplog.at_level(logging.WARNING, logger="medialit"):
            pre_save_hook(model, path="course/ex2.ipynb", contents_manager=None)
        assert model["content"] is nb
        assert "course/ex2.ipynb" in caplog.text and "schema_version 42" in caplog.text
        assert "reads only schema_version 1" in caplog.text
        caplog.clear()
