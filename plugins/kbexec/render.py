"""Put results back into the page's Markdown: source, output, figures, failures.

Each exec fence is replaced by plain Markdown (a highlighted code fence, an output fence, figure
images, or a failure admonition) at the fence's indentation, so blocks inside admonitions and
content tabs render in place. Needs the `attr_list`, `admonition` and `pymdownx.superfences`
Markdown extensions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import fields

from .model import Block, BlockResult, DocumentResult, Kind, OutputMode, SiteCounts, Status

REQUIRED_EXTENSIONS = ("admonition", "attr_list", "pymdownx.superfences")


def render_document(markdown: str, first_line: int, result: DocumentResult,
                    figure_url: Callable[[str], str]) -> str:
    """Replace the exec fences of `markdown` by their rendered results.

    `first_line` is the raw-file line number of the first line of `markdown` (front matter
    stripped by the front end shifts it).
    """
    lines = markdown.split("\n")
    ordered = sorted(result.results, key=lambda r: (r.block.line, r.block.column), reverse=True)
    for block_result in ordered:
        block = block_result.block
        start, end = block.line - first_line, block.end_line - first_line
        if start < 0 or end >= len(lines):
            raise ValueError(f"{block.location}: block outside the page text (was it modified?)")
        if block.kind is Kind.VALUE:
            line, col = lines[start], block.column
            if line[col : col + len(block.fence)] != block.fence:
                raise ValueError(f"{block.location}: inline value moved (was the page modified?)")
            lines[start] = line[:col] + render_value(block_result) + line[col + len(block.fence):]
        else:
            lines[start : end + 1] = render_block(block_result, figure_url)
    return "\n".join(lines)


def render_value(result: BlockResult) -> str:
    """An inline value as escaped text; a failed one as a visible marker (the build fails anyway)."""
    if result.status is Status.NOT_RUN and result.failure is None:  # execution switched off
        return f"`{result.block.code}`"
    if result.failure is not None:
        return "**⚠ 数值未能计算**"
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", html.escape(result.output, quote=False))
    return f'<span class="kbexec-value" id="{anchor(result.block)}">{text}</span>'


def anchor(block: Block) -> str:
    """The id of what a block shows first (its code, output or figure): `kb-L12`, `kb-V3c9`, …"""
    return f"kb-{block.name}"


def shown_anchor(result: BlockResult) -> str | None:
    """The anchor of a block in its page, or None if the page shows nothing of it to link to (a
    hidden block without output or figures, a notebook cell: nbconvert renders those)."""
    block = result.block
    if block.is_cell:
        return None
    if block.kind is Kind.VALUE or not block.options.hide or result.figures or \
            (_output(result) and _text_output(result)):
        return anchor(block)
    return None


def _text_output(result: BlockResult) -> bool:
    return result.block.options.output is OutputMode.TEXT


def render_block(result: BlockResult, figure_url: Callable[[str], str]) -> list[str]:
    """The block as Markdown; the first thing it shows carries its `anchor` (claims link there)."""
    block = result.block
    parts: list[list[str]] = []
    ident = f"#{anchor(block)}"
    if not block.options.hide:
        lang = "pycon" if block.kind is Kind.DOCTEST else "python"
        title = f' title="{block.code_path}"' if block.code_path != block.path else ""
        parts.append(_fence(block.code, f"{{ .{lang} {ident}{title} }}"))
        ident = ""
    if result.failure is not None:
        label = "代码块未运行" if result.status is Status.NOT_RUN else "代码块验证失败"
        kind = "warning" if result.status is Status.NOT_RUN else "failure"
        body = _fence(result.failure.render(), "text")
        parts.append([f'!!! {kind} "{label}"', ""] + ["    " + ln if ln else "" for ln in body])
    else:
        output = _output(result, ident)
        ident = "" if output and _text_output(result) else ident  # Markdown or HTML output has no id
        parts.append(output)
        for figure in result.figures:
            alt = _escape_alt(block.options.caption or "代码生成的图")
            parts.append([f"![{alt}]({figure_url(figure.name)}){{ .kbexec-figure {ident} }}".replace("  }", " }")])
            ident = ""
    out: list[str] = [""]
    for part in filter(None, parts):
        out += part + [""]
    return [block.indent + ln if ln else "" for ln in out]


def _output(result: BlockResult, ident: str = "") -> list[str]:
    text, mode = result.output, result.block.options.output
    if not text.strip() or mode is OutputMode.NONE or result.block.kind is Kind.DOCTEST:
        return []
    if mode is OutputMode.TEXT:
        return _fence(text, f"{{ .text .kbexec-output {ident} }}".replace("  }", " }"))
    return text.rstrip("\n").split("\n")  # MARKDOWN and HTML go in as they are


def _fence(text: str, info: str) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    gap = " " if info.startswith("{") else ""
    return [f"{fence}{gap}{info}", *text.rstrip("\n").split("\n"), fence]


def _escape_alt(text: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", text)


SITE_COUNT = re.compile(r"<!--\s*kbexec:([\w-]+)\s*-->")  # e.g. `本站验证了 <!-- kbexec:claims --> 条结论`
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")  # an ATX heading's line (also indented, in a container)


def check_site_counts(markdown: str, first_line: int, path: str) -> bool:
    """Whether the page has `<!-- kbexec:NAME -->` markers; ValueError (page:line) for an unknown NAME.

    The markers stay in the page through Markdown (an HTML comment passes through unchanged) and
    are filled by `fill_site_counts` once every page has run: a page that shows the site's counts
    does not hold up the rendering of the pages after it."""
    names = [f.name for f in fields(SiteCounts)]
    found = False
    for match in SITE_COUNT.finditer(markdown):
        found = True
        line = first_line + markdown.count("\n", 0, match.start())
        if match.group(1) not in names:
            raise ValueError(f"{path}:{line}: unknown site count {match.group(0)}; known: {', '.join(names)}")
        if _HEADING.match(markdown, markdown.rfind("\n", 0, match.start()) + 1):
            raise ValueError(f"{path}:{line}: a site count cannot be in a heading: {match.group(0)} "
                             "(the table of contents and the page title keep headings as plain text)")
    return found


def fill_site_counts(text: str, counts: SiteCounts) -> str:
    """Replace each `<!-- kbexec:NAME -->` (checked by `check_site_counts`) by the site-wide count NAME."""
    values = {f.name: f"{getattr(counts, f.name):,}" for f in fields(SiteCounts)}
    return SITE_COUNT.sub(lambda m: values.get(m.group(1), m.group(0)), text)
