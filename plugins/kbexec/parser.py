"""The one parser: finds the executable blocks of a document.

Every front end (MkDocs plugin, pytest collector, CLI) calls `parse_page`, `parse_snippet` or
`parse_notebook`;
no other code looks for fences. An executable block is a fence whose info string starts with
`python exec` (or `py exec`), followed by options:

    ```python exec hide timeout=5 raises=ValueError file=sigmoid.py id=sigmoid-max caption="…"

Fences may be indented (admonitions, content tabs, lists) and nested in longer fences; a plain
fence hides whatever it contains. Line numbers are those of the raw file, front matter included.

In prose, an inline code span `=expr` (or `=expr:.3f`, an f-string field) is a *value*: it is
evaluated after all blocks of the page, in their namespace, and replaced by its escaped text.
"""

from __future__ import annotations

import ast
import difflib
import doctest
import json
import re
import shlex
from pathlib import Path

from .doctests import NUMBER  # noqa: F401 - registers the directive before parsing
from .model import Block, Document, Kind, Options, OutputMode, ParseError, cell_path

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_EXEC_LANGS = {"python", "py"}
_FLAGS = {"hide"}
_KEYS = {"file", "timeout", "raises", "output", "id", "caption"}
_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_VALUE = re.compile(r"(?<!`)`=(?!=)([^`\n]+)`(?!`)")  # `=expr` or `=expr:format` in prose


class _OptionError(ValueError):
    pass


def parse_page(text: str, path: str, snippets_dir: Path, snippets_label: str = "snippets") -> Document:
    """Find the exec blocks of a Markdown page.

    `path` is how locations name the page ("docs/x.md"); `snippets_dir` is where `file=`
    options are resolved, and `snippets_label` how locations name that folder.
    """
    lines = text.splitlines()
    start = _front_matter_lines(text)
    blocks: list[Block] = []
    values: list[tuple[int, int, str, str]] = []
    errors: list[ParseError] = []
    i = start
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]):
            values += [(i + 1, v.start(), v.group(0), v.group(1)) for v in _VALUE.finditer(lines[i])]
            i += 1
            continue
        indent, fence, info = m["indent"], m["fence"], m["info"].strip()
        words = info.split(None, 2)
        is_exec = len(words) >= 2 and words[0] in _EXEC_LANGS and words[1] == "exec"
        if is_exec and _width(indent) - _container_indent(lines, i, _width(indent)) >= 4:
            is_exec = False  # indented four past its container: Markdown's indented code, shown as is
        end = _closing_fence(lines, i, indent, fence, strict=is_exec)
        if not is_exec:
            i = len(lines) if end is None else end + 1
            continue
        line = i + 1
        if end is None:
            errors.append(ParseError(path, line, f"unterminated exec block: no closing {fence} "
                                     f"(at the same indentation) before the end of the "
                                     f"{'page' if not indent else 'enclosing block'}"))
            i += 1
            continue
        body = [ln[len(indent):] if ln.startswith(indent) else "" for ln in lines[i + 1 : end]]
        try:
            options = _parse_options(words[2] if len(words) > 2 else "")
            block = _make_block(path, line, end + 1, indent, fence, len(blocks), body, options,
                                snippets_dir, snippets_label)
        except _OptionError as e:
            errors.append(ParseError(path, line, str(e)))
        else:
            blocks.append(block)
        i = end + 1
    for line, column, span, expr in values:
        blocks.append(Block(path, line, line, "", span, len(blocks), Kind.VALUE, expr.strip(),
                            path, line, Options(), column))
    return Document(path, tuple(blocks), tuple(errors))


def parse_snippet(text: str, path: str) -> Document:
    """The doctests of a snippet module: one hidden block that runs the module, then one
    doctest block per docstring with `>>>` examples (empty if the module has none)."""
    try:
        tree = ast.parse(text, filename=path)
    except SyntaxError as e:
        return Document(path, (), (ParseError(path, e.lineno or 1, f"SyntaxError: {e.msg}"),))
    docstrings = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str) and ">>>" in body[0].value.value:
                docstrings.append((body[0].value.lineno, body[0].value.end_lineno, body[0].value.value))
    if not docstrings:
        return Document(path, ())
    end = len(text.splitlines())
    setup = Block(path, 1, end, "", "", 0, Kind.CODE, text, path, 1, Options(hide=True))
    blocks = [setup]
    for line, end_line, doc in sorted(docstrings):
        blocks.append(Block(path, line, end_line or line, "", "", len(blocks), Kind.DOCTEST, doc,
                            path, line, Options(hide=True)))
    return Document(path, tuple(blocks))


def parse_notebook(text: str, path: str) -> Document:
    """The code cells of a Jupyter notebook (nbformat 4), one block each, in order.

    A cell is located by its number among all cells, counted from 1 as they appear: the block's
    `line` is that number and its code lives at "<path>#cell-<n>", so a failure reads
    `docs/x.ipynb#cell-3:2` (cell 3, line 2). A cell whose source starts with `>>>` is a doctest.
    """
    try:
        cells = json.loads(text)["cells"]
        sources = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"], c["cell_type"])
                   for c in cells]
    except (ValueError, KeyError, TypeError) as e:
        return Document(path, (), (ParseError(path, 1, f"not a Jupyter notebook: {e}"),))
    blocks: list[Block] = []
    errors: list[ParseError] = []
    for number, (source, cell_type) in enumerate(sources, start=1):
        if cell_type != "code" or not source.strip():
            continue
        kind = Kind.DOCTEST if source.lstrip().startswith(">>>") else Kind.CODE
        if kind is Kind.DOCTEST:
            try:
                doctest_examples(source)
            except ValueError as e:
                errors.append(ParseError(cell_path(path, number), 1, f"invalid doctest: {e}"))
                continue
        blocks.append(Block(path, number, number, "", "", len(blocks), kind, source,
                            cell_path(path, number), 1))
    return Document(path, tuple(blocks), tuple(errors))


def doctest_examples(code: str) -> list[doctest.Example]:
    """The `>>>` examples of a doctest block; `example.lineno` is 0-based within `code`.
    Directives: the standard ones and NUMBER (see doctests.py)."""
    return doctest.DocTestParser().get_examples(code)


_CONTAINER = re.compile(r"(?:!!!|\?\?\?\+?|===)\s|///|[-*+]\s|\d+[.)]\s")  # admonition, tab, list item


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def _container_indent(lines: list[str], index: int, indent: int) -> int:
    """Where the content of the block that holds line `index` starts: 4 past the admonition,
    content tab or list item that opens it, 0 at the top level of the page."""
    for j in range(index - 1, -1, -1):
        text = lines[j]
        if not text.strip():
            continue
        width = _width(text[: len(text) - len(text.lstrip())])
        if width < indent:
            if _CONTAINER.match(text.lstrip()):
                return width + 4
            if width == 0:
                return 0
            indent = width  # a line inside some container: look for what holds it
    return 0


def _front_matter_lines(text: str) -> int:
    m = _FRONT_MATTER.match(text)
    return text[: m.end()].count("\n") if m else 0


def _closing_fence(lines: list[str], start: int, indent: str, fence: str, strict: bool) -> int | None:
    """Index of the line closing the fence opened at `start`, or None.

    For exec blocks (`strict`), a non-blank line indented less than the fence ends the
    enclosing container, so the block is unterminated rather than silently swallowing it.
    """
    closer = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for j in range(start + 1, len(lines)):
        ln = lines[j]
        if closer.match(ln) and (not strict or ln.startswith(indent)):
            return j
        if strict and indent and ln.strip() and not ln.startswith(indent):
            return None
    return None


def _parse_options(text: str) -> Options:
    try:
        tokens = shlex.split(text)
    except ValueError as e:
        raise _OptionError(f"cannot read the options {text!r}: {e}") from None
    values: dict[str, object] = {}
    for token in tokens:
        key, sep, value = token.partition("=")
        if not sep and key in _FLAGS:
            values[key] = True
        elif sep and key in _KEYS:
            values[key] = _option_value(key, value)
        else:
            known = sorted(_FLAGS | _KEYS)
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            form = "a flag" if key in _FLAGS else "key=value" if key in _KEYS else None
            if form:
                raise _OptionError(f"option '{key}' must be written as {form}")
            raise _OptionError(f"unknown option '{key}'{hint}; known options: {', '.join(known)}")
    return Options(**values)  # type: ignore[arg-type]


def _option_value(key: str, value: str) -> object:
    if key == "timeout":
        try:
            seconds = float(value)
        except ValueError:
            seconds = -1.0
        if not 0 < seconds <= 3600:
            raise _OptionError(f"timeout must be a number of seconds in (0, 3600], not {value!r}")
        return seconds
    if key == "output":
        try:
            return OutputMode(value)
        except ValueError:
            raise _OptionError(f"output must be one of {', '.join(m.value for m in OutputMode)}, "
                               f"not {value!r}") from None
    if key == "id" and not _ID.match(value):
        raise _OptionError(f"id must be ASCII letters, digits, '.', '_' or '-', not {value!r}")
    if key == "raises" and not value.isidentifier():
        raise _OptionError(f"raises must name an exception class, not {value!r}")
    if not value:
        raise _OptionError(f"option '{key}' needs a value")
    return value


def _make_block(path: str, line: int, end_line: int, indent: str, fence: str, index: int,
                body: list[str], options: Options, snippets_dir: Path, label: str) -> Block:
    code, code_path, code_line = "\n".join(body), path, line + 1
    if options.file is not None:
        if any(ln.strip() for ln in body):
            raise _OptionError(f"a block with file={options.file} must have an empty body")
        target = (snippets_dir / options.file).resolve()
        if snippets_dir.resolve() not in target.parents:
            raise _OptionError(f"file={options.file} is outside {label}/")
        try:
            code = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise _OptionError(f"cannot read {label}/{options.file}: {e.strerror or e}") from None
        code_path, code_line = f"{label}/{options.file}", 1
    if not code.strip():
        raise _OptionError("empty exec block")
    kind = Kind.DOCTEST if code.lstrip().startswith(">>>") else Kind.CODE
    if kind is Kind.DOCTEST:
        try:
            doctest_examples(code)
        except ValueError as e:  # a malformed example or an unknown `# doctest:` directive
            raise _OptionError(f"invalid doctest: {e}") from None
    if kind is Kind.DOCTEST and options.raises:
        raise _OptionError("raises= applies to code blocks; in a doctest write the expected traceback")
    return Block(path, line, end_line, indent, fence, index, kind, code, code_path, code_line, options)
