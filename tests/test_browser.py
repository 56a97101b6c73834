"""The built site in a real browser (the system Chromium, driven by Playwright), with no network:
every page (and the print page) loads cleanly, with its images and rendered math."""

from __future__ import annotations

import json
import re

import pytest

from browsing import (BROKEN_IMAGES, QUERIES, RAW_TEX, SHOTS, VISIBLE_TEXT, built_pages, open_page,  # noqa: F401
                      pages_mentioning, search, source_pages)
from conftest import ROOT


def test_the_site_is_built_for_offline_reading(real_site):
    assert built_pages(real_site.directory) == source_pages()
    assert (real_site.directory / "search" / "search_index.js").is_file()  # search from file://


@pytest.mark.parametrize("page_path", source_pages())
def test_every_page_loads_cleanly_without_network(browser, served, page_path):
    # nothing loads after `load` (the search index waits for the reader), so no idle wait
    page, visit = open_page(browser, served + page_path, (served, "data:", "blob:"), settle=False)
    assert visit.external == [] and visit.failed == [] and visit.errors == []
    assert page.evaluate(BROKEN_IMAGES) == []
    leftover = RAW_TEX.findall(page.evaluate(VISIBLE_TEXT))
    assert leftover == [], f"raw TeX in the visible text of {page_path}"
    page.context.close()


def test_the_print_page_loads_cleanly_without_network(browser, served, real_site):
    """The page `make pdf` prints: several hundred pages of HTML, so its load may take a while on
    a busy machine; the limit is generous, so that this never fails for being slow. It has no
    scripts: once loaded (images included), nothing more happens."""
    from kbsite.pdf import write_print_page

    # its own copy: tests/test_pdf.py prints print_page.html (with a cover) at the same time
    write_print_page(real_site.directory, ROOT / "mkdocs.yml", name="print_page-browser.html")
    page, visit = open_page(browser, served + "print_page-browser.html", (served, "data:", "blob:"), timeout_ms=300_000,
                             settle=False)
    assert visit.external == [] and visit.failed == [] and visit.errors == []
    assert page.evaluate(BROKEN_IMAGES) == []
    assert RAW_TEX.findall(page.evaluate(VISIBLE_TEXT)) == []
    page.context.close()
