"""MkDocs adapter: run every page's blocks, render results into the pages, fail on false claims.

The only module that imports MkDocs. When MkDocs lists the files, every page is looked up in
the cache and the misses start running in the background; each page waits for its own results
when MkDocs renders it, so execution overlaps rendering. Failures are listed at the end.
"""

from __future__ import annotations

import hashlib
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

from .build import REPORT, Execution, write_report
from .cache import ResultCache
from .model import BlockResult, DocumentResult, ParseError, SiteCounts, Status
from .notebooks import executed_notebook
from .project import Project, read_source
from .render import REQUIRED_EXTENSIONS, check_site_counts, fill_site_counts, render_document
from .sandbox import landlock_abi
from .zygote import Zygote

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class ExecConfig(base.Config):
    # false: run nothing, show blocks as plain code fences (hidden ones stay hidden); the
    # site's mkdocs.yml reads it from $KBEXEC_ENABLED. It is the baseline of `make bench`.
    enabled = c.Type(bool, default=True)
    snippets_dir = c.Type(str, default="snippets")  # relative to mkdocs.yml
    timeout = c.Type((int, float), default=60)  # seconds per block unless `timeout=` says otherwise
    jobs = c.Type(int, default=0)  # parallel page processes; 0: one per CPU core
    figures_dir = c.Type(str, default="assets/figures")  # in the site
    cache = c.Type(bool, default=True)  # reuse results of unchanged pages (never failures)
    cache_dir = c.Type(str, default=".cache/kbexec")  # relative to mkdocs.yml; never inside docs/
    refresh = c.Type(bool, default=False)  # re-run every page and overwrite its cache entry
    memory_limit = c.Type(int, default=0)  # MiB a page process may allocate; 0: sized for the machine
    max_output = c.Type(int, default=100_000)  # characters of printed output kept per block


class ExecPlugin(BasePlugin[ExecConfig]):
    def __init__(self) -> None:
        self._serving = False
        self._zygote: Zygote | None = None
        self._project: Project | None = None
        self._execution: Execution | None = None
        self._results: dict[str, DocumentResult] = {}
        self._figures: set[str] = set()
        self._notebooks: dict[str, str] = {}  # src_uri of each notebook page -> its label
        self._sources: dict[str, str] = {}  # abs_src_path -> the text parsed (the build's snapshot)
        self._counted: set[str] = set()  # src_uri of the pages that show site-wide counts
        self._started = 0.0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"

    def on_config(self, config):
        # MkDocs reuses plugin instances across rebuilds (serve) and configs: reset per build.
        self._execution, self._results, self._figures, self._notebooks, self._sources = None, {}, set(), {}, {}
        self._counted = set()
        self._started = time.perf_counter()
        missing = [e for e in REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(f"kbexec needs these markdown_extensions in mkdocs.yml: {', '.join(missing)}")
        root = Path(config.config_file_path).parent.resolve()
        self._project = Project(root, Path(config.docs_dir).resolve(), (root / self.config.snippets_dir).resolve(),
                                float(self.config.timeout), (self.config.memory_limit << 20) or None,
                                self.config.max_output, self.config.jobs)
        if self._zygote is not None and self._zygote.root != root:  # another project, same process
            self._close()
        if self.config.enabled and self._zygote is None:
            self._zygote = Zygote(root)  # started by the execution, only if a page must run
            if landlock_abi() == 0:
                log.info("kbexec: this kernel has no Landlock: blocks are not kept from writing "
                         "outside their scratch folder (docs/, snippets/, the cache)")
        return config

    def on_serve(self, server, *, config, builder):
        if self.config.enabled and self._project and self._project.snippets_dir.is_dir():
            server.watch(str(self._project.snippets_dir))
        return server

    def on_files(self, files: Files, *, config) -> Files:
        project = self._project
        pages = [f for f in files if f.abs_src_path and project.is_page(Path(f.abs_src_path))]  # and notebooks
        for f in pages:
            text = read_source(Path(f.abs_src_path))
            if isinstance(text, ParseError):  # MkDocs would stop at it later, with a bare traceback
                raise PluginError(f"{project.label(Path(f.abs_src_path))}:{text.line}: {text.message}")
            self._sources[f.abs_src_path] = text
        documents = [project.parse(Path(f.abs_src_path), self._sources[f.abs_src_path]) for f in pages]
        if not self.config.enabled:
            self._results = {d.path: DocumentResult(d, tuple(BlockResult(b, Status.NOT_RUN) for b in d.blocks))
                             for d in documents if d.blocks}
            return files
        cache = ResultCache(project.root / self.config.cache_dir, project.root) if self.config.cache else None
        self._execution = Execution(documents, project, self._zygote, self.config.jobs or os.cpu_count() or 1,
                                    cache, self.config.refresh)
        return files

    def on_page_read_source(self, *, page, config) -> str | None:
        """The text the blocks were parsed from, even if the file was saved again meanwhile."""
        return self._sources.get(page.file.abs_src_path)

    @event_priority(50)  # before mkdocs-jupyter reads the notebook: give it the executed copy
    def on_pre_page(self, page, *, config, files):
        if self._project is None or not page.file.src_uri.endswith(".ipynb"):
            return page
        source = Path(page.file.abs_src_path)
        path = self._project.label(source)
        self._notebooks[page.file.src_uri] = path
        result = self._result(path)
        if result is not None:
            text = executed_notebook(self._sources[page.file.abs_src_path], result)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            copy = self._project.root / self.config.cache_dir / "notebooks" / digest / source.name
            if not copy.is_file():
                copy.parent.mkdir(parents=True, exist_ok=True)
                partial = copy.with_name(copy.name + ".partial")
                partial.write_text(text, encoding="utf-8")
                partial.replace(copy)
            page.file.abs_src_path = str(copy)  # also what `include_source` offers for download
        return page

    @event_priority(100)  # first: block line numbers refer to the page text as read from disk
    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if self._project is None or page.file.src_uri in self._notebooks:
            return markdown
        path = self._project.label(Path(page.file.abs_src_path))
        raw = self._sources.get(page.file.abs_src_path)  # not parsed: a page generated by a plugin
        raw = (page.file.content_string if raw is None else raw).replace("\r\n", "\n")
        if not raw.endswith(markdown):
            raise PluginError(f"{path}: the page text was changed before kbexec saw it; "
                              "list kbexec first among the plugins that edit Markdown")
        first_line = raw[: len(raw) - len(markdown)].count("\n") + 1
        try:  # checked now, while lines are the page's; filled in on_page_context
            if check_site_counts(markdown, first_line, path):
                self._counted.add(page.file.src_uri)
        except ValueError as error:
            raise PluginError(str(error)) from None
        result = self._result(path)
        if result is None:
            return markdown
        self._add_figures(result, files, config)
        figures_dir = self.config.figures_dir

        def figure_url(name: str) -> str:
            return get_relative_url(f"{figures_dir}/{name}", page.file.src_uri)

        return render_document(markdown, first_line, result, figure_url)

    @event_priority(100)  # before other plugins read the page's HTML (the search plugin indexes it)
    def on_page_context(self, context, *, page, config, nav):
        """Fill the site-wide counts, now that every page's Markdown is rendered. Waiting for
        every result here rather than in on_page_markdown lets the pages after this one be
        rendered while blocks still run."""
        if page.file.src_uri in self._counted:
            page.content = fill_site_counts(page.content or "", SiteCounts.of(self.results()))
        return context

    def _result(self, path: str) -> DocumentResult | None:
        """The page's result (waiting for it if it is still running), None if it has no blocks."""
        return self._execution.result(path) if self._execution else self._results.get(path)

    def results(self) -> list[DocumentResult]:
        """Every page's result in this build (waiting for the pages still running): for the
        site-wide counts, and for other plugins (kbsite's claims index)."""
        return self._execution.results() if self._execution else list(self._results.values())

    def on_post_build(self, *, config) -> None:
        if self._execution is not None:
            stats = self._execution.finish()
            self._results = {r.document.path: r for r in self._execution.results()}
            log.info(stats.summary(time.perf_counter() - self._started))
            if self._execution.cache_problem:  # an optimisation only: say so, do not fail
                log.info(f"kbexec: results were not kept for the next build: cannot write the cache: "
                         f"{self._execution.cache_problem}")
        problems = self._problems()
        if self.config.enabled and not problems:
            write_report(Path(config.site_dir) / REPORT, list(self._results.values()))
        if self._serving:  # shown in the pages; a warning would stop the rebuild under `strict`
            for problem in problems:
                log.info(f"kbexec: ✗ {problem}")
            if problems:
                log.info(f"kbexec: {len(problems)} problem(s), shown in their pages; still serving")
            return
        self._close()
        if problems:
            raise PluginError(f"kbexec: {len(problems)} problem(s) in executable blocks:\n\n" + "\n\n".join(problems))

    def on_build_error(self, *, error: Exception) -> None:
        if self._execution is not None:
            self._execution.cancel()
            self._execution = None
        if not self._serving:
            self._close()

    def on_shutdown(self) -> None:
        self._close()

    def _add_figures(self, result: DocumentResult, files: Files, config) -> None:
        """Register the page's figures before MkDocs validates its links and copies files."""
        for block in result.results:
            for fig in block.figures:
                if fig.name not in self._figures:
                    self._figures.add(fig.name)
                    files.append(File.generated(config, f"{self.config.figures_dir}/{fig.name}", content=fig.data))

    def _problems(self) -> list[str]:
        """Every parse error and failed or skipped block, by page and line."""
        if not self.config.enabled:
            return []
        out = []
        for _, result in sorted(self._results.items()):
            found = [(e.line, e.render()) for e in result.document.errors]
            for b in result.results:
                if b.status is Status.FAILED:
                    found.append((b.failure.line, b.failure.render()))
                elif b.status is Status.NOT_RUN:  # its cause is listed on its own
                    found.append((b.failure.line, f"{b.failure.where}: {b.failure.summary}"))
            out += [text for _, text in sorted(found, key=lambda item: item[0])]
        return out

    def _close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None
