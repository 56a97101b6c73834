"""Hostile, broken and unusual pages: each fails with a message naming its page and line, the
same first line in `mkdocs build` and in pytest, a non-zero exit, and nothing changed in the
sources, the cache or the last good site — or works as a reader expects.

The broken pages live together in one project, built once and tested once with pytest
(module fixtures); the cases that need a project of their own build their own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from kbexec.sandbox import landlock_abi

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SANDBOX = pytest.mark.skipif(landlock_abi() == 0, reason="this kernel has no Landlock (see kbexec.sandbox)")
NETWORK_SANDBOX = pytest.mark.skipif(landlock_abi() < 4, reason="this kernel's Landlock cannot limit TCP")

CONFIG = """\
site_name: faults
docs_dir: docs
theme: {{name: material, language: zh, font: false}}
plugins:
  - kbexec:
      timeout: 2
      memory_limit: 300
      max_output: 2000
{extra}markdown_extensions: [admonition, attr_list, pymdownx.superfences, pymdownx.highlight,
                      {{pymdownx.tabbed: {{alternate_style: true}}}}]
"""


def project(root: Path, pages: dict[str, str], extra: str = "", snippets: dict[str, str] | None = None) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "snippets").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(extra=extra), encoding="utf-8")
    for name, text in {"index.md": "# home\n", **pages}.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8")
        path.write_bytes(data)
    for name, text in (snippets or {}).items():
        (root / "snippets" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def mkdocs_build(root: Path, out: str = "out", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdocs"), "build", "-d", out], cwd=root, text=True, capture_output=True,
                          env={**ENV, **env}, timeout=300)


def pytest_run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rf",
                           "--no-header", *args], cwd=root, text=True, capture_output=True, env=ENV, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    """The sources of a project (pages, snippets, config), to check that nothing changed them."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] in ("docs", "snippets", "mkdocs.yml")}


# --- blocks that fail: the same first line in the build and in pytest -----------------------

HELPER = """\
def ratio(a, b):
    return a / b
"""

FAILING = {  # page: (text, the first line of its failure, pytest item)
    "false-claim.md": ("""\
        # 断言

        ```python exec
        x = 0.25
        assert x == 0.3, "σ' 的最大值应为 1/4"
        ```
        """, "docs/false-claim.md:5: AssertionError: σ' 的最大值应为 1/4", "L3"),
    "syntax.md": ("```python exec\nx = (1,\ny = 2\n```\n", "docs/syntax.md:2: SyntaxError: '(' was never closed", "L1"),
    "deep.md": ("```python exec\nimport helper\nhelper.ratio(1, 0)\n```\n",
                "docs/deep.md:3 (snippets/helper.py:2): ZeroDivisionError: division by zero", "L1"),
    "doctest.md": ("```python exec\n>>> 1 + 1\n3\n```\n", "docs/doctest.md:2: doctest example failed", "L1"),
    "hang.md": ("```python exec\nwhile True:\n    pass\n```\n", "docs/hang.md:2: timed out after 2 s", "L1"),
    "input.md": ("```python exec\nname = input('名字？')\n```\n",
                 "docs/input.md:2: EOFError: EOF when reading a line", "L1"),
    "exit.md": ("```python exec\nimport sys\nsys.exit(3)\n```\n", "docs/exit.md:3: the block called sys.exit(3)", "L1"),
    "os-exit.md": ("```python exec\nimport os\nos._exit(3)\n```\n",
                   "docs/os-exit.md:1: the page process died while running this block (exit code 3)", "L1"),
    "segfault.md": ("```python exec\nimport ctypes\nctypes.string_at(0)\n```\n",
                    "docs/segfault.md:1: the page process died while running this block (signal SIGSEGV)", "L1"),
    "memory.md": ("```python exec\nhog = []\nwhile True:\n    hog.append(bytearray(10**7))\n```\n",
                  "docs/memory.md:4: MemoryError: the page went over its memory limit (0.3 GiB, option memory_limit)",
                  "L1"),
    "raises.md": ("```python exec raises=ValueError\n1 + 1\n```\n",
                  "docs/raises.md:2: expected ValueError to be raised, but the block finished without it", "L1"),
    "raises-other.md": ("```python exec raises=ValueError\nNone + 1\n```\n",
                        "docs/raises-other.md:2: TypeError: unsupported operand type(s) for +: 'NoneType' and 'int' "
                        "(expected ValueError: raises=ValueError)", "L1"),
    "crlf.md": (b"---\r\ntitle: crlf\r\n---\r\n# t\r\n\r\n```python exec\r\nx = 1\r\nassert x == 2, 'crlf'\r\n```\r\n",
                "docs/crlf.md:8: AssertionError: crlf", "L6"),
    "figure.md": ("```python exec\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title(r'$\\frac{1$')\n```\n",
                  "docs/figure.md:2: a figure of this block cannot be drawn: ValueError: ", "L1"),
    "write-docs.md": ("```python exec\nopen('docs/evil.md', 'w').write('# published?')\n```\n",
                      "docs/write-docs.md:2: PermissionError: [Errno 13] Permission denied: 'docs/evil.md'", "L1"),
    "write-cache.md": ("```python exec\nopen('.cache/kbexec/x.entry', 'wb').write(b'poison')\n```\n",
                       "docs/write-cache.md:2: PermissionError: [Errno 13] Permission denied: '.cache/kbexec/x.entry'",
                       "L1"),
    "write-tmp.md": ("```python exec\nopen('/tmp/kbexec-fault-escape', 'w').write('x')\n```\n",
                     "docs/write-tmp.md:2: PermissionError: [Errno 13] Permission denied: '/tmp/kbexec-fault-escape'",
                     "L1"),
}
PARSE_ERRORS = {  # page: (text, message)
    "outside.md": ("```python exec file=../mkdocs.yml\n```\n", "docs/outside.md:1: file=../mkdocs.yml is outside snippets/"),
    "missing.md": ("```python exec file=nope.py\n```\n",
                   "docs/missing.md:1: cannot read snippets/nope.py: No such file or directory"),
    "unterminated.md": ("# t\n\n```python exec\nx = 1\n",
                        "docs/unterminated.md:3: unterminated exec block: no closing ``` (at the same indentation) "
                        "before the end of the page"),
    "misspelled.md": ("```python exec hdie\nx = 1\n```\n",
                      "docs/misspelled.md:1: unknown option 'hdie' (did you mean 'hide'?)"),
}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    """One project with every failing page; built once, tested once with pytest."""
    pages = {name: text for name, (text, *_) in {**FAILING, **PARSE_ERRORS}.items()}
    root = project(tmp_path_factory.mktemp("faulty"), pages, snippets={"helper.py": HELPER})
    (root / ".cache" / "kbexec").mkdir(parents=True)  # the cache exists: a block must not write in it
    before = snapshot(root)
    build = mkdocs_build(root)
    tested = pytest_run(root, "docs")
    return root, before, build, tested


@pytest.mark.parametrize("page", sorted(FAILING))
def test_a_failing_block_names_its_page_and_line_in_build_and_pytest(faulty, page):
    if page.startswith("write-") and landlock_abi() == 0:
        pytest.skip("this kernel has no Landlock (see kbexec.sandbox)")
    root, _, build, tested = faulty
    _, first_line, item = FAILING[page]
    assert build.returncode == 1
    assert f"\n{first_line}" in build.stderr, build.stderr[-4000:]
    assert f"\n{first_line}" in tested.stdout, tested.stdout[-4000:]
    assert f"FAILED docs/{page}::{item} - {first_line[:40]}" in tested.stdout
    assert tested.returncode == 1


@pytest.mark.parametrize("page", sorted(PARSE_ERRORS))
def test_a_page_the_parser_cannot_read_names_its_page_and_line(faulty, page):
    _, build, tested = faulty[0], faulty[2], faulty[3]
    message = PARSE_ERRORS[page][1]
    assert f"\n{message}" in build.stderr
    assert f"\n{message}" in tested.stdout  # a failing test, not a collection error: the session went on
    assert "error" not in tested.stdout.splitlines()[-1]


def test_failures_leave_the_sources_the_cache_and_the_docs_as_they_were(faulty):
    root, before, build, _ = faulty
    assert snapshot(root) == before
    assert not (root / "docs" / "evil.md").exists() and not Path("/tmp/kbexec-fault-escape").exists()
    assert not list((root / ".cache" / "kbexec").glob("x.entry"))
    tracebacks = build.stderr + faulty[3].stdout
    assert str(root) + "/snippets" not in tracebacks  # project files are named from the root
    assert 'File "snippets/helper.py", line 2, in ratio' in tracebacks


def test_blocks_after_a_failure_are_reported_as_not_run_and_other_pages_still_build(faulty):
    root, _, build, _ = faulty
    assert "docs/false-claim.md" in build.stderr
    summary = re.search(r"kbexec: \d+ pages, (\d+) blocks: (\d+) run", build.stderr)
    assert summary and int(summary.group(2)) >= len(FAILING)


# --- output, markup and hostile text ----------------------------------------------------------

def test_huge_output_is_cut_with_a_note_and_markup_is_shown_as_text(tmp_path):
    root = project(tmp_path, {"big.md": """\
        ```python exec
        print("<b>粗体？</b>" + "x" * 5_000_000)
        ```
        """}, extra="  - search\n")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    html = (root / "out" / "big" / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;粗体？&lt;/b&gt;" in html and "<b>粗体？" not in html
    assert re.search(r"输出过长，已截断：共 5,000,01\d 个字符，只显示前 2,000 个", html)
    assert len(html) < 200_000
    assert (root / "out" / "search" / "search_index.json").stat().st_size < 100_000


HOSTILE = """\
# 标题里的值 `=s`

第一段的代码 `"><img src=x onerror=alert(3)>` 和值 `=s`。

```python exec
s = '"><script>alert(2)</script>'
print(s)
```

```python exec caption='"><script>alert(5)</script>'
import matplotlib.pyplot as plt
plt.plot([0, 1])
```

!!! warning "原笔记勘误"

    勘误里的值 `=s` 与代码 `<img src=x onerror=alert(4)>`。
"""


def test_no_text_from_a_page_or_block_reaches_the_html_unescaped(tmp_path):
    root = project(tmp_path, {"x.md": HOSTILE, "appendix.md": "# 附录\n\n<!-- kbsite:errata -->\n"},
                   extra="  - search\n  - kbsite\n")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    leaks = []
    for path in sorted((root / "out").rglob("*")):
        if path.suffix in {".html", ".json", ".js", ".xml"} and "assets" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for payload in ("<script>alert(2)", "<img src=x onerror=alert(3)>", "<img src=x onerror=alert(4)>",
                            "<script>alert(5)", '"><script', '"><img'):
                if payload in text:
                    leaks.append(f"{path.relative_to(root)}: {payload}")
    assert leaks == []
    page = (root / "out" / "x" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="[^"]*&quot;&gt;&lt;img', page)
    appendix = (root / "out" / "appendix" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)" in appendix  # the erratum's value, escaped, in its copy


def test_classes_and_functions_of_a_block_can_be_pickled_and_used_by_multiprocessing(tmp_path):
    root = project(tmp_path, {"pickle.md": """\
        ```python exec
        import multiprocessing, pickle

        class Point:
            def __init__(self, x):
                self.x = x

        def square(v):
            return v * v

        assert pickle.loads(pickle.dumps(Point(3))).x == 3, "a block's class pickles"
        with multiprocessing.get_context("fork").Pool(2) as pool:
            print(pool.map(square, range(5)))
        ```
        """})
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert "[0, 1, 4, 9, 16]" in (root / "out" / "pickle" / "index.html").read_text(encoding="utf-8")


def test_an_indented_fence_in_prose_is_code_not_a_block(tmp_path):
    root = project(tmp_path, {"indented.md": """\
        段落。

            ```python exec
            raise SystemExit("must not run")
            ```

        - 列表项

            ```python exec
            print("在列表里运行")
            ```
        """})
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    html = (root / "out" / "indented" / "index.html").read_text(encoding="utf-8")
    assert "```python exec" in html and "must not run" in html  # shown as an indented code block
    assert "在列表里运行\n" in html and "kbexec: 1 pages, 1 blocks: 1 run" in build.stderr


@NETWORK_SANDBOX
def test_a_block_cannot_open_a_network_connection(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    try:
        root = project(tmp_path, {"net.md": f"```python exec\nimport socket\nsocket.create_connection(('127.0.0.1', {port}))\n```\n"})
        build = mkdocs_build(root)
    finally:
        server.close()
    assert build.returncode == 1
    assert "\ndocs/net.md:3: PermissionError: [Errno 13] Permission denied" in build.stderr


@SANDBOX
def test_a_block_writes_freely_in_its_scratch_folder(tmp_path):
    root = project(tmp_path, {"scratch.md": """\
        ```python exec
        import os, tempfile
        path = os.path.join(tempfile.gettempdir(), "data.csv")
        with open(path, "w") as f:
            f.write("1,2\\n")
        print(open(path).read().strip(), path.startswith(os.environ["TMPDIR"]))
        ```
        """})
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert "1,2 True" in (root / "out" / "scratch" / "index.html").read_text(encoding="utf-8")


# --- files and caches ----------------------------------------------------------------------

def test_a_page_that_is_not_utf8_is_named_with_its_line_in_build_and_pytest(tmp_path):
    root = project(tmp_path, {"latin1.md": "# t\n\ncaf\xe9\n".encode("latin-1")})
    for env in ({}, {"KBEXEC_ENABLED": "false"}):
        build = mkdocs_build(root, **env)
        assert build.returncode == 1
        assert "docs/latin1.md:3: not UTF-8 text: byte 0xe9 at column 4 cannot be decoded" in build.stderr
        assert "Traceback" not in build.stderr
    tested = pytest_run(root, "docs")
    assert "docs/latin1.md:3: not UTF-8 text: byte 0xe9 at column 4" in tested.stdout and tested.returncode == 1


def test_a_corrupt_cache_entry_is_recomputed(tmp_path):
    root = project(tmp_path, {"p.md": "```python exec\nprint('fine')\n```\n"})
    assert mkdocs_build(root).returncode == 0
    (entry,) = (root / ".cache" / "kbexec").glob("*.entry")
    entry.write_bytes(entry.read_bytes()[:-7] + b"garbage")
    build = mkdocs_build(root)
    assert build.returncode == 0 and "1 run, 0 from cache" in build.stderr
    assert "fine" in (root / "out" / "p" / "index.html").read_text(encoding="utf-8")
    assert "0 run, 1 from cache" in mkdocs_build(root).stderr


def test_a_cache_that_cannot_be_written_slows_the_build_but_does_not_stop_it(tmp_path):
    root = project(tmp_path, {"p.md": "```python exec\nprint('fine')\n```\n"})
    (root / "blocked").write_text("a file where the cache's folder should be")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace(
        "      timeout: 2\n", "      timeout: 2\n      cache_dir: blocked/cache\n"))
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    assert "kbexec: results were not kept for the next build: cannot write the cache:" in build.stderr


def test_a_failing_build_keeps_the_last_good_cache_entry_of_its_page(tmp_path):
    root = project(tmp_path, {"p.md": "```python exec\nprint('good')\n```\n"})
    assert mkdocs_build(root).returncode == 0
    good = sorted((root / ".cache" / "kbexec").glob("*.entry"))
    (root / "docs" / "p.md").write_text("```python exec\nassert False, 'broken'\n```\n")
    assert mkdocs_build(root).returncode == 1
    assert sorted((root / ".cache" / "kbexec").glob("*.entry")) == good
    (root / "docs" / "p.md").write_text("```python exec\nprint('good')\n```\n")  # the writer undoes it
    assert "0 run, 1 from cache" in mkdocs_build(root).stderr


def test_two_builds_at_once_share_the_cache_without_harm(tmp_path):
    pages = {f"p{i}.md": f"```python exec\nimport time\ntime.sleep(0.3)\nprint({i})\n```\n" for i in range(8)}
    root = project(tmp_path, pages)
    (root / ".cache" / "kbexec").mkdir(parents=True)
    for n in range(3):  # another build's half-written entry, as prune sees it
        (root / ".cache" / "kbexec" / f"other-build-{n}.tmp").write_bytes(b"half")
    builds = [subprocess.Popen([str(BIN / "mkdocs"), "build", "-d", f"out{n}"], cwd=root, env=ENV, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(2)]
    outputs = [b.communicate(timeout=300) for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert len(list((root / ".cache" / "kbexec").glob("other-build-*.tmp"))) == 3  # young: not deleted
    third = mkdocs_build(root)
    assert "0 run, 8 from cache" in third.stderr


def page_processes(root: Path) -> list[int]:
    """Processes working in `root` (page processes run there), other than this test's."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if os.readlink(proc / "cwd") == str(root) and b"kbexec" in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def test_kill_9_of_a_build_leaves_no_process_and_a_correct_cache(tmp_path):
    root = project(tmp_path, {
        "a.md": "```python exec\nprint('a')\n```\n",
        "stubborn.md": "```python exec timeout=600\nwhile True:\n    try:\n        while True:\n            pass\n"
                       "    except BaseException:\n        pass\n```\n",
    })
    build = subprocess.Popen([str(BIN / "mkdocs"), "build", "-d", "out"], cwd=root, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(page_processes(root)) < 2 and time.monotonic() < deadline:  # fork server + the stubborn page
        time.sleep(0.1)
    assert page_processes(root), "the build never started its page processes"
    time.sleep(1.0)  # a.md has finished and been stored meanwhile
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while page_processes(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert page_processes(root) == []
    (root / "docs" / "stubborn.md").write_text("# fixed\n")
    after = mkdocs_build(root)
    assert after.returncode == 0 and "0 run, 1 from cache" in after.stderr  # a.md's entry is intact


# --- the writer's loop and the last good site ----------------------------------------------

def test_serve_keeps_serving_a_false_claim_in_the_page_then_recovers(tmp_path):
    root = project(tmp_path, {"p.md": "```python exec\nprint('第一版')\n```\n"})
    (root / "mkdocs.yml").write_text("strict: true\n" + (root / "mkdocs.yml").read_text())
    port = 18500 + os.getpid() % 400
    serve = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(serve.stdout), daemon=True).start()

    def page_shows(text: str, limit: float = 60) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                if text in urllib.request.urlopen(f"http://127.0.0.1:{port}/p/", timeout=5).read().decode():
                    return True
            except OSError:
                pass
            time.sleep(0.2)
        return False

    try:
        assert page_shows("第一版"), "".join(log)
        (root / "docs" / "p.md").write_text("```python exec\nassert 1 + 1 == 3, '算错了'\n```\n")
        assert page_shows("docs/p.md:2: AssertionError: 算错了"), "".join(log)
        (root / "docs" / "p.md").write_text("```python exec\nprint('第二版')\n```\n")
        assert page_shows("第二版"), "".join(log)
    finally:
        serve.terminate()  # (this test is about serving; stopping is MkDocs' own business)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            raise
    said = "".join(log)
    assert "Aborted" not in said and "kbexec: ✗ docs/p.md:2: AssertionError: 算错了" in said
    deadline = time.monotonic() + 10
    while page_processes(root) and time.monotonic() < deadline:  # its page processes went with it
        time.sleep(0.1)
    assert page_processes(root) == []


def test_a_failed_build_leaves_the_last_good_site(tmp_path):
    root = project(tmp_path, {"p.md": "```python exec\nprint('good')\n```\n"})
    make = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(root), "publish", f"BIN={BIN}"]
    assert subprocess.run(make, env=ENV, capture_output=True).returncode == 0
    good = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "docs" / "p.md").write_text("```python exec\nassert False, 'broken'\n```\n")
    failed = subprocess.run(make, env=ENV, capture_output=True, text=True)
    assert failed.returncode != 0 and "docs/p.md:2: AssertionError: broken" in failed.stderr
    assert {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == good
    assert not (root / ".build" / "site.new").exists()
