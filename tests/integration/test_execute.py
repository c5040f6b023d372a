"""Generated notebooks run in a real kernel (nbclient); executed solutions still grade to full marks.

One test per notebook, so one failing notebook does not hide the others (and pytest-xdist can
run them in parallel).
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from medialit.contracts import ANSWER_MIME
from medialit.grading.batch import load_key
from medialit.grading.extract import extract
from medialit.grading.grade import grade_extracted

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]


def _names(folder: str) -> list[str]:
    """The notebooks of ``folder`` as committed (generate --check keeps them equal to the generator's)."""
    return sorted(p.name for p in (ROOT / folder).glob("*.ipynb"))


LESSONS, SOLUTIONS, EXERCISES = _names("lessons"), _names("solutions"), _names("exercises")


def _run(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def test_every_generated_notebook_is_one_of_the_parametrized(generated):
    assert LESSONS and SOLUTIONS and EXERCISES
    for folder, names in (("lessons", LESSONS), ("solutions", SOLUTIONS), ("exercises", EXERCISES)):
        assert sorted(p.name for p in (generated / folder).glob("*.ipynb")) == names, folder


@pytest.mark.parametrize("name", LESSONS)
def test_lesson_executes_without_errors(generated, tmp_path, name):
    nb = _run(generated / "lessons" / name, tmp_path)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", (name, cell.id, out.get("evalue"))
    widget_outputs = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widget_outputs, f"{name}: no widget was displayed"


@pytest.mark.parametrize("name", SOLUTIONS)
def test_executed_solution_keeps_full_marks(generated, tmp_path, name):
    key = load_key()  # the grader's key: search records are replayed on the case's packet
    nb = _run(generated / "solutions" / name, tmp_path)
    records = [o for c in nb.cells for o in c.get("outputs", []) if ANSWER_MIME in o.get("data", {})]
    widget_qs = {
        c.metadata["medialit"]["question"]
        for c in nb.cells
        if c.metadata["medialit"]["role"] == "answer" and "show(" in c.source
    }
    assert {r["data"][ANSWER_MIME]["question"] for r in records} == widget_qs
    _lesson, results = grade_extracted(extract(nbformat.from_dict(nb)), key)
    auto = [r for r in results if r.status != "needs manual grading"]
    assert auto, f"{name}: no automatically graded question"
    assert all(r.status == "correct" for r in auto), [
        (r.question, r.status, r.message) for r in auto if r.status != "correct"
    ]


@pytest.mark.parametrize("name", EXERCISES)
def test_exercise_executes_and_public_checks_say_not_answered(generated, tmp_path, name):
    nb = _run(generated / "exercises" / name, tmp_path)
    checks = [c for c in nb.cells if c.metadata["medialit"]["role"] == "check"]
    assert checks
    for c in checks:
        text = "".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
        assert "not answered yet" in text or "run the cell above" in text, (c.id, text)
