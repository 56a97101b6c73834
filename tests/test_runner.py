"""The runner: results, located failures, hard limits and isolation."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from kbexec.model import Status
from kbexec.parser import parse_page
from kbexec.runner import RunSettings, run_document, run_documents
from kbexec.zygote import Zygote


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("proj")
    (root / "snippets").mkdir()
    with Zygote(root) as zygote:
        yield root, zygote


def run(project, text: str, path: str = "docs/p.md", timeout: float = 10, figures_as_png: bool = True):
    root, zygote = project
    doc = parse_page(textwrap.dedent(text), path, root / "snippets", "snippets")
    assert doc.errors == ()
    settings = RunSettings(root, root / "snippets", timeout, grace=1.0, figures_as_png=figures_as_png)
    return run_document(doc, zygote, settings).results


def failure_text(results) -> list[str]:
    return [r.failure.render().splitlines()[0] for r in results if r.failure]


def test_blocks_share_one_namespace_and_print(project):
    a, b = run(project, "```python exec\nx = 20\nprint('<b>', x)\n```\n\n```python exec\nprint(x + 1)\n```\n")
    assert (a.status, a.output, b.output) == (Status.PASSED, "<b> 20\n", "21\n")


def test_failed_assert_points_at_its_page_line(project):
    (r,) = run(project, """\
        # title

        ```python exec
        x = 1
        assert x == 2, "x 应为 2"
        ```
        """)
    assert r.status is Status.FAILED
    assert r.failure.render().splitlines()[0] == "docs/p.md:5: AssertionError: x 应为 2"
    assert 'File "docs/p.md", line 5, in <module>' in r.failure.detail
    assert "worker.py" not in r.failure.detail  # the runner's own frames are trimmed


def test_bare_assert_shows_its_statement(project):
    (r,) = run(project, "```python exec\nassert 1 + 1 == 3\n```\n")
    assert failure_text([r]) == ["docs/p.md:2: AssertionError (assert 1 + 1 == 3)"]


def test_exception_in_a_helper_is_located_at_the_calling_page_line(project):
    (r,) = run(project, "```python exec\ndef f():\n    return 1 / 0\n\nf()\n```\n")
    assert failure_text([r]) == ["docs/p.md:3: ZeroDivisionError: division by zero"]


def test_syntax_error_is_located(project):
    (r,) = run(project, "```python exec\nx = 1\ny = (\n```\n")
    assert failure_text([r])[0].startswith("docs/p.md:3: SyntaxError")


def test_doctest_mismatch_points_at_the_example(project):
    (r,) = run(project, """\
        ```python exec
        >>> 1 + 1
        2
        >>> print("a")
        b
        ```
        """)
    assert r.failure.render() == (
        "docs/p.md:4: doctest example failed\n>>> print(\"a\")\nExpected:\n    b\nGot:\n    a")


def test_doctest_number_compares_floats_to_the_written_precision(project):
    ok, bad = run(project, """\
        ```python exec
        >>> 0.1 + 0.2  # doctest: +NUMBER
        0.3
        >>> [1 / 3, 2e-40 / 3]  # doctest: +NUMBER
        [0.333, 6.67e-41]
        ```

        ```python exec
        >>> 3.15  # doctest: +NUMBER
        3.14
        ```
        """)
    assert ok.status is Status.PASSED
    assert bad.failure.line == 9


def test_doctest_expected_exception(project):
    ok, bad = run(project, """\
        ```python exec
        >>> 1 / 0
        Traceback (most recent call last):
        ZeroDivisionError: division by zero
        ```

        ```python exec
        >>> int("3")
        Traceback (most recent call last):
        ValueError: ...
        ```
        """)
    assert ok.status is Status.PASSED
    assert failure_text([bad]) == ["docs/p.md:8: doctest example failed: expected an exception"]


def test_raises_option(project):
    ok, base, missing = run(project, """\
        ```python exec raises=ZeroDivisionError
        1 / 0
        ```

        ```python exec raises=ArithmeticError
        1 / 0
        ```

        ```python exec raises=KeyError
        x = 1
        ```
        """)
    assert ok.status is base.status is Status.PASSED
    assert ok.output == "ZeroDivisionError: division by zero\n"
    assert failure_text([missing]) == [
        "docs/p.md:10: expected KeyError to be raised, but the block finished without it"]


def test_blocks_after_a_failure_are_not_run(project):
    first, second = run(project, "```python exec\nx = 1 / 0\n```\n\n```python exec\nprint(x)\n```\n")
    assert second.status is Status.NOT_RUN
    assert failure_text([second]) == ["docs/p.md:5: not run because of the failure at docs/p.md:2"]


def test_timeout_names_the_looping_line(project):
    (r,) = run(project, "```python exec timeout=0.5\nn = 0\nwhile True:\n    n += 1\n```\n")
    assert r.failure.summary == "timed out after 0.5 s"
    assert r.failure.line in (3, 4)


def test_timeout_kills_a_block_stuck_outside_python(project):
    # SIGALRM is ignored here, so only the hard kill can stop the block.
    (r, after) = run(project, """\
        ```python exec timeout=0.3
        import signal, time
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        time.sleep(30)
        ```

        ```python exec
        print("never")
        ```
        """)
    assert r.failure.render() == ("docs/p.md:1: timed out after 0.3 s; "
                                  "the page process did not respond and was killed")
    assert after.status is Status.NOT_RUN


@pytest.mark.parametrize("code, summary", [
    ("import os\nos._exit(3)", "docs/p.md:1: the page process died while running this block (exit code 3)"),
    ("import ctypes\nctypes.string_at(0)", "docs/p.md:1: the page process died while running this block (signal SIGSEGV)"),
    ("import sys\nsys.exit(2)", "docs/p.md:3: the block called sys.exit(2)"),
])
def test_crashes_are_the_blocks_failure(project, code, summary):
    (r,) = run(project, f"```python exec\n{code}\n```\n")
    assert failure_text([r]) == [summary]
    (again,) = run(project, "```python exec\nprint('still here')\n```\n")
    assert again.output == "still here\n"


def test_stdin_is_closed(project):
    (r,) = run(project, "```python exec raises=EOFError\ninput()\n```\n")
    assert r.status is Status.PASSED


def test_pages_do_not_share_state(project):
    root, zygote = project
    pages = [
        "```python exec\nimport os, matplotlib\nsecret = 1\nos.chdir('/')\nmatplotlib.rcParams['lines.linewidth'] = 9\n```\n",
        "```python exec\nimport os, matplotlib\nprint('secret' in globals(), os.getcwd() == ROOT, "
        "matplotlib.rcParams['lines.linewidth'])\n```\n",
    ]
    docs = [parse_page(p.replace("ROOT", repr(str(root))), f"docs/{i}.md", root / "snippets")
            for i, p in enumerate(pages)]
    results = run_documents(docs, zygote, RunSettings(root), jobs=2)
    assert results[1].results[0].output == "False True 1.5\n"
    assert os.getcwd() != "/"  # nor with this process


def test_figures_are_captured_deterministically(project):
    page = """\
        ```python exec
        import matplotlib.pyplot as plt
        plt.plot([0, 1], [1, 0])
        plt.figure()
        plt.plot([0, 1], [0, 1])
        ```

        ```python exec
        print(len(plt.get_fignums()))
        ```
        """
    first, second = run(project, page), run(project, page)
    names = [f.name for f in first[0].figures]
    assert len(names) == 2 and all(n.startswith("fig-") and n.endswith(".png") for n in names)
    assert [f.data for f in first[0].figures] == [f.data for f in second[0].figures]
    assert first[0].figures[0].data.startswith(b"\x89PNG") and b"Software" not in first[0].figures[0].data
    assert first[1].output == "0\n"  # figures are closed once captured


def test_without_png_figures_are_drawn_but_not_kept_and_fail_the_same(project):
    """What pytest does: no page shows them, but a figure the build could not save fails here too."""
    fine = "```python exec\nimport matplotlib.pyplot as plt\nplt.plot([0, 1])\n```\n\n" \
           "```python exec\nprint(len(plt.get_fignums()))\n```\n"
    drawn = run(project, fine, figures_as_png=False)
    assert [r.status for r in drawn] == [Status.PASSED, Status.PASSED]
    assert drawn[0].figures == () and drawn[1].output == "0\n"
    broken = "# t\n\n```python exec\nimport matplotlib.pyplot as plt\nplt.title(r'$\\frac{1$')\n```\n"
    texts = [failure_text(run(project, broken, figures_as_png=png)) for png in (True, False)]
    assert texts[0] == texts[1] and texts[0][0].startswith("docs/p.md:4: a figure of this block cannot be drawn: ValueError")


def test_snippet_file_failure_names_page_and_snippet_lines(project):
    root, _ = project
    (root / "snippets" / "bad.py").write_text("x = 1\n\nassert x == 2, 'x 应为 2'\n")
    (r,) = run(project, "# t\n\n```python exec file=bad.py\n```\n")
    assert failure_text([r]) == ["docs/p.md:3 (snippets/bad.py:3): AssertionError: x 应为 2"]
    assert 'File "snippets/bad.py", line 3' in r.failure.detail


def test_snippets_can_import_helpers_from_the_snippets_folder(project):
    root, _ = project
    (root / "snippets" / "helper_mod.py").write_text("VALUE = 42\n")
    (r,) = run(project, "```python exec\nfrom helper_mod import VALUE\nprint(VALUE)\n```\n")
    assert r.output == "42\n"


def test_worker_start_is_cheap_after_the_first(project):
    # Not a timing assertion: the page process must already have numpy imported when forked.
    (r,) = run(project, "```python exec\nimport sys\nprint('numpy' in sys.modules)\n```\n")
    assert r.output == "True\n"


def test_results_keep_page_order(project):
    root, zygote = project
    docs = [parse_page(f"```python exec\nimport time; time.sleep({0.2 - i * 0.05})\nprint({i})\n```\n",
                       f"docs/{i}.md", Path(root / "snippets")) for i in range(4)]
    results = run_documents(docs, zygote, RunSettings(root), jobs=4)
    assert [r.results[0].output for r in results] == ["0\n", "1\n", "2\n", "3\n"]
