"""The appendix gathers every correction to the notes and every reference from the rendered pages."""

from __future__ import annotations

from kbsite.appendix import Source, errata_index, find_errata, move_links

PAGE = """\
<h1 id="sigmoid">Sigmoid</h1>
<h2 id="saturation">饱和<a class="headerlink" href="#saturation">¶</a></h2>
<div class="admonition warning">
<p class="admonition-title">原笔记勘误</p>
<p>原笔记写道：「梯度为0」。应为趋近于 0，见<a href="#check">验证</a>与<a href="../gradients/vanishing.html#x">梯度消失</a>。</p>
<div class="highlight"><pre><code>print(1)</code></pre></div>
</div>
<div class="admonition note"><p class="admonition-title">注意</p><p>不是勘误</p></div>
<div class="admonition warning"><p class="admonition-title">原笔记勘误（示例）</p><p>示例不算</p></div>
<h2 id="errata">原笔记勘误</h2>
<div class="admonition warning"><p class="admonition-title">原笔记勘误</p><p>第二条</p></div>
<h2 id="references">参考</h2>
<ul>
<li>A. Author. <em>Paper</em>. 2015. <a href="https://arxiv.org/abs/1502.03167">arXiv:1502.03167</a></li>
<li>B. Book. 2016.</li>
</ul>
"""


def test_errata_are_the_admonitions_titled_exactly_so_with_the_heading_above_them():
    first, second = find_errata(PAGE)
    assert first.anchor == "saturation" and first.heading == "饱和"
    assert first.html.startswith('<div class="admonition warning">') and first.html.endswith("</div>")
    assert "print(1)" in first.html and "不是勘误" not in first.html  # nested div kept, next admonition not
    assert (second.anchor, second.heading) == ("errata", "原笔记勘误") and "第二条" in second.html


def test_moved_links_still_point_where_they_did():
    html = '<a href="#check">a</a> <a href="../gradients/v.html#x">b</a> <a href="https://x.org/a">c</a> <img src="../assets/f.png">'
    moved = move_links(html, "activations/sigmoid.html", "appendix/sources.html")
    assert moved == ('<a href="../activations/sigmoid.html#check">a</a> <a href="../gradients/v.html#x">b</a> '
                     '<a href="https://x.org/a">c</a> <img src="../assets/f.png">')
    assert move_links('<a href="activations/sigmoid.html">s</a>', "index.html", "appendix/sources.html") == \
        '<a href="../activations/sigmoid.html">s</a>'


def test_the_errata_index_groups_by_page_and_links_back():
    source = Source.of("Sigmoid 函数", "activations/sigmoid.html", PAGE)
    html = errata_index([Source("空页", "a/b.html", ()), source], "appendix/sources.html")
    assert "空页" not in html
    assert '<h3 id="errata-activations-sigmoid"><a href="../activations/sigmoid.html">Sigmoid 函数</a>（2 条）<a class="headerlink"' in html
    assert '<a href="../activations/sigmoid.html#saturation">在“饱和”一节中查看</a>' in html
    assert '<a href="../activations/sigmoid.html#errata">在原页中查看</a>' in html
    assert html.count('<div class="admonition warning" data-search-exclude="copy">') == 2  # found on their pages
