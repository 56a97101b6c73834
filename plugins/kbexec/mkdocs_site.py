"""MkDocs adapter for the site's offline reading (`kbsite`): third-party browser assets copied
from `node_modules/` (installed from package-lock.json, never committed) into the site, and a
description for every page (from its first paragraph) for search engines and link previews."""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_MATH = re.compile(r'<span class="arithmatex">.*?</span>', re.S)  # TeX is no description
_TAG = re.compile(r"<[^>]+>")
DESCRIPTION_LENGTH = 120


class SiteConfig(base.Config):
    # site path -> file path relative to mkdocs.yml, e.g. the offline plugin's worker shim
    vendor = c.Type(dict, default={})
    # site path -> file relative to mkdocs.yml, copied when it exists (the PDF of `make pdf`)
    downloads = c.Type(dict, default={})


class SitePlugin(BasePlugin[SiteConfig]):
    def __init__(self) -> None:
        self._root = Path(".")

    def on_config(self, config):
        self._root = Path(config.config_file_path).parent.resolve()
        return config

    def on_files(self, files: Files, *, config) -> Files:
        for site_path, source in sorted(self.config.vendor.items()):
            path = self._root / source
            if not path.is_file():
                raise PluginError(f"kbsite: {source} is missing: run `make setup` (npm ci)")
            files.append(File.generated(config, site_path, abs_src_path=str(path)))
        for site_path, source in sorted(self.config.downloads.items()):
            if (self._root / source).is_file():
                files.append(File.generated(config, site_path, abs_src_path=str(self._root / source)))
        return files

    def on_page_content(self, content: str, *, page, config, files) -> str:
        if not page.meta.get("description"):
            description = first_paragraph_text(content)
            if description:
                page.meta["description"] = description
        return content


def first_paragraph_text(content: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The plain text of the first non-empty paragraph, cut to `limit` characters."""
    for match in _PARAGRAPH.finditer(content):
        text = " ".join(html.unescape(_TAG.sub("", _MATH.sub("", match.group(1)))).split())
        if text:
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""
