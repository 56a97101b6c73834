"""The offline PDF of the whole knowledge base (`make pdf`), printed once per session from the
site built once per session: the print page it is made from holds every page with unique ids
and working internal links; the PDF opens, its bookmarks mirror the navigation, its text is the
pages' text with rendered math, its figures and fonts are inside, its objects are packed, and it
is printed again only when its inputs change."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOT
from kbexec.project import read_mkdocs_yml

pypdf = pytest.importorskip("pypdf", reason="pypdf is pinned in pyproject.toml")


def print_pdf(site: Path, out: Path, force: bool = False) -> bool:
    """What `make pdf` runs, in its own process; True if it wrote the PDF."""
    cmd = [sys.executable, "-m", "kbsite.pdf", str(site), str(out), "--config", str(ROOT / "mkdocs.yml")]
    return "wrote" in run(*cmd, *(["--force"] if force else []))


@pytest.fixture(scope="session")
def print_page(real_site) -> str:
    from kbsite.pdf import write_print_page

    return write_print_page(real_site.directory, ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pdf(real_site) -> Path:
    from kbsite.pdf import find_chromium

    if find_chromium() is None:
        pytest.fail("Chromium is missing: `make test` installs it (make system)")
    for tool in ("pdftotext", "pdffonts", "pdfimages"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: `make test` installs it (make system)")
    out = ROOT / ".build" / "test-pdf" / "deep-learning-notes.pdf"
    assert print_pdf(real_site.directory, out, force=True)
    return out


def run(*cmd: str) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stderr}"
    return done.stdout


def page_markdown(md: str) -> str:
    """A page's Markdown; for a notebook, its Markdown cells."""
    text = (ROOT / "docs" / md).read_text(encoding="utf-8")
    if md.endswith(".ipynb"):
        cells = json.loads(text)["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        text = re.sub(r'\s*<a id="[^"]+"></a>', "", text)
    return text


def page_title(md: str) -> str:
    return re.search(r"^# (.+)$", page_markdown(md), re.M).group(1).strip()


def plain_headings(md: str) -> list[str]:
    """The page's `##` headings as text (no anchors, no code marks), skipping those with math
    (KaTeX in bookmarks)."""
    text = re.sub(r"^(```|~~~).*?^\1", "", page_markdown(md), flags=re.M | re.S)
    heads = [re.sub(r"\s*\{#[^}]+\}\s*$", "", h).replace("`", "").strip() for h in re.findall(r"^## (.+)$", text, re.M)]
    return [h for h in heads if "$" not in h]


def navigation() -> list[tuple[str, list[str]]]:
    """(title, [page files]) per top-level nav entry; a page on its own has no children."""
    nav = read_mkdocs_yml(ROOT / "mkdocs.yml")["nav"]
    out = []
    for entry in nav:
        if isinstance(entry, str):
            out.append((page_title(entry), []))
        else:
            (title, pages), = entry.items()
            out.append((title, [p if isinstance(p, str) else next(iter(p.values())) for p in pages]))
    return out


def outline(reader) -> list:
    """The bookmark tree as [(title, [children…])]."""
    def walk(items):
        tree = []
        for item in items:
            if isinstance(item, list):
                tree[-1] = (tree[-1][0], walk(item))
            else:
                tree.append((item.title, []))
        return tree
    return walk(reader.outline)


def test_the_pdf_opens_with_a_cover_and_numbered_pages(pdf, real_site):
    info = run("pdfinfo", str(pdf))
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 10
    first = run("pdftotext", "-f", "1", "-l", "1", str(pdf), "-")
    report = json.loads((real_site.directory / "assets" / "kbexec-report.json").read_text())
    assert "深度学习笔记知识库" in first and f"本版共验证 {report['claims']} 条结论" in first
    assert re.search(r"\d{4}-\d{2}-\d{2}", first)
    assert re.search(r"^\s*3 / \d+\s*$", run("pdftotext", "-f", "3", "-l", "3", "-layout", str(pdf), "-"), re.M)


def test_bookmarks_mirror_the_navigation(pdf):
    tree = [node for node in outline(pypdf.PdfReader(pdf)) if node[0] != "目录"]
    assert [title for title, _ in tree] == [title for title, _ in navigation()]
    for (title, children), (_, pages) in zip(tree, navigation()):
        assert [c for c, _ in children][: len(pages)] == [page_title(p) for p in pages], title
        for (page, headings), md in zip(children, pages):
            assert set(plain_headings(md)) <= {h for h, _ in headings}, page


def test_text_has_the_pages_chinese_and_rendered_math(pdf):
    text = re.sub(r"\s+", "", run("pdftotext", "-raw", str(pdf), "-"))  # -raw: content order
    for _, pages in navigation():
        for md in pages:
            assert re.sub(r"\s+", "", page_title(md)) in text
            for heading in plain_headings(md)[:3]:
                assert re.sub(r"\s+", "", heading) in text, heading
    for raw in ("\\frac", "$$", "\\(", "\\)", "\\[", "\\]", "\\begin{"):  # (code may show \\sigma in a plot label)
        assert raw not in text, raw


def test_every_figure_is_in_the_pdf_and_every_font_embedded(pdf, real_site):
    """Read with pikepdf (poppler's pdfimages and pdffonts take seconds each on this PDF)."""
    import pikepdf

    report = json.loads((real_site.directory / "assets" / "kbexec-report.json").read_text())
    images, fonts = set(), {}
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            resources = page.obj.get("/Resources", {})
            for ref in (resources.get("/XObject") or {}).values():
                if ref.get("/Subtype") == "/Image":
                    images.add(ref.objgen)
            for ref in (resources.get("/Font") or {}).values():
                font = ref.get("/DescendantFonts", [ref])[0] if ref.get("/Subtype") == "/Type0" else ref
                descriptor = font.get("/FontDescriptor")
                embedded = ref.get("/Subtype") == "/Type3" or (descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
                fonts[ref.objgen] = embedded
    assert len(images) >= report["figures"] >= 1
    assert fonts and all(fonts.values()), [k for k, v in fonts.items() if not v][:5]


def test_internal_links_stay_inside_the_pdf(pdf):
    reader = pypdf.PdfReader(pdf)
    internal = external = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            action = a.get("/A")
            if a.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
            elif action and action.get("/S") == "/URI":
                uri = str(action.get("/URI"))
                assert uri.startswith(("http://", "https://")), uri  # never a file:// into the site
                external += 1
    assert internal >= 5 and external >= 1


def test_the_pdf_is_printed_again_only_when_its_inputs_change(pdf, real_site, tmp_path):
    from kbsite.pdf import inputs_digest

    assert print_pdf(real_site.directory, pdf) is False  # up to date: not printed again
    copy = tmp_path / "site"
    shutil.copytree(real_site.directory, copy, ignore=shutil.ignore_patterns("*.pdf"))
    before = inputs_digest(copy, "v1")
    (copy / "print_page.html").write_text("made from the pages, not an input", encoding="utf-8")
    (copy / "search" / "search_index.json").write_text("{}", encoding="utf-8")
    assert inputs_digest(copy, "v1") == before
    assert inputs_digest(copy, "v2") != before  # another version is printed on the cover
    (copy / "index.html").write_text((copy / "index.html").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs_digest(copy, "v1") != before


def test_the_pdf_objects_are_packed_into_streams(pdf):
    """Chromium writes ~150,000 uncompressed objects (mostly the tagged structure); packed, the
    PDF is about half the size."""
    import pikepdf

    with pikepdf.open(pdf) as packed:
        assert packed.trailer.get("/Type") == "/XRef"  # a cross-reference stream: objects in streams
        assert packed.Root.get("/StructTreeRoot") is not None  # still tagged


def test_a_print_page_that_needs_more_than_the_built_site_is_not_printed(tmp_path):
    """`make pdf` is offline and complete: the real print page passes this check whenever the
    PDF fixture prints it; a page that reaches for the network or a missing image is refused."""
    from kbexec.build import REPORT
    from kbsite.pdf import print_pdf

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / REPORT).write_text(json.dumps({"claims": 1, "blocks": 1, "pages": 1, "figures": 0}))
    (site / "index.html").write_text(
        '<html><body><article class="md-content__inner md-typeset"><h1>t</h1>'
        '<img src="https://example.org/logo.png" alt=""><img src="assets/gone.png" alt="">'
        "</article></body></html>", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nnav:\n  - index.md\n")
    out = tmp_path / "t.pdf"
    with pytest.raises(SystemExit) as refused:
        print_pdf(site, out, tmp_path / "mkdocs.yml")
    message = str(refused.value)
    assert "cannot be printed as it is (nothing was written)" in message
    assert "outside the built site (blocked): https://example.org/logo.png" in message
    assert f"cannot be read: {(site / 'assets' / 'gone.png').as_uri()}" in message
    assert not out.exists() and list(tmp_path.glob("*.tmp")) == []


def test_the_print_page_holds_every_page_with_unique_ids_and_working_links(print_page):
    ids = re.findall(r'\sid="([^"]+)"', print_page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    targets = {unquote(html.unescape(t)) for t in re.findall(r'href="#([^"]*)"', print_page)}
    assert targets and targets <= set(ids), sorted(targets - set(ids))[:10]
    assert "<script" not in print_page  # a static page: nothing to wait for when printing
    for _, pages in navigation():
        for md in pages:
            key = md.rsplit(".", 1)[0].replace("/", "-")
            assert f'<section class="kb-print-page" id="{key}">' in print_page, md
    local = re.findall(r'(?:href|src)="(?!#|https?:|data:|mailto:)([^"]+)"', print_page)
    assert all(not t.endswith(".html") for t in local), [t for t in local if t.endswith(".html")][:5]
