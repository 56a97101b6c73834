"""Fixtures: temporary sites built in-process, and the real project's paths."""

from __future__ import annotations

import logging
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

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
def real_site(tmp_path_factory) -> RealSite:
    """The knowledge base built once per test session, executing every block (no cache)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    site = ROOT / ".build" / "test-site"
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
    return RealSite(site, tuple((r.levelno, r.getMessage()) for r in records))
