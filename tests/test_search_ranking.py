"""Search finds what the reader means: every term of the glossary — in Chinese, in English and
as its abbreviation — ranks the page that defines it first. Queried in Chromium through
Material's own search worker (the code the reader's browser runs), with the built index."""

from __future__ import annotations

import pytest

from browsing import open_page
from test_site_data import real_glossary

RANK = """async (queries) => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base + "/", location.href);
  const index = await (await fetch(new URL("search/search_index.json", base))).json();
  const worker = new Worker(new URL(config.search, base));
  const answers = [];
  let next = null;
  worker.onmessage = (event) => next(event.data);
  const ask = (message) => new Promise((resolve) => { next = resolve; worker.postMessage(message); });
  await ask({type: 0, data: {...index, options: {suggest: false}}});  // SETUP → READY
  for (const query of queries) {
    const result = await ask({type: 2, data: query});  // QUERY → RESULT
    const pages = [];
    for (const group of result.data.items)
      for (const doc of group) {
        const page = doc.location.split("#")[0];
        if (!pages.includes(page)) pages.push(page);
      }
    answers.push(pages.slice(0, 3));
  }
  worker.terminate();
  return answers;
}"""


# the queries a reader tried, that Material's search got wrong before (issue 17): the page expected
BEFORE = [
    ("梯度消失", "gradients/vanishing-exploding.html"),  # searched as 梯度* (the last word dropped)
    ("动量", "optimization/optimizers.html"),  # as 动*: 动态图 and 动画 first
    ("反向传播", "basics/backprop.html"),  # as 反向* 传*: the LSTM page's 传送带 first
    ("学习率", "optimization/gradient-descent.html"),
    ("batch normalization", "generalization/normalization.html"),  # the index kept stems, the query not
]


@pytest.fixture(scope="module")
def ranked(browser, served):
    terms = real_glossary().terms
    queries = sorted({form for t in terms for form in (t.zh, t.en, t.abbr) if form} | {q for q, _ in BEFORE})
    page, _ = open_page(browser, served + "index.html", (served,), settle=False)
    try:
        answers = page.evaluate(RANK, queries)
    finally:
        page.context.close()
    return dict(zip(queries, answers))


def test_each_term_ranks_its_defining_page_first_in_chinese_english_and_abbreviation(ranked):
    wrong = []
    for term in real_glossary().terms:
        expected = term.page.removesuffix(".md") + ".html"
        for form in (term.zh, term.en, term.abbr):
            if form and (ranked[form][:1] != [expected]):
                wrong.append(f"{form}: {ranked[form]} (expected {expected})")
    assert wrong == []


@pytest.mark.parametrize("query, page", BEFORE)
def test_the_queries_that_failed_before_find_their_page_first(ranked, query, page):
    assert ranked[query][:1] == [page]
