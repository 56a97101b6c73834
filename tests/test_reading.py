"""Reading the site in a real browser: search finds Chinese terms, the dark palette works, the
site works from file://, and a first page stays light. Screenshots land in .build/screenshots/."""

from __future__ import annotations

import json
import re

import pytest

from browsing import (BROKEN_IMAGES, QUERIES, RAW_TEX, SHOTS, VISIBLE_TEXT, built_pages, open_page,  # noqa: F401
                      pages_mentioning, search, source_pages)
from conftest import ROOT


def test_the_search_box_finds_every_page_that_mentions_a_term_and_a_page_by_its_english_name(browser, served):
    page, _ = open_page(browser, served + "index.html", (served,))
    missed = {}
    for query in QUERIES:  # one reader, several searches (tests/test_search_ranking.py ranks them)
        expected = {served + p for p in pages_mentioning(query)}
        assert expected, f"no page mentions {query}"
        missed[query] = sorted(expected - search(page, query))
    for query, expected in [("vanishing gradient", "gradients/vanishing-exploding.html"), ("LSTM", "rnn/lstm.html")]:
        missed[query] = sorted({served + expected} - search(page, query))
    page.context.close()
    assert missed == {q: [] for q in missed}


def test_dark_palette_toggle(browser, served):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, visit = open_page(browser, served + "activations/relu-vs-sigmoid-tanh.html", (served,))
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.screenshot(path=SHOTS / "activations-light.png", full_page=True)
    page.click("label[title='切换到深色模式']")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.screenshot(path=SHOTS / "activations-dark.png", full_page=True)
    page.click("label[title='切换到浅色模式']")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    assert visit.errors == []
    page.context.close()


def test_the_site_works_from_file_urls(browser, real_site):
    index = (real_site.directory / "index.html").as_uri()
    page, visit = open_page(browser, index, ("file://", "data:", "blob:"))
    page.click("a[href='activations/relu-vs-sigmoid-tanh.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("activations/relu-vs-sigmoid-tanh.html")
    assert page.evaluate(BROKEN_IMAGES) == []
    found = search(page, "ReLU")
    assert any(u.endswith("activations/relu-vs-sigmoid-tanh.html") for u in found)
    assert visit.external == [] and visit.errors == []
    page.context.close()


def test_screenshots_and_page_weight_for_people(browser, served):
    """Saves what a reader sees and what a typical page weighs; the weight has a budget."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    weights = {}
    for name, path in [("home", "index.html"), ("initialization", "gradients/initialization.html"),
                       ("activations", "activations/relu-vs-sigmoid-tanh.html")]:
        page, visit = open_page(browser, served + path, (served,))
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(500)
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
        index_bytes = sum(b for u, b in visit.bytes.items() if "search_index" in u)
        weights[path] = {"bytes": sum(visit.bytes.values()), "search_index_bytes": index_bytes,
                         "requests": len(visit.bytes)}
        page.context.close()
    (ROOT / ".build" / "page-weight.json").write_text(json.dumps(weights, indent=2))
    assert all(w["bytes"] > 0 for w in weights.values())
    # the index (over a megabyte) is asked for only when the reader starts to search
    assert [w["search_index_bytes"] for w in weights.values()] == [0, 0, 0]
    assert weights["index.html"]["bytes"] <= 1_000_000  # a reader's first page


def test_a_term_links_to_its_definition_and_an_abbreviation_explains_itself(browser, served):
    page, visit = open_page(browser, served + "activations/sigmoid.html", (served,), settle=False)
    term = page.locator("article a.kb-term").first
    assert "：" in term.get_attribute("title")  # "中文 · English：definition" on hover
    target = term.get_attribute("href").split("#")[1]
    term.click()
    page.wait_for_load_state("load")
    assert page.locator(f"[id='{target}']").first.is_visible()
    abbr = page.locator("article abbr[title]").first
    abbr.scroll_into_view_if_needed()
    abbr.hover()
    assert abbr.evaluate("e => getComputedStyle(e).cursor") == "help" or abbr.get_attribute("title")
    assert visit.errors == []
    page.context.close()


def test_the_question_bank_hides_every_answer_until_the_reader_asks(browser, served):
    page, visit = open_page(browser, served + "appendix/questions.html", (served,), settle=False)
    questions = page.locator(".kb-bank details.question")
    count = questions.count()
    assert count > 100
    is_open = "els => els.filter(e => e.open).length"
    assert page.eval_on_selector_all(".kb-bank details.question", is_open) == 0
    first = questions.first
    first.locator("summary").click()
    assert first.evaluate("e => e.open") and first.locator("p").first.is_visible()
    page.click("button.kb-bank-toggle[data-open='true']")
    assert page.eval_on_selector_all(".kb-bank details.question", is_open) == count
    page.click("button.kb-bank-toggle[data-open='false']")
    assert page.eval_on_selector_all(".kb-bank details.question", is_open) == 0
    back = first.locator(".kb-bank-source a").get_attribute("href")
    page.goto(served + "appendix/" + back)
    assert page.locator(f"[id='{back.split('#')[1]}']").evaluate("e => e.tagName") == "DETAILS"
    assert visit.errors == []
    page.context.close()
