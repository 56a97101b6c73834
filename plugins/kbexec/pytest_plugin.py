"""pytest adapter: one test item per executable block of every page in docs/, plus the doctests
of snippets/*.py. The only module that imports pytest.

Items of a page share one page process, stepped block by block by the same runner the build
uses, so `pytest -k` on one block still runs the blocks before it (silently) in its namespace.
Failure text is `Failure.render()`, byte for byte what `mkdocs build` prints. pytest never
reads the build's cache.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from .model import Block, BlockResult, Failure, Kind, ParseError, Status
from .project import Project
from .runner import DocumentRun
from .sandbox import landlock_abi
from .zygote import Zygote

_PROJECT = pytest.StashKey["Project | None"]()
_ZYGOTE = pytest.StashKey[Zygote]()


def pytest_configure(config: pytest.Config) -> None:
    mkdocs_yml = config.rootpath / "mkdocs.yml"
    config.stash[_PROJECT] = Project.from_mkdocs_yml(mkdocs_yml) if mkdocs_yml.is_file() else None


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.stash.get(_PROJECT, None) is None:
        return None
    abi = landlock_abi()
    return (f"kbexec: page processes in a Landlock sandbox (ABI {abi})" if abi else
            "kbexec: this kernel has no Landlock: blocks are not kept from writing outside their scratch folder")


def pytest_unconfigure(config: pytest.Config) -> None:
    zygote = config.stash.get(_ZYGOTE, None)
    if zygote is not None:
        zygote.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    project = parent.config.stash.get(_PROJECT, None)
    if project is None:
        return None
    if project.is_page(file_path) or (project.is_snippet(file_path)
                                      and b">>>" in file_path.read_bytes()):
        return DocumentFile.from_parent(parent, path=file_path)
    return None


class BlockFailed(Exception):
    def __init__(self, failure: Failure):
        super().__init__(failure.render())
        self.failure = failure


class DocumentFile(pytest.File):
    """A page (or snippet module); its page process lives from the first to the last item run."""

    def collect(self):
        project: Project = self.config.stash[_PROJECT]
        self.document = project.parse(self.path)
        for error in self.document.errors:  # a failing test each: the session goes on, like the build
            yield ParseErrorItem.from_parent(self, name=f"parse-error-L{error.line}", error=error)
        for block in self.document.blocks:
            if block.kind is Kind.DOCTEST or self.path.suffix != ".py":  # a module's own code is setup
                yield BlockItem.from_parent(self, name=block.name, block=block)

    def setup(self) -> None:
        self._run: DocumentRun | None = None

    def teardown(self) -> None:
        if self._run is not None:
            self._run.close()
            self._run = None

    def result_of(self, block: Block) -> BlockResult:
        if self._run is None or self._run.done or self._run.next_index > block.index:
            if self._run is not None:
                self._run.close()
            project: Project = self.config.stash[_PROJECT]
            # no page to show: figures are drawn (to fail as in the build), not encoded as PNGs
            settings = replace(project.settings, figures_as_png=False)
            self._run = DocumentRun(self.document, _zygote(self.config, project), settings)
        return self._run.run_to(block.index)


class ParseErrorItem(pytest.Item):
    """A page the parser could not read entirely (a bad option, an unterminated fence, …)."""

    def __init__(self, *, error: ParseError, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise BlockFailed(Failure(self.error.path, self.error.line, self.error.message))

    def repr_failure(self, excinfo, style=None):
        return str(excinfo.value) if isinstance(excinfo.value, BlockFailed) else super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.error.line - 1, f"{self.error.path}:{self.error.line}"


class BlockItem(pytest.Item):
    def __init__(self, *, block: Block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    def runtest(self) -> None:
        result = self.parent.result_of(self.block)
        if result.status is not Status.PASSED:
            raise BlockFailed(result.failure)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, BlockFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, self.block.line - 1, self.block.location


def _zygote(config: pytest.Config, project: Project) -> Zygote:
    if _ZYGOTE not in config.stash:
        config.stash[_ZYGOTE] = Zygote(project.root)
    return config.stash[_ZYGOTE]
