"""Limits a page process cannot lift, set by the kernel before its first block runs.

- **Files**: Landlock (Linux ≥ 5.13) lets the page write, create, rename or delete files only in
  its own scratch folder (also `tempfile.gettempdir()` and `$TMPDIR` there), in `/dev/shm` (for
  `multiprocessing`) and to `/dev/null`. `docs/`, `snippets/`, the cache and the site are
  read-only to it: a block that tries gets `PermissionError` at its line. Reading is not limited.
- **Network** (Landlock ABI ≥ 4): no TCP connection or listening socket.
- **Signals** (ABI ≥ 6): it cannot signal processes outside its own sandbox (the build, pytest).
- **Memory**: `RLIMIT_AS`, the address space the page may add to what the fork server had mapped;
  past it an allocation fails with `MemoryError` at the line that asked for it.
- **Parent**: the page process is killed with its fork server (`PR_SET_PDEATHSIG`), so a build
  killed with `kill -9` leaves no page process behind.

Landlock needs no privileges; where the kernel lacks it, `landlock_abi()` is 0 and the front ends
say so once, in their output.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
from dataclasses import dataclass

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # same on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_PDEATHSIG, _PR_SET_NO_NEW_PRIVS = 1, 38

# Landlock access rights for files (ABI 1, 2, 3), TCP (ABI 4) and scopes (ABI 6).
_WRITE_FILE, _REMOVE_DIR, _REMOVE_FILE = 1 << 1, 1 << 4, 1 << 5
_MAKE = sum(1 << bit for bit in range(6, 13))  # char, dir, reg, sock, fifo, block, sym
_REFER, _TRUNCATE = 1 << 13, 1 << 14
_BIND_TCP, _CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1


@dataclass(frozen=True)
class Limits:
    scratch: str  # the folder the page may write in
    memory_bytes: int | None = None  # address space the page may add; None: unlimited
    sandbox: bool = True  # False only for the engine's own tests of an unsandboxed run
    max_output: int = 100_000  # characters of printed output kept per block (the rest is cut)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 if it has none (or it is disabled)."""
    try:
        abi = _libc().syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    except (OSError, AttributeError):
        return 0
    return max(abi, 0)


def default_memory_limit(jobs: int) -> int:
    """Bytes per page process when the configuration does not say: three quarters of the
    machine's memory shared by the page processes that may run at once, at most 8 GiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        total = 8 << 30
    return min(8 << 30, total * 3 // 4 // max(1, jobs))


def enter(limits: Limits) -> None:
    """Called once in a fresh page process, before any block runs."""
    libc = _libc()
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if limits.memory_bytes:
        added = _mapped_bytes() + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (added, added))
    os.environ["TMPDIR"] = limits.scratch
    import tempfile

    tempfile.tempdir = limits.scratch
    if limits.sandbox:
        _restrict_writes(libc, limits.scratch)


def _mapped_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _restrict_writes(libc: ctypes.CDLL, scratch: str) -> None:
    abi = landlock_abi()
    if abi < 1:
        return
    write = _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE
    write |= (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0)
    attr = _RulesetAttr(write, (_BIND_TCP | _CONNECT_TCP) if abi >= 4 else 0,
                        (_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        file_rights = _WRITE_FILE | (_TRUNCATE if abi >= 3 else 0)
        for path, rights in ((scratch, write), ("/dev/shm", write), ("/dev/null", file_rights)):
            if os.path.exists(path):
                _allow(libc, ruleset, path, rights)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
                libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)


def _allow(libc: ctypes.CDLL, ruleset: int, path: str, rights: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneathAttr(rights, fd)
        if libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)
