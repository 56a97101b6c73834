"""The parser finds exactly the exec blocks a reader sees, with the lines of the raw file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kbexec.model import Kind, OutputMode
from kbexec.parser import parse_page, parse_snippet


def parse(text: str, snippets: Path = Path("/nonexistent")):
    return parse_page(textwrap.dedent(text), "docs/p.md", snippets)


def summary(doc):
    """(fence line, end line, indent, kind, code line, code) per block — the golden shape."""
    return [(b.line, b.end_line, b.indent, b.kind.value, b.code_line, b.code) for b in doc.blocks]


GOLDEN = {
    "top level": (
        """\
        # t

        ```python exec
        x = 1
        ```
        """,
        [(3, 5, "", "code", 4, "x = 1")],
    ),
    "front matter counts in line numbers": (
        """\
        ---
        title: x
        ---
        ```python exec
        x = 1
        ```
        """,
        [(4, 6, "", "code", 5, "x = 1")],
    ),
    "inside an admonition": (
        """\
        !!! note "n"

            ```python exec
            if True:
                y = 2

            z = 3
            ```
        """,
        [(3, 8, "    ", "code", 4, "if True:\n    y = 2\n\nz = 3")],
    ),
    "inside content tabs": (
        """\
        === "A"

            ```python exec
            a = 1
            ```

        === "B"

            ```python exec
            b = 2
            ```
        """,
        [(3, 5, "    ", "code", 4, "a = 1"), (9, 11, "    ", "code", 10, "b = 2")],
    ),
    "a longer plain fence hides an exec fence": (
        """\
        ````markdown
        ```python exec
        not run
        ```
        ````

        ```python exec
        run = True
        ```
        """,
        [(7, 9, "", "code", 8, "run = True")],
    ),
    "a longer exec fence may contain a shorter fence": (
        """\
        ````python exec
        s = '''
        ```
        '''
        ````
        """,
        [(1, 5, "", "code", 2, "s = '''\n```\n'''")],
    ),
    "tilde fences": (
        """\
        ~~~python exec
        t = 1
        ~~~
        """,
        [(1, 3, "", "code", 2, "t = 1")],
    ),
    "py is python; other info strings are plain fences": (
        """\
        ```py exec
        a = 1
        ```

        ```python
        plain = 1
        ```

        ```python title="exec"
        plain = 2
        ```
        """,
        [(1, 3, "", "code", 2, "a = 1")],
    ),
    "a body starting with >>> is a doctest": (
        """\
        ```python exec

        >>> 1 + 1
        2
        ```
        """,
        [(1, 5, "", "doctest", 2, "\n>>> 1 + 1\n2")],
    ),
}


@pytest.mark.parametrize("name", GOLDEN)
def test_golden(name):
    text, expected = GOLDEN[name]
    doc = parse(text)
    assert doc.errors == ()
    assert summary(doc) == expected


def test_options_are_read():
    doc = parse('```python exec hide timeout=2.5 raises=ValueError output=markdown id=x-1 caption="图 1: σ"\nx\n```\n')
    opts = doc.blocks[0].options
    assert (opts.hide, opts.timeout, opts.raises, opts.output, opts.id, opts.caption) == (
        True, 2.5, "ValueError", OutputMode.MARKDOWN, "x-1", "图 1: σ")
    assert doc.blocks[0].name == "L1-x-1"


@pytest.mark.parametrize("info, message", [
    ("hdie", "docs/p.md:3: unknown option 'hdie' (did you mean 'hide'?)"),
    ("timeout=abc", "docs/p.md:3: timeout must be a number of seconds"),
    ("timeout=0", "docs/p.md:3: timeout must be a number of seconds"),
    ("output=pdf", "docs/p.md:3: output must be one of text, markdown, html, none"),
    ("raises=1/0", "docs/p.md:3: raises must name an exception class"),
    ("hide=yes", "docs/p.md:3: option 'hide' must be written as a flag"),
    ("file", "docs/p.md:3: option 'file' must be written as key=value"),
    ('caption="open', "docs/p.md:3: cannot read the options"),
])
def test_bad_options_are_errors_naming_page_and_line(info, message):
    doc = parse(f"# t\n\n```python exec {info}\nx = 1\n```\n")
    assert doc.blocks == ()
    assert len(doc.errors) == 1
    assert doc.errors[0].render().startswith(message)


def test_unterminated_fence_is_an_error():
    doc = parse("# t\n\n```python exec\nx = 1\n")
    assert [e.render() for e in doc.errors] == [
        "docs/p.md:3: unterminated exec block: no closing ``` (at the same indentation) before the end of the page"]


def test_unterminated_fence_inside_an_admonition_stops_at_the_admonition():
    doc = parse("!!! note\n\n    ```python exec\n    x = 1\n\nafter the note\n\n```\n")
    assert doc.blocks == ()
    assert doc.errors[0].line == 3 and "enclosing block" in doc.errors[0].message


def test_errors_do_not_hide_later_blocks():
    doc = parse("```python exec nope\nx\n```\n\n```python exec\ny = 1\n```\n")
    assert [e.line for e in doc.errors] == [1]
    assert [b.line for b in doc.blocks] == [5]


def test_empty_block_is_an_error():
    assert parse("```python exec\n\n```\n").errors[0].message == "empty exec block"


def test_file_option_embeds_a_snippet(tmp_path):
    (tmp_path / "sig.py").write_text("import math\ny = math.e\n")
    doc = parse_page("text\n\n```python exec file=sig.py\n```\n", "docs/p.md", tmp_path, "snippets")
    (block,) = doc.blocks
    assert (block.line, block.code_path, block.code_line, block.code) == (
        3, "snippets/sig.py", 1, "import math\ny = math.e\n")


@pytest.mark.parametrize("body, name, message", [
    ("", "missing.py", "cannot read snippets/missing.py"),
    ("", "../outside.py", "file=../outside.py is outside snippets/"),
    ("x = 1\n", "sig.py", "a block with file=sig.py must have an empty body"),
])
def test_file_option_errors(tmp_path, body, name, message):
    (tmp_path / "sig.py").write_text("y = 1\n")
    doc = parse_page(f"```python exec file={name}\n{body}```\n", "docs/p.md", tmp_path, "snippets")
    assert doc.errors[0].render().startswith(f"docs/p.md:1: {message}")


def test_snippet_doctests_follow_a_setup_block():
    text = 'def f(x):\n    """Double.\n\n    >>> f(2)\n    4\n    """\n    return 2 * x\n'
    doc = parse_snippet(text, "snippets/s.py")
    setup, example = doc.blocks
    assert (setup.kind, setup.options.hide, setup.code) == (Kind.CODE, True, text)
    assert (example.kind, example.line, example.code_line) == (Kind.DOCTEST, 2, 2)


def test_snippet_without_doctests_has_no_blocks():
    assert parse_snippet("x = 1\n", "snippets/s.py").blocks == ()


def test_inline_values_in_prose_run_after_the_blocks():
    doc = parse("""\
        最大值是 `=ds.max():.2f`，比例 `=ratio`。`==` 与 ``=x`` 不是数值。

        ```python
        `=not_a_value`
        ```

        ```python exec
        ds = 1
        ```
        """)
    assert [(b.kind.value, b.line, b.column, b.code) for b in doc.blocks] == [
        ("code", 7, 0, "ds = 1"), ("value", 1, 5, "ds.max():.2f"), ("value", 1, 24, "ratio")]
    assert [b.name for b in doc.blocks] == ["L7", "V1c6", "V1c25"]  # each value its own test id


def test_a_bad_doctest_directive_is_an_error_naming_the_page_line():
    doc = parse("```python exec\n>>> 0.1 + 0.2  # doctest: +NUMBR\n0.3\n```\n")
    assert doc.errors[0].render().startswith("docs/p.md:1: invalid doctest:")
    assert "NUMBR" in doc.errors[0].message
