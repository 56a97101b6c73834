"""Inside a page process: run blocks in one namespace, capture output and figures, and turn
exceptions and doctest mismatches into located failures.

This module runs only in worker processes (children of the zygote), one process per document,
so a block may change the working directory, matplotlib settings or global state freely.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import os
import signal
import sys
import time
import traceback
from dataclasses import dataclass, replace
from types import CodeType, TracebackType

from .doctests import DEFAULT_FLAGS, NumberChecker, expected_got
from .figures import collect_figures
from .model import Block, Failure, Figure, Kind
from .parser import doctest_examples
from .reads import ReadTracker



class BlockTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so that `except Exception` in a block cannot hide it."""


@dataclass(frozen=True)
class Outcome:
    output: str
    figures: tuple[Figure, ...]
    failure: Failure | None
    reads: tuple[str, ...] = ()  # project files first read during this block (for the cache)
    cpu_seconds: float = 0.0


def serve(conn, root: str, module_name: str) -> None:
    """Answer `Block` requests on `conn` until it closes; one namespace for the whole document."""
    os.chdir(root)
    sys.dont_write_bytecode = True  # no __pycache__ in snippets/: `mkdocs serve` watches it
    sys.stdin = open(os.devnull)  # a block that reads input gets EOF at once
    reads = ReadTracker(root)
    sys.displayhook = sys.__displayhook__
    namespace: dict = {"__name__": module_name, "__builtins__": builtins}
    signal.signal(signal.SIGALRM, _on_alarm)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        block, timeout = request
        outcome = run_block(block, timeout, namespace)
        conn.send(replace(outcome, reads=reads.drain()))


def run_block(block: Block, timeout: float, namespace: dict) -> Outcome:
    cpu_started = time.process_time()
    out, err = io.StringIO(), io.StringIO()
    failure = None
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            if block.kind is Kind.DOCTEST:
                failure = _run_doctest(block, namespace, out)
            elif block.kind is Kind.VALUE:
                failure = _run_value(block, namespace, out)
            else:
                failure = _run_code(block, namespace, out, timeout)
    except BlockTimeout as e:  # raised between statements of the runner itself
        failure = _exception_failure(block, e, f"timed out after {timeout:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if failure is not None and err.getvalue().strip():
        failure = Failure(failure.path, failure.line, failure.summary,
                          failure.detail + "\nstderr:\n" + err.getvalue(), failure.code_path, failure.code_line)
    figures = collect_figures(block, keep=failure is None)
    return Outcome(out.getvalue(), figures, failure, cpu_seconds=time.process_time() - cpu_started)


def _on_alarm(signum, frame):
    raise BlockTimeout()


def _compile(source: str, block: Block, first_line: int, mode: str) -> CodeType:
    try:
        tree = ast.parse(source, filename=block.code_path, mode=mode)
    except SyntaxError as e:  # its line is relative to `source`: move it into the file
        e.lineno = (e.lineno or 1) + first_line - 1
        e.end_lineno = e.end_lineno and e.end_lineno + first_line - 1
        raise
    ast.increment_lineno(tree, first_line - 1)
    if block.code_path == block.path and block.indent:  # columns too, for traceback carets
        for node in ast.walk(tree):
            if hasattr(node, "end_col_offset") and node.end_col_offset is not None:
                node.col_offset += len(block.indent)
                node.end_col_offset += len(block.indent)
    return compile(tree, block.code_path, mode, dont_inherit=True)


def _run_code(block: Block, namespace: dict, out: io.StringIO, timeout: float) -> Failure | None:
    expected = block.options.raises
    try:
        exec(_compile(block.code, block, block.code_line, "exec"), namespace)
    except BlockTimeout as e:
        return _exception_failure(block, e, f"timed out after {timeout:g} s")
    except BaseException as e:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are block failures too
        if expected and expected in {cls.__name__ for cls in type(e).__mro__}:
            out.write("".join(traceback.format_exception_only(type(e), e)))
            return None
        return _exception_failure(block, e)
    if expected:
        return _failure_at(block, block.line if block.code_path != block.path else block.code_line,
                           f"expected {expected} to be raised, but the block finished without it")
    return None


def _run_doctest(block: Block, namespace: dict, out: io.StringIO) -> Failure | None:
    checker = NumberChecker()
    for example in doctest_examples(block.code):
        line = block.code_line + example.lineno
        flags = DEFAULT_FLAGS
        for flag, on in example.options.items():
            flags = flags | flag if on else flags & ~flag
        start = out.tell()
        exc_text = None
        try:
            exec(_compile(example.source, block, line, "single"), namespace)
        except BlockTimeout:
            raise
        except BaseException as e:  # noqa: BLE001
            if example.exc_msg is None:
                return _exception_failure(block, e, source=example.source)
            exc_text = "".join(traceback.format_exception_only(type(e), e))
        got = out.getvalue()[start:]
        if example.exc_msg is not None:
            if exc_text is None:
                return _failure_at(block, line, "doctest example failed: expected an exception",
                                   expected_got(example.source, example.exc_msg, got))
            if not checker.check_output(example.exc_msg, exc_text, flags):
                return _failure_at(block, line, "doctest example failed: wrong exception",
                                   expected_got(example.source, example.exc_msg, exc_text))
        elif not checker.check_output(example.want, got, flags):
            return _failure_at(block, line, "doctest example failed",
                               expected_got(example.source, example.want, got))
    return None


def _run_value(block: Block, namespace: dict, out: io.StringIO) -> Failure | None:
    """An inline value: the f-string field `{expr}` evaluated in the page's namespace."""
    try:
        code = _compile("f" + repr("{" + block.code + "}"), block, block.line, "eval")
        out.write(str(eval(code, namespace)))
    except BlockTimeout:
        raise
    except BaseException as e:  # noqa: BLE001
        return _exception_failure(block, e)
    return None


def _failure_at(block: Block, code_line: int, summary: str, detail: str = "") -> Failure:
    """A failure at `code_line` of the block's code file, located in the page."""
    if block.code_path == block.path:
        return Failure(block.path, code_line, summary, detail)
    return Failure(block.path, block.line, summary, detail, block.code_path, code_line)


def _exception_failure(block: Block, e: BaseException, summary: str | None = None,
                       source: str | None = None) -> Failure:
    tb = _trim(e.__traceback__, block.code_path)
    line = _innermost_line(e, tb, block.code_path)
    if summary is None:
        summary = "".join(traceback.format_exception_only(type(e), e)).strip().splitlines()[-1]
        if isinstance(e, AssertionError) and not e.args:
            summary += f" ({_source_line(block, line)})"
        if isinstance(e, SystemExit):
            summary = f"the block called sys.exit({e.code!r})"
    detail = ""
    if tb is not None:
        trace = traceback.TracebackException(type(e), e, tb)
        while len(trace.stack) > 1 and trace.stack[-1].filename == __file__:
            trace.stack.pop()  # the SIGALRM handler's own frame
        detail = "".join(trace.format())
    return _failure_at(block, line if line is not None else block.code_line, summary, detail)


def _trim(tb: TracebackType | None, code_path: str) -> TracebackType | None:
    """Drop the runner's own frames: the traceback starts in the block's code."""
    while tb is not None and tb.tb_frame.f_code.co_filename != code_path:
        tb = tb.tb_next
    return tb


def _innermost_line(e: BaseException, tb: TracebackType | None, code_path: str) -> int | None:
    if isinstance(e, SyntaxError) and e.filename == code_path:
        return e.lineno
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == code_path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _source_line(block: Block, line: int | None) -> str:
    lines = block.code.splitlines()
    index = (line or 0) - block.code_line
    return lines[index].strip() if 0 <= index < len(lines) else "assert"
