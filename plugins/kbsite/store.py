"""A small on-disk memo for one build's derived data (rendered formulas, search entries).

One JSON file holds `key -> value` for one `version` of whatever produces the values. A build
starts with `start_build` and ends with `save`, which writes (atomically) exactly the entries
that build used, so entries no page uses any more disappear after one build. A missing, corrupt
or unwritable file only makes a build slower: the values are computed again.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


class JsonStore:
    def __init__(self, path: Path | None, version: str):
        self.path = path
        self._path, self._version = path, version
        self._known: dict[str, object] = {}  # everything computed or loaded so far
        self._used: dict[str, object] = {}  # what the current build used
        self._on_disk: set[str] = set()
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == version and isinstance(data.get("entries"), dict):
                    self._known = data["entries"]
                    self._on_disk = set(self._known)
            except (OSError, ValueError):
                pass

    def __len__(self) -> int:
        """How many entries are known (kept from the last build, or computed since)."""
        return len(self._known)

    def start_build(self) -> None:
        self._used = {}

    def get(self, key: str):
        found = self._known.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: str, value) -> None:
        self._known[key] = self._used[key] = value

    def save(self) -> None:
        """Write the entries this build used, unless that is what the file holds already."""
        if self._path is None or set(self._used) == self._on_disk:
            return
        payload = json.dumps({"version": self._version, "entries": self._used}, ensure_ascii=False)
        tmp = None
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._path.parent, prefix=self._path.name + ".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(payload)
            os.replace(tmp, self._path)
        except OSError:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            return
        self._on_disk = set(self._used)
