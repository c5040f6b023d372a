"""Generated notebooks run in a real kernel (nbclient); executed solutions still grade to full marks."""

import nbformat
import pytest
from nbclient import NotebookClient

from medialit.grading.extract import extract
from medialit.grading.grade import AnswerKey, grade_extracted
from medialit.model import ANSWER_MIME

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _run(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    return nb


def test_lessons_execute_without_errors(generated, tmp_path):
    for path in sorted((generated / "lessons").glob("*.ipynb")):
        nb = _run(path, tmp_path)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out.output_type != "error", (path.name, cell.id, out.get("evalue"))
        widget_outputs = [
            o
            for c in nb.cells
            for o in c.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        ]
        assert widget_outputs, f"{path.name}: no widget was displayed"


def test_executed_solutions_keep_full_marks(generated, tmp_path, lessons):
    key = AnswerKey.from_lessons(lessons)
    for path in sorted((generated / "solutions").glob("*.ipynb")):
        nb = _run(path, tmp_path)
        records = [o for c in nb.cells for o in c.get("outputs", []) if ANSWER_MIME in o.get("data", {})]
        widget_qs = {
            c.metadata["medialit"]["question"]
            for c in nb.cells
            if c.metadata["medialit"]["role"] == "answer" and "show(" in c.source
        }
        assert {r["data"][ANSWER_MIME]["question"] for r in records} == widget_qs
        _lesson, results = grade_extracted(extract(nbformat.from_dict(nb)), key)
        auto = [r for r in results if r.status != "needs manual grading"]
        assert all(r.status == "correct" for r in auto), [(r.question, r.status, r.message) for r in auto]


def test_exercises_execute_and_public_checks_say_not_answered(generated, tmp_path):
    for path in sorted((generated / "exercises").glob("*.ipynb")):
        nb = _run(path, tmp_path)
        checks = [c for c in nb.cells if c.metadata["medialit"]["role"] == "check"]
        assert checks
        for c in checks:
            text = "".join(o.get("data", {}).get("text/plain", "") for o in c.outputs)
            assert "not answered yet" in text or "run the cell above" in text, (c.id, text)
