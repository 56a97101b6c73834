"""kbsite: what it keeps between builds gives exactly what computing afresh gives, and the print
page is every page of the site with unique ids and links that stay inside it."""

from __future__ import annotations

import json
import re
import threading
from types import SimpleNamespace

import jieba

from conftest import ROOT
from kbsite.highlight import prune
from kbsite.katex import FormulaCache, Katex
from kbsite.printpage import NavItem, assemble, nav_from_config, page_key, rewrite_page
from kbsite.search_index import SearchKeeper, compact_search_index, search_view

SEARCH_SITE = """\
site_name: search test
docs_dir: docs
theme: {name: material, language: zh, font: false}
plugins:
  - search
  - kbsite:
      jieba_dict_user: words.txt
markdown_extensions: [admonition, attr_list, pymdownx.highlight, pymdownx.superfences, kbsite.highlight]
"""

PAGE = """\
# 梯度消失

反向传播时梯度逐层相乘，深层网络的梯度消失。

## 代码 {#code}

```python
def sigmoid(z):
    return 1 / (1 + np.exp(-z))  # 激活函数
```

!!! warning "注意"

    `np.tanh` 的梯度在 0 附近最大。
"""


def search_site(site):
    (site.root / "mkdocs.yml").write_text(SEARCH_SITE)
    (site.root / "words.txt").write_text("梯度消失 10 n\n", encoding="utf-8")
    site.page("index.md", PAGE)
    site.page("other.md", "# 其他\n\n学习率决定步长。\n")
    return site


def index(build) -> dict:
    return json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_the_search_view_drops_highlighting_markup_and_keeps_the_text():
    html = ('<p>正文 <span class="x">不动</span></p><div class="highlight"><pre><span></span><code>'
            '<span class="k">def</span> <span class="nf">f</span>():</code></pre></div>')
    view = search_view(html)
    assert view == ('<p>正文 <span class="x">不动</span></p><div class="highlight"><pre><code>'
                    'def f():</code></pre></div>')


def test_search_entries_kept_between_builds_equal_a_fresh_index(site, caplog):
    search_site(site)
    fresh = index(site.build(caplog))
    assert (site.root / ".cache" / "kbsite" / "search.json").is_file()
    again = index(site.build(caplog))  # every page's entries from the cache, jieba not needed
    assert again == fresh
    assert any("梯度消失" in d["text"].split("\u200b") for d in fresh["docs"])  # the dictionary was used
    assert any("def sigmoid(z):" in d["text"] for d in fresh["docs"])  # code is searchable as text

    site.page("other.md", "# 其他\n\n动量让更新更平滑。\n")
    changed = index(site.build(caplog))
    assert [d for d in changed["docs"] if d["location"].startswith("other")] != \
        [d for d in fresh["docs"] if d["location"].startswith("other")]
    assert [d for d in changed["docs"] if not d["location"].startswith("other")] == \
        [d for d in fresh["docs"] if not d["location"].startswith("other")]


def test_the_index_is_the_same_without_kbsite(site, caplog):
    """kbsite's search view and its kept entries change how the index is made, not what it says."""
    search_site(site)
    ours = index(site.build(caplog))
    plain = SEARCH_SITE.replace("  - kbsite:\n      jieba_dict_user: words.txt\n", "")
    plain = plain.replace("  - search\n", "  - search:\n      jieba_dict_user: words.txt\n").replace(", kbsite.highlight", "")
    (site.root / "mkdocs.yml").write_text(plain)
    assert index(site.build(caplog)) == ours


def test_the_index_is_written_as_compact_utf8(tmp_path):
    path = tmp_path / "search_index.json"
    data = {"config": {"lang": ["en"]}, "docs": [{"location": "a.html", "title": "梯度\u200b消失", "text": "反向传播"}]}
    path.write_text(json.dumps(data), encoding="utf-8")
    saved = compact_search_index(path)
    assert saved > 0 and json.loads(path.read_text(encoding="utf-8")) == data
    assert "梯度" in path.read_text(encoding="utf-8") and path.stat().st_mode & 0o044  # readable by the server


def test_highlighted_blocks_kept_between_builds_equal_fresh_highlighting(site, caplog):
    search_site(site)
    first = site.build(caplog).html("")
    cached = list((site.root / ".cache" / "kbsite" / "highlight").glob("*/*.html"))
    assert cached and '<span class="k">def</span>' in first
    assert site.build(caplog).html("") == first
    site.page("index.md", PAGE.replace("sigmoid", "logistic"))
    assert "logistic" in site.build(caplog).html("")
    assert prune(site.root / ".cache" / "kbsite" / "highlight", now=4e9) == len(cached) + 1  # all unused since


def test_a_formula_is_rendered_by_katex_once_then_kept(tmp_path):
    store = tmp_path / "katex.json"
    with Katex(ROOT / "node_modules" / "katex", FormulaCache(store, "v1")) as katex:
        html = katex.render(r"\sigma(z)", False)
        katex.cache.save()
        assert katex.rendered == 1
    with Katex(tmp_path / "no-katex-here", FormulaCache(store, "v1")) as katex:  # no Node.js needed
        assert katex.render(r"\sigma(z)", False) == html and katex.rendered == 0
    assert FormulaCache(store, "v2").get(r"\sigma(z)", False) is None  # another KaTeX: render again


BUILT = """<html><head><link rel="stylesheet" href="{up}assets/main.css"></head><body data-md-color-scheme="default">
<article class="md-content__inner md-typeset">{content}</article><footer class="md-footer"></footer></body></html>"""


def built(content: str, depth: int = 1) -> str:
    return BUILT.format(up="../" * depth, content=content)


def test_a_page_in_the_print_page_has_prefixed_ids_and_links_inside_it():
    content = ('<h1 id="sigmoid">Sigmoid<a class="headerlink" href="#sigmoid" title="Permanent link">¶</a></h1>'
               '<p><a href="#grad">本页</a> <a href="../gradients/v.html#x">他页</a> <a href="relu.html">同节</a> '
               '<a href="https://arxiv.org/abs/1">外链</a> <a href="../notebooks/n.ipynb" download>下载</a></p>'
               '<h2 id="grad">梯度</h2><img src="../assets/figures/f.png"><input id="__tabbed_1_1" name="__tabbed_1">'
               '<label for="__tabbed_1_1">A</label><script>alert(1)</script>')
    pages = {"activations/sigmoid.html", "activations/relu.html", "gradients/v.html"}
    out = rewrite_page(content, "activations/sigmoid.html", pages)
    assert '<h1 id="activations-sigmoid--sigmoid">Sigmoid</h1>' in out  # no permalink sign in print
    assert '<a href="#activations-sigmoid--grad">本页</a>' in out
    assert '<a href="#gradients-v--x">他页</a>' in out and '<a href="#activations-relu">同节</a>' in out
    assert '<a href="https://arxiv.org/abs/1">外链</a>' in out
    assert "下载" in out and "n.ipynb" not in out  # a download is text on paper
    assert '<img src="assets/figures/f.png">' in out
    assert 'id="activations-sigmoid--__tabbed_1_1" name="activations-sigmoid--__tabbed_1"' in out
    assert 'for="activations-sigmoid--__tabbed_1_1"' in out and "<script" not in out


def test_the_print_page_follows_the_navigation_with_sections_one_level_down():
    nav = nav_from_config(["index.md", {"激活函数": ["activations/sigmoid.md", {"ReLU": "activations/relu.md"}]},
                           {"外部": "https://example.org"}])
    assert [(n.title, n.url) for n in nav] == [("", "index.html"), ("激活函数", None)]
    assert [(n.title, n.url) for n in nav[1].children] == [("", "activations/sigmoid.html"), ("ReLU", "activations/relu.html")]
    site = {"index.html": built('<h1 id="home">首页</h1>', 0),
            "activations/sigmoid.html": built('<h1 id="s">Sigmoid</h1><h2 id="a">饱和</h2>'),
            "activations/relu.html": built('<h1 id="r">ReLU</h1>')}
    page = assemble(site, nav, site["index.html"], "全书", cover="<div>封面</div>")
    assert page.index("封面") < page.index("目录") < page.index("首页") < page.index("Sigmoid") < page.index("ReLU")
    assert '<h1 id="index--home">首页</h1>' in page  # a page at the top stays h1
    assert '<h2 id="activations-sigmoid--s">Sigmoid</h2><h3 id="activations-sigmoid--a">饱和</h3>' in page
    assert re.search(r'<section class="kb-print-section" id="kb-section-1"><h1>激活函数</h1>', page)
    assert '<a href="#activations-relu">ReLU</a>' in page  # the table of contents links each page
    assert '<link rel="stylesheet" href="assets/main.css">' in page and "<script" not in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert page_key("index.html") == "index" and page_key("a/b-c.html") == "a-b-c"
    assert NavItem("x").children == []


def test_a_cold_build_loads_jiebas_dictionary_in_the_background_and_a_warm_build_not_at_all(tmp_path, monkeypatch):
    loaded_by = []
    monkeypatch.setattr(jieba, "load_userdict", lambda path: loaded_by.append(threading.current_thread().name))
    (tmp_path / "words.txt").write_text("梯度消失 10 n\n", encoding="utf-8")

    def build() -> None:
        keeper = SearchKeeper(tmp_path / "search.json", tmp_path / "words.txt")  # as a new process would
        keeper.start_build({})
        keeper.prepare(pages=2)
        for url in ("a.html", "b.html"):
            page = SimpleNamespace(content=f"<p>{url}</p>", url=url, title=url, toc=SimpleNamespace(items=[]), meta={})
            entries: list = []
            page.content = keeper.before_indexing(page, entries)
            entries += [{"location": url, "text": page.content}] if page.content else []
            keeper.after_indexing(page, entries)
        keeper.save()

    build()  # nothing kept: started at once, beside the build, and loaded before the first page is indexed
    assert loaded_by == ["kbsite-jieba"]
    build()  # every page's entries kept: jieba is not needed
    assert loaded_by == ["kbsite-jieba"]
