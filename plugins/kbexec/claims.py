"""Claims: the checks a page makes, each with a one-line statement written next to it.

A **claim** is an `assert` with a message — the message is its statement — or a `>>>` example
of a doctest, whose statement is the comment on its `>>>` line when there is one, else the
example itself (`expression → expected output`). An `assert` without a message guards the code
and is not counted. An inline value (`=expr` in prose) is a number computed for the prose, not a
check: it is listed with the claims, as a value, but not counted among them.

Each claim has a status in a build: passed, failed (the statement or example that failed), or
not run (after a failure in its page).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from .model import Block, BlockResult, Kind, Status
from .parser import doctest_examples

_DIRECTIVE = re.compile(r"#\s*doctest:.*$")
_COMMENT = re.compile(r"\s#\s*(.+?)\s*$")


class ClaimKind(str, Enum):
    ASSERT = "assert"
    DOCTEST = "doctest"
    VALUE = "value"  # listed, not counted


@dataclass(frozen=True)
class Claim:
    block: Block
    line: int  # the line of the check in `block.code_path` (the page, the snippet file or the cell)
    kind: ClaimKind
    statement: str

    @property
    def counted(self) -> bool:
        return self.kind is not ClaimKind.VALUE


def claims_of(block: Block) -> tuple[Claim, ...]:
    """The claims of one block, in the order they run."""
    return tuple(Claim(block, block.code_line + offset, kind, statement)
                 for offset, kind, statement in _found(block.kind, block.code))


@lru_cache(maxsize=8192)  # a pure function of the code: every build parses the same blocks again
def _found(kind: Kind, code: str) -> tuple[tuple[int, ClaimKind, str], ...]:
    if kind is Kind.VALUE:
        return ((0, ClaimKind.VALUE, code),)
    if kind is Kind.DOCTEST:
        found = []
        for example in doctest_examples(code):
            first = example.source.splitlines()[0]
            comment = _COMMENT.search(_DIRECTIVE.sub("", first))
            statement = comment.group(1) if comment else \
                f"{_DIRECTIVE.sub('', first).strip()} → {' '.join(example.want.split()) or '(nothing)'}"
            found.append((example.lineno, ClaimKind.DOCTEST, statement))
        return tuple(found)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return ()
    asserts = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Assert) and n.msg is not None),
                     key=lambda n: (n.lineno, n.col_offset))
    return tuple((n.lineno - 1, ClaimKind.ASSERT, _statement(n.msg)) for n in asserts)


def _statement(message: ast.expr) -> str:
    """The assert's message as written: its text, or the f-string with its `{fields}`."""
    if isinstance(message, ast.Constant) and isinstance(message.value, str):
        text = message.value
    elif isinstance(message, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
                       for part in message.values)
    else:
        text = ast.unparse(message)
    return " ".join(text.split())


def statuses(result: BlockResult) -> tuple[tuple[Claim, Status], ...]:
    """Each claim of a block with its status in this build: passed, failed at its line, or not
    run (after the failure, in the block or in the page before it)."""
    claims = claims_of(result.block)
    if result.status is Status.PASSED:
        return tuple((c, Status.PASSED) for c in claims)
    if result.status is Status.NOT_RUN or result.failure is None:
        return tuple((c, Status.NOT_RUN) for c in claims)
    failure = result.failure
    line = failure.code_line if failure.code_path == result.block.code_path and failure.code_line else failure.line
    out = []
    for claim in claims:
        status = Status.PASSED if claim.line < line else Status.FAILED if claim.line == line else Status.NOT_RUN
        out.append((claim, status))
    return tuple(out)
