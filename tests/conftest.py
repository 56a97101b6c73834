"""Fixtures: temporary sites built in-process, and the real project's paths."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["browsing"]  # the browser and the served site: one of each per worker, for every test file

MKDOCS_YML = """\
site_name: test site
docs_dir: docs
theme: {name: material, language: zh, font: false}
plugins:
  - kbexec:
      timeout: %(timeout)s
markdown_extensions: [admonition, attr_list, pymdownx.superfences, pymdownx.highlight,
                      {pymdownx.tabbed: {alternate_style: true}}]
"""


# `make test` hands whole files to workers in this order (pytest-xdist --dist loadfile
# --no-loadscope-reorder): first the long ones — the real site's build, and the files that do not
# need it, running meanwhile — then those that wait for it, the PDF (the longest) first; the many
# short files (every page's blocks) come last and fill the workers' ends evenly.
LONG_FIRST = ["test_site.py", "test_faults.py", "test_cache.py", "test_pdf.py", "test_browser.py",
              "test_reading.py", "test_accessibility.py"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONG_FIRST.index(name) if item.path.parent == ROOT / "tests" and name in LONG_FIRST else len(LONG_FIRST)

    items.sort(key=rank)  # stable: the rest keep pytest's order (tests/, then docs/, then snippets/)


@dataclass
class Build:
    ok: bool
    error: str  # the PluginError text ("" when ok)
    site: Path
    warnings: list[str]

    def html(self, page: str) -> str:
        return (self.site / page / "index.html").read_text(encoding="utf-8")


class Site:
    """A throwaway MkDocs project: write pages and snippets, build it, read the HTML."""

    def __init__(self, root: Path, timeout: float = 10):
        self.root = root
        (root / "docs").mkdir(parents=True)
        (root / "snippets").mkdir()
        (root / "mkdocs.yml").write_text(MKDOCS_YML % {"timeout": timeout})
        if not (root / "docs" / "index.md").exists():
            self.page("index.md", "# home\n")

    def page(self, name: str, text: str) -> Path:
        path = self.root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def snippet(self, name: str, text: str) -> Path:
        path = self.root / "snippets" / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def build(self, caplog: pytest.LogCaptureFixture | None = None, command: str = "build") -> Build:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, PluginError

        site = self.root / "site"
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command=command, dirty=False)
        try:
            build(config)
        except (PluginError, Abort) as e:
            errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] if caplog else []
            return Build(False, "\n".join(errors) or str(e), site, _warnings(caplog))
        finally:
            config.plugins.on_shutdown()
        return Build(True, "", site, _warnings(caplog))


def _warnings(caplog) -> list[str]:
    if caplog is None:
        return []
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    monkeypatch.chdir(tmp_path)
    return Site(tmp_path / "proj")


@dataclass(frozen=True)
class RealSite:
    directory: Path  # the built site
    log: tuple[tuple[int, str], ...]  # (level, message) of the build


@pytest.fixture(scope="session")
def real_site() -> RealSite:
    """The knowledge base built once per test run, executing every block (no cache).

    Under pytest-xdist every worker asks for it: the first builds it while holding a lock, the
    others wait and read what it built (the run's id tells a build of this run from an old one)."""
    site = ROOT / ".build" / "test-site"
    stamp, log_file = site.with_name("test-site.run"), site.with_name("test-site.log.json")
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"serial-{os.getpid()}"
    site.parent.mkdir(parents=True, exist_ok=True)
    with open(site.with_name("test-site.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.is_file() and stamp.read_text() == run_id and log_file.is_file()):
            stamp.unlink(missing_ok=True)
            log = _build_real_site(site)
            log_file.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
            stamp.write_text(run_id)
    log = json.loads(log_file.read_text(encoding="utf-8"))
    return RealSite(site, tuple((level, message) for level, message in log))


def _build_real_site(site: Path) -> list[tuple[int, str]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    old, cwd = os.environ.get("KBEXEC_CACHE"), os.getcwd()
    os.environ["KBEXEC_CACHE"] = "false"
    os.chdir(ROOT)  # mkdocs.yml names some files relative to the working directory
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
        logger.setLevel(level)
        os.environ.pop("KBEXEC_CACHE") if old is None else os.environ.__setitem__("KBEXEC_CACHE", old)
    return [(r.levelno, r.getMessage()) for r in records]
