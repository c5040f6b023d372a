"""The CLI: exit codes and the wording of its one-line errors."""

import json

import pytest

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


@pytest.mark.slow
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
        e["citations"] or e["rubric"] or by_id[e["question"]].settings.get("evidence") in ("text", "constructed")
        for e in entries
    )


@pytest.mark.slow
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


def test_id_pattern_that_does_not_compile_is_a_usage_error(tmp_path, capsys):
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "o"), "--id-pattern", "("]) == 2
    err = capsys.readouterr().err
    assert "--id-pattern" in err and "not a valid regular expression" in err
    assert not (tmp_path / "o").exists()


def test_missing_case_folder_is_one_line(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) in (1, 2)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.slow
def test_grade_takes_the_case_as_case_and_key_is_a_hidden_deprecated_alias(generated, case_copy, tmp_path, capsys):
    sol = next((generated / "solutions").glob("*.ipynb"))
    assert main(["grade", str(sol), "--out", str(tmp_path / "case"), "--case", str(case_copy)]) == 0
    assert "deprecated" not in capsys.readouterr().err
    assert main(["grade", str(sol), "--out", str(tmp_path / "key"), "--key", str(case_copy)]) == 0
    assert "--key is deprecated; use --case" in capsys.readouterr().err
    for name in ("grades.csv", "summary.json"):
        assert (tmp_path / "case" / name).read_bytes() == (tmp_path / "key" / name).read_bytes()
    # The old name points at the case too: a missing case folder fails the same way under both names.
    missing = str(tmp_path / "nope")
    assert main(["grade", str(sol), "--out", str(tmp_path / "x"), "--key", missing]) == 1
    assert "nope" in capsys.readouterr().err
    clash = ["grade", str(sol), "--out", str(tmp_path / "y"), "--case", str(case_copy), "--key", missing]
    assert main(clash) == 2
    assert "give only --case" in capsys.readouterr().err
    assert main(["grade", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--case" in text
    assert "--key" not in text


def test_shell_completion_scripts_and_completions(tmp_path):
    """The README's completion recipe works: click's scripts for bash, zsh, fish, and real completions."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    exe = shutil.which("medialit", path=str(Path(sys.executable).parent))
    assert exe is not None
    base = {k: v for k, v in os.environ.items() if not k.startswith("_MEDIALIT")}
    for shell, needle in (("bash", "complete -o nosort -F"), ("zsh", "#compdef medialit"), ("fish", "complete")):
        env = {**base, "_MEDIALIT_COMPLETE": f"{shell}_source"}
        script = subprocess.run([exe], env=env, capture_output=True, text=True, check=True, timeout=60).stdout
        assert needle in script, shell
        assert "_MEDIALIT_COMPLETE" in script
    env = {**base, "_MEDIALIT_COMPLETE": "bash_complete", "COMP_WORDS": "medialit grade --ca", "COMP_CWORD": "2"}
    words = subprocess.run([exe], env=env, capture_output=True, text=True, check=True, timeout=60).stdout.split()
    assert "plain,--case" in words
    assert "plain,--canvas-gradebook" in words
    assert not any("--key" in w for w in words)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_MEDIALIT_COMPLETE={shell}_source medialit" in readme


def test_help_typical_use_names_new_and_the_lms_export(capsys):
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    typical = text.split("Typical use:", 1)[1].split("Options:", 1)[0]
    assert "medialit new ARTICLE --out DIR" in typical
    assert "--canvas-gradebook EXPORT.csv --assignment NAME" in typical
