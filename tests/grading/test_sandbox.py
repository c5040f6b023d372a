"""Code answers run in separate, limited processes; a crash or timeout zeroes that question only."""

import csv
import os

import pytest

from medialit.grading.isolation import sandbox
from medialit.grading.isolation.sandbox import CodeRunner, run_answer

from .conftest import Code, by_type, right_answers, to_bytes


@pytest.fixture(scope="module")
def runner():
    with CodeRunner(timeout=2, cpu_seconds=2) as r:
        yield r


def test_values_come_back_and_exceptions_are_reported(runner):
    assert runner.run("answer = [1, 2.5, 'x', {'k': None}]").value == [1, 2.5, "x", {"k": None}]
    r = runner.run("raise ValueError('boom')")
    assert not r.ok
    assert r.error == "ValueError: boom"
    assert "SyntaxError" in runner.run("answer = (").error
    assert "not plain data" in runner.run("answer = object()").error


def test_an_answers_own_failure_is_its_result_whatever_it_says(runner):
    """Only the sandbox's flag marks a failure as the grader's (never cached); an answer that
    fails with a message naming the sandbox has failed on its own, and its result is reused."""
    code = "raise RuntimeError('the sandbox failed: not really')"
    first = runner.run(code)
    assert not first.ok and not first.infrastructure and not first.refused
    runs = runner.runs
    assert runner.run(code) == first
    assert runner.runs == runs  # served from the cache: the same code, the same result


@pytest.mark.slow
def test_infinite_loop_is_stopped(runner):
    r = runner.run("while True:\n    pass")
    assert not r.ok
    assert "longer than 2 s" in r.error or "CPU time" in r.error
    assert runner.run("answer = 42").value == 42  # the sandbox still works afterwards


def test_memory_bomb_and_crash_are_contained(runner):
    assert runner.run("x = bytearray(10**11)").error.startswith("MemoryError")
    assert "segmentation fault" in runner.run("import ctypes\nctypes.string_at(0)").error
    assert "exited early" in runner.run("import os\nos._exit(3)").error
    assert runner.run("print('x' * 10**7)\nanswer = 5").value == 5  # output goes nowhere


def test_child_sees_only_its_source_and_an_empty_folder(runner):
    env = runner.run("import os\nanswer = sorted(os.environ)").value
    assert set(env) <= {
        "PATH",
        "LANG",
        "MPLBACKEND",
        "PYTHONHASHSEED",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONPATH",  # a source checkout's package folder (bwrap.package_path)
        "HOME",
        "TMPDIR",
        "MEDIALIT_CASE",
        "LC_CTYPE",
        "PWD",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
    }
    assert runner.run("import os\nanswer = os.listdir('.')").value == []
    parent = runner.run("import os\nanswer = os.getppid()").value
    assert parent != os.getpid()  # forked from the sandbox server, not from the grader
    assert runner.run("import sys\nanswer = [sys.flags.no_user_site, sys.flags.safe_path]").value == [1, 1]


def test_the_key_never_leaves_the_grader(monkeypatch, grader, lesson, submission):
    """The sandbox receives the student's source and limits, nothing else."""
    code = by_type(lesson, "code")
    sent = []
    real = sandbox.send_request
    monkeypatch.setattr(
        sandbox,
        "send_request",
        lambda sock, header, source: (sent.append((header, source)), real(sock, header, source))[1],
    )
    grader.runner._cache.clear()
    grader.runner._seen.clear()
    nb = submission({code.id: Code(code.settings["solution"] + "\n# variant for this test")})
    r = grader.grade_notebook(nb, "s", "s.ipynb")
    assert {q.question: q for q in r.questions}[code.id].status == "correct"
    assert sent
    assert all(set(header) == {"wall", "cpu", "memory", "file_size", "nonce"} for header, _ in sent)
    # exactly the student's cell (marker line, then their code) and nothing else: no key material
    student = code.settings["solution"] + "\n# variant for this test"
    assert all(source.split("\n", 1)[1] == student for _, source in sent)


def test_one_submission_cannot_change_the_next(runner):
    runner.run("import medialit.runtime as rt\nrt.claims_table = lambda: []\nanswer = 1")
    assert runner.run("from medialit.runtime import claims_table\nanswer = len(claims_table())").value > 0
    runner.run("open('left-behind.txt', 'w').write('x')\nanswer = 1")
    assert runner.run("import os\nanswer = os.listdir('.')\n# second").value == []


def test_the_answer_cannot_see_or_kill_the_server(runner):
    r = runner.run("import os, signal\nparent = os.getppid()\nos.kill(-1, signal.SIGKILL)\nanswer = parent")
    assert r.value in (0, None)  # isolated: the server is outside the answer's PID namespace
    assert runner.run("answer = 'still alive'").value == "still alive"


def test_killing_an_unsafe_server_only_costs_that_answer():
    with CodeRunner(timeout=2, cpu_seconds=2, unsafe=True) as runner:
        r = runner.run("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)")
        assert not r.ok
        assert "sandbox" in r.error
        assert runner.run("answer = 'alive again'").value == "alive again"
        if os.geteuid() == 0:  # root grader: even unsafe code does not run as root
            assert runner.run("import os\nanswer = os.getuid()").value != 0


def test_without_isolation_code_goes_to_the_manual_queue(monkeypatch, key, lesson, submission, tmp_path):
    """No bwrap (or no user namespaces): code answers are not run unless the teacher opts in."""
    from medialit.grading.batch import BatchOptions, grade_batch
    from medialit.grading.isolation import bwrap

    monkeypatch.setattr(bwrap, "unavailable", lambda: "bwrap (bubblewrap) is not installed")
    code = by_type(lesson, "code")
    answers = right_answers(lesson)
    answers[code.id] = Code(code.settings["solution"] + "\n# mine")
    (tmp_path / "s1.ipynb").write_bytes(to_bytes(submission(answers)))
    grade_batch([tmp_path / "s1.ipynb"], key, tmp_path / "out", BatchOptions(code_timeout=5))
    queue = (tmp_path / "out" / "manual-queue.csv").read_text(encoding="utf-8")
    assert code.id in queue and "# mine" in queue
    feedback = (tmp_path / "out" / "feedback" / "s1.md").read_text(encoding="utf-8")
    assert "not run automatically" in feedback and "bubblewrap" in feedback
    grade_batch([tmp_path / "s1.ipynb"], key, tmp_path / "out2", BatchOptions(code_timeout=5, unsafe_code=True))
    with (tmp_path / "out2" / "grades.csv").open(encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert float(row[code.id]) == code.points


def test_a_crash_zeroes_that_question_only(grader, lesson, submission):
    code = by_type(lesson, "code")
    answers = right_answers(lesson)
    answers[code.id] = Code("raise RuntimeError('my bug')")
    got = {q.question: q for q in grader.grade_notebook(submission(answers), "s", "s.ipynb").questions}
    assert got[code.id].score == 0
    assert got[code.id].status == "error"
    assert "RuntimeError: my bug" in got[code.id].message
    assert all(q.status == "correct" for qid, q in got.items() if qid != code.id and q.type != "short_text")


def test_untouched_starter_code_is_not_run(grader, lesson, exercise):
    code = by_type(lesson, "code")
    runs = grader.runner.runs
    got = {q.question: q for q in grader.grade_notebook(exercise, "s", "s.ipynb").questions}
    assert got[code.id].status == "unanswered"
    assert grader.runner.runs == runs


@pytest.mark.slow
def test_portable_fallback_runs_in_a_fresh_interpreter():
    assert run_answer("answer = 6 * 7").value == 42
    assert "longer than 1 s" in run_answer("while True: pass", timeout=1).error
