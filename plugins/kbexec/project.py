"""Where things are: the project root, the docs folder, the snippets folder, and how both
front ends find the documents. Read from `mkdocs.yml` by pytest, from MkDocs' config by the plugin."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import DEFAULT_TIMEOUT, Document, ParseError
from .parser import parse_notebook, parse_page, parse_snippet
from .runner import RunSettings
from .sandbox import default_memory_limit

PLUGIN_NAME = "kbexec"


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    snippets_dir: Path
    timeout: float = DEFAULT_TIMEOUT
    memory_limit: int | None = None  # bytes per page process; None: sized for the machine
    max_output: int = 100_000  # characters of printed output kept per block
    jobs: int = 0  # parallel page processes; 0: one per CPU core

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> Project:
        """The settings MkDocs would use, read without importing MkDocs."""
        config = read_mkdocs_yml(config_file)
        options: dict = {}
        for entry in config.get("plugins") or []:
            if isinstance(entry, dict) and PLUGIN_NAME in entry:
                options = entry[PLUGIN_NAME] or {}
        root = config_file.parent.resolve()
        mib = options.get("memory_limit") or 0
        return cls(root, root / config.get("docs_dir", "docs"),
                   root / options.get("snippets_dir", "snippets"),
                   float(options.get("timeout", DEFAULT_TIMEOUT)), int(mib) << 20 or None,
                   int(options.get("max_output") or 100_000), int(options.get("jobs") or 0))

    @property
    def settings(self) -> RunSettings:
        jobs = self.jobs or os.cpu_count() or 1
        return RunSettings(self.root, self.snippets_dir, self.timeout,
                           memory_limit=self.memory_limit or default_memory_limit(jobs),
                           max_output=self.max_output)

    def label(self, path: Path) -> str:
        """How locations name a file: relative to the root, with forward slashes."""
        return Path(os.path.relpath(path, self.root)).as_posix()

    def is_page(self, path: Path) -> bool:
        try:
            parts = path.resolve().relative_to(self.docs_dir.resolve()).parts
        except ValueError:
            return False
        return path.suffix in (".md", ".ipynb") and not any(p.startswith(".") for p in parts)

    def is_snippet(self, path: Path) -> bool:
        return path.suffix == ".py" and path.resolve().parent == self.snippets_dir.resolve()

    def parse(self, path: Path, text: str | None = None) -> Document:
        """Parse a page or a snippet module (its doctests) of this project. A file that is not
        UTF-8 text is a document whose only content is that error."""
        if text is None:
            text = read_source(path)
            if isinstance(text, ParseError):
                return Document(self.label(path), (), (ParseError(self.label(path), text.line, text.message),))
        if self.is_snippet(path):
            return parse_snippet(text, self.label(path))
        if path.suffix == ".ipynb":
            return parse_notebook(text, self.label(path))
        return parse_page(text, self.label(path), self.snippets_dir, self.label(self.snippets_dir))


def read_source(path: Path) -> str | ParseError:
    """The text of a page, or where and why it is not UTF-8 (the line and column of the first
    undecodable byte)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return ParseError(str(path), line, f"not UTF-8 text: byte 0x{data[e.start]:02x} at column {column} "
                                           "cannot be decoded; save the file as UTF-8")


def read_mkdocs_yml(config_file: Path) -> dict:
    """mkdocs.yml as plain data; tagged values (`!ENV`, `!!python/name:`) read as None."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; their values don't matter here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
