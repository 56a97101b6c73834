"""`mkdocs build` on small temporary sites: results appear in pages, false claims fail the build."""

from __future__ import annotations

import logging
import re

from kbexec.model import BlockResult, Failure, Status
from kbexec.parser import parse_page
from kbexec.render import render_block


def test_output_and_figures_appear_under_their_blocks(site, caplog):
    site.page("a/plot.md", """\
        # 图

        ```python exec caption="直线"
        import matplotlib.pyplot as plt
        plt.plot([0, 1], [0, 1])
        print("<b>不是 HTML</b>")
        ```
        """)
    build = site.build(caplog)
    assert build.ok, build.error
    html = build.html("a/plot")
    assert "&lt;b&gt;不是 HTML&lt;/b&gt;" in html and "<b>不是" not in html
    (src,) = re.findall(r'<img alt="直线" class="kbexec-figure" src="([^"]+)"', html)
    assert re.fullmatch(r"\.\./\.\./assets/figures/fig-[0-9a-f]{16}\.png", src)
    assert (build.site / "a" / "plot" / src).resolve().read_bytes().startswith(b"\x89PNG")
    assert build.warnings == []


def test_hidden_source_keeps_output_and_markdown_output_is_markdown(site, caplog):
    site.page("p.md", """\
        ```python exec hide
        print("visible output")
        ```

        ```python exec hide output=markdown
        print("| a | b |\\n|---|---|\\n| 1 | 2 |")
        ```
        """)
    build = site.build(caplog)
    html = build.html("p")
    assert "visible output" in html and "print(" not in html
    assert "<table>" in html and "<td>1</td>" in html


def test_blocks_inside_admonitions_and_tabs_render_in_place(site, caplog):
    site.page("p.md", """\
        !!! note "说明"

            ```python exec
            print("in note")
            ```

        === "Tab A"

            ```python exec
            print("in tab")
            ```
        """)
    build = site.build(caplog)
    assert build.ok, build.error
    html = build.html("p")
    note = html[html.index('class="admonition note"'):]
    assert note.index("in note") < note.index("</div>\n</div>") or "in note" in note
    assert re.search(r'tabbed-block">.*in tab', html, re.S)


def test_a_false_claim_fails_the_build_with_its_page_line(site, caplog):
    site.page("index.md", "# home\n")
    site.page("ch/sigmoid.md", """\
        ---
        title: s
        ---
        # Sigmoid

        ```python exec
        import math
        s = 1 / (1 + math.exp(-0.0))
        assert s == 0.6, "σ(0) 应为 0.5"
        ```

        ```python exec
        print(s)
        ```
        """)
    site.page("other.md", "```python exec\n>>> 2 * 2\n5\n```\n\n```python exec hdie\nx\n```\n")
    build = site.build(caplog)
    assert not build.ok
    assert build.error.startswith("kbexec: 4 problem(s) in executable blocks:")
    lines = [ln for ln in build.error.splitlines() if re.match(r"docs/", ln)]
    assert lines == [  # pages in file order, problems by line
        "docs/ch/sigmoid.md:9: AssertionError: σ(0) 应为 0.5",
        "docs/ch/sigmoid.md:12: not run because of the failure at docs/ch/sigmoid.md:9",
        "docs/other.md:1: not run because of the failure at docs/other.md:6",
        "docs/other.md:6: unknown option 'hdie' (did you mean 'hide'?); known options: "
        "caption, file, hide, id, output, raises, timeout",
    ]


def test_a_page_with_a_parse_error_runs_none_of_its_blocks(site, caplog):
    site.page("p.md", "```python exec\nprint('side effect')\n```\n\n```python exec hdie\nx\n```\n")
    build = site.build(caplog)
    assert "docs/p.md:1: not run because of the failure at docs/p.md:5" in build.error


def test_disabled_plugin_shows_sources_and_runs_nothing(site, caplog):
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text().replace(
        "timeout:", "enabled: false\n      timeout:"))
    site.page("p.md", """\
        值 `=answer`。

        ```python exec hide caption="带 空格 的图注"
        assert False
        ```

        ## 后面的标题 {#after}
        """)
    build = site.build(caplog)
    assert build.ok, build.error
    html = build.html("p")
    assert "<code>answer</code>" in html and 'id="after"' in html
    assert not (build.site / "assets" / "figures").exists()


def test_missing_markdown_extension_is_a_clear_error(site, caplog):
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("attr_list, ", ""))
    build = site.build(caplog)
    assert not build.ok and "kbexec needs these markdown_extensions in mkdocs.yml: attr_list" in build.error


def test_serve_keeps_serving_and_shows_failures_in_the_page(site, caplog):
    caplog.set_level(logging.INFO)
    site.page("p.md", "```python exec\nassert 1 == 2, '不成立'\n```\n\n```python exec\nprint(1)\n```\n")
    build = site.build(caplog, command="serve")
    assert build.ok
    html = build.html("p")
    assert "代码块验证失败" in html and "docs/p.md:2: AssertionError: 不成立" in html
    assert "代码块未运行" in html
    assert build.warnings == []  # under `strict`, a warning would stop the rebuild: the page shows it
    said = [r.getMessage() for r in caplog.records]
    assert any(m.startswith("kbexec: ✗ docs/p.md:2: AssertionError: 不成立") for m in said)


def test_serve_mode_shows_the_failure_in_the_page():
    doc = parse_page("```python exec\nassert False, 'nope'\n```\n", "docs/p.md", __import__("pathlib").Path("."))
    failure = Failure("docs/p.md", 2, "AssertionError: nope", "Traceback …")
    lines = render_block(BlockResult(doc.blocks[0], Status.FAILED, failure=failure), lambda n: n)
    text = "\n".join(lines)
    assert '!!! failure "代码块验证失败"' in text
    assert "    docs/p.md:2: AssertionError: nope" in text


def test_inline_values_are_computed_escaped_and_checked(site, caplog):
    site.page("p.md", """\
        σ' 的最大值是 `=best:.3f`，名字是 `=name`。

        ```python exec hide
        best = 0.25
        name = "<i>*x*</i>"
        ```
        """)
    build = site.build(caplog)
    assert build.ok, build.error
    html = build.html("p")
    assert '<span class="kbexec-value" id="kb-V1c10">0.250</span>' in html  # an anchor for the claims index
    assert '<span class="kbexec-value" id="kb-V1c26">&lt;i&gt;*x*&lt;/i&gt;</span>' in html
    site.page("p.md", "值 `=missing`\n")
    build = site.build(caplog)
    assert "docs/p.md:1: NameError: name 'missing' is not defined" in build.error


def test_site_wide_counts_fill_their_markers_and_unknown_markers_fail(site, caplog):
    site.page("index.md", """\
        # home

        本站有 <!-- kbexec:blocks --> 个代码块、<!-- kbexec:claims --> 条断言、<!-- kbexec:figures --> 张图。

        写法：`<!-- kbexec:pages -->`
        """)
    site.page("a.md", """\
        ```python exec
        import matplotlib.pyplot as plt
        plt.plot([0, 1])
        assert 1 < 2, "one claim"
        ```

        ```python exec
        >>> 1 + 1
        2
        >>> 2 * 3
        6
        ```
        """)
    build = site.build(caplog)
    assert build.ok, build.error
    home = build.html("")
    assert "本站有 2 个代码块、3 条断言、1 张图。" in home
    assert "写法：<code>&lt;!-- kbexec:pages --&gt;</code>" in home  # shown as code, not filled

    site.page("index.md", "# home\n\n第二行\n\n<!-- kbexec:claim -->\n")
    build = site.build(caplog)
    assert not build.ok
    assert "docs/index.md:5: unknown site count <!-- kbexec:claim -->; known: pages, blocks, claims, figures" in build.error

    site.page("index.md", "# home\n\n## 共 <!-- kbexec:pages --> 页\n")
    build = site.build(caplog)
    assert not build.ok
    assert "docs/index.md:3: a site count cannot be in a heading: <!-- kbexec:pages -->" in build.error


def test_a_page_saved_again_during_the_build_is_built_from_the_text_that_was_run(site, caplog):
    later = site.page("b.md", """\
        原文：`=x`

        ```python exec
        x = 1
        ```
        """)
    site.page("a.md", "# a\n")
    # an editor saves b.md after the build parsed it, before MkDocs reads it (while it renders a.md)
    (site.root / "editor.py").write_text(f"""\
from pathlib import Path

def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri == "a.md":
        Path({str(later)!r}).write_text("```python exec\\nx = 2\\n```\\n\\n改过的文字：`=x`\\n", encoding="utf-8")
""")
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text() + "hooks: [editor.py]\n")
    build = site.build(caplog)
    assert build.ok, build.error
    html = build.html("b")
    assert re.search(r"<p>原文：(<[^>]+>)*1<", html) and "改过的文字" not in html
    assert "改过的文字" in later.read_text(encoding="utf-8")


def test_a_download_not_made_yet_is_not_a_dead_link(site, caplog):
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("plugins:\n", "plugins:\n  - kbsite:\n      downloads: {book.pdf: out/book.pdf}\n"))
    site.page("index.md", '# home\n\n<a href="book.pdf" download>全书 PDF</a>\n')
    build = site.build(caplog)
    assert build.ok, build.error
    assert 'href="book.pdf"' not in build.html("") and "全书 PDF（尚未生成" in build.html("")
    (site.root / "out").mkdir()
    (site.root / "out" / "book.pdf").write_bytes(b"%PDF-1.7\n")
    build = site.build(caplog)
    assert '<a href="book.pdf" download>全书 PDF</a>' in build.html("")
    assert (build.site / "book.pdf").read_bytes() == b"%PDF-1.7\n"
