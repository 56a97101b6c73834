"""A fork server for page processes.

Starting Python and importing numpy and matplotlib costs about a second; forking a process that
has already done so costs milliseconds. The zygote is a long-lived child of the build (or of
pytest) that has imported them once; for each document it forks one page process, which serves
the document's blocks over its own socket (see `worker.serve`). The build can kill a page process
(timeout) and asks the zygote how it ended (crash, `os._exit`).

`multiprocessing`'s forkserver is not used because each of its children re-imports the parent's
`__main__` (the `mkdocs` or `pytest` script), which costs more than the fork itself.
"""

from __future__ import annotations

import gc
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .sandbox import Limits


@dataclass(frozen=True)
class PageProcess:
    pid: int
    conn: Connection


class Zygote:
    """Client side: start the fork server lazily, fork page processes, report exit statuses."""

    def __init__(self, root: Path):
        self._root = root
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._ctl: socket.socket | None = None

    @property
    def root(self) -> Path:
        return self._root

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def spawn(self, limits: Limits, module_name: str = "__main__", import_dir: Path | None = None) -> PageProcess:
        """A new page process, which enters `limits` before it answers."""
        ours, theirs = socket.socketpair()
        with self._lock:
            ctl = self._ensure_started()
            socket.send_fds(ctl, [b"fork"], [theirs.fileno()])
            theirs.close()
            pid = int(ctl.recv(64))
        conn = Connection(ours.detach())
        conn.send((str(self._root), module_name, str(import_dir) if import_dir else None, limits))
        return PageProcess(pid, conn)

    def start(self) -> None:
        """Start the fork server now (it imports in the background); `spawn` waits for it."""
        with self._lock:
            self._ensure_started()

    def exit_status(self, pid: int) -> str:
        """How a page process ended, in words ("exit code 3", "signal SIGSEGV")."""
        with self._lock:
            ctl = self._ensure_started()
            ctl.send(f"status {pid}".encode())
            return ctl.recv(256).decode()

    def close(self) -> None:
        with self._lock:
            if self._ctl is not None:
                self._ctl.close()
            if self._proc is not None:
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait()
            self._proc = self._ctl = None

    def _ensure_started(self) -> socket.socket:
        if self._proc is not None and self._proc.poll() is None and self._ctl is not None:
            return self._ctl
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # One BLAS thread per page process: pages already run in parallel, and float results
        # must not depend on how many cores the machine has.
        threads = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0", **threads)
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "import sys, kbexec.zygote as z; z.main(int(sys.argv[1]))",
             str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, cwd=self._root, env=env)
        theirs.close()
        self._ctl = ours
        return ours


def main(ctl_fd: int) -> None:
    """Server side: preload, then fork one page process per request until the client leaves
    (closes the socket, or dies: then the page processes die with the zygote, see `sandbox`)."""
    from . import preload, worker  # noqa: F401 - the point of the zygote: import them once

    gc.freeze()  # children's GC passes then leave the inherited objects (and their pages) alone
    ctl = socket.socket(fileno=ctl_fd)
    ended: dict[int, int] = {}
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(ctl, 256, 1)
        except OSError:
            return
        if not msg:
            return
        _reap(ended)
        if msg == b"fork":
            pid = os.fork()
            if pid == 0:
                ctl.close()
                _page_process(fds[0])
            os.close(fds[0])
            ctl.send(str(pid).encode())
        elif msg.startswith(b"status "):
            ctl.send(_describe(_wait(int(msg.split()[1]), ended)).encode())


def _page_process(fd: int) -> None:
    from .sandbox import enter
    from .worker import serve

    code = 0
    try:
        conn = Connection(fd)
        root, module_name, import_dir, limits = conn.recv()
        if import_dir:
            sys.path.insert(0, import_dir)
        enter(limits)
        serve(conn, root, module_name, limits)
    except BaseException:  # noqa: BLE001 - the parent sees the broken connection
        code = 1
    finally:
        os._exit(code)


def _reap(ended: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if len(ended) > 10_000:
            ended.clear()
        ended[pid] = status


def _wait(pid: int, ended: dict[int, int]) -> int | None:
    deadline = time.monotonic() + 5
    while pid not in ended and time.monotonic() < deadline:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done:
            return status
        time.sleep(0.01)
    return ended.pop(pid, None)


def _describe(status: int | None) -> str:
    if status is None:
        return "unknown status"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return f"signal {signal.Signals(sig).name}" if sig in signal.valid_signals() else f"signal {sig}"
    return f"exit code {os.WEXITSTATUS(status)}"
