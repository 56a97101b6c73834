"""One build's execution step: look every page up in the cache, run the misses in parallel page
processes, store what passed, and account for it. Independent of MkDocs."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .cache import ResultCache, environment_fingerprint, page_key
from .model import Document, DocumentResult, Status
from .project import Project
from .runner import run_documents
from .zygote import Zygote


@dataclass(frozen=True)
class Stats:
    pages: int  # pages with executable blocks (or parse errors)
    blocks: int
    run: int  # blocks executed in this build
    cached: int  # blocks whose results came from the cache
    failures: int  # failed blocks and parse errors
    seconds: float  # wall time of this step

    def summary(self, total_seconds: float | None = None) -> str:
        text = (f"kbexec: {self.pages} pages, {self.blocks} blocks: {self.run} run, "
                f"{self.cached} from cache, {self.failures} failures; executing took {self.seconds:.2f} s")
        return text + (f" of {total_seconds:.2f} s total" if total_seconds is not None else "")


def execute(documents: list[Document], project: Project, zygote: Zygote, jobs: int,
            cache: ResultCache | None = None, refresh: bool = False) -> tuple[list[DocumentResult], Stats]:
    """Results for every document with blocks or parse errors, in the given order."""
    started = time.perf_counter()
    documents = [d for d in documents if d.blocks or d.errors]
    environment = environment_fingerprint(project.root) if cache else ""
    keys = [page_key(d, environment) if cache else "" for d in documents]
    found: list[DocumentResult | None] = [
        cache.get(k, d) if cache and not refresh and not d.errors else None
        for d, k in zip(documents, keys)]
    misses = [i for i, r in enumerate(found) if r is None]
    fresh = run_documents([documents[i] for i in misses], zygote, project.settings, jobs)
    for i, result in zip(misses, fresh):
        found[i] = result
        if cache:
            cache.put(keys[i], result)
    if cache:
        cache.prune(set(keys))
    results = [r for r in found if r is not None]
    blocks = [b for r in results for b in r.results]
    stats = Stats(
        pages=len(results), blocks=len(blocks),
        run=sum(1 for r in results if not r.from_cache for b in r.results if b.status is not Status.NOT_RUN),
        cached=sum(len(r.results) for r in results if r.from_cache),
        failures=sum(b.status is Status.FAILED for b in blocks) + sum(len(r.document.errors) for r in results),
        seconds=time.perf_counter() - started)
    return results, stats
