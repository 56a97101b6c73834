"""Helpers of the browser tests: the system Chromium driven by Playwright, the built site served
on localhost, a page opened with every request outside the site blocked and recorded."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT
from kbsite.pdf import BROKEN_IMAGES, CHROMIUM_FLAGS, find_chromium  # noqa: F401 - the browser and checks `make pdf` uses, also for the tests

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is pinned in pyproject.toml")

SHOTS = ROOT / ".build" / "screenshots"
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\\frac|\\sigma|\$\$|\\begin\{")
QUERIES = ["梯度消失", "卷积", "反向传播", "学习率", "ReLU"]
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, script, style, .katex, .md-search').forEach(e => e.remove());
  return body.textContent;
}"""


@dataclass
class Visit:
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed: list[str] = field(default_factory=list)  # requests that failed, or answered with an error status
    external: list[str] = field(default_factory=list)  # requests that tried to leave the machine
    bytes: dict[str, int] = field(default_factory=dict)  # url -> response body size


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def served(real_site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(real_site.directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    chromium = find_chromium()
    if chromium is None:
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class Tab:
    """A browser tab in a fresh context, where every request outside `local` is blocked and
    recorded in the current visit. Visiting page after page in one tab keeps its renderer
    process, HTTP cache and compiled scripts: half the CPU of a fresh context per page."""

    def __init__(self, browser, local: tuple[str, ...], timeout_ms: int = 30_000, **context_options):
        self.visit = Visit()
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)

        def route(r):
            if r.request.url.startswith(local):
                r.continue_()
            else:
                self.visit.external.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = page = self.context.new_page()
        page.on("console", lambda m: self.visit.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.visit.errors.append(str(e)))
        # a request counts for the visit it started in: the last page's favicon, aborted by the
        # next navigation, may be reported after that visit has begun
        started: dict = {}
        page.on("request", lambda r: started.__setitem__(r, self.visit))
        page.on("requestfailed", lambda r: started.pop(r, self.visit).failed.append(r.url))
        page.on("response", lambda r: started.get(r.request, self.visit).failed.append(f"{r.url} ({r.status})")
                if r.status >= 400 else None)
        page.on("requestfinished", lambda r: started.pop(r, self.visit).bytes.__setitem__(
            r.url, r.sizes()["responseBodySize"]))
        page.set_default_timeout(timeout_ms)

    def open(self, url: str, settle: bool = True) -> Visit:
        """Go to `url` and scroll to its end; with `settle`, also wait until the page's scripts
        stop loading things (the search index). What happened is the returned visit."""
        self.page.goto("about:blank")  # ends the last page's loads (its favicon, its worker) in its own visit
        self.visit = Visit()
        self.page.goto(url, wait_until="load")
        self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        if settle:
            self.page.wait_for_load_state("networkidle")
        return self.visit

    def close(self) -> None:
        self.context.close()


def open_page(browser, url: str, local: tuple[str, ...], timeout_ms: int = 30_000, settle: bool = True,
              **context_options):
    """A fresh browser page on `url` (see `Tab`), and what happened while it loaded."""
    tab = Tab(browser, local, timeout_ms, **context_options)
    return tab.page, tab.open(url, settle)


def built_pages(directory: Path) -> list[str]:
    """The pages of the built site (the print page is made from them by `make pdf`)."""
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.html")
                  if p.relative_to(directory).parts[0] not in {"assets", "search"} and not p.name.startswith("print_page"))


def source_pages() -> list[str]:
    """The pages the site must have (offline layout: a/b.md -> a/b.html), from docs/."""
    docs = ROOT / "docs"
    return sorted([p.relative_to(docs).with_suffix(".html").as_posix()
                   for p in [*docs.rglob("*.md"), *docs.rglob("*.ipynb")]] + ["404.html"])


def search(page, query: str) -> set[str]:
    """The pages (without anchors) that the search box lists for `query`."""
    page.fill("input.md-search__input", query, timeout=5_000)  # visible in the header at this width
    page.press("input.md-search__input", "End")  # Material reads the query on keyup, which fill() lacks
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    shown, stable = 0, 0
    while stable < 3:  # results render ten at a time, as the end of the list scrolls into view
        page.eval_on_selector(".md-search__scrollwrap", "e => e.scrollTo(0, 0)")
        page.wait_for_timeout(100)
        page.eval_on_selector(".md-search__scrollwrap", "e => e.scrollTo(0, e.scrollHeight)")
        page.wait_for_timeout(200)
        count = page.locator(".md-search-result__item").count()
        stable, shown = (stable + 1 if count == shown else 0), count
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    return {re.sub(r"#.*$", "", h) for h in hrefs}


def pages_mentioning(term: str) -> set[str]:
    """Built page paths (offline layout: a.md -> a.html) whose Markdown mentions `term`."""
    docs = ROOT / "docs"
    return {p.relative_to(docs).with_suffix(".html").as_posix() for p in docs.rglob("*.md")
            if term.lower() in p.read_text(encoding="utf-8").lower() and p.name != "index.md"}
