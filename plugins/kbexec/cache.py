"""Content-addressed cache of page results. An optimisation only: a hit gives exactly what a
fresh run would give, or it is not a hit.

A page's key chains the hashes of its blocks in order (kind, code, code file, options) with the
page's path and the environment (engine sources, Python and installed package versions, project
root). The entry also records the project files the page read while running (helper modules it
imported, data files it opened) with their hashes; a changed file turns the entry into a miss.
Failures are never stored. Writes are atomic (temporary file, then rename), and every entry
carries a checksum, so an interrupted or corrupt entry is detected, dropped and recomputed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path

from .model import BlockResult, Document, DocumentResult, Figure, Status

FORMAT = b"kbexec-cache-1\n"
_SUFFIX = ".entry"
_ABANDONED = 3600  # seconds after which a temporary file is a killed build's, not a running one's


@dataclass(frozen=True)
class _Entry:
    outputs: tuple[tuple[str, tuple[Figure, ...]], ...]  # per block, in order
    reads: tuple[tuple[str, str], ...]  # (root-relative path, sha256 of its content)


def environment_fingerprint(root: Path) -> str:
    """What every result depends on besides the page: engine, interpreter, packages, root."""
    h = hashlib.sha256()
    engine = Path(__file__).parent
    for source in sorted([*engine.glob("*.py"), *engine.glob("js/*.js")]):
        h.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    h.update(sys.version.encode() + b"\0" + str(root.resolve()).encode() + b"\0")
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    h.update("\n".join(packages).encode())
    return h.hexdigest()


def page_key(document: Document, environment: str) -> str:
    h = hashlib.sha256(f"{environment}\0{document.path}\0".encode())
    for block in document.blocks:
        part = repr((block.kind.value, block.code, block.code_path, block.options))
        h.update(hashlib.sha256(part.encode()).digest())
    return h.hexdigest()


class ResultCache:
    def __init__(self, directory: Path, root: Path):
        self.directory = directory
        self._root = root
        self._hashes: dict[str, str | None] = {}  # file hashes, memoised for one build

    def get(self, key: str, document: Document) -> DocumentResult | None:
        """The cached result of `document`, or None (missing, stale or corrupt: recompute)."""
        path = self.directory / (key + _SUFFIX)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        entry = self._decode(data)
        if entry is None or len(entry.outputs) != len(document.blocks):
            path.unlink(missing_ok=True)  # corrupt or partial: drop it, the caller recomputes
            return None
        if any(self._hash(p) != digest for p, digest in entry.reads):
            return None
        results = tuple(BlockResult(block, Status.PASSED, output, figures)
                        for block, (output, figures) in zip(document.blocks, entry.outputs))
        return DocumentResult(document, results, from_cache=True)

    def put(self, key: str, result: DocumentResult) -> str | None:
        """Store a passed result; return why it could not be stored (the build goes on: the
        cache is only an optimisation), or None."""
        if not result.passed:
            return None  # failures are never cached
        reads = tuple((p, self._hash(p)) for p in result.reads)
        if any(digest is None for _, digest in reads):
            return None  # a file it read is gone already: nothing stable to record
        entry = _Entry(tuple((r.output, r.figures) for r in result.results), reads)
        payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=f"{key[:16]}.", suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(FORMAT + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, self.directory / (key + _SUFFIX))
        except OSError as e:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            return f"{e.strerror or e} ({e.filename or self.directory})"
        return None

    def prune(self, keep: set[str], now: float | None = None) -> int:
        """Delete entries whose key is not in `keep`, and temporary files left by builds that
        were killed (older than an hour: a younger one may be another build's, being written)."""
        now = time.time() if now is None else now
        removed = 0
        try:
            paths = list(self.directory.iterdir())
        except OSError:
            return 0
        for path in paths:
            try:
                stale = (path.suffix == _SUFFIX and path.stem not in keep) or \
                    (path.suffix == ".tmp" and now - path.stat().st_mtime > _ABANDONED)
                if stale:
                    path.unlink()
                    removed += 1
            except OSError:
                pass  # gone already (another build pruned it), or not ours to delete
        return removed

    def _decode(self, data: bytes) -> _Entry | None:
        if not data.startswith(FORMAT):
            return None
        digest, payload = data[len(FORMAT): len(FORMAT) + 32], data[len(FORMAT) + 32:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        try:
            entry = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - any unreadable payload is a corrupt entry
            return None
        return entry if isinstance(entry, _Entry) else None

    def _hash(self, relative: str) -> str | None:
        if relative not in self._hashes:
            try:
                self._hashes[relative] = hashlib.sha256((self._root / relative).read_bytes()).hexdigest()
            except OSError:
                self._hashes[relative] = None
        return self._hashes[relative]
