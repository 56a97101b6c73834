"""The engine's vocabulary: documents, blocks, results, failures.

A *document* is a Markdown page (or a snippet file with doctests). The parser turns it into
*blocks*; the runner turns each block into a *block result*; the renderer turns results back
into Markdown. Everything here is plain, frozen data that pickles and serialises cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

DEFAULT_TIMEOUT = 60.0  # seconds per block, unless the block or the config says otherwise
CELL = "#cell-"  # a notebook cell's code lives at "<notebook>#cell-<number>"


def cell_path(path: str, number: int) -> str:
    """Where the code of cell `number` (from 1, over all cells) of the notebook `path` lives."""
    return f"{path}{CELL}{number}"


class Kind(str, Enum):
    CODE = "code"  # plain Python statements, run top to bottom
    DOCTEST = "doctest"  # `>>>` examples compared with their expected output
    VALUE = "value"  # an inline `=expr` span in prose, evaluated after the page's blocks


class OutputMode(str, Enum):
    TEXT = "text"  # printed output shown as escaped text (default)
    MARKDOWN = "markdown"  # printed output inserted as Markdown
    HTML = "html"  # printed output inserted as raw HTML
    NONE = "none"  # printed output not shown


@dataclass(frozen=True)
class Options:
    """The `key=value` options of an exec fence."""

    file: str | None = None  # embed snippets/<file> instead of the fence body
    hide: bool = False  # hide the source, keep output and figures
    timeout: float | None = None  # seconds; None: the configured default
    raises: str | None = None  # the block must raise this exception (type or base-class name)
    output: OutputMode = OutputMode.TEXT
    id: str | None = None  # a stable name, for `pytest -k` and anchors
    caption: str | None = None  # alt text / caption of the block's figures


@dataclass(frozen=True)
class Block:
    """One executable block, located in its document.

    `code_line` is the 1-based line, in `path`, of the first line of `code`: compile the code
    with that offset and tracebacks point into the page (or into the snippet file).
    """

    path: str  # the document, relative to the project root: "docs/activations.md"
    line: int  # line of the opening fence (1-based, raw file, front matter included)
    end_line: int  # line of the closing fence
    indent: str  # indentation of the fence (blocks inside admonitions and tabs)
    fence: str  # the opening fence characters, e.g. "```"; for a VALUE, the span "`=expr`"
    index: int  # position among the document's blocks
    kind: Kind
    code: str
    code_path: str  # the file the code lives in: `path`, or "snippets/<file>.py"
    code_line: int
    options: Options = field(default_factory=Options)

    column: int = 0  # for a VALUE: where its span starts in the line

    @property
    def name(self) -> str:
        """The test id: `L12` (or `L12-my-id`) for the block at line 12, `V12c5` for the inline
        value at line 12, column 5, `cell-3` for a notebook's third cell."""
        if self.is_cell:
            return f"cell-{self.line}"
        if self.kind is Kind.VALUE:  # several values may share a line
            return f"V{self.line}c{self.column + 1}"
        return f"L{self.line}" + (f"-{self.options.id}" if self.options.id else "")

    @property
    def is_cell(self) -> bool:
        """A code cell of a notebook: `line` is the cell's number, its code is at `path#cell-N`."""
        return self.code_path == cell_path(self.path, self.line)

    @property
    def location(self) -> str:
        return f"{self.code_path}:1" if self.is_cell else f"{self.path}:{self.line}"

    @property
    def claims(self) -> int:
        """How many claims the block makes: asserts with a message, doctest examples (see claims.py)."""
        from .claims import claims_of  # (claims.py builds on this module)

        return sum(claim.counted for claim in claims_of(self))


@dataclass(frozen=True)
class ParseError:
    path: str
    line: int
    message: str

    def render(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Document:
    path: str
    blocks: tuple[Block, ...]
    errors: tuple[ParseError, ...] = ()


@dataclass(frozen=True)
class Figure:
    name: str  # content-hash file name, e.g. "fig-1a2b3c4d5e6f7a8b.png"
    data: bytes


class Status(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"  # an earlier block of the same document failed


@dataclass(frozen=True)
class Failure:
    """Why a block failed, located at the failing statement or example.

    `line` is a line of the document; when the code came from a snippet file,
    `code_path:code_line` locates it in that file as well.
    """

    path: str
    line: int
    summary: str  # one line: "AssertionError: max of σ' is 1/4"
    detail: str = ""  # expected/got, or a trimmed traceback
    code_path: str | None = None
    code_line: int | None = None

    @property
    def in_cell(self) -> bool:
        return bool(self.code_path) and self.code_path.startswith(self.path + CELL)

    @property
    def location(self) -> str:
        """`page:line`, or `notebook#cell-N:line` for a notebook cell."""
        return f"{self.code_path}:{self.code_line}" if self.in_cell else f"{self.path}:{self.line}"

    @property
    def where(self) -> str:
        """The location, plus the snippet file's line when the code came from `snippets/`."""
        if self.code_path and self.code_path != self.path and not self.in_cell:
            return f"{self.location} ({self.code_path}:{self.code_line})"
        return self.location

    def render(self) -> str:
        text = f"{self.where}: {self.summary}"
        return f"{text}\n{self.detail.rstrip()}" if self.detail.strip() else text


@dataclass(frozen=True)
class BlockResult:
    block: Block
    status: Status
    output: str = ""
    figures: tuple[Figure, ...] = ()
    failure: Failure | None = None
    seconds: float = 0.0  # wall time, as the build saw it
    cpu_seconds: float = 0.0  # CPU time of the block in its page process
    reads: tuple[str, ...] = ()  # project files (root-relative) first read by this block

    @property
    def ok(self) -> bool:
        return self.status is Status.PASSED


@dataclass(frozen=True)
class DocumentResult:
    document: Document
    results: tuple[BlockResult, ...]
    from_cache: bool = False

    @property
    def passed(self) -> bool:
        return not self.document.errors and all(r.ok for r in self.results)

    @property
    def reads(self) -> tuple[str, ...]:
        return tuple(sorted({path for r in self.results for path in r.reads}))

    @property
    def problems(self) -> tuple[Failure, ...]:
        """Parse errors and block failures, in document order."""
        parse = tuple(Failure(e.path, e.line, e.message) for e in self.document.errors)
        return parse + tuple(r.failure for r in self.results if r.failure is not None)


@dataclass(frozen=True)
class SiteCounts:
    """What a build verifies: pages with blocks, blocks, claims (asserts with a message and doctest
    examples, see claims.py), figures."""
    pages: int
    blocks: int
    claims: int
    figures: int

    @classmethod
    def of(cls, results: list[DocumentResult]) -> SiteCounts:
        blocks = [b for r in results for b in r.results]
        return cls(pages=len(results), blocks=sum(b.block.kind is not Kind.VALUE for b in blocks),
                   claims=sum(b.block.claims for b in blocks),
                   figures=len({f.name for b in blocks for f in b.figures}))
