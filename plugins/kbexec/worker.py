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
import types
from dataclasses import dataclass, replace
from types import CodeType, TracebackType

from .doctests import DEFAULT_FLAGS, NumberChecker, expected_got
from .figures import collect_figures
from .model import Block, Failure, Figure, Kind
from .parser import doctest_examples
from .reads import ReadTracker
from .sandbox import Limits



class BlockTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so that `except Exception` in a block cannot hide it."""


@dataclass(frozen=True)
class Outcome:
    output: str
    figures: tuple[Figure, ...]
    failure: Failure | None
    reads: tuple[str, ...] = ()  # project files first read during this block (for the cache)
    cpu_seconds: float = 0.0


def serve(conn, root: str, module_name: str, limits: Limits | None = None) -> None:
    """Answer `Block` requests on `conn` until it closes; one namespace for the whole document."""
    limits = limits or Limits(scratch=os.getcwd(), sandbox=False)
    os.chdir(root)
    sys.dont_write_bytecode = True  # no __pycache__ in snippets/: `mkdocs serve` watches it
    sys.stdin = open(os.devnull)  # a block that reads input gets EOF at once
    reads = ReadTracker(root)
    sys.displayhook = sys.__displayhook__
    # The namespace is a real module, registered under its name: classes and functions defined
    # in a block can be pickled (and so sent to `multiprocessing` workers) like a script's.
    module = types.ModuleType(module_name)
    module.__dict__["__builtins__"] = builtins
    sys.modules[module_name] = module
    signal.signal(signal.SIGALRM, _on_alarm)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        block, timeout, figures_as_png = request
        outcome = run_block(block, timeout, module.__dict__, limits, figures_as_png)
        conn.send(replace(outcome, reads=reads.drain()))


def run_block(block: Block, timeout: float, namespace: dict, limits: Limits | None = None,
              figures_as_png: bool = True) -> Outcome:
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
    if failure is not None and failure.summary.startswith(("MemoryError", "_ArrayMemoryError")) and limits \
            and limits.memory_bytes:
        failure = replace(failure, summary=f"MemoryError: the page went over its memory limit "
                                           f"({limits.memory_bytes / 2**30:.1f} GiB, option memory_limit): "
                                           f"{failure.summary.split(': ', 1)[-1]}")
    try:
        figures = collect_figures(block, keep=failure is None, as_png=figures_as_png)
    except Exception as e:  # noqa: BLE001 - drawn after the block: e.g. a label's math that does not parse
        figures = ()
        message = [line for line in str(e).splitlines() if line.strip()]  # matplotlib's math errors end with the cause
        summary = type(e).__name__ + (f": {message[-1].strip()}" if message else "")
        failure = _failure_at(block, block.code_line, f"a figure of this block cannot be drawn: {summary}",
                              "".join(traceback.format_exception(e)))
    output = _cut(out.getvalue(), limits.max_output if limits else None)
    return Outcome(output, figures, failure, cpu_seconds=time.process_time() - cpu_started)


def _cut(output: str, limit: int | None) -> str:
    """Printed output longer than `limit` characters, cut with a note the reader sees."""
    if limit is None or len(output) <= limit:
        return output
    return (output[:limit].rstrip("\n") + f"\n… [输出过长，已截断：共 {len(output):,} 个字符，只显示前 {limit:,} 个"
            "（kbexec 的 max_output 设置）]\n")


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
        failure = _exception_failure(block, e)
        if expected:  # say what was expected instead
            failure = replace(failure, summary=f"{failure.summary} (expected {expected}: raises={expected})")
        return failure
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
    detail, helper = "", None
    if tb is not None:
        trace = traceback.TracebackException(type(e), e, tb)
        while len(trace.stack) > 1 and trace.stack[-1].filename == __file__:
            trace.stack.pop()  # the SIGALRM handler's own frame
        helper = _project_frames(trace, block.code_path)
        detail = "".join(trace.format())
    failure = _failure_at(block, line if line is not None else block.code_line, summary, detail)
    if helper and block.code_path == block.path:  # raised in a helper the page called: name it too
        failure = replace(failure, code_path=helper[0], code_line=helper[1])
    return failure


def _project_frames(trace: traceback.TracebackException, code_path: str) -> tuple[str, int] | None:
    """Name the traceback's project files by their path from the root (the page process runs
    there), and return the innermost frame in a project file other than the block's own."""
    root, innermost = os.getcwd(), None
    for frame in trace.stack:
        frame.line  # noqa: B018 - read the source line while the absolute name still finds it
        if frame.filename.startswith(root + os.sep):
            frame.filename = os.path.relpath(frame.filename, root)
            parts = frame.filename.split(os.sep)
            if frame.filename != code_path and parts[0] not in (".venv", "node_modules") \
                    and "site-packages" not in parts:
                innermost = (frame.filename, frame.lineno)
    return innermost


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
