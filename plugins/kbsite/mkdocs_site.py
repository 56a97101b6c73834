"""MkDocs adapter for the site's conventions (`kbsite`):

- third-party browser assets copied from `node_modules/` (installed from package-lock.json,
  never committed) into the site, and downloads (the PDF) once they exist;
- a description for every page (its first paragraph, escaped) for search engines and previews;
- notebook pages: rendered by mkdocs-jupyter's converter from the copy kbexec executed, made
  pages like the others, and offered for download (see `notebook_html`);
- the appendix: every correction to the notes (`<!-- kbsite:errata -->`, with its count
  `<!-- kbsite:errata-count -->`) and the bibliography (`<!-- kbsite:references -->`);
- generated pages: the claims index (`<!-- kbsite:claims -->`), the question bank
  (`<!-- kbsite:questions -->`) and the glossary (`<!-- kbsite:glossary -->`);
- the site's data files (see `bibliography`, `glossary`): citations by key, each page's
  reference list, glossary links and tooltips, jieba's dictionary; interview questions marked
  (`questions`); a "last verified" line at the end of every page (`verified`);
- a compact search index, and search entries kept for unchanged pages (see `search_index`),
  loaded by the reader's browser only when they start to search (`js/lazy-search.js`).
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from collections import Counter
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import copy_file

from kbexec.claims import statuses
from kbexec.model import Kind, Status
from kbexec.render import shown_anchor

from .appendix import Source, errata_index
from .bibliography import Bibliography, bibliography_index, render_citations, source_problems
from .datafile import DataError
from .claims_index import PageClaims, claims_index, sections_of
from .glossary import Glossary, glossary_table, add_term_entries, jieba_dictionary, link_terms, term_entries, terms_box
from .highlight import DEFAULT_CACHE_DIR as DEFAULT_HIGHLIGHT_CACHE
from .highlight import prune as prune_highlight_cache
from .notebook_html import NotebookRenderer, anchor_headings, clean_notebook_html
from .questions import PageQuestions, mark_questions, question_bank
from .search_index import SearchKeeper, compact_search_index, fix_search_worker
from .verified import BuildVersion, verified_line

log = logging.getLogger("mkdocs.plugins.kbsite")

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_MATH = re.compile(r'<span class="arithmatex">.*?</span>', re.S)  # TeX is no description
_TAG = re.compile(r"<[^>]+>")
DESCRIPTION_LENGTH = 120
MARKER = "<!-- kbsite:"
ERRATA_INDEX = "<!-- kbsite:errata -->"
REFERENCES_INDEX = "<!-- kbsite:references -->"
ERRATA_COUNT = re.compile(r"<!--\s*kbsite:errata-count\s*-->")
CLAIMS_INDEX = "<!-- kbsite:claims -->"
QUESTIONS_INDEX = "<!-- kbsite:questions -->"
GLOSSARY_INDEX = "<!-- kbsite:glossary -->"
_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"#:]+)"[^>]*>(.*?)</a>', re.S)  # relative links
_HEADING_ID = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"')
LAZY_SEARCH = "assets/kbsite/lazy-search.js"


class SiteConfig(base.Config):
    # site path -> file path relative to mkdocs.yml, e.g. the offline plugin's worker shim
    vendor = c.Type(dict, default={})
    # site path -> file relative to mkdocs.yml, copied when it exists (the PDF of `make pdf`)
    downloads = c.Type(dict, default={})
    cache_dir = c.Type(str, default=".cache/kbsite")  # relative to mkdocs.yml: notebooks, search entries
    # words jieba must keep whole when the search plugin segments Chinese (relative to mkdocs.yml);
    # loaded here, only when a page's search entries must be made again
    jieba_dict_user = c.Optional(c.Type(str))
    # ask for the search index only when the reader starts to search (js/lazy-search.js)
    lazy_search = c.Type(bool, default=True)
    # data files (relative to mkdocs.yml): references cited by key, and the bilingual glossary
    # (which also makes jieba's dictionary, instead of jieba_dict_user)
    bibliography = c.Optional(c.Type(str))
    glossary = c.Optional(c.Type(str))
    # hosts the site does not link to (dead, wrapped or private), in pages and data files
    blocked_hosts = c.Type(list, default=[])
    # "last verified" (date, version, the page's claims) at the end of every page
    verified = c.Type(bool, default=True)


class SitePlugin(BasePlugin[SiteConfig]):
    def __init__(self) -> None:
        self._root = Path(".")
        self._missing: set[str] = set()  # site paths of downloads whose file doesn't exist yet
        self._sources: list[Source] | None = None  # what the appendix gathers, once every page is rendered
        self._search: SearchKeeper | None = None  # kept across `mkdocs serve` rebuilds
        self._serving = False
        self._bibliography: Bibliography | None = None
        self._glossary: Glossary | None = None
        self._problems: list[str] = []  # bad citations, links, anchors: page:line and what is wrong
        self._questions: dict[str, tuple[PageQuestions, ...]] = {}  # page url -> its questions
        self._cited: dict[str, list[str]] = {}  # page url -> keys it cites
        self._version: BuildVersion | None = None
        self._blocked_hosts: tuple[str, ...] = ()
        self._claim_counts: dict[str, Counter] | None = None  # page path -> its claims by status, once a build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """(Defined so that `mkdocs serve` keeps this instance, and what it keeps, across rebuilds.)"""
        self._serving = command == "serve"

    def on_config(self, config):
        self._root = Path(config.config_file_path).parent.resolve()
        if self.config.lazy_search and LAZY_SEARCH not in config.extra.get("polyfills", []):
            # a polyfill: Material puts it in <head>, before its bundle starts loading the index
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), LAZY_SEARCH]
        self._notebooks = NotebookRenderer(self._root / self.config.cache_dir / "notebooks")
        store = self._root / self.config.cache_dir / "search.json"
        self._problems, self._questions, self._cited, self._claim_counts = [], {}, {}, None
        self._blocked_hosts = tuple(h.lower() for h in self.config.blocked_hosts)
        self._bibliography, self._glossary = self._load_data()
        dictionary = self._root / self.config.jieba_dict_user if self.config.jieba_dict_user else None
        if self._glossary is not None:  # the glossary is the dictionary: no second list
            dictionary = self._root / self.config.cache_dir / "jieba_userdict.txt"
            words = jieba_dictionary(self._glossary)
            if not dictionary.is_file() or dictionary.read_text(encoding="utf-8") != words:
                dictionary.parent.mkdir(parents=True, exist_ok=True)
                partial = dictionary.with_name(dictionary.name + ".partial")
                partial.write_text(words, encoding="utf-8")
                partial.replace(dictionary)
        self._version = BuildVersion.of(self._root) if self.config.verified else None
        if self._search is None or self._search.store_path != store:  # another project, same process
            self._search = SearchKeeper(store, dictionary)
        search = config.plugins.get("material/search")  # its on_config has run: its settings are final
        self._search.start_build(dict(search.config) if search else {})
        if "kbsite.highlight" in config.markdown_extensions:  # its cache lives by mkdocs.yml, like ours
            highlight = config.mdx_configs.setdefault("kbsite.highlight", {})
            highlight["cache_dir"] = str(self._root / highlight.get("cache_dir", DEFAULT_HIGHLIGHT_CACHE))
        return config

    def _load_data(self) -> tuple[Bibliography | None, Glossary | None]:
        try:
            bibliography = (Bibliography.load(self._root / self.config.bibliography, self.config.bibliography,
                                              self._blocked_hosts)
                            if self.config.bibliography else None)
            glossary = (Glossary.load(self._root / self.config.glossary, self.config.glossary)
                        if self.config.glossary else None)
        except FileNotFoundError as error:
            raise PluginError(f"kbsite: {os.path.relpath(error.filename, self._root)}: no such file "
                              "(option bibliography or glossary of the kbsite plugin)") from None
        except DataError as error:
            raise PluginError(f"kbsite: {error}") from None
        return bibliography, glossary

    def on_files(self, files: Files, *, config) -> Files:
        for site_path, source in sorted(self.config.vendor.items()):
            path = self._root / source
            if not path.is_file():
                raise PluginError(f"kbsite: {source} is missing: run `make setup` (npm ci)")
            files.append(File.generated(config, site_path, abs_src_path=str(path)))
        if self.config.lazy_search:
            files.append(File.generated(config, LAZY_SEARCH, abs_src_path=str(Path(__file__).with_name("js") / "lazy-search.js")))
        self._missing, self._sources = set(), None
        if any(f.src_uri.endswith(".ipynb") for f in files):  # notebooks are pages, in their place:
            for file in list(files):  # MkDocs renders pages in this order, the one kbexec runs them in
                files.remove(file)
                files.append(NotebookFile.of(file) if file.src_uri.endswith(".ipynb") else file)
        self._search.prepare(len(files.documentation_pages()))
        for site_path, source in sorted(self.config.downloads.items()):
            if (self._root / source).is_file():
                files.append(File.generated(config, site_path, abs_src_path=str(self._root / source)))
            else:
                self._missing.add(site_path)
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if isinstance(page.file, NotebookFile):
            return ""  # rendered from the notebook
        self._check_source(page, files)
        return markdown

    def _check_source(self, page, files) -> None:
        """Citations of unknown keys and links to blocked hosts, by line of the page's source."""
        label = os.path.relpath(page.file.abs_src_path, self._root) if page.file.abs_src_path else page.file.src_uri
        for problem in source_problems(page.file.content_string, label, self._bibliography, self._blocked_hosts):
            self._problem(problem)

    def _problem(self, message: str) -> None:
        if message not in self._problems:
            self._problems.append(message)

    def on_page_content(self, content: str, *, page, config, files) -> str:
        if isinstance(page.file, NotebookFile):
            content = self._notebook_page(page)
        if self._missing:  # a download not made yet (the PDF before `make pdf`): no dead link
            content = _LINK.sub(lambda m: self._unlink_missing(m, page), content)
        if page.title:
            page.title = safe_title(str(page.title))
        return self._site_data(content, page)

    def _site_data(self, content: str, page) -> str:
        """Questions marked, citations rendered, glossary terms linked (see the module's docstring)."""
        content, questions = mark_questions(content)
        self._questions[page.url] = tuple(questions)
        if self._bibliography is not None and MARKER not in content:
            content, self._cited[page.url] = render_citations(content, self._bibliography)
        if self._glossary is not None:
            src = page.file.src_uri
            defined = self._glossary.defined_on(src)
            for term in defined:
                if f'id="{term.anchor}"' not in content:
                    self._problem(f"{self._glossary.path}:{term.line}: term {term.zh}: {src} has no anchor "
                                  f'"{term.anchor}" (a heading {{#{term.anchor}}} or **{term.zh}**{{#{term.anchor}}})')
            if MARKER not in content:
                content = link_terms(content, self._glossary, src, page.url)
                box = terms_box(defined)
                cut = content.find('<h2 id="references"')
                content = content[:cut] + box + content[cut:] if box and cut >= 0 else content + box
        return content

    def _notebook_page(self, page) -> str:
        """mkdocs-jupyter's rendering of the notebook (kbexec's executed copy, when it ran),
        made a page like the others: math for kbmath, no remote scripts, anchored headings in
        the TOC, a title, and the notebook to download."""
        content = self._notebooks.render(Path(page.file.abs_src_path))
        content, tokens = anchor_headings(clean_notebook_html(content))
        page.toc = get_toc(tokens)
        if tokens and not page.meta.get("title"):
            page.title = tokens[0]["name"]
        name = html.escape(Path(page.file.src_uri).name)
        download = (f'<p class="kb-notebook-download"><a href="{name}" download>下载这个 notebook'
                    f"（{name}，含本次构建的输出）</a></p>")
        end = content.find("</h1>")
        return content[: end + 5] + download + content[end + 5:] if end >= 0 else download + content

    def _unlink_missing(self, link: re.Match, page) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), link.group(1)))
        if target not in self._missing:
            return link.group(0)
        return f'<span class="kb-missing-download">{link.group(2)}（尚未生成，运行 <code>make pdf</code> 后可下载）</span>'

    @event_priority(10)  # before the search plugin indexes the page (and the search view is made)
    def _fill_appendix(self, context, *, page, config, nav):
        """Fill the appendix markers, once every page's HTML exists (MkDocs renders all pages
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
            _extend_toc(page.toc, before[-1] if before else None,
                        [(f"{html.escape(s.title)}（{len(s.errata)} 条）", s.id) for s in sources if s.errata])
        if QUESTIONS_INDEX in content:
            pages = [PageQuestions(section, html.unescape(str(p.title or p.file.src_uri)), p.url,
                                   self._questions.get(p.url, ()))
                     for section, p in _pages_with_section(nav.items)]
            before = _HEADING_ID.findall(content[: content.index(QUESTIONS_INDEX)])
            bank, sections = question_bank(pages, page.url)
            content = content.replace(QUESTIONS_INDEX, bank)
            _extend_toc(page.toc, before[-1] if before else None,
                        [(f"{html.escape(title)}（{count} 题）", sid) for sid, title, count in sections])
        if GLOSSARY_INDEX in content and self._glossary is not None:
            content = content.replace(GLOSSARY_INDEX, glossary_table(self._glossary, page.url))
        if CLAIMS_INDEX in content:
            engine = config.plugins.get("kbexec")
            if engine is None:
                raise PluginError(f"kbsite: {page.file.src_uri}: {CLAIMS_INDEX} needs the kbexec plugin")
            pages = self._claims_by_page(engine.results(), nav, config)
            before = _HEADING_ID.findall(content[: content.index(CLAIMS_INDEX)])
            content = content.replace(CLAIMS_INDEX, claims_index(pages, page.url))
            _extend_toc(page.toc, before[-1] if before else None,
                        [(f"{html.escape(s.title)}（{s.total} 条）", s.id) for s in sections_of(pages)])
        if REFERENCES_INDEX in content and self._bibliography is not None:
            cited_by: dict[str, list[tuple[str, str]]] = {}
            for p in nav.pages:
                for key in self._cited.get(p.url, []):
                    cited_by.setdefault(key, []).append((html.unescape(str(p.title or p.file.src_uri)), p.url))
            content = content.replace(REFERENCES_INDEX, bibliography_index(self._bibliography, cited_by, page.url))
        page.content = content
        return context

    def _claims_by_page(self, results, nav, config) -> list[PageClaims]:
        """Each page's claims with their status, in navigation order, with its section."""
        docs = Path(os.path.relpath(config.docs_dir, self._root)).as_posix()
        by_path = {r.document.path: r for r in results}
        pages = []
        for section, page in _pages_with_section(nav.items):
            result = by_path.get(f"{docs}/{page.file.src_uri}")
            if result is None:
                continue
            claims = tuple(pair for block in result.results for pair in statuses(block))
            outputs = {b.block.name: b.output for b in result.results if b.block.kind is Kind.VALUE}
            anchors = {b.block.name: a for b in result.results if (a := shown_anchor(b))}
            pages.append(PageClaims(section, html.unescape(str(page.title or page.file.src_uri)), page.url,
                                    claims, outputs, anchors))
        return pages

    @event_priority(8)  # once the page's markers are filled (kbexec's counts, the appendix)
    def _describe(self, context, *, page, config, nav):
        # Jinja does not escape the theme's <meta name="description" content="…">: we do.
        description = page.meta.get("description") or first_paragraph_text(page.content or "")
        if description:
            page.meta["description"] = html.escape(str(description), quote=True)
        return context

    @event_priority(5)  # just before the search plugin (0) indexes the page
    def _show_search_view(self, context, *, page, config, nav):
        page.content = self._search.before_indexing(page, _search_entries(config))
        return context

    @event_priority(-5)  # just after it, before kbmath (-10) renders the formulas
    def _restore_full_content(self, context, *, page, config, nav):
        entries = _search_entries(config)
        page.content = self._search.after_indexing(page, entries)
        if self._glossary is not None and entries is not None:  # not kept: made afresh, cheaply
            add_term_entries(entries, term_entries(self._glossary.defined_on(page.file.src_uri), page.url))
        if self._version is not None:  # not searched: it changes with every commit
            engine = config.plugins.get("kbexec")
            page.content += verified_line(self._version, self._page_claims(engine, page, config))
        return context

    def _page_claims(self, engine, page, config) -> tuple | None:
        """(passed, failed, not run) of the page's claims in this build; None without kbexec."""
        if engine is None or not engine.config.enabled:
            return None
        if self._claim_counts is None:  # every page is rendered by now: count once
            self._claim_counts = {r.document.path: Counter(s for b in r.results for c, s in statuses(b) if c.counted)
                                  for r in engine.results()}
        docs = Path(os.path.relpath(config.docs_dir, self._root)).as_posix()
        counts = self._claim_counts.get(f"{docs}/{page.file.src_uri}", Counter())
        return counts[Status.PASSED], counts[Status.FAILED], counts[Status.NOT_RUN]

    on_page_context = CombinedEvent(_fill_appendix, _describe, _show_search_view, _restore_full_content)

    def on_post_page(self, output: str, *, page, config) -> str:
        # the theme's search dialog has no accessible name (axe: aria-dialog-name)
        output = output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                                '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">', 1)
        if isinstance(page.file, NotebookFile):  # the download offered on the page
            copy_file(page.file.abs_src_path, str(Path(page.file.abs_dest_path).parent / Path(page.file.src_uri).name))
        return output

    @event_priority(-50)  # after the search plugin wrote the index, before `offline` inlines it
    def on_post_build(self, *, config) -> None:
        if self._bibliography is not None:
            cited = {k for keys in self._cited.values() for k in keys}
            for key in self._bibliography.entries:
                if key not in cited:
                    self._problem(f"{self._bibliography.path}: reference {key} is cited by no page")
        if self._problems:
            if self._serving:  # a warning would stop the rebuild under `strict`: keep serving
                for problem in self._problems:
                    log.info(f"kbsite: ✗ {problem}")
            else:
                raise PluginError(f"kbsite: {len(self._problems)} problem(s) in pages and data files:\n\n"
                                  + "\n".join(self._problems))
        self._notebooks.prune()
        self._search.save()
        compact_search_index(Path(config.site_dir) / "search" / "search_index.json")
        if config.plugins.get("material/search") and not fix_search_worker(Path(config.site_dir)):
            log.info("kbsite: Material's search worker changed: its query handling was not patched")
        if "kbsite.highlight" in config.mdx_configs:
            prune_highlight_cache(Path(config.mdx_configs["kbsite.highlight"]["cache_dir"]))


def _search_entries(config) -> list | None:
    """The entries Material's search plugin is collecting for this build (None without it)."""
    search = config.plugins.get("material/search")
    entries = getattr(getattr(search, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


class NotebookFile(File):
    """A Jupyter notebook under docs/, built as a page (`a/b.ipynb` → `a/b.html`)."""

    @classmethod
    def of(cls, file: File) -> NotebookFile:
        stem = file.src_uri.removesuffix(".ipynb")
        dest = f"{stem}/index.html" if file.use_directory_urls else f"{stem}.html"
        return cls(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls,
                   dest_uri=dest, inclusion=file.inclusion)

    def is_documentation_page(self) -> bool:
        return True


def _pages_with_section(items, section: str = ""):
    """(title of the top-level section, page) for every page of the navigation, in order."""
    for item in items:
        if item.is_page:
            yield section, item
        elif item.is_section:
            yield from _pages_with_section(item.children, section or item.title)


def _extend_toc(toc, parent_id: str | None, entries: list[tuple[str, str]]) -> None:
    """Add TOC entries (title HTML, id) under the heading `parent_id` (or at the top level)."""
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
    (parent.children if parent else toc.items).extend(AnchorLink(title, id_, level) for title, id_ in entries)


def safe_title(title: str) -> str:
    """A page title that no template can turn into markup. The theme prints it raw in the
    navigation and through `striptags` (which unescapes entities) in `<title>`, so escaping is
    undone there: a `<` that could open a tag is replaced by `‹` instead (`z<0` stays as it is)."""
    text = title
    for _ in range(3):  # entities inside entities
        text = html.unescape(text)
    return html.escape(re.sub(r"<(?=[A-Za-z/!?])", "‹", text), quote=False)


def first_paragraph_text(content: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The plain text of the first non-empty paragraph, cut to `limit` characters (unescaped:
    the caller escapes it for the attribute it goes into)."""
    for match in _PARAGRAPH.finditer(content):
        text = " ".join(html.unescape(_TAG.sub("", _MATH.sub("", match.group(1)))).split())
        if text:
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ""
