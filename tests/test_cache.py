"""The execution cache: what re-runs after which edit (behaviour, not timing)."""

from __future__ import annotations

import logging
import re

import pytest

from kbexec.cache import ResultCache

PAGE_A = """\
    # A

    ```python exec
    from helper import scale
    print(scale * 2)
    ```

    ```python exec
    import matplotlib.pyplot as plt
    plt.plot([0, 1], [0, scale])
    ```
    """

PAGE_B = """\
    # B

    ```python exec
    print(open("data/values.txt").read().strip())
    ```
    """


@pytest.fixture
def cached_site(site):
    site.snippet("helper.py", "scale = 3\n")
    (site.root / "data").mkdir()
    (site.root / "data" / "values.txt").write_text("1 2 3\n")
    site.page("a.md", PAGE_A)
    site.page("b.md", PAGE_B)
    site.page("c.md", "# C\n\n```python exec\nprint('c')\n```\n")
    return site


def counts(site, caplog) -> tuple[int, int]:
    """(blocks run, blocks from cache) of one build."""
    caplog.clear()
    caplog.set_level(logging.INFO)
    build = site.build(caplog)
    assert build.ok, build.error
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("kbexec: ")]
    run, cached = map(int, re.search(r"(\d+) run, (\d+) from cache", line).groups())
    return run, cached


def entries(site) -> list:
    return sorted((site.root / ".cache" / "kbexec").glob("*.entry"))


def test_a_warm_rebuild_runs_nothing_and_gives_the_same_html(cached_site, caplog):
    assert counts(cached_site, caplog) == (4, 0)
    first = cached_site.build().html("a")
    assert counts(cached_site, caplog) == (0, 4)
    assert cached_site.build().html("a") == first


def test_editing_prose_runs_nothing(cached_site, caplog):
    counts(cached_site, caplog)
    cached_site.page("a.md", PAGE_A.replace("# A", "# A\n\n    新增一段说明。\n\n    更多说明。"))
    assert counts(cached_site, caplog) == (0, 4)
    assert "新增一段说明" in cached_site.build().html("a")


def test_editing_one_block_reruns_only_its_page(cached_site, caplog):
    counts(cached_site, caplog)
    cached_site.page("a.md", PAGE_A.replace("scale * 2", "scale * 4"))
    assert counts(cached_site, caplog) == (2, 2)
    assert "12" in cached_site.build().html("a")


def test_editing_a_helper_reruns_exactly_the_pages_that_import_it(cached_site, caplog):
    counts(cached_site, caplog)
    cached_site.snippet("helper.py", "scale = 5\n")
    assert counts(cached_site, caplog) == (2, 2)
    assert "10" in cached_site.build().html("a")


def test_editing_a_data_file_reruns_the_page_that_reads_it(cached_site, caplog):
    counts(cached_site, caplog)
    (cached_site.root / "data" / "values.txt").write_text("4 5 6\n")
    assert counts(cached_site, caplog) == (1, 3)
    assert "4 5 6" in cached_site.build().html("b")


def test_a_corrupt_or_partial_entry_is_recomputed(cached_site, caplog):
    counts(cached_site, caplog)
    first, second, third = entries(cached_site)
    first.write_bytes(first.read_bytes()[:-10])  # interrupted write
    second.write_bytes(second.read_bytes()[:-1] + b"!")  # flipped byte
    third.write_bytes(b"")
    assert counts(cached_site, caplog) == (4, 0)
    assert counts(cached_site, caplog) == (0, 4)


def test_refresh_reruns_everything(cached_site, caplog):
    counts(cached_site, caplog)
    yml = cached_site.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("timeout:", "refresh: true\n      timeout:"))
    assert counts(cached_site, caplog) == (4, 0)


def test_failures_are_never_cached(cached_site, caplog):
    counts(cached_site, caplog)
    cached_site.page("c.md", "```python exec\nassert False, 'nope'\n```\n")
    assert not cached_site.build(caplog).ok
    assert not cached_site.build(caplog).ok  # still executed, still failing
    assert len(entries(cached_site)) == 3  # no entry for the failure; c.md's last good one is kept


def test_stale_entries_are_cleaned_up(cached_site, caplog):
    counts(cached_site, caplog)
    assert len(entries(cached_site)) == 3
    (cached_site.root / "docs" / "c.md").unlink()
    cached_site.page("a.md", PAGE_A.replace("scale * 2", "scale * 7"))
    counts(cached_site, caplog)
    assert len(entries(cached_site)) == 2


def test_disabled_cache_writes_nothing(cached_site, caplog):
    yml = cached_site.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("timeout:", "cache: false\n      timeout:"))
    assert counts(cached_site, caplog) == (4, 0)
    assert counts(cached_site, caplog) == (4, 0)
    assert entries(cached_site) == []


def test_the_cache_lives_outside_docs(cached_site, caplog):
    counts(cached_site, caplog)
    assert not list((cached_site.root / "docs").rglob("*.entry"))
    assert not list((cached_site.root / "snippets").rglob("__pycache__"))


def test_unknown_entry_format_is_a_miss(tmp_path):
    from kbexec.model import Document
    cache = ResultCache(tmp_path, tmp_path)
    (tmp_path / "k.entry").write_bytes(b"something else entirely")
    assert cache.get("k", Document("docs/x.md", ())) is None
    assert not (tmp_path / "k.entry").exists()
