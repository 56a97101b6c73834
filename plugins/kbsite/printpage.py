"""The print page: every page of the built site in navigation order, in one HTML file that
`make pdf` prints. Assembled from the built site (not during the MkDocs build, which then pays
nothing for it), in one linear pass per page. Independent of MkDocs.

Every page becomes a `<section>` whose id is the page's key (`activations/sigmoid.html` →
`activations-sigmoid`); every id inside it is prefixed with that key, so ids are unique; links
between pages become links inside the print page (`../gradients/x.html#y` → `#gradients-x--y`);
images and other files are addressed from the site's root, where the print page lives. Pages
inside a navigation section move one heading level down, so the PDF's bookmarks read
section → page → headings.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

PRINT_PAGE = "print_page.html"
KEEP_LINES = 25  # code blocks up to this many lines are not split across printed pages

PRINT_CSS = """
.md-main__inner { margin-top: 0; }
.md-content__inner { margin: 0; padding-top: 0; }
.md-content__inner::before { display: none; }
.kb-print-toc ul { list-style: none; margin-left: 0; }
.kb-print-toc li { margin: 0.15em 0; }
.kb-print-toc > ul > li { margin-top: 0.6em; font-weight: 700; }
.kb-print-toc li li { font-weight: 400; margin-left: 1.2em; }
/* Every positioned or clipping element is a paint layer that Chromium walks again for each
   printed page. KaTeX positions these only to anchor children this page does not have (its
   MathML copy is stripped): unpositioned, the pages are pixel for pixel the same and printing
   takes about a quarter less time. */
.katex, .katex .katex-base, .katex .vlist { position: static; }
.katex .pstrut { overflow: visible; }
@media print {
  .kb-print-page, .kb-print-toc { break-before: page; }
  .kb-print-section > h1 { break-before: page; text-align: center; padding: 30vh 0 0; font-size: 2.5em; }
  .kb-print-section > h1 + .kb-print-page { break-before: page; }
  .md-typeset p, .md-typeset blockquote, .md-typeset .tabbed-set { break-inside: avoid; }
  .md-typeset .kb-keep { break-inside: avoid; }
}
"""


@dataclass
class NavItem:
    """A navigation entry: a page (`url`, the built page, e.g. "a/b.html") or a section."""
    title: str
    url: str | None = None
    children: list[NavItem] = field(default_factory=list)


def nav_from_config(nav: list, use_directory_urls: bool = False) -> list[NavItem]:
    """The `nav` of mkdocs.yml as NavItems (a page's printed title is its built page's h1)."""
    def url(path: str) -> str:
        stem = path.rsplit(".", 1)[0]
        if use_directory_urls:
            return "" if stem == "index" else stem.removesuffix("/index") + "/"
        return stem + ".html"

    items = []
    for entry in nav or []:
        if isinstance(entry, str):
            items.append(NavItem("", url(entry)))
            continue
        (title, value), = entry.items()
        if isinstance(value, str):
            if not re.match(r"[a-z][a-z0-9+.-]*:", value):  # external links are not printed
                items.append(NavItem(title, url(value)))
        else:
            items.append(NavItem(title, None, nav_from_config(value, use_directory_urls)))
    return items


def page_key(url: str) -> str:
    """The print page's id for a built page: `activations/sigmoid.html` → `activations-sigmoid`."""
    key = re.sub(r"[^A-Za-z0-9_-]+", "-", url.removesuffix(".html").strip("/")).strip("-")
    return key or "index"


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
_ATTRIBUTE = re.compile(r'(?<=\s)(id|for|name|href|src)="([^"]*)"')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)  # a printed page runs nothing
# the screen reader's copy of a formula: in a PDF it would be a second, garbled text layer
_MATHML = re.compile(r'<span class="katex-mathml"><math\b.*?</math></span>', re.S)
_QUESTION = re.compile(r'<details class="question"([^>]*)>\s*<summary>(.*?)</summary>(.*?)</details>', re.S)
_ABBR = re.compile(r"<abbr\b[^>]*>(.*?)</abbr>", re.S)
_TOOLTIP = re.compile(r'(<a class="kb-term" href="[^"]*") title="[^"]*"')
_BANK_ANSWER = re.compile(r'(<details class="question"><summary>.*?</summary>).*?(<p class="kb-bank-source">)', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink" href="[^"]*" title="[^"]*">¶</a>')
_LOCAL_LINK = re.compile(r'<a\b[^>]*\bdata-kb-unlink\b[^>]*>(.*?)</a>', re.S)
_HIGHLIGHT = re.compile(r'<div class="([^"]*\bhighlight\b[^"]*)">(.*?)</div>', re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)


def article(page_html: str) -> str:
    """The content of a built page (what Material puts in its `<article>`)."""
    start = _ARTICLE.search(page_html)
    if start is None:
        raise ValueError("no <article class=\"md-content__inner md-typeset\"> in the page")
    end = page_html.rfind("</article>")
    if end < start.end():
        raise ValueError("the page's <article> is not closed")
    return page_html[start.end(): end]


def rewrite_page(content: str, url: str, pages: set[str]) -> str:
    """One page's content for the print page (see the module's docstring)."""
    key = page_key(url)
    here = posixpath.dirname(url)

    def attribute(match: re.Match) -> str:
        name, value = match.groups()
        if name in ("id", "for", "name"):
            return f'{name}="{key}--{value}"'
        target = html.unescape(value)
        if re.match(r"[a-z][a-z0-9+.-]*:|//", target):  # http:, mailto:, data: …
            return match.group(0)
        path, hash_, fragment = target.partition("#")
        if not path:
            return f'href="#{key}--{fragment}"' if hash_ else match.group(0)
        resolved = posixpath.normpath(posixpath.join(here, path))
        if name == "href" and resolved in pages:
            anchor = page_key(resolved) + (f"--{fragment}" if fragment else "")
            return f'href="#{html.escape(anchor)}"'
        if name == "href":  # a file of the site (a download): no link inside a printed page
            return f'href="{html.escape(resolved)}" data-kb-unlink'
        return f'{name}="{html.escape(resolved)}"'

    content = _MATHML.sub("", _SCRIPT.sub("", _HEADERLINK.sub("", content)))
    # on paper: the bank lists the questions with where each is answered, and a page's questions
    # are printed open, as admonitions (Chromium lays <details> out far more slowly); hover
    # tooltips (abbreviations, glossary links) mean nothing there
    content = _QUESTION.sub(_printed_question, _BANK_ANSWER.sub(r"\1\2", content))
    content = _TOOLTIP.sub(r"\1", _ABBR.sub(r"\1", content))
    content = _ATTRIBUTE.sub(attribute, content)
    content = _LOCAL_LINK.sub(r"\1", content)
    return _HIGHLIGHT.sub(_mark_short_code, content)


def _printed_question(match: re.Match) -> str:
    attributes, title, answer = match.groups()
    return f'<div class="admonition question"{attributes}><p class="admonition-title">{title}</p>{answer}</div>'


def _mark_short_code(match: re.Match) -> str:
    classes, inner = match.groups()
    if inner.count("\n") <= KEEP_LINES:
        classes += " kb-keep"
    return f'<div class="{classes}">{inner}</div>'


def assemble(site_pages: dict[str, str], nav: list[NavItem], shell: str, title: str,
             cover: str = "", toc_title: str = "目录", stylesheets: tuple[str, ...] | list[str] = ()) -> str:
    """The print page from the built pages (`url` → their HTML) in `nav` order.

    `shell` is a built page at the site's root (its stylesheets and `<body>` attributes are
    kept; scripts are not: the print page is static), `stylesheets` more to link, and `cover`
    HTML put first."""
    pages = set(site_pages)
    body: list[str] = []
    toc: list[str] = []
    sections = 0

    def walk(items: list[NavItem], depth: int) -> None:
        nonlocal sections
        for item in items:
            if item.url is None:
                sections += 1
                section_id = f"kb-section-{sections}"
                body.append(f'<section class="kb-print-section" id="{section_id}">'
                            f"<h1>{html.escape(item.title)}</h1>")
                toc.append(f'<li><a href="#{section_id}">{html.escape(item.title)}</a><ul>')
                walk(item.children, depth + 1)
                toc.append("</ul></li>")
                body.append("</section>")
                continue
            if item.url not in site_pages:
                raise ValueError(f"{item.url} is in the navigation but not in the built site")
            content = rewrite_page(article(site_pages[item.url]), item.url, pages)
            key = page_key(item.url)
            h1 = _H1.search(content)
            heading = h1.group(1).strip() if h1 else html.escape(item.title or key)
            toc.append(f'<li><a href="#{key}">{heading}</a></li>')
            if depth:
                content = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + depth)}", content)
            body.append(f'<section class="kb-print-page" id="{key}">{content}</section>')

    walk(nav, 0)
    links = "".join(re.findall(r'<link rel="stylesheet"[^>]*>', shell))
    links += "".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in stylesheets)
    body_tag = re.search(r"<body\b[^>]*>", shell)
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>{links}<style>{PRINT_CSS}</style></head>"
            f"{body_tag.group(0) if body_tag else '<body>'}"
            f'<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
            f'<div class="md-content"><article class="md-content__inner md-typeset" id="print-site-page">'
            f'{cover}<nav class="kb-print-toc"><h1>{html.escape(toc_title)}</h1><ul>{"".join(toc)}</ul></nav>'
            f'{"".join(body)}</article></div></div></main></div></body></html>')
