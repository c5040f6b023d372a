"""`medialit generate`: byte-identical output, --check, committed notebooks in sync."""

import json
from pathlib import Path

import nbformat
import pytest

from medialit import api
from medialit.api import MANAGED, generate, generate_files, packaged_bundle, render_module
from medialit.case.bundle import BUNDLE_FILE
from medialit.errors import StaleOutputError
from medialit.runtime.session import EMBEDDED_BUNDLE

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
    result = generate(ROOT, check=True)
    # ... and so is the student bundle that ships in the package (use() loads it when a notebook is alone)
    assert "src/medialit/casestudies/mek/medialit-case.json" in result.files


def _checkout(root: Path, *, src: str = "src", pyproject: bool = True) -> Path:
    """A source-tree layout: ``root/pyproject.toml`` and ``root/<src>/medialit/casestudies/mek``."""
    case = root / src / "medialit" / "casestudies" / "mek"
    case.mkdir(parents=True)
    if pyproject:
        (root / "pyproject.toml").write_text("[project]\nname = 'medialit'\n")
    return case


def test_the_packaged_bundle_is_written_only_in_a_checkout_generating_into_it(tmp_path):
    checkout = tmp_path / "checkout"
    case = _checkout(checkout)
    assert packaged_bundle(checkout, None, case) == case.resolve() / BUNDLE_FILE
    assert packaged_bundle(checkout, case, case) == case.resolve() / BUNDLE_FILE  # --case naming it
    assert packaged_bundle(checkout / "course", None, case) is None  # generating somewhere else
    assert packaged_bundle(checkout, tmp_path / "other-case", case) is None  # another case
    # An installed medialit: site-packages/medialit, even with a pyproject.toml two levels up.
    installed = _checkout(tmp_path / "venv", src="site-packages")
    assert packaged_bundle(tmp_path / "venv", None, installed) is None
    # A src/ layout without a pyproject.toml above it is not a checkout either.
    bare = _checkout(tmp_path / "bare", pyproject=False)
    assert packaged_bundle(tmp_path / "bare", None, bare) is None
    # This checkout: generate into its root keeps the real packaged bundle current; elsewhere, never.
    assert packaged_bundle(ROOT, None) == EMBEDDED_BUNDLE.resolve()
    assert packaged_bundle(tmp_path, None) is None


@pytest.mark.slow  # generates the module three times: 3 s
def test_generate_refreshes_a_stale_packaged_bundle_and_check_reports_it(tmp_path):
    target = tmp_path / "src" / "medialit" / "casestudies" / "mek" / BUNDLE_FILE
    shown = "src/medialit/casestudies/mek/medialit-case.json"
    first = generate_files(tmp_path, None, check=False, packaged=target)  # missing: written
    assert shown in first.changed and shown in first.files
    assert target.read_bytes() == (tmp_path / "lessons" / BUNDLE_FILE).read_bytes() == api.student_bundle()
    target.write_text("{}\n")  # stale, as after a curriculum change without `make embedded-bundle`
    with pytest.raises(StaleOutputError) as info:
        generate_files(tmp_path, None, check=True, packaged=target)
    assert info.value.stale == [shown]
    again = generate_files(tmp_path, None, check=False, packaged=target)
    assert again.changed == (shown,)
    assert target.read_bytes() == api.student_bundle()
    assert generate_files(tmp_path, None, check=False, packaged=target).changed == ()  # byte-identical
    generate_files(tmp_path, None, check=True, packaged=target)


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
