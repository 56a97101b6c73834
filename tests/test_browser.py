"""The built site in a real browser (the system Chromium, driven by Playwright), with no network:
every page loads cleanly, with its images and rendered math. (The print page is held to the
same when `make pdf` prints it: see tests/test_pdf.py.)"""

from __future__ import annotations

import pytest

from browsing import BROKEN_IMAGES, RAW_TEX, VISIBLE_TEXT, Tab, built_pages, source_pages


def test_the_site_is_built_for_offline_reading(real_site):
    assert built_pages(real_site.directory) == source_pages()
    assert (real_site.directory / "search" / "search_index.js").is_file()  # search from file://


@pytest.fixture(scope="module")
def tab(browser, served):
    tab = Tab(browser, (served, "data:", "blob:"))
    yield tab
    tab.close()


@pytest.mark.parametrize("page_path", source_pages())
def test_every_page_loads_cleanly_without_network(tab, served, page_path):
    # nothing loads after `load` (the search index waits for the reader), so no idle wait
    visit = tab.open(served + page_path, settle=False)
    assert visit.external == [] and visit.failed == [] and visit.errors == []
    assert tab.page.evaluate(BROKEN_IMAGES) == []
    leftover = RAW_TEX.findall(tab.page.evaluate(VISIBLE_TEXT))
    assert leftover == [], f"raw TeX in the visible text of {page_path}"
