"""Grade 10,000 synthetic submissions; compare with merely reading them with nbformat.

Run:  .venv/bin/python benchmarks/grade_speed.py [--n 10000] [--jobs 2] [--lesson L3] [--unique-code 0.02] [--no-code]
          [--rounds 3]

Steps, all on the same files:

1. write N synthetic submissions of one exercise notebook (Canvas-style names,
   answers drawn at random from right, wrong, malformed and blank values; code
   answers from a few common variants plus a fraction of unique ones);
2. ``nbformat.read`` every file in one process (the lower bound: parse + validate);
3. grade them in one process, in-process, per file (extract, score, all reports
   written), to compare the per-file cost with step 2 (steps 2 and 3 alternate for
   ``--rounds`` rounds, each in a new process; the median and spread are printed);
4. ``medialit grade DIR --out OUT --jobs J`` end to end, with the peak resident
   memory of the whole process tree (CLI + workers + sandboxes), sampled every 50 ms.

Targets (issues 5 and 20): 10,000 submissions in under 30 s on 2 cores, peak memory under
500 MB, and per-submission time at most 2.5x ``nbformat.read``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ANSWER_MIME = "application/vnd.medialit.answer+json"
SENTENCES = [
    "I would search the figure and look for the first report of it.",
    "Open a new tab, search the exact phrase, and compare the dates of the sources.",
    "Check who published the number and whether it was still true in 2018.",
    "<script>alert('x')</script> I do not know.",
]


def _rss_tree(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def _variants(q: Any, rng: random.Random) -> Any:
    """A random answer for question ``q``: right, partly right, wrong, malformed or blank."""
    roll = rng.random()
    if roll < 0.08:
        return None  # left blank
    t = q.type
    opts = [o.id for o in q.options]
    items = [o.id for o in q.items]
    if t == "single_choice":
        return q.key if roll < 0.6 else rng.choice([*opts, "zz"])
    if t == "multi_select":
        return sorted(set(q.key) if roll < 0.5 else set(rng.sample(opts, rng.randint(1, len(opts)))))
    if t in ("label_items", "match_pairs"):
        return {i: (q.key.get(i) if rng.random() < 0.7 else rng.choice(list(q.labels))) for i in items}
    if t == "select_sentences":
        key = list(q.key)
        pick = set(key) if roll < 0.5 else set(rng.sample(items, min(len(items), rng.randint(1, 6))))
        if isinstance(q.key, dict):
            return {s: q.key.get(s, rng.choice(list(q.labels) or ["x"])) for s in sorted(pick)}
        return sorted(pick)
    if t == "select_spans":
        spans = [dict(s) for s in q.key]
        return spans if roll < 0.5 else spans[: rng.randint(0, len(spans))]
    if t == "numeric":
        return q.key if roll < 0.6 else q.key + rng.choice([-2, -1, 1, 3])
    if t == "short_text":
        return rng.choice(SENTENCES)
    return None


CODE_VARIANTS = [
    None,  # starter left unchanged
    "solution",
    "from medialit.runtime import claims_table\nrows = claims_table()\nanswer = len(rows)",
    "from medialit.runtime import claims_table\nrows = claims_table()\nanswer = 0.5",
    "answer = 0.71",
    "answer = 'about two thirds'",
    "from medialit.runtime import claims_table\nrows = claims_table()\nanswer = rows[0]['nope']",
]


def make_submissions(
    folder: Path, n: int, lesson_id: str, unique_code: float, seed: int = 5, code: bool = True
) -> dict[str, Any]:
    """Write ``n`` submissions of the lesson's exercise notebook into ``folder``.

    ``code=False``: code answer cells keep their starter code (the grader does not run them).
    """
    from medialit.api import load_module, render_module

    _, lessons = load_module()
    lesson = next(lesson for lesson in lessons if lesson.id == lesson_id)
    qs = {q.id: q for q in lesson.questions}
    files = render_module()
    prefix = f"{lesson.number:02d}-"
    stem = next(k for k in sorted(files) if k.startswith("exercises/") and Path(k).name.startswith(prefix))
    template = json.loads(files[stem])
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    folder.mkdir(parents=True, exist_ok=True)
    unique = 0
    for i in range(n):
        nb = copy.deepcopy(template)
        for cell in nb["cells"]:
            m = cell.get("metadata", {}).get("medialit", {})
            if m.get("role") != "answer" or m.get("question") not in qs:
                continue
            q = qs[m["question"]]
            head = f"# medialit: {q.id}\n"
            if q.type == "code":
                if not code:
                    continue
                if rng.random() < unique_code:
                    unique += 1
                    code = f"answer = round({rng.random():.6f}, 2)  # student {i}"
                else:
                    code = rng.choice(CODE_VARIANTS)
                    code = q.settings["solution"] if code == "solution" else code
                if code is not None:
                    cell["source"] = head + code
                continue
            value = _variants(q, rng)
            if "show(" in "".join(cell["source"]):
                if value is not None:
                    rec = {"schema_version": 1, "question": q.id, "seq": rng.randint(1, 40), "value": value}
                    cell["outputs"] = [
                        {
                            "output_type": "display_data",
                            "metadata": {},
                            "data": {ANSWER_MIME: rec, "text/plain": "medialit answer"},
                        }
                    ]
                    cell["execution_count"] = 3
            elif value is not None:
                cell["source"] = head + "answer = " + repr(value)
        name = f"student{i:05d}_{100000 + i}_{900000 + i}_{Path(stem).name}"
        (folder / name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return {"lesson": lesson.id, "questions": len(qs), "unique_code": unique, "template": stem}


def time_nbformat(files: list[Path]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``nbformat.read`` on every file."""
    import nbformat

    nbformat.read(str(files[0]), as_version=4)
    t0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        nbformat.read(str(f), as_version=4)
    return time.perf_counter() - t0, time.process_time() - c0


def time_inprocess(files: list[Path], out: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, code sandbox runs) grading in this process."""
    from medialit.grading.batch import load_key
    from medialit.grading.grade import Grader
    from medialit.grading.inputs import iter_sources
    from medialit.grading.reports.report import ReportWriter

    key = load_key()
    sources = list(iter_sources(files))
    with Grader(key) as grader, ReportWriter(out, key.questions) as writer:
        for src in sources[:50]:  # warm the sandbox and the code cache
            grader.grade_source(src)
        runs0 = grader.runner.runs
        t0, c0 = time.perf_counter(), time.process_time()
        for src in sources:
            writer.add(grader.grade_source(src))
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        runs = grader.runner.runs - runs0
    return dt, cpu, runs


def one_round(files: list[Path], out: Path) -> tuple[tuple[float, float], tuple[float, float, int]]:
    """Steps 2 and 3 side by side in a new process (no memo of an earlier round helps)."""
    return time_nbformat(files), time_inprocess(files, out)


def run_cli(folder: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    cmd = [sys.executable, "-m", "medialit", "grade", str(folder), "--out", str(out), "--jobs", str(jobs)]
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss_tree(proc.pid))
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, stderr = proc.communicate()
    dt = time.perf_counter() - t0
    done.set()
    th.join()
    if proc.returncode not in (0, 1):
        print(stderr.decode()[-2000:])
    return dt, peak, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--lesson", default="L3")
    ap.add_argument(
        "--unique-code",
        type=float,
        default=0.02,
        help="share of submissions whose code answer is unique (each costs a sandbox run)",
    )
    ap.add_argument("--no-code", action="store_true", help="leave code cells as the starter (no sandbox run)")
    ap.add_argument("--rounds", type=int, default=3, help="side-by-side rounds of reading and grading")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="medialit-grade-bench-"))
    try:
        subs = tmp / "subs"
        t0 = time.perf_counter()
        info = make_submissions(subs, args.n, args.lesson, args.unique_code, code=not args.no_code)
        files = sorted(subs.glob("*.ipynb"))
        size = sum(f.stat().st_size for f in files) / len(files)
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
        print(
            f"submissions: {len(files)} of {info['template']} ({info['questions']} questions, "
            f"{size / 1024:.1f} KB each, {info['unique_code']} unique code answers); "
            f"written in {time.perf_counter() - t0:.1f} s"
        )
        ratios = []
        for n in range(1, args.rounds + 1):
            # Side by side, in rounds: a busy machine slows both steps of a round alike.
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                (t_nbf, c_nbf), (t_in, c_in, runs) = pool.submit(one_round, files, tmp / f"out-inprocess-{n}").result()
            per_nbf, per_in = t_nbf / len(files) * 1e3, t_in / len(files) * 1e3
            ratios.append(per_in / per_nbf)
            print(f"round {n}: nbformat.read, 1 process:            {t_nbf:7.2f} s  {per_nbf:6.3f} ms/file")
            print(
                f"round {n}: medialit grading + reports, 1 proc:  {t_in:7.2f} s  {per_in:6.3f} ms/file  "
                f"({ratios[-1]:.2f}x nbformat.read; CPU {c_in:.2f} s, {c_in / c_nbf:.2f}x; "
                f"{runs} sandbox runs, their CPU not counted)"
            )
        ratios.sort()
        print(
            f"grading cost per file / nbformat.read, over {len(ratios)} rounds: "
            f"best {ratios[0]:.2f}x, median {ratios[len(ratios) // 2]:.2f}x, worst {ratios[-1]:.2f}x"
        )
        dt, peak, rc = run_cli(subs, tmp / "out", args.jobs)
        print(
            f"`medialit grade --jobs {args.jobs}` end to end: {dt:7.2f} s  "
            f"{dt / len(files) * 1e3:6.3f} ms/file wall, "
            f"peak RSS of the process tree {peak / 2**20:.0f} MB, exit {rc}"
        )
        rows = (tmp / "out" / "grades.csv").read_text(encoding="utf-8").count("\n") - 1
        print(f"grades.csv rows: {rows}")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
