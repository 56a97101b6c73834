"""One build's execution: look every page up in the cache, run the misses in parallel page
processes in the background, store what passed, and account for it. Independent of MkDocs.

Pages are submitted in order and a front end asks for each page's result when it needs it, so
execution overlaps whatever the front end does meanwhile (MkDocs renders the earlier pages).
"""

from __future__ import annotations

import json
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from .cache import ResultCache, environment_fingerprint, page_key
from .model import Document, DocumentResult, SiteCounts, Status
from .project import Project
from .runner import run_document
from .zygote import Zygote


@dataclass(frozen=True)
class Stats:
    pages: int  # pages with executable blocks (or parse errors)
    blocks: int
    run: int  # blocks executed in this build
    cached: int  # blocks whose results came from the cache
    failures: int  # failed blocks and parse errors
    seconds: float  # from the first lookup until the last page finished
    block_seconds: float  # CPU time of the blocks run (what parallel page processes share out)

    def summary(self, total_seconds: float | None = None) -> str:
        text = (f"kbexec: {self.pages} pages, {self.blocks} blocks: {self.run} run, "
                f"{self.cached} from cache, {self.failures} failures; executing took {self.seconds:.2f} s")
        if total_seconds is not None:
            text += f" of {total_seconds:.2f} s total"
        return text + f" (block CPU {self.block_seconds:.2f} s)"


REPORT = "assets/kbexec-report.json"  # in the site: what the build verified, for the PDF cover


def write_report(path: Path, results: list[DocumentResult]) -> None:
    """The counts of a successful build, as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(SiteCounts.of(results)), indent=2) + "\n", encoding="utf-8")


class Execution:
    """Results of one build's documents: cache hits at once, misses as their pages finish."""

    def __init__(self, documents: list[Document], project: Project, zygote: Zygote, jobs: int,
                 cache: ResultCache | None = None, refresh: bool = False):
        self._started = self._finished = time.perf_counter()
        self._project, self._zygote, self._cache = project, zygote, cache
        self._documents = [d for d in documents if d.blocks or d.errors]
        environment = environment_fingerprint(project.root) if cache else ""
        self._keys = {d.path: page_key(d, environment) if cache else "" for d in self._documents}
        self._pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="kbexec")
        self._pending: dict[str, Future[DocumentResult]] = {}
        self._cache_problem: str | None = None
        self._done: dict[str, DocumentResult] = {}
        for document in self._documents:
            hit = None
            if cache and not refresh and not document.errors:
                hit = cache.get(self._keys[document.path], document)
            if hit is not None:
                self._done[document.path] = hit
        misses = [d for d in self._documents if d.path not in self._done]
        if misses:
            zygote.start()  # only now: a build whose pages all hit the cache imports nothing
        for document in misses:
            self._pending[document.path] = self._pool.submit(self._run, document)
        self._finished = max(self._finished, time.perf_counter())  # lookups done; pages move it on

    def result(self, path: str) -> DocumentResult | None:
        """The result of the document at `path` (waiting for it), or None if it has no blocks."""
        if path in self._pending:
            self._done[path] = self._pending.pop(path).result()
        return self._done.get(path)

    def results(self) -> list[DocumentResult]:
        """Every result, in document order (waits for all)."""
        return [r for r in map(self.result, (d.path for d in self._documents)) if r is not None]

    def finish(self) -> Stats:
        """Wait for everything, count, and drop stale cache entries — only after a build that
        passed: after a failure, the failing page's last good entry is kept."""
        results = self.results()
        self._pool.shutdown()
        if self._cache and all(r.passed for r in results):
            self._cache.prune(set(self._keys.values()))
        blocks = [b for r in results for b in r.results]
        fresh = [b for r in results if not r.from_cache for b in r.results]
        return Stats(
            pages=len(results), blocks=len(blocks),
            run=sum(b.status is not Status.NOT_RUN for b in fresh),
            cached=len(blocks) - len(fresh),
            failures=sum(b.status is Status.FAILED for b in blocks) + sum(len(r.document.errors) for r in results),
            seconds=self._finished - self._started,
            block_seconds=sum(b.cpu_seconds for b in fresh))

    def cancel(self) -> None:
        """Drop the pages not started yet (the build failed elsewhere); running ones finish."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    @property
    def cache_problem(self) -> str | None:
        """Why results could not be stored (the first time it happened), or None."""
        return self._cache_problem

    def _run(self, document: Document) -> DocumentResult:
        result = run_document(document, self._zygote, self._project.settings)
        if self._cache:
            problem = self._cache.put(self._keys[document.path], result)
            if problem and self._cache_problem is None:
                self._cache_problem = problem
        self._finished = max(self._finished, time.perf_counter())
        return result
