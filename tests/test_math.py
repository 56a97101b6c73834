"""Formulas become static KaTeX HTML at build time; a formula KaTeX cannot parse fails the build."""

from __future__ import annotations

from conftest import ROOT


def enable_math(site) -> None:
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text()
                   .replace("plugins:\n", f"plugins:\n  - kbmath:\n      katex_dir: {ROOT / 'node_modules' / 'katex'}\n")
                   .replace("markdown_extensions: [", "markdown_extensions: [{pymdownx.arithmatex: {generic: true}}, "))


def test_formulas_are_rendered_without_javascript(site, caplog):
    enable_math(site)
    site.page("p.md", "行内 $\\sigma(z) < 1$。\n\n$$\n\\sigma'(z) = \\frac{1}{4}\n$$\n")
    build = site.build(caplog)
    assert build.ok, build.error
    html = build.html("p")
    assert html.count('class="katex"') == 2 and 'class="katex-display"' in html
    assert "\\(" not in html and "\\[" not in html and "\\frac" not in html
    assert "katex.min.js" not in html and 'href="../assets/katex/katex.min.css"' in html
    assert (build.site / "assets" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()


def test_a_bad_formula_fails_the_build_with_page_and_line(site, caplog):
    enable_math(site)
    site.page("p.md", "# t\n\n正确 $x^2$\n\n错误 $\\frac{1}{$ 与 $\\notacommand$\n")
    build = site.build(caplog)
    assert not build.ok
    assert "kbmath: 2 formula(s) failed" in build.error
    assert "docs/p.md:5: KaTeX cannot render the formula '\\\\frac{1}{'" in build.error
    assert "docs/p.md:5: KaTeX cannot render the formula '\\\\notacommand'" in build.error


def test_formulas_in_headings_are_rendered_in_the_table_of_contents(site, caplog):
    enable_math(site)
    site.page("p.md", "# 标题\n\n## 为什么按 $1/n$ 缩放 {#scale}\n\n正文。\n")
    build = site.build(caplog)
    assert build.ok, build.error
    toc = build.html("p").split('class="md-nav md-nav--secondary"')[1].split("</nav>")[0]
    assert "\\(" not in toc and 'class="katex"' in toc
