"""pytest collects every exec block of every page (and the doctests of snippets) as test items."""

from __future__ import annotations

import textwrap

import pytest

from conftest import MKDOCS_YML, Site

PAGE_A = """\
    # A

    ```python exec
    x = 2
    ```

    !!! note

        ```python exec id=double
        assert 2 * x == 4, "二倍应为 4"
        ```

    ```python exec
    assert x == 3, "x 应为 3"
    ```
    """

HELPER = '''\
    """Shared helper."""


    def double(v):
        """Twice v.

        >>> double(21)
        42
        """
        return 2 * v
    '''


@pytest.fixture
def project(pytester: pytest.Pytester):
    pytester.makefile(".yml", mkdocs=MKDOCS_YML % {"timeout": 10})
    (pytester.path / "docs").mkdir()
    (pytester.path / "snippets").mkdir()
    (pytester.path / "docs" / "a.md").write_text(textwrap.dedent(PAGE_A))
    (pytester.path / "docs" / "b.md").write_text("```python exec\n>>> 1 + 1\n2\n```\n")
    (pytester.path / "docs" / "plain.md").write_text("```python\nnot collected\n```\n")
    (pytester.path / "snippets" / "helper.py").write_text(textwrap.dedent(HELPER))
    (pytester.path / "snippets" / "script.py").write_text("print('no doctests: not collected')\n")
    return pytester


def test_one_item_per_block_with_page_locations(project):
    result = project.runpytest("--collect-only", "-q")
    assert [ln for ln in result.outlines if "::" in ln] == [
        "docs/a.md::L3", "docs/a.md::L9-double", "docs/a.md::L13", "docs/b.md::L1",
        "snippets/helper.py::L5"]


def test_failures_read_like_the_build(project):
    result = project.runpytest("-rf")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines([
        "*_ docs/a.md:13 _*",
        "docs/a.md:14: AssertionError: x 应为 3",
        "Traceback (most recent call last):",
        '  File "docs/a.md", line 14, in <module>',
        "FAILED docs/a.md::L13 - docs/a.md:14: AssertionError: x 应为 3",
    ])


def test_k_selects_one_block_and_still_runs_the_blocks_before_it(project):
    result = project.runpytest("-k", "double")
    result.assert_outcomes(passed=1, deselected=4)


def test_an_unknown_option_fails_a_test_naming_page_and_line_and_the_session_goes_on(project):
    (project.path / "docs" / "c.md").write_text("# c\n\n```python exec hdie\nx = 1\n```\n")
    result = project.runpytest("-rf")
    assert result.ret != 0
    result.assert_outcomes(passed=4, failed=2)  # a.md's blocks still run, as in the build
    result.stdout.fnmatch_lines(["docs/c.md:3: unknown option 'hdie'*",
                                 "FAILED docs/c.md::parse-error-L3 - docs/c.md:3: unknown option 'hdie'*"])


def test_blocks_of_a_failed_block_s_page_report_the_cause(project):
    (project.path / "docs" / "d.md").write_text(
        "```python exec\nfrom math import nope\n```\n\n```python exec\nprint(1)\n```\n")
    result = project.runpytest("docs/d.md")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["docs/d.md:5: not run because of the failure at docs/d.md:2",
                                 "docs/d.md:2: ImportError: cannot import name 'nope'*"])


def test_failure_text_is_the_same_as_in_the_build(project, tmp_path, monkeypatch, caplog):
    """Parity: both front ends find the same blocks and report byte-identical failures."""
    (project.path / "docs" / "e.md").write_text(textwrap.dedent("""\
        ```python exec
        >>> 0.5 + 0.25
        0.7
        ```

        ```python exec
        >>> print("next page block not run")
        ```
        """))
    (project.path / "docs" / "f.md").write_text("```python exec timeout=0.5\nwhile True:\n    pass\n```\n")
    reprec = project.inline_run("docs")
    pytest_texts = {r.nodeid: r.longreprtext for r in reprec.getreports("pytest_runtest_logreport")
                    if r.failed}
    pytest_ids = {r.nodeid for r in reprec.getreports("pytest_runtest_logreport") if r.when == "call"}

    site = Site(tmp_path / "same")
    for page in ("a.md", "b.md", "e.md", "f.md"):
        site.page(page, (project.path / "docs" / page).read_text())
    build = site.build(caplog)
    assert not build.ok
    for nodeid, text in pytest_texts.items():
        if "not run" not in text:
            assert text in build.error, nodeid
    build_blocks = {ln.split(": ")[0] for ln in build.error.splitlines() if ln.startswith("docs/")}
    assert {"docs/a.md:14", "docs/e.md:2", "docs/e.md:6", "docs/f.md:2"} <= build_blocks
    assert {"docs/a.md::L3", "docs/a.md::L9-double", "docs/a.md::L13", "docs/b.md::L1",
            "docs/e.md::L1", "docs/e.md::L6", "docs/f.md::L1"} == pytest_ids
    assert set(pytest_texts) == {"docs/a.md::L13", "docs/e.md::L1", "docs/e.md::L6", "docs/f.md::L1"}
