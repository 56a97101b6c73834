"""Print the built site to one PDF with the system Chromium (`make pdf`).

    python -m kbexec.pdf SITE_DIR OUT.pdf [--force]

The site's print page (mkdocs-print-site-plugin) holds every page in navigation order with a
table of contents; formulas are already static KaTeX HTML. Before printing, a cover is added
(title, date, version, verified claims) and the headings of pages inside a navigation section
are moved one level down, so that the PDF bookmarks read section → page → headings. The PDF is
written to a temporary file and renamed, and is skipped when its inputs have not changed.
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

from .build import REPORT

PRINT_PAGE = "print_page.html"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#666">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PREPARE = """([cover]) => {
  // A heading moves down one level per navigation section around it (sections nest pages).
  const depth = (el) => { let n = 0; for (let p = el.parentElement; p; p = p.parentElement)
    if (p.matches && p.matches('section.md-section')) n++; return n; };
  for (const h of Array.from(document.querySelectorAll('#print-site-page h1, #print-site-page h2, ' +
                                                      '#print-site-page h3, #print-site-page h4'))) {
    const section = h.closest('section.print-page');
    const shift = section ? depth(section) : 0;
    if (!shift) continue;
    const lower = document.createElement('h' + Math.min(6, Number(h.tagName[1]) + shift));
    for (const a of Array.from(h.attributes)) lower.setAttribute(a.name, a.value);
    lower.innerHTML = h.innerHTML;
    h.replaceWith(lower);
  }
  // Links to local files (e.g. the PDF itself) would point into this machine: keep their text.
  for (const a of Array.from(document.querySelectorAll('#print-site-page a[href]')))
    if (a.protocol === 'file:' && !a.getAttribute('href').startsWith('#')) a.replaceWith(...a.childNodes);
  // Short code blocks stay on one page; long ones may break (or they leave half-empty pages).
  for (const code of Array.from(document.querySelectorAll('#print-site-page .highlight')))
    if (code.textContent.split('\\n').length <= 25) code.classList.add('kb-keep');
  document.querySelector('#print-site-page').insertAdjacentHTML('afterbegin', cover);
}"""


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
    """Everything the PDF depends on: the site's files (not the search index) and the version."""
    h = hashlib.sha256(build_version.encode())
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith(("search/", "sitemap")) and path.suffix != ".pdf":
            h.update(rel.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def cover_html(site: Path, build_version: str, today: str) -> str:
    report = json.loads((site / REPORT).read_text(encoding="utf-8"))
    return (
        '<div class="kb-cover" style="break-after: page; padding-top: 30vh; text-align: center">'
        '<div style="font-size: 2.4em; font-weight: 700">深度学习笔记知识库</div>'
        '<div style="font-size: 1.2em; margin-top: 1em">由四份学习笔记重写，可计算的结论均由代码验证</div>'
        f'<div style="margin-top: 3em">构建日期 {html.escape(today)} · 版本 {html.escape(build_version)}</div>'
        f'<div style="margin-top: 0.5em">本版共验证 {report["claims"]} 条结论（{report["blocks"]} 个代码块，'
        f'{report["pages"]} 个页面，{report["figures"]} 幅生成的图）</div></div>')


def print_pdf(site: Path, out: Path, force: bool = False) -> bool:
    """Write `out` from `site`; False if it was already up to date."""
    page = site / PRINT_PAGE
    if not page.is_file():
        raise SystemExit(f"kbexec.pdf: {page} is missing: build the site first (make build)")
    if not (site / REPORT).is_file():
        raise SystemExit(f"kbexec.pdf: {site / REPORT} is missing: the last build did not pass")
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("kbexec.pdf: Chromium is missing: run `make system` (apt-get install chromium)")
    build_version = version(site.parent)
    digest = inputs_digest(site, build_version)
    stamp = out.with_name(out.name + ".sha256")
    if not force and out.is_file() and stamp.is_file() and stamp.read_text() == digest:
        return False
    from playwright.sync_api import sync_playwright

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".pdf.tmp")
    os.close(fd)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            tab = browser.new_page()
            tab.set_default_timeout(PRINT_TIMEOUT_MS)  # the print page holds every page and figure
            tab.goto(page.as_uri(), wait_until="load")  # images included
            # not "networkidle": from file:// the search worker's requests may never settle
            tab.evaluate("() => document.fonts.ready.then(() => true)")
            tab.evaluate(PREPARE, [cover_html(site, build_version, datetime.date.today().isoformat())])
            tab.emulate_media(media="print")
            tab.pdf(path=tmp, format="A4", print_background=True, outline=True, tagged=True,
                    display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
            browser.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    stamp.write_text(digest)
    return True


PRINT_TIMEOUT_MS = 600_000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Print the built site to one PDF.")
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--force", action="store_true", help="print even if nothing changed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if print_pdf(args.site.resolve(), args.out.resolve(), args.force):
        size = args.out.stat().st_size / 1e6
        print(f"kbexec.pdf: wrote {args.out} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
    else:
        print(f"kbexec.pdf: {args.out} is up to date")


if __name__ == "__main__":
    main(sys.argv[1:])
