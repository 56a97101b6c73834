"""MkDocs adapter: run every page's blocks, render results into the pages, fail on false claims.

The only module that imports MkDocs. All pages are executed up front, in parallel, when MkDocs
hands over the file list; pages are then rendered one by one from those results.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .build import Stats, execute
from .cache import ResultCache
from .model import DocumentResult, Status
from .project import Project
from .render import REQUIRED_EXTENSIONS, render_document
from .zygote import Zygote

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class ExecConfig(base.Config):
    enabled = c.Type(bool, default=True)  # `enabled: !ENV [KBEXEC, true]` turns it off per build
    snippets_dir = c.Type(str, default="snippets")  # relative to mkdocs.yml
    timeout = c.Type((int, float), default=60)  # seconds per block unless `timeout=` says otherwise
    jobs = c.Type(int, default=0)  # parallel page processes; 0: one per CPU core
    figures_dir = c.Type(str, default="assets/figures")  # in the site
    cache = c.Type(bool, default=True)  # reuse results of unchanged pages (never failures)
    cache_dir = c.Type(str, default=".cache/kbexec")  # relative to mkdocs.yml; never inside docs/
    refresh = c.Type(bool, default=False)  # re-run every page and overwrite its cache entry


class ExecPlugin(BasePlugin[ExecConfig]):
    def __init__(self) -> None:
        self._serving = False
        self._zygote: Zygote | None = None
        self._project: Project | None = None
        self._results: dict[str, DocumentResult] = {}
        self._stats: Stats | None = None
        self._started = 0.0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config):
        self._results, self._stats = {}, None  # MkDocs reuses plugin instances (serve, configs)
        self._started = time.perf_counter()
        if not self.config.enabled:
            return config
        missing = [e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(f"kbexec needs these markdown_extensions in mkdocs.yml: {', '.join(missing)}")
        root = Path(config.config_file_path).parent.resolve()
        self._project = Project(root, Path(config.docs_dir).resolve(),
                                (root / self.config.snippets_dir).resolve(), float(self.config.timeout))
        return config

    def on_serve(self, server, *, config, builder):
        if self.config.enabled and self._project and self._project.snippets_dir.is_dir():
            server.watch(str(self._project.snippets_dir))
        return server

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled or self._project is None:
            return files
        project = self._project
        pages = [f for f in files.documentation_pages() if f.src_uri.endswith(".md")]
        documents = [project.parse(Path(f.abs_src_path), f.content_string) for f in pages]
        if self._zygote is None:
            self._zygote = Zygote(project.root)
        cache = ResultCache(project.root / self.config.cache_dir, project.root) if self.config.cache else None
        results, self._stats = execute(documents, project, self._zygote,
                                       self.config.jobs or os.cpu_count() or 1, cache, self.config.refresh)
        self._results = {r.document.path: r for r in results}
        figures = {fig.name: fig for r in results for b in r.results for fig in b.figures}
        for name, fig in sorted(figures.items()):
            files.append(File.generated(config, f"{self.config.figures_dir}/{name}", content=fig.data))
        if self._serving:
            for problem in self._problems():
                log.warning(problem)
        return files

    @event_priority(100)  # first: block line numbers refer to the page text as read from disk
    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        result = self._results.get(self._project.label(Path(page.file.abs_src_path))) if self._project else None
        if result is None:
            return markdown
        raw = page.file.content_string.replace("\r\n", "\n")
        if not raw.endswith(markdown):
            raise PluginError(f"{result.document.path}: the page text was changed before kbexec saw it; "
                              "list kbexec first among the plugins that edit Markdown")
        first_line = raw[: len(raw) - len(markdown)].count("\n") + 1
        figures_dir = self.config.figures_dir

        def figure_url(name: str) -> str:
            return get_relative_url(f"{figures_dir}/{name}", page.file.src_uri)

        return render_document(markdown, first_line, result, figure_url)

    def on_post_build(self, *, config) -> None:
        if self._stats is not None:
            log.info(self._stats.summary(time.perf_counter() - self._started))
        if not self._serving:
            self._close()
            problems = self._problems()
            if problems:
                listing = "\n\n".join(problems)
                raise PluginError(f"kbexec: {len(problems)} problem(s) in executable blocks:\n\n{listing}")

    def on_build_error(self, *, error: Exception) -> None:
        if not self._serving:
            self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _problems(self) -> list[str]:
        """Every parse error and failed or skipped block, by page and line."""
        out = []
        for _, result in sorted(self._results.items()):
            found = [(e.line, e.render()) for e in result.document.errors]
            for b in result.results:
                if b.status is Status.FAILED:
                    found.append((b.failure.line, b.failure.render()))
                elif b.status is Status.NOT_RUN:  # its cause is listed on its own
                    found.append((b.failure.line, f"{b.failure.path}:{b.failure.line}: {b.failure.summary}"))
            out += [text for _, text in sorted(found, key=lambda item: item[0])]
        return out

    def _close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None
