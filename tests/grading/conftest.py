"""Fixtures for the grader: the key, generated notebooks as JSON, and a submission builder.

Submissions are written as code (answers by question id), not as hand-edited
.ipynb files: ``submission({"L3.Q3": "b", "L3.Q7": "answer = 0.5"})`` returns
notebook JSON for the exercise notebook with those answers filled in.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from medialit import api
from medialit.api import render_module
from medialit.contracts import ANSWER_MIME
from medialit.grading.answer_key import AnswerKey
from medialit.grading.batch import BatchOptions, load_key
from medialit.grading.grade import Grader
from medialit.grading.isolation import sandbox
from medialit.grading.isolation.sandbox import TRACE_ENV
from medialit.model import Lesson, Question

WIDGET_SOURCE = "show("


@pytest.fixture(scope="session")
def key() -> AnswerKey:
    return load_key()


@pytest.fixture(scope="session")
def rendered() -> dict[str, bytes]:
    """The generated notebooks (the student bundle files beside them left out)."""
    return {path: data for path, data in render_module().items() if path.endswith(".ipynb")}


def _pick_lesson(key: AnswerKey) -> Lesson:
    """The lesson with the most question types among those with a code and a select_spans question
    (the grading tests need both), the earliest on a tie."""

    def rank(lesson: Lesson) -> tuple[bool, int, int]:
        types = {q.type for q in lesson.questions}
        return ({"code", "select_spans"} <= types, len(types), -lesson.number)

    return max(key.lessons.values(), key=rank)


@pytest.fixture(scope="session")
def lesson(key: AnswerKey) -> Lesson:
    return _pick_lesson(key)


def _notebook(rendered: dict[str, bytes], edition: str, lesson: Lesson) -> dict[str, Any]:
    for path, data in sorted(rendered.items()):
        if path.startswith(edition + "/") and Path(path).name.startswith(f"{lesson.number:02d}-"):
            return json.loads(data)
    raise LookupError(f"no {edition} notebook for {lesson.id}")


@pytest.fixture(scope="session")
def exercise(rendered, lesson) -> dict[str, Any]:
    return _notebook(rendered, "exercises", lesson)


@pytest.fixture(scope="session")
def solution(rendered, lesson) -> dict[str, Any]:
    return _notebook(rendered, "solutions", lesson)


def first_question(lesson: Lesson, wanted: Callable[[Question], bool], what: str) -> Question:
    """The first question of the lesson that is ``wanted``. A lesson without one fails the test
    (never skips it): a grading test must not pass silently when the curriculum changes."""
    for q in lesson.questions:
        if wanted(q):
            return q
    pytest.fail(
        f"{lesson.id} has no {what}: the grading tests use the lesson with the most question types "
        "(tests/grading/conftest.py, _pick_lesson); give that lesson one, or change the pick",
        pytrace=False,
    )


def by_type(lesson: Lesson, qtype: str) -> Question:
    """The first question of ``qtype`` in the lesson; the test fails when there is none."""
    return first_question(lesson, lambda q: q.type == qtype, f"{qtype} question")


def fill(template: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``template`` with answers: widget questions get an answer record, others a literal.

    A value of type :class:`Code` replaces the whole answer cell body (for code questions).
    """
    nb = copy.deepcopy(template)
    for cell in nb["cells"]:
        m = cell.get("metadata", {}).get("medialit", {})
        qid = m.get("question")
        if m.get("role") != "answer" or qid not in answers:
            continue
        value = answers[qid]
        head = f"# medialit: {qid}\n"
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if isinstance(value, Code):
            cell["source"] = head + value.text
        elif WIDGET_SOURCE in source:
            rec = {"schema_version": 1, "question": qid, "seq": 7, "value": value}
            data = {ANSWER_MIME: rec, "text/plain": "x"}
            cell["outputs"] = [{"output_type": "display_data", "metadata": {}, "data": data}]
        else:
            cell["source"] = head + "answer = " + repr(value)
    return nb


class Code:
    """The body of a code answer cell."""

    def __init__(self, text: str) -> None:
        self.text = text


def right_answers(lesson: Lesson) -> dict[str, Any]:
    """The key of every automatically graded question, as a student would enter it."""
    out: dict[str, Any] = {}
    for q in lesson.questions:
        if q.type == "code":
            out[q.id] = Code(q.settings["solution"])
        elif q.type == "short_text":
            out[q.id] = "I would search the exact phrase and compare dates."
        else:
            out[q.id] = copy.deepcopy(q.key)
    return out


@pytest.fixture(scope="session")
def submission(exercise) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda answers: fill(exercise, answers)


def to_bytes(nb: dict[str, Any]) -> bytes:
    return json.dumps(nb, indent=1, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="session")
def grader(key) -> Grader:
    g = Grader(key, code_timeout=10)
    yield g
    g.close()


# --- Attacks through a whole batch (test_isolation.py, test_between_students.py) ---------------

SECRET = "victim-secret-7d41"
NOBODY = 65534


@pytest.fixture(scope="session")
def unprivileged_python() -> Iterator[Path | None]:
    """A Python an unprivileged user can run, with this environment's packages (None where there is none)."""
    if os.geteuid() != 0:
        yield None
        return
    python = shutil.which("python3", path="/usr/bin")
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if python is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="medialit-unpriv-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        env_dir = root / "venv"
        subprocess.run([python, "-m", "venv", "--without-pip", str(env_dir)], check=True)
        site_dirs = list((env_dir / "lib").glob(f"python{version}/site-packages"))
        if not site_dirs:
            yield None  # the system Python is another version than the test environment
            return
        here = Path(sys.prefix) / "lib" / f"python{version}" / "site-packages"
        src = Path(sandbox.__file__).parents[3]
        (site_dirs[0] / "medialit_test.pth").write_text(f"{src}\n{here}\n", encoding="utf-8")
        check = subprocess.run(
            [str(env_dir / "bin" / "python"), "-c", "import medialit.api"],
            user=NOBODY,
            group=NOBODY,
            extra_groups=[],
            capture_output=True,
            check=False,
        )
        yield env_dir / "bin" / "python" if check.returncode == 0 else None


def run_as_nobody(python: Path, argv: list[str], root: Path) -> subprocess.CompletedProcess[str]:
    """``python ARGV`` as the unprivileged user ``nobody``, in ``root`` (handed to nobody first).

    The session's trace marker goes along, so the session-end check sees what the run started.
    """
    for path in [root, *root.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(root), "LANG": "C.UTF-8"}
    if os.environ.get(TRACE_ENV):
        env[TRACE_ENV] = os.environ[TRACE_ENV]
    return subprocess.run(
        [str(python), *argv],
        user=NOBODY,
        group=NOBODY,
        extra_groups=[],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(params=["grader's user", "unprivileged grader"])
def batch(request, lesson, submission, unprivileged_python):
    """A folder with a victim's notebook (all right, plus a secret in a comment) and a helper to grade it.

    Every attack runs twice: with the grader as this test's user (root in CI, as on Gradescope) and
    as an unprivileged user (what docs/security.md advises), where the machine allows.
    ``attack(source, jobs=1, name="attacker", more={})`` writes the attacker's notebook (``name``
    sorts before "victim" by default, so it is graded first; ``more``: other attackers, name to
    source) and grades the folder, returning grades.csv's rows by student.
    """
    unprivileged = request.param == "unprivileged grader"
    if unprivileged and unprivileged_python is None:
        pytest.skip("no Python that an unprivileged user can run with this environment's packages")
    with tempfile.TemporaryDirectory(prefix="medialit-attack-") as tmp:
        root = Path(tmp)
        code = by_type(lesson, "code")
        subs = root / "subs"
        subs.mkdir()
        victim = right_answers(lesson)
        victim[code.id] = Code(f"# {SECRET}\n" + code.settings["solution"])
        (subs / "victim.ipynb").write_bytes(to_bytes(submission(victim)))
        out = root / "out"

        def attack(
            source: str, *, jobs: int = 1, name: str = "attacker", more: dict[str, str] | None = None
        ) -> dict[str, dict[str, str]]:
            for old in subs.glob("*.ipynb"):
                if old.name != "victim.ipynb":
                    old.unlink()
            for who, text in {name: source, **(more or {})}.items():
                answers = right_answers(lesson)
                answers[code.id] = Code(textwrap.dedent(text))
                (subs / f"{who}.ipynb").write_bytes(to_bytes(submission(answers)))
            if not unprivileged:
                api.grade([subs], out, options=BatchOptions(jobs=jobs, code_timeout=10))
                return rows(out)
            script = (
                "from medialit import api\nfrom medialit.grading.batch import BatchOptions\n"
                f"api.grade([{str(subs)!r}], {str(out)!r}, options=BatchOptions(jobs={jobs}, code_timeout=10))\n"
            )
            proc = run_as_nobody(unprivileged_python, ["-c", script], root)
            assert (out / "grades.csv").is_file(), proc.stderr[-3000:]
            return rows(out)

        yield {"subs": subs, "out": out, "code": code, "attack": attack, "uid": NOBODY if unprivileged else None}


def rows(out: Path) -> dict[str, dict[str, str]]:
    """grades.csv's rows by student."""
    with (out / "grades.csv").open(newline="", encoding="utf-8") as f:
        return {r["student"]: r for r in csv.DictReader(f)}


def attacker_answer(out: Path, name: str = "attacker") -> str:
    """The attacker's whole results file, as text (what its code's ``answer`` could carry out)."""
    return (out / "results" / f"{name}.json").read_text(encoding="utf-8")


@pytest.fixture
def baseline(batch):
    """The victim's row when the attacker submits a harmless answer."""
    return batch["attack"]("answer = None\n")["victim"]
