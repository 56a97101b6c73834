"""Where things are: the project root, the docs folder, the snippets folder, and how both
front ends find the documents. Read from `mkdocs.yml` by pytest, from MkDocs' config by the plugin."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import DEFAULT_TIMEOUT, Document
from .parser import parse_notebook, parse_page, parse_snippet
from .runner import RunSettings

PLUGIN_NAME = "kbexec"


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    snippets_dir: Path
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> Project:
        """The settings MkDocs would use, read without importing MkDocs."""
        config = read_mkdocs_yml(config_file)
        options: dict = {}
        for entry in config.get("plugins") or []:
            if isinstance(entry, dict) and PLUGIN_NAME in entry:
                options = entry[PLUGIN_NAME] or {}
        root = config_file.parent.resolve()
        return cls(root, root / config.get("docs_dir", "docs"),
                   root / options.get("snippets_dir", "snippets"),
                   float(options.get("timeout", DEFAULT_TIMEOUT)))

    @property
    def settings(self) -> RunSettings:
        return RunSettings(self.root, self.snippets_dir, self.timeout)

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
        """Parse a page or a snippet module (its doctests) of this project."""
        text = path.read_text(encoding="utf-8") if text is None else text
        if self.is_snippet(path):
            return parse_snippet(text, self.label(path))
        if path.suffix == ".ipynb":
            return parse_notebook(text, self.label(path))
        return parse_page(text, self.label(path), self.snippets_dir, self.label(self.snippets_dir))


def read_mkdocs_yml(config_file: Path) -> dict:
    """mkdocs.yml as plain data; tagged values (`!ENV`, `!!python/name:`) read as None."""
    return yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; their values don't matter here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
