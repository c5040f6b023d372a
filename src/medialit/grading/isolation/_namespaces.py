"""Linux system calls the code-answer server needs, through ctypes (Python 3.11 has no ``os.unshare``).

Namespaces, mounts, capabilities and keyrings are used only inside the server
(:mod:`medialit.grading.isolation._zygote`), which already runs in a bubblewrap sandbox
(see :mod:`medialit.grading.isolation.bwrap`); :func:`die_with_parent` also by the
grader's workers and the processes it starts, so none outlives it.
"""

from __future__ import annotations

import ctypes
import errno
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
ALL_NAMESPACES = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REC = 0x4000
MS_PRIVATE = 1 << 18

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
_CAP_LAST = 63
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

#: ``keyctl(2)`` by architecture (glibc has no wrapper); KEYCTL_JOIN_SESSION_KEYRING is 1.
_SYS_KEYCTL = {"x86_64": 250, "aarch64": 219, "i686": 288, "armv7l": 311, "ppc64le": 271, "s390x": 280}
_KEYCTL_JOIN_SESSION_KEYRING = 1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.unshare.argtypes = [ctypes.c_int]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def prctl(option: int, arg: int = 0) -> None:
    """Call ``prctl(option, arg, 0, 0, 0)``."""
    _check(_libc.prctl(option, arg, 0, 0, 0), f"prctl({option})")


def set_non_dumpable() -> None:
    """No core dumps, no ptrace and no ``/proc/<pid>/fd`` or ``mem`` access by other processes of this uid."""
    prctl(PR_SET_DUMPABLE, 0)


def die_with_parent(parent: int | None = None) -> None:
    """Be killed (SIGKILL) when the thread that started this process ends; exit now if it already has.

    ``parent``: the pid that started this process (the check closes the race of a parent that died first).
    """
    prctl(PR_SET_PDEATHSIG, 9)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def new_session_keyring() -> None:
    """Leave the inherited session keyring for a new, empty one of this process's own.

    Keys added by one answer then cannot be found by a later one. Where the kernel has no
    keyrings, or a seccomp filter forbids them (``ENOSYS``, ``EPERM``), no process can use them either.
    """
    number = _SYS_KEYCTL.get(os.uname().machine)
    if number is None:
        return
    if _libc.syscall(ctypes.c_long(number), ctypes.c_long(_KEYCTL_JOIN_SESSION_KEYRING), ctypes.c_void_p(None)) < 0:
        err = ctypes.get_errno()
        if err not in (errno.ENOSYS, errno.EPERM, errno.EACCES):
            raise OSError(err, f"keyctl(JOIN_SESSION_KEYRING): {os.strerror(err)}")


def unshare(flags: int) -> None:
    """Move the calling (single-threaded) process into new namespaces."""
    _check(_libc.unshare(flags), "unshare")


def map_ids(outer_uid: int, outer_gid: int, inner: int = 1000) -> None:
    """After ``unshare(CLONE_NEWUSER)``: make ``inner`` (uid and gid) the only id, mapped to the outer ids."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{inner} {outer_uid} 1\n")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{inner} {outer_gid} 1\n")


def mount(source: str, target: str, fstype: str, flags: int, data: str = "") -> None:
    """``mount(2)``."""
    _check(
        _libc.mount(source.encode(), target.encode(), fstype.encode(), flags, data.encode() if data else None),
        f"mount {target}",
    )


def make_mounts_private() -> None:
    """Stop mount events leaving this mount namespace."""
    _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")


def drop_capabilities() -> None:
    """Give up every capability for good: bounding, ambient, effective, permitted and inheritable sets."""
    for cap in range(_CAP_LAST + 1):
        if _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() not in (0, 22):
            _check(-1, "prctl(PR_CAPBSET_DROP)")
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = _CapHeader(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)
