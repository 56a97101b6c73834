"""Inside a page process: which project files the page has read — data files it opened and
helper modules it imported — so that the cache can tell when a page's inputs changed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_SKIP = {".venv", "node_modules", "site", ".build", ".cache", ".git", "__pycache__"}


class ReadTracker:
    """Records reads under `root` through an audit hook; `drain()` returns the new ones."""

    def __init__(self, root: str):
        self._root = os.path.realpath(root)
        self._opened: set[str] = set()
        self._seen_modules: set[str] = set(sys.modules)  # preloaded by the zygote, not by the page
        self._reported: set[str] = set()
        sys.addaudithook(self._hook)

    def drain(self) -> tuple[str, ...]:
        candidates, self._opened = self._opened, set()
        for name, module in list(sys.modules.items()):
            if name not in self._seen_modules:
                self._seen_modules.add(name)
                candidates.add(getattr(module, "__file__", None) or "")
        found = {p for p in map(self._relative, candidates) if p}
        new = found - self._reported
        self._reported |= new
        return tuple(sorted(new))

    def _hook(self, event: str, args: tuple) -> None:
        if event != "open" or not args:
            return
        path, mode = args[0], args[1] if len(args) > 1 else None
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return
        if len(args) > 2 and isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR):
            return
        if isinstance(path, (str, bytes, os.PathLike)):
            self._opened.add(os.path.abspath(os.fsdecode(path)))

    def _relative(self, path: str) -> str | None:
        if not path:
            return None
        real = os.path.realpath(path)
        if not real.startswith(self._root + os.sep) or not os.path.isfile(real):
            return None
        rel = Path(os.path.relpath(real, self._root))
        if _SKIP.intersection(rel.parts) or real.startswith(sys.prefix + os.sep):
            return None
        return rel.as_posix()
