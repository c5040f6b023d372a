"""The CLI: exit codes and the wording of its one-line errors."""

import json

from medialit.cli import main


def test_validate_ok(capsys):
    assert main(["validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_reports_located_problems(case_copy, capsys):
    path = case_copy / "annotations.yaml"
    path.write_text(path.read_text().replace("source: src-nbc\n", "source: src-nbx\n"))
    assert main(["validate", str(case_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "[at-p10-nbc]" in err and "did you mean 'src-nbc'" in err
    assert "Traceback" not in err


def test_generate_check_fails_on_stale_output(tmp_path, capsys):
    assert main(["generate", "--out", str(tmp_path)]) == 0
    nb = next((tmp_path / "lessons").glob("*.ipynb"))
    nb.write_text(nb.read_text() + " ")
    assert main(["generate", "--check", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "stale" in err and nb.name in err and "medialit generate" in err


def test_key_json_lists_every_question(capsys, lessons):
    assert main(["key", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["question"] for e in entries] == [q.id for lesson in lessons for q in lesson.questions]
    by_id = {q.id: q for lesson in lessons for q in lesson.questions}
    assert all(
        e["citations"] or e["rubric"] or by_id[e["question"]].settings.get("evidence") == "text" for e in entries
    )


def test_grade_exit_codes(generated, tmp_path, capsys):
    sol = next((generated / "solutions").glob("*.ipynb"))
    assert main(["grade", str(sol), "--out", str(tmp_path / "a")]) == 0
    bad = tmp_path / "empty.ipynb"
    bad.write_bytes(b"")
    assert main(["grade", str(sol), str(bad), "--out", str(tmp_path / "b")]) == 1
    assert "the file is empty" in capsys.readouterr().err


def test_usage_error_is_exit_2(capsys):
    assert main(["grade"]) == 2
    assert main(["build", "--edition", "principal"]) == 2


def test_missing_case_folder_is_one_line(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) in (1, 2)
    assert "Traceback" not in capsys.readouterr().err
