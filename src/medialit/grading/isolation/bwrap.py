"""Build the bubblewrap sandbox that code answers run in, or say why there is none.

Two layers keep one student's code away from everything else:

1. **The server's sandbox** (this module). The code-answer server
   (:mod:`medialit.grading.isolation._zygote`, started as
   :mod:`medialit.grading.isolation.code_server`) starts inside ``bwrap`` (Debian's
   ``bubblewrap``) with new PID, network, IPC and UTS namespaces, an empty root
   on which only what Python needs is mounted read-only (``/usr``, the Python
   installation, the environment's ``site-packages``, the folder the
   ``medialit`` package lives in, and the case it grades), a private ``/tmp``,
   the root and ``/dev`` remounted read-only (no ``/etc`` or ``/dev/shm`` that
   answers could share), no environment but a few fixed variables,
   ``--die-with-parent`` and ``--new-session``. Submissions, ``--out``, the grader's processes, ``/etc``
   and home folders are not there at all. When the grader runs as root, the
   server changes to a sandbox user id of its own before it imports anything
   of the student's (root is exempt from process limits); otherwise ``bwrap``
   puts it in a new user namespace.
2. **One fresh set of namespaces per answer** (:mod:`._zygote`): every code
   answer runs in a child that unshares user, mount, PID, network, IPC and UTS
   namespaces again, mounts its own ``/proc`` and a size-limited ``/tmp``,
   gives up every capability, and is process 1 of its PID namespace, so
   whatever it started dies with it.

:func:`unavailable` tells, once per process, whether this machine can do this
(``bwrap`` installed and user namespaces allowed); the grader refuses to run
code where it cannot, unless the teacher passes ``--unsafe-code``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

#: A uid in no normal range: used for code answers when the grader runs as root.
SANDBOX_UID_BASE = 1_700_000_000
#: Size of the server's private /tmp (each answer gets its own, smaller one).
SERVER_TMP_BYTES = 64 * 1024 * 1024

#: The sandbox's own /tmp: a fresh tmpfs mounted by bwrap, never the host's.
PRIVATE_TMP = "/tmp"  # noqa: S108 - inside the sandbox only

#: The sandbox server's entry point, run as ``python -m`` (a process name the tests look for, too).
SERVER_MODULE = "medialit.grading.isolation.code_server"

INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) and allow user namespaces"
#: The medialit package folder (this file is medialit/grading/isolation/bwrap.py).
_PACKAGE_DIR = Path(__file__).resolve().parents[2]


def package_path() -> str | None:
    """The folder holding the ``medialit`` package, when a fresh interpreter would not find it there by itself.

    (A source checkout or an editable install: the server must run this code, not another copy.)
    """
    folder = str(_PACKAGE_DIR.parent)
    scheme = sysconfig.get_paths()
    defaults = {os.path.realpath(scheme[k]) for k in ("purelib", "platlib") if k in scheme}
    return None if os.path.realpath(folder) in defaults else folder


def bwrap_path() -> str | None:
    """Where ``bwrap`` is (``None`` when it is not installed)."""
    return shutil.which("bwrap")


def sandbox_uid() -> int:
    """The uid (and gid) code answers run as when the grader is root: one per grader process."""
    return SANDBOX_UID_BASE + os.getpid() % 1_000_000


def _needed_paths(case_dir: str | None) -> list[Path]:
    """Folders the server must read: Python, its packages, medialit, the case. Never the working folder."""
    paths: list[str] = [sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix]
    scheme = sysconfig.get_paths()
    sites = [scheme[k] for k in ("purelib", "platlib") if k in scheme]
    paths += [scheme[k] for k in ("stdlib", "platstdlib") if k in scheme] + sites
    for site_dir in sites:
        paths += _pth_paths(Path(site_dir))
    paths.append(os.path.realpath(sys.executable))
    paths.append(str(_PACKAGE_DIR.parent))  # the folder holding the medialit package
    if case_dir:
        paths.append(case_dir)
    out: list[Path] = []
    for p in paths:
        path = Path(os.path.realpath(p))
        if path.is_file():
            path = path.parent
        if path.exists() and path != Path("/"):
            out.append(path)
    return _outermost(out)


def _pth_paths(site_dir: Path) -> list[str]:
    """Folders that ``.pth`` files in ``site_dir`` add to the path (as ``site`` reads them)."""
    out: list[str] = []
    try:
        pth_files = sorted(site_dir.glob("*.pth"))
    except OSError:
        return out
    for pth in pth_files:
        try:
            lines = pth.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for line in lines:
            line = line.strip()
            if not line or line.startswith(("#", "import ", "import\t")):
                continue
            path = Path(line) if os.path.isabs(line) else site_dir / line
            if path.is_dir():
                out.append(str(path))
    return out


def _outermost(paths: Iterable[Path]) -> list[Path]:
    """Drop paths inside another listed path (and inside ``/usr``, bound whole)."""
    keep: list[Path] = []
    for p in sorted(set(paths), key=lambda x: (len(x.parts), str(x))):
        if p.is_relative_to("/usr") or any(p.is_relative_to(k) for k in keep):
            continue
        keep.append(p)
    return sorted(keep)


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib32", "lib64", "sbin"):
        top = Path("/") / name
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    if Path("/etc/ld.so.cache").is_file():
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def _bind(path: Path, made: set[Path]) -> list[str]:
    args: list[str] = []
    for parent in reversed(path.parents):
        if parent == Path("/") or parent in made or parent.is_relative_to("/usr"):
            continue
        made.add(parent)
        args += ["--perms", "0755", "--dir", str(parent)]  # a 0700 /root must not hide Python
    made.add(path)
    return [*args, "--ro-bind", str(path), str(path)]


def bwrap_command(case_dir: str | None, env: dict[str, str], *, as_root: bool | None = None) -> list[str]:
    """The ``bwrap`` argv that starts the code-answer server for ``case_dir``."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise OSError(f"bwrap is not installed; {INSTALL_HINT}")
    root = os.geteuid() == 0 if as_root is None else as_root
    args = [bwrap, "--die-with-parent", "--new-session"]
    args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if root:
        # No user namespace here: the server itself becomes an unprivileged uid (see _zygote.main).
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        args += ["--unshare-user"]
    args += ["--clearenv"]
    for k, v in sorted(env.items()):
        args += ["--setenv", k, v]
    args += _system_binds()
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(SERVER_TMP_BYTES), "--perms", "1777", "--tmpfs", PRIVATE_TMP]
    made: set[Path] = {Path(PRIVATE_TMP), Path("/proc"), Path("/dev")}
    for path in _needed_paths(case_dir):
        args += _bind(path, made)
    # The root and /dev are tmpfs that bwrap made; under a user namespace the grader's uid owns them,
    # and every answer would share them (and /etc, /dev/shm on them): read-only, the only writable
    # place is each answer's own /tmp.
    args += ["--remount-ro", "/dev", "--remount-ro", "/"]
    args += ["--chdir", PRIVATE_TMP]
    python = os.path.abspath(sys.executable)
    cmd = [python, "-s", "-P", "-m", SERVER_MODULE, "--isolated"]
    if root:
        uid = sandbox_uid()
        cmd += ["--uid", str(uid), "--gid", str(uid)]
    return [*args, "--", *cmd, case_dir or ""]


@functools.lru_cache(maxsize=1)
def unavailable() -> str:
    """Why code answers cannot be isolated here ("" when they can). Checked once per process."""
    if not sys.platform.startswith("linux"):
        return "code answers can only be isolated on Linux"
    bwrap = bwrap_path()
    if bwrap is None:
        return f"bwrap (bubblewrap) is not installed; {INSTALL_HINT}"
    probe = [bwrap, "--die-with-parent", "--unshare-all", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev"]
    if os.geteuid() != 0:
        probe.append("--unshare-user")
    probe += ["--", "/bin/true"]
    try:
        proc = subprocess.run(probe, capture_output=True, timeout=20, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap could not be started ({exc}); {INSTALL_HINT}"
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"bwrap cannot create a sandbox here ({why[-1] if why else proc.returncode}); {INSTALL_HINT}"
    return ""
