"""Print the built site to one PDF with the system Chromium (`make pdf`).

    python -m kbsite.pdf SITE_DIR OUT.pdf [--config mkdocs.yml] [--force]

First the print page (`printpage`) is assembled from the built site, with a cover (title,
date, version, verified claims); then Chromium prints it, with bookmarks from its headings and
page numbers in the footer. The print page may use nothing but the built site: a request
elsewhere (blocked), a file that cannot be read, an image not shown or a script error stops the
printing with the list of them. The PDF is written to a temporary file and renamed, and is
skipped when its inputs (the built site and the version) have not changed.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kbexec.build import REPORT
from kbexec.project import read_mkdocs_yml

from .printpage import PRINT_PAGE, assemble, nav_from_config

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#666">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PRINT_TIMEOUT_MS = 600_000  # loading and printing several hundred pages; never a flaky limit


def find_chromium() -> str | None:
    """The system's Chromium: $CHROMIUM, else Debian's chromium, else a Chrome on PATH."""
    names = [os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    return next((path for path in map(shutil.which, filter(None, names)) if path), None)


def version(root: Path) -> str:
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root, text=True,
                             capture_output=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def inputs_digest(site: Path, build_version: str) -> str:
    """Everything the PDF depends on: the site's pages and files (not the search index, not the
    print page made from them, not PDFs) and the version."""
    h = hashlib.sha256(build_version.encode())
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith(("search/", "sitemap")) and path.suffix != ".pdf" \
                and rel != PRINT_PAGE:
            h.update(rel.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def cover_html(report: dict, build_version: str, today: str) -> str:
    return (
        '<div class="kb-cover" style="break-after: page; padding-top: 30vh; text-align: center">'
        '<div style="font-size: 2.4em; font-weight: 700">深度学习笔记知识库</div>'
        '<div style="font-size: 1.2em; margin-top: 1em">由四份学习笔记重写，可计算的结论均由代码验证</div>'
        f'<div style="margin-top: 3em">构建日期 {html.escape(today)} · 版本 {html.escape(build_version)}</div>'
        f'<div style="margin-top: 0.5em">本版共验证 {report["claims"]} 条结论（{report["blocks"]} 个代码块，'
        f'{report["pages"]} 个页面，{report["figures"]} 幅生成的图）</div></div>')


def write_print_page(site: Path, config_file: Path, cover: str = "", name: str = PRINT_PAGE) -> Path:
    """Assemble `site/print_page.html` (or `name`, at the site's root) from the built pages, in the
    order of the navigation (without a `nav` in mkdocs.yml: every page, the home page first, then
    by path, as MkDocs does). Written atomically: another process may be reading the last one."""
    config = read_mkdocs_yml(config_file)
    nav = nav_from_config(config.get("nav") or _default_nav(site))
    wanted = {item.url for item in _walk(nav)} | {"index.html"}
    pages = {url: (site / url).read_text(encoding="utf-8") for url in wanted if (site / url).is_file()}
    title = f"{config.get('site_name', '')}（全书）"
    out = site / name
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
    page = assemble(pages, nav, pages.get("index.html", ""), title, cover)
    partial.write_text(page, encoding="utf-8")
    partial.replace(out)
    return out


def _default_nav(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).with_suffix(".md").as_posix() for p in site.rglob("*.html")
                   if p.name not in (PRINT_PAGE, "404.html") and p.relative_to(site).parts[0] not in ("assets", "search"))
    return sorted(pages, key=lambda p: (p != "index.md", p))


def _walk(items):
    for item in items:
        if item.url is not None:
            yield item
        yield from _walk(item.children)


def print_pdf(site: Path, out: Path, config_file: Path, force: bool = False) -> bool:
    """Write `out` from `site`; False if it was already up to date."""
    if not (site / "index.html").is_file():
        raise SystemExit(f"kbsite.pdf: {site / 'index.html'} is missing: build the site first (make build)")
    if not (site / REPORT).is_file():
        raise SystemExit(f"kbsite.pdf: {site / REPORT} is missing: the last build did not pass")
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("kbsite.pdf: Chromium is missing: run `make system` (apt-get install chromium)")
    build_version = version(config_file.parent)
    digest = inputs_digest(site, build_version)
    stamp = out.with_name(out.name + ".sha256")
    if not force and out.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return False
    report = json.loads((site / REPORT).read_text(encoding="utf-8"))
    page = write_print_page(site, config_file, cover_html(report, build_version, datetime.date.today().isoformat()))
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".pdf.tmp")
    os.close(fd)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            tab = browser.new_page()
            tab.set_default_timeout(PRINT_TIMEOUT_MS)
            problems = _watch(tab, site)
            tab.goto(page.as_uri(), wait_until="load")  # images included; the page has no scripts
            problems += [f"image not shown: {src}" for src in tab.evaluate(BROKEN_IMAGES)]
            if problems:
                raise SystemExit(f"kbsite.pdf: {page} cannot be printed as it is (nothing was written):\n  "
                                 + "\n  ".join(dict.fromkeys(problems)))
            tab.evaluate("() => document.fonts.ready.then(() => true)")
            tab.emulate_media(media="print")
            tab.pdf(path=tmp, format="A4", print_background=True, outline=True, tagged=True,
                    display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
            browser.close()
        compact(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    stamp.write_text(digest)
    return True


BROKEN_IMAGES = "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"


def _watch(tab, site: Path) -> list[str]:
    """Keep the print page to the built site (a PDF is made offline: anything else is blocked)
    and collect what went wrong while it loads: blocked or failed requests, script errors."""
    problems: list[str] = []
    inside = (site.as_uri() + "/", "data:")

    def route(r) -> None:
        if r.request.url.startswith(inside):
            r.continue_()
        else:
            problems.append(f"outside the built site (blocked): {r.request.url}")
            r.abort()

    tab.route("**/*", route)
    tab.on("requestfailed", lambda r: problems.append(f"cannot be read: {r.url}")
           if r.url.startswith(inside) else None)
    tab.on("console", lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    return problems


def compact(path: Path) -> None:
    """Pack the PDF's objects into compressed object streams, in place. Chromium writes every
    object on its own, uncompressed: the tagged structure (one element per text run, for screen
    readers and reflow) was 20 of the 33 MB of a 470-page PDF; packed, the same PDF is half."""
    import pikepdf

    packed = path.with_name(path.name + ".packed")
    try:
        with pikepdf.open(path) as pdf:
            pdf.save(packed, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
        packed.replace(path)
    finally:
        packed.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Print the built site to one PDF.")
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="for the navigation")
    parser.add_argument("--force", action="store_true", help="print even if nothing changed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if print_pdf(args.site.resolve(), args.out.resolve(), args.config.resolve(), args.force):
        size = args.out.stat().st_size / 1e6
        print(f"kbsite.pdf: wrote {args.out} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
    else:
        print(f"kbsite.pdf: {args.out} is up to date")


if __name__ == "__main__":
    main(sys.argv[1:])
