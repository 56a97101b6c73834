"""The bibliography: one data file of references (`data/references.yml`); pages cite by key.
Independent of MkDocs.

On a page, `[@key]` at the start of an item of the references section (`<h2 id="references">`)
becomes the full reference, followed by the page's own note; anywhere else, `[@key]` or
`[@key, 第 3 章]` becomes a short citation ("Glorot & Bengio 2010") linking to that item. A key
cited in the text but not listed is appended to the page's list. The appendix's bibliography
lists every entry with the pages that cite it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from urllib.parse import urlsplit

from .appendix import relative_url
from .datafile import DataError, load_yaml, sub_outside

ARXIV = re.compile(r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?")
DOI = re.compile(r"10\.\d{4,9}/\S+")
KEY = re.compile(r"[a-z][a-z0-9-]*\d{4}[a-z]?")
CITATION = re.compile(r"\[@([A-Za-z0-9_-]+)(?:[,，;；]\s*([^\]]*))?\]")
FIELDS = {"authors", "title", "venue", "year", "url", "arxiv", "doi", "note"}
REFERENCES_ID = "references"


@dataclass(frozen=True)
class Entry:
    key: str
    authors: tuple[str, ...]
    title: str
    venue: str
    year: int | None
    url: str = ""
    arxiv: str = ""
    doi: str = ""

    @property
    def short(self) -> str:
        """The short form of a citation: "Glorot & Bengio 2010", "He et al. 2015"."""
        names = [_surname(a) for a in self.authors if a != "others"]
        who = (names[0] if len(names) == 1 else f"{names[0]} & {names[1]}" if len(names) == 2
               else f"{names[0]} et al." if names else self.title)
        return f"{who} {self.year}" if self.year else who

    @property
    def links(self) -> list[tuple[str, str]]:
        """(href, text) of the entry's identifiers, most stable first."""
        out = []
        if self.doi:
            out.append((f"https://doi.org/{self.doi}", f"doi:{self.doi}"))
        if self.arxiv:
            out.append((f"https://arxiv.org/abs/{self.arxiv}", f"arXiv:{self.arxiv}"))
        if self.url:
            out.append((self.url, self.url))
        return out

    def html_text(self) -> str:
        """The full reference as plain text (a tooltip)."""
        return unescape(re.sub(r"<[^>]+>", "", self.html()))

    def html(self) -> str:
        """The full reference."""
        authors = ", ".join(self.authors)
        authors = authors.replace("others", "et al.") if self.authors and self.authors[-1] == "others" else authors
        parts = [f"{escape(authors)}{'' if authors.endswith('.') else '.'} " if authors else "",
                 f"<em>{escape(self.title)}</em>."]
        if self.venue:
            parts.append(f" {escape(self.venue)}" + ("" if self.year is None or str(self.year) in self.venue
                                                      else f", {self.year}") + ".")
        elif self.year:
            parts.append(f" {self.year}.")
        parts += [f' <a href="{escape(href)}">{escape(text)}</a>' for href, text in self.links]
        return "".join(parts)


@dataclass(frozen=True)
class Bibliography:
    path: str  # as named in messages
    entries: dict[str, Entry]

    @classmethod
    def load(cls, path: Path, label: str, blocked_hosts: tuple[str, ...] = ()) -> Bibliography:
        data, text = load_yaml(path, label, dict, "a mapping of key → reference")
        entries = {}
        for key, value in data.items():
            line = _line_of(text, "^" + re.escape(str(key)) + r"\s*:")
            where = f"{label}:{line}"
            entries[key] = _entry(str(key), value, where, blocked_hosts)
        return cls(label, entries)


def _entry(key: str, value, where: str, blocked_hosts: tuple[str, ...]) -> Entry:
    if not KEY.fullmatch(key):
        raise DataError(f"{where}: reference key {key!r} is not lower case surname + year (e.g. glorot2010)")
    if not isinstance(value, dict):
        raise DataError(f"{where}: reference {key} must be a mapping (authors, title, venue, year …)")
    unknown = set(value) - FIELDS
    if unknown:
        raise DataError(f"{where}: reference {key}: unknown field(s) {', '.join(sorted(unknown))} "
                        f"(allowed: {', '.join(sorted(FIELDS))})")
    if not value.get("title"):
        raise DataError(f"{where}: reference {key} has no title")
    authors = value.get("authors") or []
    if isinstance(authors, str) or not all(isinstance(a, str) for a in authors):
        raise DataError(f"{where}: reference {key}: authors must be a list of names")
    arxiv, doi, url = (str(value.get(f) or "").strip() for f in ("arxiv", "doi", "url"))
    if arxiv and not ARXIV.fullmatch(arxiv):
        raise DataError(f"{where}: reference {key}: malformed arXiv id {arxiv!r} (e.g. 1502.03167 or hep-th/9901001)")
    if doi and not DOI.fullmatch(doi):
        raise DataError(f"{where}: reference {key}: malformed DOI {doi!r} (a bare DOI such as 10.1038/nature14539)")
    if url:
        if not re.match(r"https?://[^\s/]+", url):
            raise DataError(f"{where}: reference {key}: url {url!r} is not an http(s) address")
        host = blocked_host(url, blocked_hosts)
        if host:
            raise DataError(f"{where}: reference {key}: the site does not link to {host} ({url})")
    year = value.get("year")
    if year is not None and not (isinstance(year, int) and 1600 < year < 2100):
        raise DataError(f"{where}: reference {key}: year {year!r} is not a year")
    return Entry(key, tuple(authors), str(value["title"]).strip(), str(value.get("venue") or "").strip(),
                 year, url, arxiv, doi)


def _surname(name: str) -> str:
    """"E. F. Tjong Kim Sang" → "Tjong Kim Sang", "Y.-L. Boureau" → "Boureau" (initials end with a dot)."""
    words = [w for w in name.split() if not w.endswith(".")]
    return " ".join(words) or name


def blocked_host(url: str, blocked_hosts: tuple[str, ...]) -> str | None:
    """The blocked host `url` points to (itself or a subdomain of it), if any."""
    host = (urlsplit(url).hostname or "").lower()
    for blocked in blocked_hosts:
        if host == blocked or host.endswith("." + blocked):
            return blocked
    return None


def _line_of(text: str, pattern: str) -> int:
    match = re.search(pattern, text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def citations_in_markdown(markdown: str) -> list[tuple[str, int]]:
    """(key, line) of every citation in a page's Markdown, outside code."""
    out, fence = [], None
    for number, line in enumerate(markdown.splitlines(), 1):
        stripped = line.lstrip()
        opening = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is None and opening:
            fence = opening.group(1)
            continue
        if fence is not None:
            if stripped.startswith(fence) and not stripped[len(fence):].strip():
                fence = None
            continue
        text = re.sub(r"`[^`]*`", "", line)
        out.extend((m.group(1), number) for m in CITATION.finditer(text))
    return out


_URL = re.compile(r"https?://[^\s)>\]\"'`]+")


def source_problems(markdown: str, label: str, bibliography: Bibliography | None,
                    blocked_hosts: tuple[str, ...]) -> list[str]:
    """What is wrong in a page's Markdown, by `label:line`: citations of unknown keys, and
    links to hosts the site does not link to."""
    markdown = markdown.replace("\r\n", "\n")
    problems = []
    if bibliography is not None:
        problems += [f"{label}:{line}: unknown reference [@{key}] (not in {bibliography.path})"
                     for key, line in citations_in_markdown(markdown) if key not in bibliography.entries]
    for number, line in enumerate(markdown.splitlines(), 1):
        for url in _URL.findall(line):
            host = blocked_host(url, blocked_hosts)
            if host:
                problems.append(f"{label}:{number}: the site does not link to {host} ({url}); "
                                "see blocked_hosts in mkdocs.yml")
    return problems


_SECTION = re.compile(rf'(<h2 id="{REFERENCES_ID}"[^>]*>.*?</h2>)(.*?)(?=<h[12][\s>]|\Z)', re.S)
# a listed key, and the punctuation that joined the old reference to its note ("，第 4 章")
_LISTED = re.compile(r"<li>\s*(?:<p>)?\s*\[@([A-Za-z0-9_-]+)\][ \t]*(?:[，,；;：:][ \t]*)?")
_SKIP = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


def render_citations(html: str, bibliography: Bibliography) -> tuple[str, list[str]]:
    """The page's HTML with its citations rendered, and the keys it cites (in order).
    Unknown keys are left as they are (the caller reports them with their line)."""
    entries = bibliography.entries
    section = _SECTION.search(html)
    head, body, tail = (html, "", "") if section is None else (
        html[: section.start()], section.group(0), html[section.end():])
    cited: list[str] = []

    def note(key: str) -> None:
        if key in entries and key not in cited:
            cited.append(key)

    def listed(match: re.Match) -> str:
        key = match.group(1)
        if key not in entries:
            return match.group(0)
        note(key)
        opening = match.group(0)[: match.group(0).index("[@")]
        rest = match.group(0)[match.group(0).index("]") + 1:]
        return opening.replace("<li>", f'<li id="ref-{key}">', 1) + entries[key].html() + (" " if rest.strip() else rest)

    if body:
        body = _LISTED.sub(listed, body)

    def inline(match: re.Match) -> str:
        key, locator = match.group(1), (match.group(2) or "").strip()
        if key not in entries:
            return match.group(0)
        note(key)
        where = f"，{escape(locator)}" if locator else ""
        return (f'<a class="kb-cite" href="#ref-{key}" title="{escape(entries[key].html_text())}">'
                f"[{escape(entries[key].short)}{where}]</a>")

    head, tail = _outside_code(head, inline), _outside_code(tail, inline)
    if body:
        body = _outside_code(body, inline)
    order: list[str] = []  # keys in order of first appearance on the page
    _outside_code(html, lambda m: order.append(m.group(1)) or m.group(0))
    cited = [k for k in dict.fromkeys(order) if k in cited]
    missing = [k for k in cited if f'id="ref-{k}"' not in body]
    if missing:
        items = "".join(f'<li id="ref-{k}">{entries[k].html()}</li>' for k in missing)
        if not body:
            body = (f'<h2 id="{REFERENCES_ID}">参考<a class="headerlink" href="#{REFERENCES_ID}" '
                    f'title="Permanent link">¶</a></h2>\n<ul>{items}</ul>\n')
        elif "</ul>" in body:
            cut = body.rindex("</ul>")
            body = body[:cut] + items + body[cut:]
        else:
            body += f"<ul>{items}</ul>\n"
    return head + body + tail, cited


def _outside_code(html: str, replace) -> str:
    return sub_outside(_SKIP, CITATION, replace, html)


def bibliography_index(bibliography: Bibliography, cited_by: dict[str, list[tuple[str, str]]],
                       page_url: str) -> str:
    """Every entry of the file, by key order of first author and year, each with the pages that
    cite it ((title, url) pairs); `page_url` is where the list goes."""
    rows = []
    for key, entry in sorted(bibliography.entries.items(), key=lambda kv: (kv[1].short.lower(), kv[0])):
        pages = cited_by.get(key, [])
        where = "、".join(f'<a href="{relative_url(url, page_url)}#ref-{key}">{escape(title)}</a>'
                         for title, url in pages) or "（没有页面引用）"
        rows.append(f'<li id="bib-{key}">{entry.html()}<br><span class="kb-cited-by">引用页面：{where}</span></li>')
    return f'<ol class="kb-bibliography">\n' + "\n".join(rows) + "\n</ol>"
