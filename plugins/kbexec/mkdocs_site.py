"""MkDocs adapter for the site's conventions (`kbsite`): third-party browser assets copied from
`node_modules/` (installed from package-lock.json, never committed) into the site, a description
for every page (from its first paragraph) for search engines and link previews, and the index of
every correction to the notes (`<!-- kbsite:errata -->`) with its count (`<!-- kbsite:errata-count -->`)
and of every reference (`<!-- kbsite:references -->`)."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink

from .appendix import Source, errata_index, references_index

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_MATH = re.compile(r'<span class="arithmatex">.*?</span>', re.S)  # TeX is no description
_TAG = re.compile(r"<[^>]+>")
DESCRIPTION_LENGTH = 120
MARKER = "<!-- kbsite:"
ERRATA_INDEX = "<!-- kbsite:errata -->"
REFERENCES_INDEX = "<!-- kbsite:references -->"
ERRATA_COUNT = re.compile(r"<!--\s*kbsite:errata-count\s*-->")
_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"#:]+)"[^>]*>(.*?)</a>', re.S)  # relative links
_HEADING_ID = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"')


class SiteConfig(base.Config):
    # site path -> file path relative to mkdocs.yml, e.g. the offline plugin's worker shim
    vendor = c.Type(dict, default={})
    # site path -> file relative to mkdocs.yml, copied when it exists (the PDF of `make pdf`)
    downloads = c.Type(dict, default={})


class SitePlugin(BasePlugin[SiteConfig]):
    def __init__(self) -> None:
        self._root = Path(".")
        self._missing: set[str] = set()  # site paths of downloads whose file doesn't exist yet
        self._sources: list[Source] | None = None  # what the appendix gathers, once every page is rendered

    def on_config(self, config):
        self._root = Path(config.config_file_path).parent.resolve()
        return config

    def on_files(self, files: Files, *, config) -> Files:
        for site_path, source in sorted(self.config.vendor.items()):
            path = self._root / source
            if not path.is_file():
                raise PluginError(f"kbsite: {source} is missing: run `make setup` (npm ci)")
            files.append(File.generated(config, site_path, abs_src_path=str(path)))
        self._missing, self._sources = set(), None
        for site_path, source in sorted(self.config.downloads.items()):
            if (self._root / source).is_file():
                files.append(File.generated(config, site_path, abs_src_path=str(self._root / source)))
            else:
                self._missing.add(site_path)
        return files

    def on_page_content(self, content: str, *, page, config, files) -> str:
        if self._missing:  # a download not made yet (the PDF before `make pdf`): no dead link
            content = _LINK.sub(lambda m: self._unlink_missing(m, page), content)
        if not page.meta.get("description"):
            description = first_paragraph_text(content)
            if description:
                page.meta["description"] = description
        return content

    def _unlink_missing(self, link: re.Match, page) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), link.group(1)))
        if target not in self._missing:
            return link.group(0)
        return f'<span class="kb-missing-download">{link.group(2)}（尚未生成，运行 <code>make pdf</code> 后可下载）</span>'

    @event_priority(10)  # before the search plugin indexes the page
    def on_page_context(self, context, *, page, config, nav):
        """Fill the errata markers, once every page's HTML exists (MkDocs renders all pages
        before it builds their templates)."""
        content = page.content or ""
        if MARKER not in content:
            return context
        if self._sources is None:  # once per build; pages holding markers contribute nothing
            self._sources = [Source.of(p.title or p.file.src_uri, p.url, p.content or "")
                             for p in nav.pages if MARKER not in (p.content or "")]
        sources = self._sources
        content = ERRATA_COUNT.sub(str(sum(len(s.errata) for s in sources)), content)
        if ERRATA_INDEX in content:
            before = _HEADING_ID.findall(content[: content.index(ERRATA_INDEX)])
            content = content.replace(ERRATA_INDEX, errata_index(sources, page.url))
            _extend_toc(page.toc, before[-1] if before else None, [s for s in sources if s.errata])
        content = content.replace(REFERENCES_INDEX, references_index(sources, page.url))
        page.content = content
        if hasattr(page, "html"):  # what print-site saved for the print page (and so the PDF)
            page.html = content
        return context


def _extend_toc(toc, parent_id: str | None, sources: list[Source]) -> None:
    """Add a TOC entry per source page under the heading `parent_id` (or at the top level)."""
    def find(items):
        for item in items:
            if item.id == parent_id:
                return item
            found = find(item.children)
            if found:
                return found
        return None

    parent = find(toc.items) if parent_id else None
    level = parent.level + 1 if parent else 2
    entries = [AnchorLink(f"{s.title}（{len(s.errata)} 条）", s.id, level) for s in sources]
    (parent.children if parent else toc.items).extend(entries)


def first_paragraph_text(content: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The plain text of the first non-empty paragraph, cut to `limit` characters."""
    for match in _PARAGRAPH.finditer(content):
        text = " ".join(html.unescape(_TAG.sub("", _MATH.sub("", match.group(1)))).split())
        if text:
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""
