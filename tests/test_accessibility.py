"""Every link of the built site resolves, and pages pass a third-party accessibility check
(axe-core, from package-lock.json) in Chromium, in the light and the dark palette."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browsing import open_page
from conftest import ROOT

_REFERENCE = re.compile(r'\b(?:href|src)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# a sample of pages: home, math, code and figures, a notebook, generated pages (a list, a table)
AXE_PAGES = ["index.html", "activations/sigmoid.html", "notebooks/two-layer-net.html",
             "appendix/questions.html", "appendix/glossary.html"]


def _local(target: str) -> bool:
    return bool(target) and not re.match(r"[a-z][a-z0-9+.-]*:|//", target, re.I)


def broken_references(site: Path) -> list[str]:
    """Every relative link, image, script and stylesheet of every HTML page, and every url() of
    every stylesheet, that points to no file of the site or to no id of the page it names."""
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(_ID.findall(path.read_text(encoding="utf-8")))
        return ids[path]

    broken = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for raw in _REFERENCE.findall(text):
            target = unescape(raw)
            if not _local(target) and not target.startswith("#"):
                continue
            path_part, _, fragment = target.partition("#")
            path_part = unquote(urlsplit(path_part).path)
            # root-absolute: the 404 page, which the server shows at any depth
            path = ((site if path_part.startswith("/") else page.parent) / path_part.lstrip("/")).resolve() \
                if path_part else page
            if path.is_dir():
                path = path / "index.html"
            where = f"{page.relative_to(site)}: {target}"
            if not path.is_file():
                broken.append(where)
            elif fragment and path.suffix == ".html" and unquote(fragment) not in ids_of(path):
                broken.append(where + " (no such id)")
    for sheet in sorted(site.rglob("*.css")):
        for target in _CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if _local(target) and not (sheet.parent / urlsplit(target).path).resolve().is_file():
                broken.append(f"{sheet.relative_to(site)}: url({target})")
    return broken


def test_every_link_image_and_anchor_of_the_built_site_resolves(real_site):
    assert broken_references(real_site.directory) == []


def test_the_link_check_finds_a_missing_file_a_missing_anchor_and_a_missing_font(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.html").write_text('<h2 id="x">x</h2><a href="#x">ok</a><a href="#y">no</a>'
                                           '<a href="../b.html">no</a><img src="../a/p.html"><a href="https://e.org/z">ext</a>')
    (tmp_path / "s.css").write_text("@font-face{src:url(fonts/f.woff2) format('woff2')}")
    assert broken_references(tmp_path) == ["a/p.html: #y (no such id)", "a/p.html: ../b.html", "s.css: url(fonts/f.woff2)"]


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.html.slice(0, 160)),
    count: v.nodes.length}));
}"""


@pytest.mark.parametrize("page_path", AXE_PAGES)
def test_no_serious_or_critical_accessibility_violation_in_either_palette(browser, served, page_path):
    page, _ = open_page(browser, served + page_path, (served,), settle=False, color_scheme="light")
    found = {}
    try:
        page.add_script_tag(path=str(AXE))
        found["light"] = page.evaluate(AXE_RUN)
        page.click("label[title='切换到深色模式']")  # the reader's toggle
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        found["dark"] = page.evaluate(AXE_RUN)
    finally:
        page.context.close()
    assert found == {"light": [], "dark": []}
