"""A notebook's page: rendered by mkdocs-jupyter's converter (from the copy kbexec executed),
then made a page like the others: no remote scripts, math marked for kbmath, anchored headings
for the table of contents. Independent of MkDocs."""

from __future__ import annotations

import hashlib
import html
import os
import re
from importlib.metadata import version
from pathlib import Path

# nbconvert's template loads MathJax (from a URL, or from "" when none is configured) and
# mermaid (from a CDN when a diagram is present): math is rendered statically by kbmath instead.
_REMOTE_SCRIPTS = re.compile(r"<!--\s*Load mathjax\s*-->.*?<!--\s*End of mathjax configuration\s*-->"
                             r"|<script\b[^>]*>(?:(?!</script>).)*?(?:mermaid|MathJax)(?:(?!</script>).)*?</script>",
                             re.S)
_MARKDOWN_CELL = re.compile(r'(<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>)(.*?)(</div>)', re.S)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?!\d)")
_CODE = re.compile(r"(<(pre|code)\b.*?</\2>)", re.S)
_HEADING = re.compile(r'<h([1-6])\b([^>]*)>(.*?)</h\1>', re.S)
_GIVEN_ID = re.compile(r'<a\s+(?:id|name)="([^"]+)"\s*>\s*</a>')


def clean_notebook_html(content: str) -> str:
    """Drop the scripts that would load MathJax or mermaid from the network, mark the math
    of markdown cells the way pymdownx.arithmatex does, for kbmath to render, and describe the
    output figures (nbconvert's alt text says there is no description)."""
    content = _REMOTE_SCRIPTS.sub("", content)
    content = _MARKDOWN_CELL.sub(lambda m: m.group(1) + _mark_math(m.group(2)) + m.group(3), content)
    # code cells scroll sideways: a keyboard must reach them (axe: scrollable-region-focusable)
    content = re.sub(r'<div class="highlight-ipynb( [^"]*)?">', lambda m: m.group(0)[:-1] + ' tabindex="0">', content)
    return describe_figures(content)


_PLACEHOLDER_ALT = re.compile(r'<h([1-6])\b[^>]*>(.*?)</h\1>|<img\b[^>]*?\balt="No description has been provided for this image"', re.S)


def describe_figures(content: str) -> str:
    """Alt text for each output figure: its number and the heading of the part it belongs to."""
    heading, count = "", 0

    def visit(match: re.Match) -> str:
        nonlocal heading, count
        if match.group(1):
            heading = " ".join(html.unescape(re.sub(r"<[^>]+>|¶", "", match.group(2))).split())
            return match.group(0)
        count += 1
        alt = f"输出图 {count}" + (f"（{heading}）" if heading else "")
        return match.group(0).replace('alt="No description has been provided for this image"',
                                      f'alt="{html.escape(alt)}"')

    return _PLACEHOLDER_ALT.sub(visit, content)


_PARAGRAPH_WITH_DISPLAY = re.compile(r"<p>((?:(?!</p>).)*?<div class=\"arithmatex\">.*?)</p>", re.S)


def _split_paragraph(match: re.Match) -> str:
    """`<p>a <div>math</div> b</p>` is not valid HTML: close the paragraph around the formula."""
    parts = re.split(r'(<div class="arithmatex">.*?</div>)', match.group(1), flags=re.S)
    return "".join(part if part.startswith("<div") else f"<p>{part}</p>" if part.strip() else "" for part in parts)


def _mark_math(fragment: str) -> str:
    parts = _CODE.split(fragment)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 1:  # inside <pre> or <code>: not math
            out.append(part)
        elif i % 3 == 0:
            part = _DISPLAY_MATH.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1) or m.group(2)}\\]</div>', part)
            out.append(_INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', part))
    return _PARAGRAPH_WITH_DISPLAY.sub(_split_paragraph, "".join(out))


def anchor_headings(content: str) -> tuple[str, list[dict]]:
    """Give every heading an id — the `<a id="…"></a>` written in the heading, else a slug of its
    text that keeps Chinese — and return MkDocs TOC tokens for them (h2 and deeper nested)."""
    seen: dict[str, int] = {}
    tokens: list[dict] = []

    def anchor(match: re.Match) -> str:
        level, attributes, inner = int(match.group(1)), match.group(2), match.group(3)
        given = _GIVEN_ID.search(inner)
        inner = _GIVEN_ID.sub("", inner)
        inner = re.sub(r'<a class="anchor-link"[^>]*>.*?</a>', "", inner, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        slug = given.group(1) if given else _slug(text)
        if slug in seen:
            seen[slug] += 1
            slug = f"{slug}_{seen[slug]}"
        seen.setdefault(slug, 0)
        attributes = re.sub(r'\s*\bid="[^"]*"', "", attributes)
        tokens.append({"level": level, "id": slug, "name": html.escape(text), "children": []})
        link = f'<a class="headerlink" href="#{slug}" title="Permanent link">¶</a>'
        return f'<h{level} id="{slug}"{attributes}>{inner.strip()}{link}</h{level}>'

    content = _HEADING.sub(anchor, content)
    return content, _nest(tokens)


def _slug(text: str) -> str:
    words = re.findall(r"[\w]+", text.lower())
    return "-".join(words) or "section"


def _nest(flat: list[dict]) -> list[dict]:
    root: list[dict] = []
    stack: list[dict] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


class NotebookRenderer:
    """mkdocs-jupyter's rendering of a notebook (nbconvert with its templates), kept on disk by
    content: importing nbconvert alone takes half a second, so a build whose notebooks have not
    changed does not import it at all."""

    OPTIONS = {"execute": False, "theme": "", "custom_mathjax_url": ""}  # kbexec runs the cells

    def __init__(self, cache_dir: Path | None):
        self._cache_dir = cache_dir
        self._used: set[Path] = set()

    def render(self, path: Path) -> str:
        data = path.read_bytes()
        versions = ", ".join(f"{name} {version(name)}" for name in ("mkdocs-jupyter", "nbconvert"))
        key = hashlib.sha256(data + repr((versions, sorted(self.OPTIONS.items()))).encode()).hexdigest()
        cached = self._cache_dir / f"{key}.html" if self._cache_dir else None
        if cached is not None:
            self._used.add(cached)
        if cached is not None and cached.is_file():
            return cached.read_text(encoding="utf-8")
        from mkdocs_jupyter.convert import nb2html  # slow import: only when a notebook changed

        rendered = nb2html(str(path), **self.OPTIONS)
        if cached is not None:
            try:
                cached.parent.mkdir(parents=True, exist_ok=True)
                partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
                partial.write_text(rendered, encoding="utf-8")
                partial.replace(cached)
            except OSError:
                pass  # an unwritable cache only makes the next build slower
        return rendered

    def prune(self) -> None:
        """Delete the renderings no notebook of this build used; start counting afresh."""
        if self._cache_dir is not None and self._cache_dir.is_dir():
            for path in self._cache_dir.glob("*.html"):
                if path not in self._used:
                    path.unlink(missing_ok=True)
        self._used = set()
