"""A disk cache for highlighted code blocks: Markdown extension `kbsite.highlight`.

Pygments is most of the cost of turning this site's Markdown into HTML (hundreds of code
blocks, re-highlighted on every build and every `mkdocs serve` reload). The extension wraps
the default code formatter of `pymdownx.superfences` (which calls `pymdownx.highlight`): the
HTML of a block is stored under a hash of everything it depends on — the code, its language
and options, the highlight settings, and the versions of Pygments and pymdown-extensions — and
reused as it is. Blocks with line numbers or line anchors (whose ids depend on the block's
position in the page) are always highlighted afresh.

    markdown_extensions:
      - pymdownx.highlight
      - pymdownx.superfences
      - kbsite.highlight: {cache_dir: .cache/kbsite/highlight}   # after superfences

An entry is written atomically; one that cannot be read or written is only a miss. Entries are
touched when used; `prune` removes those unused for a month.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from markdown import Extension

_SETTINGS = ("css_class", "guess_lang", "pygments_style", "use_pygments", "noclasses", "linenums",
             "linenums_style", "linenums_class", "linenums_special", "extend_pygments_lang",
             "language_prefix", "code_attr_on_pre", "auto_title", "auto_title_map", "line_spans",
             "line_anchors", "anchor_linenums", "pygments_lang_class", "stripnl", "default_lang",
             "title_mode")
DEFAULT_CACHE_DIR = ".cache/kbsite/highlight"  # relative to the working directory; kbsite makes it
# relative to mkdocs.yml
_UNUSED_FOR = 30 * 24 * 3600  # seconds after which `prune` removes an entry


class CachedHighlight:
    """Stands in for superfences' default formatter (`SuperFencesBlockPreprocessor.highlight`)."""

    def __init__(self, fenced, directory: Path):
        self._fenced = fenced
        self._highlight = fenced.highlight
        self._directory = directory
        self._versions = f"pygments {version('pygments')}, pymdown-extensions {version('pymdown-extensions')}"

    def __call__(self, src="", language="", options=None, md=None, **kwargs):
        options = dict(options or {})
        fenced = self._fenced
        if fenced.linenums or fenced.line_anchors or fenced.anchor_linenums or "linenums" in options:
            return self._highlight(src, language, options, md, **kwargs)
        settings = tuple((name, repr(getattr(fenced, name, None))) for name in _SETTINGS)
        key = hashlib.sha256(repr((src, language, sorted(options.items()), kwargs.get("classes"),
                                   kwargs.get("id_value"), sorted((kwargs.get("attrs") or {}).items()),
                                   settings, self._versions)).encode()).hexdigest()
        path = self._directory / key[:2] / f"{key}.html"
        try:
            cached = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            cached = None
        if cached is not None:
            fenced.highlight_ext.pygments_code_block += 1  # as a fresh highlight would count it
            _touch(path)
            return cached
        html = self._highlight(src, language, options, md, **kwargs)
        _write(path, html)
        return html


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _write(path: Path, text: str) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


def prune(directory: Path, now: float | None = None) -> int:
    """Remove the entries unused for a month (and temporary files older than a day)."""
    now = time.time() if now is None else now
    removed = 0
    for path in directory.glob("*/*"):
        try:
            age = now - path.stat().st_mtime
            if age > _UNUSED_FOR or (path.suffix == ".tmp" and age > 86400):
                path.unlink()
                removed += 1
        except OSError:
            pass
    return removed


class HighlightCacheExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"cache_dir": [DEFAULT_CACHE_DIR, "where highlighted blocks are kept"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        fenced = md.preprocessors["fenced_code_block"] if "fenced_code_block" in md.preprocessors else None
        extension = getattr(fenced, "extension", None)
        if extension is None or not hasattr(extension, "superfences"):
            raise ValueError("kbsite.highlight must come after pymdownx.superfences in markdown_extensions")
        for fence in extension.superfences:
            if fence["name"] == "superfences" and fence["formatter"] == fenced.highlight:
                fence["formatter"] = CachedHighlight(fenced, Path(self.getConfig("cache_dir")))


def makeExtension(**kwargs):  # noqa: N802 - the name Python-Markdown looks for
    return HighlightCacheExtension(**kwargs)
