"""A Colab-like run in a real kernel: no JPY_SESSION_NAME, no sidecar, "Run all" in a new runtime.

An exercise is run once in a real kernel and answered (one widget's value set, as a click
does), then saved; its ``.medialit`` sidecar folder is deleted, as a new Colab runtime has
none, and the saved notebook is run again from the top in a fresh kernel, with no
``JPY_SESSION_NAME`` (nbclient sets none, and neither does Colab).

- With Colab's kernel-side API present, the answer survives: ``use()`` reads the notebook
  through it before the answered cell runs again. The API is a stand-in here (a
  ``google.colab._message`` module on the kernel's path whose ``blocking_request("get_ipynb")``
  hands over the notebook as saved), since Colab's front end is not available offline.
- With no front end that tells which notebook this is, the answer cannot be read back, and
  ``use()`` says so in its output.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from medialit.contracts import ANSWER_MIME
from medialit.runtime.notebook import KEEPING

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ANSWER = (
    "from medialit.runtime.session import current\n"
    "w = current().widgets['L3.Q1']\n"
    "w.value = [w.items[0]['id'], w.items[1]['id']]\n"
    "print(w.value)"
)
COLAB_MESSAGE = '''
"""Stand-in for Colab's kernel-side API: get_ipynb hands over the notebook as the front end holds it."""
import json
import os


def blocking_request(request_type, request="", timeout_sec=5, parent=None):
    assert request_type == "get_ipynb", request_type
    with open(os.environ["COLAB_STANDIN_NOTEBOOK"], encoding="utf-8") as handle:
        return {"ipynb": json.load(handle)}
'''


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "MEDIALIT_"))}
    env.update(extra)
    return env


def _execute(nb: Any, folder: Path, env: dict[str, str], colab: bool = False) -> Any:
    client = NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    if colab:  # a Colab kernel imports google.colab when it starts
        client.extra_arguments = ["--IPKernelApp.exec_lines=['import google.colab']"]
    client.execute(env=env)
    return nb


def _records(nb: Any, question: str) -> list[dict[str, Any]]:
    return [
        o["data"][ANSWER_MIME]
        for c in nb.cells
        for o in c.get("outputs", [])
        if ANSWER_MIME in o.get("data", {}) and o["data"][ANSWER_MIME]["question"] == question
    ]


def _setup_text(nb: Any) -> str:
    setup = next(c for c in nb.cells if c.cell_type == "code")
    return "\n".join(str(o.get("data", {}).get("text/plain", "")) for o in setup.outputs)


@pytest.fixture
def answered(tmp_path: Path) -> tuple[Path, list[str]]:
    """An exercise answered in a real kernel and saved, its sidecar folder gone; (notebook, answer)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "exercises" / "03-sourcing.ipynb", work / "03-sourcing.ipynb")
    shutil.copy(ROOT / "exercises" / "medialit-case.json", work / "medialit-case.json")
    nb = nbformat.read(work / "03-sourcing.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.source.startswith("# medialit: L3.Q1")) + 1
    nb.cells.insert(at, nbformat.v4.new_code_cell(ANSWER))
    _execute(nb, work, _env())
    answer = json.loads(nb.cells[at].outputs[0]["text"].replace("'", '"'))
    del nb.cells[at]
    (record,) = _records(nb, "L3.Q1")
    assert record["value"] == answer and record["seq"] >= 1
    nbformat.write(nb, work / "03-sourcing.ipynb")
    assert (work / ".medialit").is_dir()
    shutil.rmtree(work / ".medialit")  # a new runtime: no sidecar
    return work / "03-sourcing.ipynb", answer


def test_run_all_in_a_new_colab_runtime_keeps_the_saved_answer(tmp_path: Path, answered: Any) -> None:
    notebook, answer = answered
    standin = tmp_path / "colab-api"
    (standin / "google" / "colab").mkdir(parents=True)  # "google" stays a namespace package
    (standin / "google" / "colab" / "__init__.py").write_text("", encoding="utf-8")
    (standin / "google" / "colab" / "_message.py").write_text(COLAB_MESSAGE, encoding="utf-8")
    path = os.pathsep.join([str(standin), *filter(None, [os.environ.get("PYTHONPATH")])])
    env = _env(PYTHONPATH=path, COLAB_STANDIN_NOTEBOOK=str(notebook))
    nb = _execute(nbformat.read(notebook, as_version=4), notebook.parent, env, colab=True)
    (record,) = _records(nb, "L3.Q1")
    assert record["value"] == answer, "Run all in a new runtime replaced the saved answer"
    assert KEEPING["colab"] in _setup_text(nb)


def test_where_no_front_end_names_the_notebook_use_says_answers_cannot_be_read_back(answered: Any) -> None:
    notebook, _ = answered
    nb = _execute(nbformat.read(notebook, as_version=4), notebook.parent, _env())
    assert KEEPING["nowhere"] in _setup_text(nb)
    assert "cannot read answers back" in KEEPING["nowhere"]
    (record,) = _records(nb, "L3.Q1")
    assert record["value"] == [], "without Colab's API the first test's answer would be lost: it tests something"
