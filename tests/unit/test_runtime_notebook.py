"""Where the kernel reads its notebook back: a file, Colab's copy, or nowhere (runtime.notebook)."""

from __future__ import annotations

import json
import sys
import types

import pytest

from medialit.contracts import ANSWER_MIME
from medialit.errors import WidgetError
from medialit.runtime.notebook import KEEPING, SavedNotebook, colab_notebook, locate_notebook


def notebook(*records: dict) -> dict:
    outputs = [{"output_type": "display_data", "data": {ANSWER_MIME: r}, "metadata": {}} for r in records]
    return {"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": outputs, "metadata": {}}]}


def record(seq: int, value: object, question: str = "L3.Q1", version: int = 1) -> dict:
    return {"schema_version": version, "question": question, "seq": seq, "value": value}


def colab(monkeypatch: pytest.MonkeyPatch, reply: object) -> None:
    """Colab's kernel-side API, as a Colab kernel has it loaded (google.colab._message)."""
    message = types.ModuleType("google.colab._message")
    message.blocking_request = lambda kind, request="", timeout_sec=5: reply  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setitem(sys.modules, "google.colab._message", message)


def test_outside_colab_nothing_is_asked_and_nowhere_is_said(monkeypatch, tmp_path):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert colab_notebook() is None
    found = locate_notebook()
    assert found.where == "nowhere" and found.record("L3.Q1") is None
    assert found.keeping == KEEPING["nowhere"] and ".medialit" in found.keeping


def test_in_colab_the_newest_record_is_read_from_colabs_copy(monkeypatch, tmp_path):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    colab(monkeypatch, {"ipynb": notebook(record(1, ["p8.s1"]), record(3, ["p8.s2"]), record(2, []))})
    found = locate_notebook()
    assert found.where == "colab" and "Colab" in found.keeping
    assert found.record("L3.Q1") == record(3, ["p8.s2"])
    assert found.record("L3.Q2") is None


@pytest.mark.parametrize("reply", [None, {}, {"ipynb": "not a notebook"}, "odd"])
def test_a_colab_reply_that_is_not_a_notebook_is_nowhere(monkeypatch, tmp_path, reply):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    colab(monkeypatch, reply)
    assert locate_notebook().where == "nowhere"


def test_the_file_a_front_end_names_comes_first_and_is_read_as_saved(monkeypatch, tmp_path):
    path = tmp_path / "ex.ipynb"
    path.write_text(json.dumps(notebook(record(1, ["a"]))), encoding="utf-8")
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    colab(monkeypatch, {"ipynb": notebook(record(9, ["colab"]))})
    found = locate_notebook()
    assert found == SavedNotebook("file", path=path)
    path.write_text(json.dumps(notebook(record(2, ["b"]))), encoding="utf-8")  # saved again
    assert found.record("L3.Q1") == record(2, ["b"])


def test_a_record_of_another_schema_version_in_colabs_copy_is_refused():
    copy = SavedNotebook("colab", copy=notebook(record(1, ["a"], version=99)))
    with pytest.raises(WidgetError, match="this Colab notebook"):
        copy.record("L3.Q1")
