"""No student's code answer can reach another student's code, answer or grade (issue 20, attacks 1-3).

Each test grades a whole batch (``api.grade``) beside a victim who answers everything right,
as the grader's user (root here, as on Gradescope) and as an unprivileged user under bwrap's
user namespace (what docs/security.md advises); see the ``batch`` fixture in conftest.py.

1. **Theft through the code server**: an answer graded after the victim scans the memory and
   the descriptors it inherits for an earlier student's code, runs it, and hands in its
   ``answer``. The server is pristine (it forks before any request is read, and only the child
   reads its source), so there is nothing to find.
2. **Cache poisoning**: sources that ``str.splitlines()``/``rstrip()`` equate but Python does
   not (U+2028, ``\\x0b``, ``\\x0c``, ``\\x1c``-``\\x1e``, ``\\x85`` for newlines, Unicode spaces at
   line ends) graded first must not decide the grade of a later student's model solution.
3. **Shared writable space, IPC and keyrings**: files, SysV shared memory and keys that one
   answer leaves are gone for the next, and an answer can store no more than its own small
   ``/tmp`` holds.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medialit.grading.isolation import _zygote, bwrap

from .conftest import SECRET, attacker_answer

pytestmark = [
    pytest.mark.slow,  # real sandboxes in whole batches
    pytest.mark.skipif(bool(bwrap.unavailable()), reason=bwrap.unavailable() or "isolated"),
]

# The thief looks for the victim's cell by its marker line and runs what follows. It searches for
# SECRET in two halves, so that its own memory never holds it whole.
THIEF = """
import ctypes, gc, json, os, re, sys

MARK = ("# medialit: " + "{qid}").encode()
HEAD, TAIL = b"{secret_a}", b"{secret_b}"  # never joined: the thief's own memory must not hold the secret

def has_secret(data):
    i = data.find(HEAD)
    while i != -1:
        if data[i + len(HEAD) : i + len(HEAD) + len(TAIL)] == TAIL:
            return True
        i = data.find(HEAD, i + 1)
    return False
libc = ctypes.CDLL(None, use_errno=True)
r, w = os.pipe()
os.set_blocking(r, False)

def read(addr, size):
    # Copy through a pipe: an unmapped address is EFAULT, not a crash.
    n = libc.write(w, ctypes.c_void_p(addr), ctypes.c_size_t(size))
    if n <= 0:
        return b""
    out = b""
    while len(out) < n:
        out += os.read(r, n - len(out))
    return out

def regions():
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                span, perms = line.split()[:2]
                if perms.startswith("r"):
                    lo, hi = (int(x, 16) for x in span.split("-"))
                    yield lo, hi
        return
    except OSError:
        pass
    # No /proc: the heap (down from the program break until nothing is mapped), then the
    # 1 MiB windows around every live object (the interpreter's arenas).
    libc.sbrk.restype = ctypes.c_void_p
    top = libc.sbrk(0) or 0
    low = top
    while low > 0 and read(low - (1 << 16), 16):
        low -= 1 << 16
    yield low, top
    seen = set()
    for obj in gc.get_objects():
        base = id(obj) >> 20
        for b in (base - 1, base, base + 1):
            if b not in seen:
                seen.add(b)
                yield b << 20, (b + 1) << 20

found, texts = [], []
for lo, hi in regions():
    for addr in range(lo, hi, 1 << 16):
        data = read(addr, min(1 << 16, hi - addr))
        if has_secret(data):
            found.append("memory")
        i = data.find(MARK)
        while i != -1:
            texts.append(data[i : i + 4096])
            i = data.find(MARK, i + 1)
for fd in range(3, 256):
    try:
        data = os.pread(fd, 1 << 20, 0)
    except OSError:
        continue
    if has_secret(data):
        found.append(f"fd {{fd}}")
    i = data.find(MARK)
    if i != -1:
        texts.append(data[i : i + 4096])

def candidates(raw):
    text = raw.split(b"\\0")[0].decode("utf-8", "ignore")
    yield text
    m = re.match(r'((?:[^"\\\\]|\\\\.)*)"', text)
    if m:
        try:
            yield json.loads('"' + m.group(1) + '"')
        except ValueError:
            pass

stolen = None
for raw in texts:
    for text in candidates(raw):
        if "MARK = (" in text or "answer" not in text:  # its own source, or no answer at all
            continue
        lines = text.split("\\n")
        for end in range(len(lines), 0, -1):
            try:
                ns = {{"__name__": "__main__"}}
                exec(compile("\\n".join(lines[:end]), "<stolen>", "exec"), ns)
            except BaseException:
                continue
            if isinstance(ns.get("answer"), int):
                stolen = ns["answer"]
                found.append("code")
                break
        if stolen is not None:
            break
    if stolen is not None:
        break
answer = stolen if stolen is not None else (found or None)
"""


def test_an_answer_cannot_take_an_earlier_students_code(batch, baseline):
    code = batch["code"]
    secret_a, secret_b = SECRET[:7], SECRET[7:]
    thief = THIEF.format(qid=code.id, secret_a=secret_a, secret_b=secret_b)
    got = batch["attack"](thief, name="zz-thief")  # graded after the victim, by the same sandbox server
    assert got["victim"] == baseline
    assert float(got["zz-thief"][code.id]) == 0, "the thief ran the victim's code and took its grade"
    report = attacker_answer(batch["out"], "zz-thief")
    assert SECRET not in report
    assert "memory" not in report and "fd " not in report, report


def test_a_server_that_reads_the_source_before_forking_is_caught(batch, monkeypatch, tmp_path):
    """The planted regression: a server that reads each request's source itself (and keeps it) is caught.

    (A server that reads a source and drops it at once is not reliably caught this way: the
    child's own reads and allocations tend to reuse and overwrite that freed memory.)
    """
    if batch["uid"] is not None:
        pytest.skip("the planted server is loaded from this process's sys.path: the grader's user only")
    plant = tmp_path / "plant"
    (plant / "medialit" / "grading").mkdir(parents=True)
    text = Path(_zygote.__file__).read_text(encoding="utf-8")
    marker = "            source_fd, answer_fd = fds\n"
    assert marker in text
    planted = text.replace(marker, marker + "            _SEEN.append(_wire.read_source(source_fd))  # planted\n")
    planted = planted.replace("RESULT_LIMIT = _wire.RESULT_LIMIT\n", "RESULT_LIMIT = _wire.RESULT_LIMIT\n_SEEN = []\n")
    assert planted != text
    # The server runs this checkout's medialit from PYTHONPATH (bwrap.package_path); plant a copy
    # with the one change and point the sandbox at it.
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(bwrap._PACKAGE_DIR, plant / "medialit", dirs_exist_ok=True, ignore=ignore)
    (plant / "medialit" / "grading" / "isolation" / "_zygote.py").write_text(planted, encoding="utf-8")
    monkeypatch.setattr(bwrap, "_PACKAGE_DIR", plant / "medialit")
    monkeypatch.setattr(bwrap, "package_path", lambda: str(plant))
    code = batch["code"]
    thief = THIEF.format(qid=code.id, secret_a=SECRET[:7], secret_b=SECRET[7:])
    got = batch["attack"](thief, name="zz-thief")
    assert float(got["zz-thief"][code.id]) == code.points or "memory" in attacker_answer(batch["out"], "zz-thief"), (
        "the planted regression went unnoticed: the thief test would not catch a server that reads sources"
    )


LINE_BREAKS = {
    "u2028": "\u2028",
    "x0b": "\x0b",
    "x0c": "\x0c",
    "x1c": "\x1c",
    "x1d": "\x1d",
    "x1e": "\x1e",
    "x85": "\x85",
}
SPACES = {"nbsp": "\u00a0", "emsp": "\u2003", "ideographic": "\u3000"}


def test_a_lookalike_source_does_not_decide_a_later_model_solution(batch, baseline):
    code = batch["code"]
    solution = code.settings["solution"]
    more = {f"a-{name}": solution.replace("\n", char) for name, char in LINE_BREAKS.items()}
    more |= {
        f"b-{name}": "\n".join(line + char for line in solution.split("\n")) + "\n" for name, char in SPACES.items()
    }
    more["model"] = solution  # graded after every lookalike, before the victim
    got = batch["attack"]("answer = None\n", more=more)
    # The victim's grade is untouched. Its copy flag may name "model" and the lookalikes that differ
    # only by trailing spaces: they hand in the same code, which copy detection flags for the
    # teacher (it never changes a score).
    copy_cols = ("copy_group", "copy_kind")
    assert {k: v for k, v in got["victim"].items() if k not in copy_cols} == {
        k: v for k, v in baseline.items() if k not in copy_cols
    }
    assert got["model"][code.id] == baseline[code.id] == f"{code.points:g}"
    for name in more:
        if name != "model":  # Python reads each lookalike as one comment line or a syntax error
            assert float(got[name][code.id]) == 0, name


WRITER = """
import ctypes, os, signal

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
places = ["/", "/etc", "/dev", "/dev/shm", "/tmp", "/var/tmp", "/run", "/home", os.path.expanduser("~")]
todo = [("/", 0)]
while todo:
    folder, depth = todo.pop()
    if os.access(folder, os.W_OK):
        places.append(folder)
    if depth < 3 and folder not in ("/proc", "/sys"):
        try:
            todo += [(e.path, depth + 1) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
        except OSError:
            pass
stored = 0
block = b"x" * (1 << 20)
for place in dict.fromkeys(places):
    for i in range(16):  # up to 64 MB per place, in files under the 8 MB file-size limit
        try:
            with open(os.path.join(place, f"medialit-left-behind-{i}"), "wb") as f:
                for _ in range(4):
                    f.write(block)
                    f.flush()
                    stored += len(block)
        except OSError:
            break
libc = ctypes.CDLL(None, use_errno=True)
add_key = {"x86_64": 248, "aarch64": 217}.get(os.uname().machine)
if add_key:
    for ring in (-3, -4, -5):  # session, user, user-session keyrings
        libc.syscall(ctypes.c_long(add_key), b"user", b"medialit-left-behind", b"secret", ctypes.c_size_t(6),
                     ctypes.c_long(ring))
libc.shmget(ctypes.c_int(0x4D4C4954), ctypes.c_size_t(1 << 20), ctypes.c_int(0o1000 | 0o666))
answer = stored
"""

READER = """
import ctypes, os

found = []
todo = [("/", 0)]
while todo:
    folder, depth = todo.pop()
    if os.path.exists(os.path.join(folder, "medialit-left-behind-0")):
        found.append("file " + folder)
    if depth < 3 and folder not in ("/proc", "/sys"):
        try:
            todo += [(e.path, depth + 1) for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
        except OSError:
            pass
libc = ctypes.CDLL(None, use_errno=True)
request_key = {"x86_64": 249, "aarch64": 218}.get(os.uname().machine)
name = b"medialit-left-behind"
if request_key and libc.syscall(ctypes.c_long(request_key), b"user", name, None, ctypes.c_long(0)) >= 0:
    found.append("key")
if libc.shmget(ctypes.c_int(0x4D4C4954), ctypes.c_size_t(0), ctypes.c_int(0)) >= 0:
    found.append("shm")
answer = "found " + "; ".join(found) if found else "nothing left"
"""


def test_an_answer_leaves_nothing_for_the_next(batch, baseline):
    got = batch["attack"]("answer = None\n", more={"a-writer": WRITER, "b-reader": READER})
    assert got["victim"] == baseline
    writer = json.loads(attacker_answer(batch["out"], "a-writer"))
    reader = json.loads(attacker_answer(batch["out"], "b-reader"))
    stored = _answer_of(writer, batch["code"].id)
    assert stored is not None, writer
    # Only the answer's own /tmp takes files, and it is small: nothing the memory limit should count.
    assert int(stored) <= _zygote.ANSWER_TMP_BYTES, f"an answer stored {int(stored) >> 20} MB"
    shown = _answer_of(reader, batch["code"].id)
    assert shown is not None and "nothing left" in shown, shown


def _answer_of(results: dict[str, object], qid: str) -> str | None:
    """The answer to ``qid`` that the results file shows ("Your answer: ..." in its test's output)."""
    for test in results.get("tests", []):  # type: ignore[union-attr]
        if not str(test.get("name", "")).startswith(qid + " "):
            continue
        for line in str(test.get("output", "")).splitlines():
            if line.startswith("Your answer: "):
                return line.removeprefix("Your answer: ").rstrip(":")
    return None
