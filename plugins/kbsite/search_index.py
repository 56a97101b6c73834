"""The search index: cheaper to make, smaller to load, same content.

- Every page loads the index first (the `offline` plugin inlines it into
  `search/search_index.js`), so its size is most of a first visit. Material writes it with every
  Chinese character and zero-width space escaped (`\\u68af`, six bytes for three); written as
  UTF-8 with compact separators, the same index is far smaller.
- Material's search worker segments a Chinese query by the words of the index, but never
  tries a word that ends the query (`j < query.length`), so 梯度消失 is searched as 梯度*
  and 动量 as 动*; it searches every term only as a prefix, where rarer longer words outscore
  the term itself; and lunr has no phrases. `fix_search_worker` patches the built worker.
- Material's indexer parses every tag of a page; the search view hands it the same text with
  less markup. Its entries for a page are kept (`entries_key`), so an unchanged page is not
  parsed and segmented again, and a build whose pages are all unchanged does not even load
  jieba's dictionary.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
import threading
from importlib.metadata import version
from pathlib import Path

from .store import JsonStore


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


# Material 9.x, minified: for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)
_SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")
# …and the end of its query transformation: .map(r=>/(^[+-]|[~^]\d+$)/.test(r)?r:`${r}*`)
_WILDCARD = re.compile(r"\.map\((\w+)=>/\(\^\[\+-\]\|\[~\^\]\\d\+\$\)/\.test\(\1\)\?\1:`\$\{\1\}\*`\)")
EXACT_BOOST = 10
# …whose transformation starts: function ue(t,e=r=>r){return t.trim().split(/"([^"]+)"/g)
_TRANSFORM = re.compile(r'function \w+\((\w+),\w+=(\w+)=>\2\)\{return \1\.trim\(\)\.split\(/"\(\[\^"\]\+\)"/g\)')
PHRASE_BOOST = 100
# the query's words joined ("learning rate" → learningrate), searched exactly: the name of a
# glossary term is one such token in its entry's tags (`glossary.term_entries`)
PHRASE = ('var kbPhrase=function(q){var p=q.replace(/[\\s*"+~^:-]+/g,"").toLowerCase();'
          f'return p&&/\\S\\s+\\S/.test(q.trim())?p+"^{PHRASE_BOOST} ":""}};')


def fix_search_worker(site_dir: Path) -> list[Path]:
    """Patch Material's search worker in the built site (see the module's docstring):
    the query segmenter tries words that end the query; every query term is searched
    exactly (boosted) as well as as a prefix — `学习率^10 学习率*` — so the page about 学习率
    ranks before those about the rarer 学习率衰减 that the prefix also matches; and a query of
    several words is also searched as one joined word (`learningrate^100`), which only a
    glossary term of exactly these words has among its tags.
    Returns the worker files patched; none when Material's code changed (tests would show it)."""
    patched = []
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        text, segment = _SEGMENT_LOOP.subn(lambda m: m.group(0).replace("<", "<=", 1), text)
        text, wildcard = _WILDCARD.subn(
            lambda m: m.group(0).replace(f"`${{{m.group(1)}}}*`", f"`${{{m.group(1)}}}^{EXACT_BOOST} ${{{m.group(1)}}}*`"), text)
        text, phrase = _TRANSFORM.subn(lambda m: m.group(0).replace("{return ", f"{{return kbPhrase({m.group(1)})+", 1), text)
        if segment == wildcard == phrase == 1:
            worker.write_text(PHRASE + text, encoding="utf-8")
            patched.append(worker)
    return patched


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


def words_digest(dictionary: Path | None) -> str:
    """The digest of the segmentation dictionary's words ("" without one)."""
    return hashlib.sha256(dictionary.read_bytes()).hexdigest() if dictionary and dictionary.is_file() else ""


def indexer_settings(search_config: dict, words: str) -> str:
    """The search configuration and versions that shape the entries (`words`: the dictionary's
    digest), as one string."""
    versions = ", ".join(f"{name} {version(name)}" for name in ("mkdocs-material", "jieba"))
    options = {k: search_config.get(k) for k in ("lang", "separator", "pipeline", "fields")}
    return repr((versions, sorted(options.items(), key=str), words))


class SearchKeeper:
    """Brackets the search plugin's indexing of each page: before it, the page shows its search
    view — or nothing, when its entries are kept (they are added afterwards, as the indexer
    would have made them); after it, the page gets its full HTML back.

    `entries` is the list the search plugin is filling for this build. Kept across `mkdocs serve`
    rebuilds (one instance per plugin instance); `start_build` and `save` bracket a build."""

    def __init__(self, store: Path, dictionary: Path | None):
        self._store = JsonStore(store, "1")
        self._dictionary = dictionary
        self._words = ""  # digest of the dictionary's words in this build ("" without one)
        self._dictionary_loaded: str | None = None  # digest of the words this process gave jieba
        self._settings = ""
        self._pages: dict[str, tuple[str, str, int, list | None]] = {}  # page url -> (full, key, start, kept)
        self._loader: threading.Thread | None = None  # loading jieba's dictionary in the background

    @property
    def store_path(self) -> Path | None:
        return self._store.path

    def start_build(self, search_config: dict) -> None:
        self._store.start_build()
        self._words = words_digest(self._dictionary)
        self._settings = indexer_settings(search_config, self._words)

    def prepare(self, pages: int) -> None:
        """Start loading jieba's dictionary in the background if some of the build's `pages` will
        surely need it: fewer entries are kept than there are pages (a cold build). The build
        then loads it while it waits for the first page's blocks, instead of when it indexes the
        first page, with nothing left to overlap. A warm build does not load it at all."""
        if self._loader is None and self._words not in ("", self._dictionary_loaded) and len(self._store) < pages:
            self._loader = threading.Thread(target=self._preload, name="kbsite-jieba", daemon=True)
            self._loader.start()

    def _preload(self) -> None:
        with contextlib.suppress(Exception):  # the build loads it again, and then says what is wrong
            self._load_dictionary()

    def before_indexing(self, page, entries: list | None) -> str:
        """The HTML the indexer should see for `page` (its `content` is the full HTML)."""
        full = page.content or ""
        view = search_view(full)
        if entries is None:  # no search plugin: nothing to keep
            self._pages[page.url] = (full, "", 0, None)
            return view
        key = entries_key(view, page.url, str(page.title), page.toc.items, page.meta, self._settings)
        kept = self._store.get(key)
        if kept is None:
            self._load_dictionary()
        self._pages[page.url] = (full, key, len(entries), kept)
        return "" if kept is not None else view

    def after_indexing(self, page, entries: list | None) -> str:
        """Record (or add back) the page's entries; return its full HTML, as the search plugin
        leaves pages: without `data-search-*` attributes."""
        full, key, start, kept = self._pages.pop(page.url, (page.content or "", "", 0, None))
        if key and entries is not None:
            if kept is not None:
                entries.extend(dict(entry) for entry in kept)
            else:
                self._store.put(key, [dict(entry) for entry in entries[start:]])
        return SEARCH_ATTRIBUTES.sub("", full) if "data-search-" in full else full

    def save(self) -> None:
        self._store.save()

    def _load_dictionary(self) -> None:
        """Give jieba our words before it segments a page (once per process and dictionary)."""
        loader = self._loader
        if loader is not None and loader is not threading.current_thread():
            loader.join()  # (if it failed, loading here again raises the error in the build)
            self._loader = None
        if self._words not in ("", self._dictionary_loaded):
            import jieba

            jieba.load_userdict(str(self._dictionary))
            self._dictionary_loaded = self._words
