"""`medialit generate`: byte-identical output, --check, committed notebooks in sync."""

import json
from pathlib import Path

import nbformat
import pytest

from medialit.api import MANAGED, generate, render_module
from medialit.errors import StaleOutputError

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_generating_twice_changes_no_byte(tmp_path):
    first = generate(tmp_path)
    snapshot = {p: (tmp_path / p).read_bytes() for p in first.files}
    second = generate(tmp_path)
    assert second.changed == ()
    assert {p: (tmp_path / p).read_bytes() for p in first.files} == snapshot
    assert render_module(None, tmp_path) == snapshot


@pytest.mark.slow
def test_check_names_stale_and_extra_files(tmp_path):
    generate(tmp_path)
    generate(tmp_path, check=True)  # up to date: no error
    victim = sorted((tmp_path / "exercises").glob("*.ipynb"))[0]
    victim.write_text(victim.read_text().replace("answer", "answr", 1))
    (tmp_path / "lessons" / "99-old.ipynb").write_text("{}")
    with pytest.raises(StaleOutputError) as info:
        generate(tmp_path, check=True)
    stale = info.value.stale
    assert str(victim.relative_to(tmp_path)) in stale
    assert any("99-old.ipynb" in s for s in stale)


def test_committed_notebooks_are_up_to_date():
    generate(ROOT, check=True)


def test_notebooks_are_valid_v4_5_with_stable_ids(generated):
    for folder in MANAGED:
        for path in sorted((generated / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
            assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
            ids = [c.id for c in nb.cells]
            assert len(ids) == len(set(ids)), path
            assert all(c.metadata["medialit"]["schema_version"] == 1 for c in nb.cells)
            text = path.read_text()
            assert 'execution_count": 1' not in text  # nothing executed, nothing time-stamped
            assert '"date"' not in json.dumps(nb.metadata)


def test_answer_cells_carry_question_metadata_and_marker(generated, lessons):
    for lesson in lessons:
        path = next((generated / "exercises").glob(f"{lesson.number:02d}-*.ipynb"))
        nb = nbformat.read(path, as_version=4)
        answers = {
            c.metadata["medialit"]["question"]: c for c in nb.cells if c.metadata["medialit"]["role"] == "answer"
        }
        assert list(answers) == [q.id for q in lesson.questions]
        for qid, cell in answers.items():
            assert cell.source.startswith(f"# medialit: {qid}\n")
            assert cell.id == qid.lower().replace(".", "-") + "-answer"
