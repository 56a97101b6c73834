"""What the appendix gathers from the rendered pages: every correction to the source notes.
Independent of MkDocs. (The bibliography comes from its data file: see `bibliography`.)

A correction is an admonition titled exactly ERRATUM_TITLE. Each is found in a page's HTML
together with the id of the nearest heading above it (where the appendix links to), and moved
into another page with its links rewritten to stay valid there.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import escape, unescape

ERRATUM_TITLE = "原笔记勘误"


@dataclass(frozen=True)
class Erratum:
    html: str  # the whole admonition, as rendered on its page
    anchor: str  # id of the nearest heading above it ("" when there is none)
    heading: str  # that heading's text


_TITLE = f'<p class="admonition-title">{ERRATUM_TITLE}</p>'
_DIV = re.compile(r"<div\b|</div>")
_OPENING = re.compile(r'<div class="admonition\b[^"]*">\s*')
_HEADING = re.compile(r'<h[1-6][^>]*\bid="([^"]*)"[^>]*>(.*?)</h[1-6]>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def find_errata(html: str) -> list[Erratum]:
    """Every erratum admonition of a page's HTML, in page order, with the heading above it.

    A linear scan: pages carry large KaTeX markup, and only admonition titles, their `<div>`
    nesting and headings matter here. An erratum nested in another belongs to the outer one."""
    spans: list[tuple[int, int]] = []
    for title in re.finditer(re.escape(_TITLE), html):
        start = html.rfind("<div", 0, title.start())
        if (spans and start < spans[-1][1]) or not _OPENING.fullmatch(html, start, title.start()):
            continue
        depth = 0
        for tag in _DIV.finditer(html, start):
            depth += 1 if tag.group() == "<div" else -1
            if depth == 0:
                spans.append((start, tag.end()))
                break
    found, heading = [], ("", "")
    headings = _HEADING.finditer(html)
    following = next(headings, None)
    for start, end in spans:
        while following is not None and following.end() <= start:
            if not any(s <= following.start() < e for s, e in spans):  # headings inside errata don't count
                heading = (following.group(1),
                           unescape(_TAGS.sub("", following.group(2))).replace("¶", "").strip())
            following = next(headings, None)
        found.append(Erratum(html[start:end], *heading))
    return found


_LINK = re.compile(r'\b(href|src)="([^"]*)"')


def move_links(html: str, from_url: str, to_url: str) -> str:
    """Rewrite relative links of HTML that sat on the page at `from_url` for the page at `to_url`
    (site-relative URLs such as `activations/sigmoid.html`)."""

    def rewrite(match: re.Match) -> str:
        attribute, target = match.groups()
        if re.match(r"[a-z][a-z0-9+.-]*:|/", target):  # absolute: http:, mailto:, data:, /x
            return match.group(0)
        path, _, fragment = target.partition("#")
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(from_url), path)) if path else from_url
        return f'{attribute}="{relative_url(absolute, to_url)}{"#" + fragment if fragment else ""}"'

    return _LINK.sub(rewrite, html)


def relative_url(target: str, page_url: str) -> str:
    """The link from the page at `page_url` to the site path `target`."""
    return posixpath.relpath(target, posixpath.dirname(page_url) or ".")


@dataclass(frozen=True)
class Source:
    """What one page contributes: its title, site URL and corrections."""
    title: str
    url: str
    errata: tuple[Erratum, ...]

    @classmethod
    def of(cls, title: str, url: str, html: str) -> Source:
        return cls(title, url, tuple(find_errata(html)))

    @property
    def id(self) -> str:
        return "errata-" + re.sub(r"[^a-z0-9]+", "-", self.url.removesuffix(".html").lower()).strip("-")


def errata_index(sources: list[Source], page_url: str) -> str:
    """HTML for the page at `page_url`: per source page a heading, then its errata, each ending
    with a link back to where it appears."""
    parts = []
    for source in sources:
        if not source.errata:
            continue
        parts.append(f'<h3 id="{source.id}"><a href="{relative_url(source.url, page_url)}">'
                     f"{escape(source.title)}</a>（{len(source.errata)} 条）"
                     f'<a class="headerlink" href="#{source.id}" title="Permanent link">¶</a></h3>')
        for erratum in source.errata:
            body = move_links(erratum.html, source.url, page_url)
            # a copy: search finds the erratum on its own page, not twice
            body = body.replace(">", ' data-search-exclude="copy">', 1)
            target = relative_url(source.url, page_url) + (f"#{erratum.anchor}" if erratum.anchor else "")
            section = f"“{escape(erratum.heading)}”一节" if erratum.heading not in ("", ERRATUM_TITLE) else "原页"
            back = f'<p class="kb-erratum-source"><a href="{target}">在{section}中查看</a></p>'
            parts.append(body[: -len("</div>")] + back + "</div>")
    return "\n".join(parts)
