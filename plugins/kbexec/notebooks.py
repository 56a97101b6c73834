"""Jupyter notebooks as pages: the engine runs their code cells (see `parser.parse_notebook`),
writes the results into a copy of the notebook for mkdocs-jupyter to render, and turns that
rendering into a page like the others. Independent of MkDocs.

Why the engine's runner and not the Jupyter kernel (mkdocs-jupyter's `execute: true`): one set
of semantics for every page — the same page process forked from the zygote, the same per-block
timeout and isolation, the same failure text (`docs/x.ipynb#cell-3:2`) in the build and in
pytest, and the same content-addressed cache, so an unchanged notebook is not re-run.
"""

from __future__ import annotations

import base64
import html
import json
import re

from .model import DocumentResult, Status

# --- the executed copy --------------------------------------------------------------------


def executed_notebook(text: str, result: DocumentResult) -> str:
    """The notebook `text` with each code cell's printed output, figures and failure filled in
    (as Jupyter would store them), execution counts numbered in order."""
    notebook = json.loads(text)
    by_cell = {r.block.line: r for r in result.results}
    count = 0
    for number, cell in enumerate(notebook["cells"], start=1):
        if cell.get("cell_type") != "code":
            continue
        cell["outputs"], cell["execution_count"] = [], None
        block = by_cell.get(number)
        if block is None or block.status is Status.NOT_RUN:
            continue
        count += 1
        cell["execution_count"] = count
        if block.output:
            cell["outputs"].append({"output_type": "stream", "name": "stdout", "text": block.output})
        for figure in block.figures:
            cell["outputs"].append({"output_type": "display_data", "metadata": {},
                                    "data": {"image/png": base64.b64encode(figure.data).decode("ascii"),
                                             "text/plain": "<Figure>"}})
        if block.status is Status.FAILED:
            failure = block.failure
            cell["outputs"].append({"output_type": "error", "ename": "代码块验证失败",
                                    "evalue": failure.summary, "traceback": failure.render().split("\n")})
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def has_outputs(text: str) -> list[int]:
    """Numbers of the code cells that carry outputs or execution counts (stored notebooks must not)."""
    cells = json.loads(text)["cells"]
    return [n for n, c in enumerate(cells, start=1)
            if c.get("cell_type") == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


# --- the rendered page --------------------------------------------------------------------

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
    """Drop the scripts that would load MathJax or mermaid from the network, and mark the math
    of markdown cells the way pymdownx.arithmatex does, for kbmath to render."""
    content = _REMOTE_SCRIPTS.sub("", content)
    return _MARKDOWN_CELL.sub(lambda m: m.group(1) + _mark_math(m.group(2)) + m.group(3), content)


def _mark_math(fragment: str) -> str:
    parts = _CODE.split(fragment)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 1:  # inside <pre> or <code>: not math
            out.append(part)
        elif i % 3 == 0:
            part = _DISPLAY_MATH.sub(lambda m: f'<div class="arithmatex">\\[{m.group(1) or m.group(2)}\\]</div>', part)
            out.append(_INLINE_MATH.sub(lambda m: f'<span class="arithmatex">\\({m.group(1)}\\)</span>', part))
    return "".join(out)


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
