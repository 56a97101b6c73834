"""MkDocs adapter for static math (`kbmath`): KaTeX HTML at build time, KaTeX CSS and fonts
copied into the site. A formula KaTeX cannot parse fails the build with its page and line
(`mkdocs serve` shows it in the page instead and keeps serving)."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .katex import FormulaCache, Katex, KatexUnavailable, formula_line, katex_version, render_math, render_text_math

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
CSS = "assets/katex/katex.min.css"
WOFF_FALLBACKS = re.compile(r',\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)')


class MathConfig(base.Config):
    enabled = c.Type(bool, default=True)
    katex_dir = c.Type(str, default="node_modules/katex")  # relative to mkdocs.yml
    cache = c.Type(bool, default=True)  # keep rendered formulas between builds
    cache_dir = c.Type(str, default=".cache/kbsite")  # relative to mkdocs.yml


class MathPlugin(BasePlugin[MathConfig]):
    def __init__(self) -> None:
        self._serving = False
        self._katex: Katex | None = None
        self._root = Path(".")
        self._errors: list[str] = []
        self._formulas = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config):
        self._errors, self._formulas = [], 0
        if self.config.enabled:
            self._root = Path(config.config_file_path).parent.resolve()
            if CSS not in config.extra_css:
                config.extra_css.insert(0, CSS)
            if self._katex is None:  # kept across `mkdocs serve` rebuilds, with its formulas
                katex_dir = self._root / self.config.katex_dir
                cache_file = self._root / self.config.cache_dir / "katex.json" if self.config.cache else None
                self._katex = Katex(katex_dir, FormulaCache(cache_file, katex_version(katex_dir)))
            self._katex.cache.start_build()
        return config

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files
        dist = self._root / self.config.katex_dir / "dist"
        if not (dist / "katex.min.css").is_file():
            raise PluginError(f"kbmath: KaTeX not found in {dist}: run `make setup` (npm ci)")
        # the stylesheet names each font three times (woff2, woff, ttf); we ship only woff2
        css = WOFF_FALLBACKS.sub("", (dist / "katex.min.css").read_text(encoding="utf-8"))
        files.append(File.generated(config, CSS, content=css))
        for font in sorted((dist / "fonts").glob("*.woff2")):  # every browser we target reads woff2
            files.append(File.generated(config, f"assets/katex/fonts/{font.name}", abs_src_path=str(font)))
        return files

    @event_priority(-10)  # after search indexed the page: it indexes the short TeX, not KaTeX's HTML
    def on_page_context(self, context, *, page, config, nav):
        if not self.config.enabled or self._katex is None:
            return context
        try:
            page.content, errors = render_math(page.content or "", self._katex)
            errors += self._render_toc(page.toc)
        except KatexUnavailable as e:
            raise PluginError(f"kbmath: {e}") from None
        self._formulas += page.content.count('class="katex"')
        label = Path(os.path.relpath(page.file.abs_src_path, self._root)).as_posix() \
            if page.file.abs_src_path else page.file.src_uri
        for error in errors:
            line = formula_line(page.file.content_string, error.tex) if page.file.abs_src_path else None
            where = f"{label}:{line}" if line else label
            self._errors.append(f"{where}: KaTeX cannot render the formula {error.tex!r}: {error.message}")
            if self._serving:  # a warning would abort the rebuild under `strict`: the page shows it
                log.info(f"kbmath: {self._errors[-1]} (shown in the page)")
        return context

    def _render_toc(self, items) -> list:
        """Headings with math: their table-of-contents entries get the same KaTeX HTML."""
        errors = []
        for item in items:
            item.title, found = render_text_math(item.title, self._katex)
            errors += found + self._render_toc(item.children)
        return errors

    def on_post_build(self, *, config) -> None:
        if self._katex is not None:
            self._katex.cache.save()
            log.info(f"kbmath: {self._formulas} formulas, {self._katex.rendered} rendered by KaTeX, "
                     f"the rest from the cache")
            self._katex.rendered = 0
        if not self._serving:
            self._close()
        if self._errors and not self._serving:
            raise PluginError(f"kbmath: {len(self._errors)} formula(s) failed:\n\n" + "\n\n".join(self._errors))

    def on_build_error(self, *, error: Exception) -> None:
        if not self._serving:
            self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _close(self) -> None:
        if self._katex is not None:
            self._katex.close()
            self._katex = None
