"""The real knowledge base: it builds cleanly, its quotations are the notes' words, its layout
is the product's design. (Its blocks are checked one by one by the `docs/` items of this run.)"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from importlib.metadata import entry_points
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT

NOTES = Path(os.environ.get("KB_NOTES_DIR", ROOT.parent / "shared" / "notes"))
QUOTE = re.compile(r"「([^」]+)」")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("**", ""))


@pytest.fixture(scope="module")
def notes() -> str:
    files = sorted(NOTES.glob("*.txt"))
    if not files:
        if os.environ.get("KB_REQUIRE_NOTES"):
            pytest.fail(f"the source notes are missing: expected *.txt in {NOTES} (set KB_NOTES_DIR)")
        pytest.skip(f"source notes not found in {NOTES}")
    return "\n".join(_normalise(f.read_text(encoding="utf-8")) for f in files)


def pages() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_quotation_is_the_notes_own_words(page, notes):
    """On this site 「…」 marks the notes' words only; proposed wording uses “…”."""
    text = page.read_text(encoding="utf-8")
    for m in QUOTE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        assert _normalise(m.group(1)) in notes, (
            f"{page.relative_to(ROOT)}:{line}: 「{m.group(1)}」 is not in the notes")


def test_the_site_builds_strictly_without_warnings(real_site):
    assert [m for level, m in real_site.log if level >= logging.WARNING] == []
    (summary,) = [m for _, m in real_site.log if m.startswith("kbexec:")]
    assert " 0 failures" in summary and " 0 from cache" in summary
    assert len(list((real_site.directory / "assets" / "figures").glob("fig-*.png"))) >= 2


def test_no_page_loads_anything_from_the_network(real_site):
    """Scripts, styles, fonts and images are all local (links to papers may stay external)."""
    loaded = re.compile(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="(https?:[^"]+)"'
                        r'|<link\b[^>]*\bhref="(https?:[^"]+)"[^>]*>|url\((["\']?)(https?:[^)"\']+)')
    offenders = []
    for path in sorted(real_site.directory.rglob("*")):
        if path.suffix in {".html", ".css", ".js"}:
            for m in loaded.finditer(path.read_text(encoding="utf-8", errors="replace")):
                tag = m.group(0)
                if tag.startswith("<link") and re.search(r'rel="(?:canonical|alternate)"', tag):
                    continue
                offenders.append(f"{path.relative_to(real_site.directory)}: {tag[:120]}")
    assert offenders == []


def test_layout_of_the_product_design():
    for name in ("docs", "snippets", "plugins", "tests", "mkdocs.yml", "Makefile", "pyproject.toml",
                 "README.md", ".ci/run"):
        assert (ROOT / name).exists(), name


def test_the_readme_opens_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert head.index("make serve") < head.index("make test")


def test_plugins_are_registered_by_entry_points():
    assert "kbexec" in {e.name for e in entry_points(group="mkdocs.plugins")}
    assert "kbexec" in {e.name for e in entry_points(group="pytest11")}


def test_reader_comforts_are_in_every_page(real_site):
    for page in sorted(real_site.directory.rglob("*.html")):
        if page.relative_to(real_site.directory).parts[0] in {"assets", "search"} or page.name.startswith("print_page"):
            continue  # (the print page is the PDF's source, made by `make pdf`)
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(real_site.directory)
        assert '<html lang="zh"' in html, name
        assert re.search(r'<meta name="description" content="[^"]{10,}"', html), name
        assert "__palette_0" in html and "__palette_1" in html, name  # light and dark, with a toggle
        if page.name != "404.html":
            assert re.search(r"<title>[^<]+ - 深度学习笔记知识库</title>", html) or page.name == "index.html", name
            headings = re.findall(r"<h[23] id=", html)
            assert len(re.findall(r'class="headerlink"', html)) >= len(headings), name
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for feature in ("navigation.sections", "navigation.top", "content.code.copy"):
        assert f"- {feature}" in config
    assert "找不到" in (real_site.directory / "404.html").read_text(encoding="utf-8") or \
        "404" in (real_site.directory / "404.html").read_text(encoding="utf-8")


def test_the_home_page_states_what_the_build_verified(real_site):
    report = json.loads((real_site.directory / "assets" / "kbexec-report.json").read_text(encoding="utf-8"))
    home = (real_site.directory / "index.html").read_text(encoding="utf-8")
    assert "kbexec:" not in home and "kbsite:" not in home
    assert f"共 {report['blocks']:,} 个代码块、{report['claims']:,} 条结论" in home
    assert f"生成 {report['figures']:,} 张图" in home


def test_the_appendix_lists_every_correction_of_the_site_once(real_site):
    pages = [p for p in real_site.directory.rglob("*.html")
             if p.relative_to(real_site.directory).parts[0] not in {"assets", "search"}
             and not p.name.startswith("print_page")
             and p.relative_to(real_site.directory).as_posix() != "appendix/sources.html"]
    title = '<p class="admonition-title">原笔记勘误</p>'
    on_pages = sum(p.read_text(encoding="utf-8").count(title) for p in pages)
    appendix = (real_site.directory / "appendix" / "sources.html").read_text(encoding="utf-8")
    assert on_pages >= 20
    assert appendix.count(title) == on_pages == appendix.count('class="kb-erratum-source"')
    assert f"全部勘误（共 {on_pages} 条，" in appendix
    assert re.search(f'<meta name="description" content="[^"]*全部勘误（共 {on_pages} 条，', appendix)
    home = (real_site.directory / "index.html").read_text(encoding="utf-8")
    assert f"做出 {on_pages} 条勘误" in home


def test_every_internal_link_and_anchor_resolves(real_site):
    """MkDocs checks the links of Markdown pages; this also covers notebooks and generated pages."""
    link = re.compile(r'<(?:a|img|link|script)\b[^>]*?\b(?:href|src)="([^"]+)"')
    site, broken = real_site.directory, []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0] in {"assets", "search"} or page.name.startswith("print_page"):
            continue
        for target in link.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:|//", target):
                continue
            path, _, fragment = unquote(html.unescape(target)).partition("#")
            base = site if path.startswith("/") else page.parent  # 404.html links from the site root
            resolved = (base / path.lstrip("/")).resolve() if path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{page.relative_to(site)}: {target}")
            elif fragment and resolved.suffix == ".html":
                if resolved not in ids:
                    ids[resolved] = set(re.findall(r'\bid="([^"]+)"', resolved.read_text(encoding="utf-8")))
                if fragment not in ids[resolved]:
                    broken.append(f"{page.relative_to(site)}: {target} (no such anchor)")
    assert broken == []


def test_each_passage_of_the_notes_is_corrected_on_one_page():
    """The appendix lists every erratum; a passage corrected on two pages would be listed twice
    (other pages link to the one correction instead)."""
    first: dict[str, str] = {}
    duplicates = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r'^( *)!!! warning "原笔记勘误"\n((?:\1 {4}.*\n|[ \t]*\n)+)', text, re.M):
            where = f"{page.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
            for quote in QUOTE.findall(m.group(2)):
                seen = first.setdefault(_normalise(quote), where)
                if seen.split(":")[0] != where.split(":")[0]:
                    duplicates.append(f"「{quote}」 at {seen} and {where}")
    assert duplicates == []
