"""The one runner: executes a document's blocks, in order, in one page process.

Both front ends use it: the MkDocs plugin runs whole documents (`run_documents`, pages in
parallel), pytest steps through a document block by block (`DocumentRun.run_next`), so that
`pytest -k` can select a single block and still get the namespace of the blocks before it.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .model import DEFAULT_TIMEOUT, BlockResult, Document, DocumentResult, Failure, Status
from .sandbox import Limits
from .zygote import PageProcess, Zygote


@dataclass(frozen=True)
class RunSettings:
    root: Path  # the project root: page processes run there, locations are relative to it
    snippets_dir: Path | None = None  # importable from blocks (shared helpers)
    default_timeout: float = DEFAULT_TIMEOUT
    grace: float = 2.0  # after SIGALRM had its chance, kill the page process this much later
    memory_limit: int | None = None  # bytes a page process may allocate (see `sandbox`)
    sandbox: bool = True  # page processes may write only in their scratch folder
    max_output: int = 100_000  # characters of a block's printed output kept (the rest is cut)
    figures_as_png: bool = True  # False (pytest): figures are drawn, so they fail as in the build, not encoded


class DocumentRun:
    """One document's page process. Use as a context manager; call `run_next` per block."""

    def __init__(self, document: Document, zygote: Zygote, settings: RunSettings):
        self.document = document
        self._zygote = zygote
        self._settings = settings
        self._next = 0
        self._process: PageProcess | None = None
        self._scratch: str | None = None  # the page process's writable folder
        self._blocker: Failure | None = None  # why the remaining blocks cannot run
        if document.errors:
            first = document.errors[0]
            self._blocker = Failure(first.path, first.line, first.message)

    def __enter__(self) -> DocumentRun:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def next_index(self) -> int:
        return self._next

    @property
    def done(self) -> bool:
        return self._next >= len(self.document.blocks)

    def run_next(self) -> BlockResult:
        block = self.document.blocks[self._next]
        self._next += 1
        if self._blocker is not None:
            why = f"not run because of the failure at {self._blocker.location}"
            cause = Failure(block.path, block.line, why, self._blocker.render(),
                            block.code_path if block.is_cell else None, 1 if block.is_cell else None)
            return BlockResult(block, Status.NOT_RUN, failure=cause)
        timeout = block.options.timeout or self._settings.default_timeout
        started = time.perf_counter()
        outcome = self._send(block, timeout)
        seconds = time.perf_counter() - started
        if isinstance(outcome, Failure):
            self._blocker = outcome
            return BlockResult(block, Status.FAILED, failure=outcome, seconds=seconds)
        if outcome.failure is not None:
            self._blocker = outcome.failure
            return BlockResult(block, Status.FAILED, outcome.output, failure=outcome.failure, seconds=seconds)
        return BlockResult(block, Status.PASSED, outcome.output, outcome.figures, seconds=seconds,
                           cpu_seconds=outcome.cpu_seconds, reads=outcome.reads)

    def run_to(self, index: int) -> BlockResult:
        """Run every block up to `index` (inclusive) and return the result of that one."""
        while True:
            result = self.run_next()
            if result.block.index >= index:
                return result

    def close(self) -> None:
        if self._process is not None:
            self._process.conn.close()
            self._process = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _send(self, block, timeout: float):
        if self._process is None:
            module = Path(self.document.path).stem if self.document.path.endswith(".py") else "__main__"
            self._scratch = tempfile.mkdtemp(prefix="kbexec-page-")
            limits = Limits(self._scratch, self._settings.memory_limit, self._settings.sandbox,
                            self._settings.max_output)
            self._process = self._zygote.spawn(limits, module, self._settings.snippets_dir)
        conn = self._process.conn
        try:
            conn.send((block, timeout, self._settings.figures_as_png))
            if conn.poll(timeout + self._settings.grace):
                return conn.recv()
            summary = f"timed out after {timeout:g} s; the page process did not respond and was killed"
            self._kill()
        except (EOFError, OSError):
            summary = f"the page process died while running this block ({self._exit_status()})"
        self.close()
        return Failure(block.path, block.line, summary,
                       code_path=block.code_path if block.code_path != block.path else None,
                       code_line=block.code_line)

    def _kill(self) -> None:
        if self._process is not None:
            try:
                os.kill(self._process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _exit_status(self) -> str:
        assert self._process is not None
        return self._zygote.exit_status(self._process.pid)


def run_document(document: Document, zygote: Zygote, settings: RunSettings) -> DocumentResult:
    if not document.blocks:
        return DocumentResult(document, ())
    with DocumentRun(document, zygote, settings) as run:
        results = []
        while not run.done:
            results.append(run.run_next())
    return DocumentResult(document, tuple(results))


def run_documents(documents: list[Document], zygote: Zygote, settings: RunSettings,
                  jobs: int) -> list[DocumentResult]:
    """Run documents in parallel page processes; results come back in the given order."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda d: run_document(d, zygote, settings), documents))
