"""Notebooks are pages: their code cells run in the engine's runner, failures name the cell,
mkdocs-jupyter renders the executed copy, and the result reads like every other page."""

from __future__ import annotations

import base64
import json
import logging
import re

import pytest

from conftest import MKDOCS_YML, ROOT
from kbexec.model import BlockResult, DocumentResult, Failure, Figure, Kind, Status
from kbexec.notebooks import executed_notebook, has_outputs
from kbsite.notebook_html import anchor_headings, clean_notebook_html
from kbexec.parser import parse_notebook
from kbexec.runner import RunSettings, run_document
from kbexec.zygote import Zygote


def notebook(*cells: tuple[str, str]) -> str:
    """nbformat 4 JSON, stored the way the knowledge base keeps notebooks: without outputs."""
    def cell(number, kind, source):
        extra = {"execution_count": None, "outputs": []} if kind == "code" else {}
        return {"cell_type": kind, "id": f"cell-{number}", "metadata": {},
                "source": source.splitlines(keepends=True), **extra}
    return json.dumps({"cells": [cell(n, k, s) for n, (k, s) in enumerate(cells, 1)], "metadata": {}, "nbformat": 4,
                       "nbformat_minor": 5}, ensure_ascii=False)


NB = notebook(("markdown", "# 两层网络\n\n损失 $L = \\frac{1}{2}(y-\\hat y)^2$"),
              ("code", "import numpy as np\nx = np.arange(4)\nprint(x.sum())"),
              ("code", "   "),
              ("code", "assert x.sum() == 6, '和应为 6'\nassert x.max() == 4, '最大值应为 4'"),
              ("code", ">>> x.size\n4"))


def test_code_cells_are_blocks_located_by_their_cell_number():
    doc = parse_notebook(NB, "docs/n.ipynb")
    assert [(b.line, b.kind, b.name, b.code_path) for b in doc.blocks] == [
        (2, Kind.CODE, "cell-2", "docs/n.ipynb#cell-2"),
        (4, Kind.CODE, "cell-4", "docs/n.ipynb#cell-4"),
        (5, Kind.DOCTEST, "cell-5", "docs/n.ipynb#cell-5")]
    assert sum(b.claims for b in doc.blocks) == 3
    (error,) = parse_notebook("{not json", "docs/bad.ipynb").errors
    assert error.render().startswith("docs/bad.ipynb:1: not a Jupyter notebook:")


def test_a_failing_cell_is_named_by_notebook_cell_and_line(tmp_path):
    (tmp_path / "snippets").mkdir()
    with Zygote(tmp_path) as zygote:
        results = run_document(parse_notebook(NB, "docs/n.ipynb"), zygote,
                               RunSettings(tmp_path, tmp_path / "snippets", 10, grace=1.0)).results
    assert [r.status for r in results] == [Status.PASSED, Status.FAILED, Status.NOT_RUN]
    assert results[0].output == "6\n"
    assert results[1].failure.render().splitlines()[:3] == [
        "docs/n.ipynb#cell-4:2: AssertionError: 最大值应为 4",
        "Traceback (most recent call last):",
        '  File "docs/n.ipynb#cell-4", line 2, in <module>']
    assert results[2].failure.render().startswith(
        "docs/n.ipynb#cell-5:1: not run because of the failure at docs/n.ipynb#cell-4:2")


def test_the_executed_copy_holds_outputs_figures_and_failures_like_jupyter():
    doc = parse_notebook(NB, "docs/n.ipynb")
    png = b"\x89PNG fake"
    failure = Failure("docs/n.ipynb", 4, "AssertionError: 最大值应为 4", "", "docs/n.ipynb#cell-4", 2)
    result = DocumentResult(doc, (BlockResult(doc.blocks[0], Status.PASSED, "6\n", (Figure("fig-a.png", png),)),
                                  BlockResult(doc.blocks[1], Status.FAILED, failure=failure),
                                  BlockResult(doc.blocks[2], Status.NOT_RUN)))
    cells = json.loads(executed_notebook(NB, result))["cells"]
    assert [c.get("execution_count") for c in cells] == [None, 1, None, 2, None]
    stream, image = cells[1]["outputs"]
    assert stream == {"output_type": "stream", "name": "stdout", "text": "6\n"}
    assert base64.b64decode(image["data"]["image/png"]) == png
    (error,) = cells[3]["outputs"]
    assert error["output_type"] == "error" and error["traceback"][0].startswith("docs/n.ipynb#cell-4:2:")
    assert cells[4]["outputs"] == []
    assert has_outputs(NB) == [] and has_outputs(json.dumps({"cells": cells})) == [2, 4]


def test_rendered_notebooks_load_nothing_remote_and_mark_math_outside_code():
    html = ('<!-- Load mathjax --><script src=""> </script><script type="text/x-mathjax-config">MathJax.Hub</script>'
            '<!-- End of mathjax configuration --><script type="module">import("https://cdn/mermaid.mjs")</script>'
            '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput"><p>损失 $L = a_1$，代价 $5 与 $6</p>'
            '<p>$$\\sum_i x_i$$</p><pre><code>$not math$</code></pre></div>'
            '<div class="highlight"><pre>price = "$x$"</pre></div>')
    cleaned = clean_notebook_html(html)
    assert "<script" not in cleaned and "mathjax" not in cleaned.lower()
    assert '<span class="arithmatex">\\(L = a_1\\)</span>' in cleaned
    assert '<div class="arithmatex">\\[\\sum_i x_i\\]</div>' in cleaned
    assert "代价 $5 与 $6" in cleaned  # prices are not math
    assert "<code>$not math$</code>" in cleaned and 'price = "$x$"' in cleaned


def test_headings_get_anchors_even_in_chinese_and_nest_in_the_toc():
    html = ('<h1 id="">两层网络<a class="anchor-link" href="#">¶</a></h1>'
            '<h2 id="">前向传播<a class="anchor-link" href="#">¶</a></h2>'
            '<h3 id="">Step 1: 初始化</h3>'
            '<h2>反向传播 <a id="backward"></a></h2><h2>前向传播</h2>')
    anchored, tokens = anchor_headings(html)
    assert re.findall(r'<h\d id="([^"]+)"', anchored) == ["两层网络", "前向传播", "step-1-初始化", "backward", "前向传播_1"]
    assert 'href="#"' not in anchored and anchored.count('class="headerlink"') == 5
    (top,) = tokens
    assert [c["id"] for c in top["children"]] == ["前向传播", "backward", "前向传播_1"]
    assert top["children"][0]["children"][0]["name"] == "Step 1: 初始化"


NOTEBOOK_SITE = MKDOCS_YML.replace("      timeout: %(timeout)s\n", """\
      timeout: %(timeout)s
  - kbsite
""")


@pytest.fixture
def notebook_site(site):
    (site.root / "mkdocs.yml").write_text(NOTEBOOK_SITE % {"timeout": 10})
    return site


def test_a_notebook_page_is_built_from_the_engines_run_and_cached(notebook_site, caplog):
    caplog.set_level(logging.INFO)
    path = notebook_site.root / "docs" / "n.ipynb"
    path.write_text(NB.replace("最大值应为 4", "x").replace("x.max() == 4", "x.max() == 3"), encoding="utf-8")
    build = notebook_site.build(caplog)
    assert build.ok, build.error
    html = (build.site / "n" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="两层网络">' in html and 'class="katex"' not in html  # kbmath isn't in this site
    assert '<span class="arithmatex">' in html and "<script src=\"\">" not in html
    assert re.search(r"<pre>6\s*</pre>", html), "the printed output of cell 2"
    assert '<a href="n.ipynb" download>' in html
    downloaded = json.loads((build.site / "n" / "n.ipynb").read_text(encoding="utf-8"))
    assert downloaded["cells"][1]["outputs"][0]["text"] == "6\n"
    assert has_outputs(path.read_text(encoding="utf-8")) == []  # the source is never written

    caplog.clear()
    assert notebook_site.build(caplog).ok
    (summary,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("kbexec:")]
    assert "3 from cache" in summary


def test_a_notebook_page_keeps_its_place_among_the_pages(notebook_site, caplog):
    """In MkDocs' order of the pages (the sitemap's, and the order they are rendered in, the one
    kbexec runs them in), not after the others."""
    config = notebook_site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: https://example.org/\n")  # (the sitemap needs it)
    notebook_site.page("index.md", "# 首页\n")
    (notebook_site.root / "docs" / "m.ipynb").write_text(notebook(("markdown", "# 笔记本")), encoding="utf-8")
    notebook_site.page("z.md", "# 最后\n")
    build = notebook_site.build(caplog)
    assert build.ok, build.error
    sitemap = (build.site / "sitemap.xml").read_text(encoding="utf-8")
    assert [loc.rsplit("/", 2)[-2] for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)][1:] == ["m", "z"]


def test_a_false_claim_in_a_notebook_fails_the_build_naming_the_cell(notebook_site, caplog):
    (notebook_site.root / "docs" / "n.ipynb").write_text(NB, encoding="utf-8")
    build = notebook_site.build(caplog)
    assert not build.ok
    assert "docs/n.ipynb#cell-4:2: AssertionError: 最大值应为 4" in build.error
    assert "docs/n.ipynb#cell-5:1: not run because of the failure at docs/n.ipynb#cell-4:2" in build.error


def test_notebooks_are_stored_without_outputs():
    stored = sorted((ROOT / "docs").rglob("*.ipynb"))
    assert len(stored) >= 2
    for path in stored:
        assert has_outputs(path.read_text(encoding="utf-8")) == [], f"{path.relative_to(ROOT)}: clear the outputs"


def test_pytest_collects_each_code_cell_with_the_builds_failure_text(pytester: pytest.Pytester):
    pytester.makefile(".yml", mkdocs=MKDOCS_YML % {"timeout": 10})
    (pytester.path / "docs").mkdir()
    (pytester.path / "snippets").mkdir()
    (pytester.path / "docs" / "n.ipynb").write_text(NB, encoding="utf-8")
    result = pytester.runpytest("-rf")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines([
        "docs/n.ipynb#cell-4:2: AssertionError: 最大值应为 4",
        "docs/n.ipynb#cell-5:1: not run because of the failure at docs/n.ipynb#cell-4:2",
        "FAILED docs/n.ipynb::cell-4 - docs/n.ipynb#cell-4:2: *",
        "FAILED docs/n.ipynb::cell-5 - docs/n.ipynb#cell-5:1: *"])
