"""The search index: cheaper to make, smaller to load, same content.

- Every page loads the index first (the `offline` plugin inlines it into
  `search/search_index.js`), so its size is most of a first visit. Material writes it with every
  Chinese character and zero-width space escaped (`\\u68af`, six bytes for three); written as
  UTF-8 with compact separators, the same index is far smaller.
- Material's indexer parses every tag of a page; the search view hands it the same text with
  less markup. Its entries for a page are kept (`entries_key`), so an unchanged page is not
  parsed and segmented again, and a build whose pages are all unchanged does not even load
  jieba's dictionary.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from importlib.metadata import version
from pathlib import Path


def compact_search_index(path: Path) -> int:
    """Rewrite the index at `path` (if any) as compact UTF-8 JSON; return the bytes saved."""
    try:
        before = path.read_bytes()
    except FileNotFoundError:
        return 0
    data = json.loads(before)
    after = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(after)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the site is served to everyone
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return len(before) - len(after)


_PRE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)
_SPAN = re.compile(r"</?span\b[^>]*>")
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what Material's search removes


def search_view(content: str) -> str:
    """The page as the search plugin needs it: the same text, without the highlighting markup
    inside code blocks (a `<span>` per token, which the indexer drops after parsing it — most of
    the cost of indexing a page with code)."""
    return _PRE.sub(lambda m: _SPAN.sub("", m.group(0)), content)


def entries_key(view: str, url: str, title: str, toc: list, meta: dict, settings: str) -> str:
    """What a page's search entries depend on: its search view, address, title and table of
    contents (section titles and links), the metadata the indexer reads (title, tags, boost),
    and `settings` (indexer versions and configuration, the segmentation dictionary)."""
    def items(entries) -> list:
        return [(e.id, e.title, items(e.children)) for e in entries]

    fields = {k: meta.get(k) for k in ("title", "tags", "search")}
    material = repr((view, url, title, items(toc), sorted(fields.items(), key=str), settings))
    return hashlib.sha256(material.encode()).hexdigest()


def indexer_settings(search_config: dict, dictionary: Path | None) -> str:
    """The search configuration and versions that shape the entries, as one string."""
    versions = ", ".join(f"{name} {version(name)}" for name in ("mkdocs-material", "jieba"))
    words = hashlib.sha256(dictionary.read_bytes()).hexdigest() if dictionary and dictionary.is_file() else ""
    options = {k: search_config.get(k) for k in ("lang", "separator", "pipeline", "fields")}
    return repr((versions, sorted(options.items(), key=str), words))
