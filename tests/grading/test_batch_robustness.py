"""A batch survives dead workers, memory exhaustion and interruption (issue 11, item 3).

- a ``--jobs`` worker killed with SIGKILL (from outside, or by the test hook on
  one file) does not hang the batch: lost files are graded again on their own,
  and a file that kills its worker twice is one error row;
- a real ``MemoryError`` (a JSON bomb under an address-space limit) is one error
  row; a 20 MB code answer is neither parsed nor compiled in the grader;
- an interrupted run (an exception, or SIGKILL of the CLI) leaves the previous
  reports in ``--out`` byte-for-byte as they were.
"""

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from medialit.grading.batch import KILL_HOOK, REGRADED, WORKER_DIED, BatchOptions, grade_batch
from medialit.grading.reports.report import STAGING_PREFIX

from .conftest import Code, by_type, right_answers, to_bytes

REPO = Path(__file__).resolve().parents[2]


def _rows(out):
    with open(out / "grades.csv", newline="", encoding="utf-8") as fh:
        return {r["student"]: r for r in csv.DictReader(fh)}


def _scores(row):
    return {k: v for k, v in row.items() if k not in ("message", "copy_group", "copy_kind")}


def _variant(lesson, i):
    """Student ``i``: right answers, with a numeric answer and the code's value depending on ``i``."""
    answers = right_answers(lesson)
    num = by_type(lesson, "numeric")
    answers[num.id] = num.key + (i % 3)
    answers[by_type(lesson, "code").id] = Code(f"answer = {i / 100}")
    answers[by_type(lesson, "short_text").id] = f"Student {i} would search the phrase."
    return answers


@pytest.fixture(scope="module")
def folder(tmp_path_factory, lesson, submission):
    subs = tmp_path_factory.mktemp("many")
    for i in range(12):
        (subs / f"s{i:02d}.ipynb").write_bytes(to_bytes(submission(_variant(lesson, i))))
    return subs


@pytest.fixture(scope="module")
def one_process(tmp_path_factory, key, folder):
    out = tmp_path_factory.mktemp("ref")
    grade_batch([folder], key, out, BatchOptions(code_timeout=10))
    return _rows(out)


def _workers():
    me = psutil.Process()
    return [p for p in me.children(recursive=False) if "spawn_main" in " ".join(p.cmdline())]


@pytest.mark.slow
def test_a_worker_killed_from_outside_does_not_hang_the_batch(tmp_path, key, folder, one_process):
    killed = []

    def progress(done, total):
        if not killed:
            workers = _workers()
            assert workers, "no worker process found"
            workers[0].send_signal(signal.SIGKILL)
            killed.append(workers[0].pid)

    t0 = time.monotonic()
    result = grade_batch([folder], key, tmp_path / "out", BatchOptions(jobs=2, code_timeout=10), progress)
    assert time.monotonic() - t0 < 240
    assert killed
    rows = _rows(tmp_path / "out")
    assert result.count == len(rows) == len(one_process)
    for sid, row in one_process.items():
        assert _scores(rows[sid]) == _scores(row), sid
    regraded = [sid for sid, row in rows.items() if REGRADED in row["message"]]
    assert regraded, "the files of the killed worker were not graded again"


@pytest.mark.slow
def test_a_file_that_kills_its_worker_twice_is_one_error_row(tmp_path, key, folder, one_process, monkeypatch):
    monkeypatch.setenv(KILL_HOOK, "s05.ipynb")
    result = grade_batch([folder], key, tmp_path / "out", BatchOptions(jobs=2, code_timeout=10))
    rows = _rows(tmp_path / "out")
    assert result.count == len(rows) == len(one_process)
    assert rows["s05"]["status"] == "error"
    assert rows["s05"]["message"] == WORKER_DIED
    assert [r.student for r in result.errors] == ["s05"]
    for sid, row in one_process.items():
        if sid != "s05":
            assert _scores(rows[sid]) == _scores(row), sid


GRADE_UNDER_LIMIT = textwrap.dedent(
    """
    import json, resource, sys
    from medialit.grading.batch import BatchOptions, grade_batch, load_key
    key = load_key()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[3]), hard))
    result = grade_batch([sys.argv[1]], key, sys.argv[2], BatchOptions(code_timeout=10))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"count": result.count, "peak": peak}))
    """
)


def _grade_in_subprocess(subs, out, limit):
    proc = subprocess.run(
        [sys.executable, "-c", GRADE_UNDER_LIMIT, str(subs), str(out), str(limit)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_memory_error_is_one_error_row(tmp_path, lesson, submission, one_process, folder):
    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ("s00", "s01"):
        (subs / f"{name}.ipynb").write_bytes((folder / f"{name}.ipynb").read_bytes())
    (subs / "bomb.ipynb").write_bytes(b"[" + b"{}," * (20 * 2**20) + b"{}]")  # 60 MB: ~1.5 GB of dicts
    info = _grade_in_subprocess(subs, tmp_path / "out", 1024 * 2**20)
    rows = _rows(tmp_path / "out")
    assert info["count"] == 3
    assert rows["bomb"]["status"] == "error"
    assert "MemoryError" in rows["bomb"]["message"]
    for sid in ("s00", "s01"):
        assert _scores(rows[sid]) == {**_scores(one_process[sid]), "file": rows[sid]["file"]}


@pytest.mark.slow
def test_a_20_mb_code_answer_is_not_parsed_in_the_grader(tmp_path, lesson, submission, one_process, folder):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "s00.ipynb").write_bytes((folder / "s00.ipynb").read_bytes())
    code = by_type(lesson, "code")
    body = "answer = 1\n" + "x = [1, 2, 3]\n" * (20 * 2**20 // 14)
    (subs / "huge.ipynb").write_bytes(to_bytes(submission({code.id: Code(body)})))
    info = _grade_in_subprocess(subs, tmp_path / "out", 3 * 2**30)
    assert info["peak"] < 700 * 2**20, f"peak RSS {info['peak'] / 2**20:.0f} MB"
    rows = _rows(tmp_path / "out")
    assert rows["huge"]["status"] != "error"
    assert rows["huge"][code.id] == "0"
    assert _scores(rows["s00"]) == {**_scores(one_process["s00"]), "file": rows["s00"]["file"]}


def _snapshot(out):
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_an_interrupted_run_leaves_the_previous_reports_intact(tmp_path, key, folder):
    out = tmp_path / "out"
    grade_batch([folder], key, out, BatchOptions(code_timeout=10))
    before = _snapshot(out)
    assert "grades.csv" in before
    assert any(k.startswith("feedback/") for k in before)

    def progress(done, total):
        if done == 3:
            raise KeyboardInterrupt

    other = tmp_path / "other"
    other.mkdir()
    for i in (1, 2, 3, 4):
        (other / f"new{i}.ipynb").write_bytes((folder / f"s{i:02d}.ipynb").read_bytes())
    with pytest.raises(KeyboardInterrupt):
        grade_batch([other], key, out, BatchOptions(code_timeout=10), progress)
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]


@pytest.mark.slow
def test_a_killed_cli_run_leaves_the_previous_reports_intact(tmp_path, key, folder, lesson, submission):
    out = tmp_path / "out"
    grade_batch([folder], key, out, BatchOptions(code_timeout=10))
    before = _snapshot(out)
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "a.ipynb").write_bytes((folder / "s00.ipynb").read_bytes())
    code = by_type(lesson, "code")
    sleeper = Code("import time\ntime.sleep(30)\nanswer = 1")
    (slow / "b.ipynb").write_bytes(to_bytes(submission({code.id: sleeper})))
    cmd = [sys.executable, "-m", "medialit", "grade", str(slow), "--out", str(out), "--code-timeout", "40"]
    proc = subprocess.Popen(cmd, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            staged = [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
            if staged and (staged[0] / "results" / "a.json").exists():
                break
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            time.sleep(0.1)
        else:
            pytest.fail("the run never staged its first report")
        time.sleep(0.5)  # now grading b.ipynb, whose code sleeps
        assert proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()
    after = {k: v for k, v in _snapshot(out).items() if not k.startswith(STAGING_PREFIX)}
    assert after == before
