"""Static math: the TeX that `pymdownx.arithmatex` (generic mode) leaves in a page's HTML is
rendered to KaTeX HTML at build time, so readers need no math JavaScript and no network, and
the same HTML prints to PDF. KaTeX runs under Node.js from the npm lock file (`node_modules/`).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)
_SERVER = Path(__file__).with_name("js") / "katex_server.js"


@dataclass(frozen=True)
class MathError:
    tex: str
    message: str


class KatexUnavailable(RuntimeError):
    pass


class Katex:
    """A long-lived `node` process that renders one formula per request."""

    def __init__(self, katex_dir: Path):
        self._katex_dir = katex_dir
        self._proc: subprocess.Popen | None = None

    def __enter__(self) -> Katex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def render(self, tex: str, display: bool) -> str:
        """KaTeX HTML for `tex`; raises ValueError with KaTeX's message if it cannot parse."""
        proc = self._ensure_started()
        assert proc.stdin and proc.stdout
        proc.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise KatexUnavailable("the KaTeX process (node) exited unexpectedly")
        answer = json.loads(line)
        if "error" in answer:
            raise ValueError(answer["error"])
        return answer["html"]

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()
            self._proc.wait(timeout=10)
            self._proc = None

    def _ensure_started(self) -> subprocess.Popen:
        if self._proc is None:
            module = self._katex_dir / "dist" / "katex.js"
            if not module.is_file():
                raise KatexUnavailable(f"KaTeX not found at {module}: run `make setup` (npm ci)")
            try:
                self._proc = subprocess.Popen(["node", str(_SERVER), str(module)], text=True,
                                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            except FileNotFoundError:
                raise KatexUnavailable("Node.js (`node`) is needed to render math") from None
        return self._proc


_TEXT_INLINE = re.compile(r"\\\((.+?)\\\)")


def render_math(page_html: str, katex: Katex) -> tuple[str, list[MathError]]:
    """Replace every arithmatex formula in `page_html` by KaTeX HTML; collect the failures."""
    errors: list[MathError] = []
    page_html = _substitute(page_html, _DISPLAY, True, katex, errors)
    return _substitute(page_html, _INLINE, False, katex, errors), errors


def render_text_math(text: str, katex: Katex) -> tuple[str, list[MathError]]:
    """Formulas left as `\\(...\\)` in a plain-text title (a table-of-contents entry)."""
    errors: list[MathError] = []
    return _substitute(text, _TEXT_INLINE, False, katex, errors), errors


def _substitute(text: str, pattern: re.Pattern, display: bool, katex: Katex, errors: list[MathError]) -> str:
    """Each TeX match of `pattern` → KaTeX HTML; one KaTeX cannot parse stays, and is recorded."""
    def replace(match: re.Match) -> str:
        tex = html.unescape(match.group(1)).strip()
        try:
            rendered = katex.render(tex, display)
        except ValueError as e:
            errors.append(MathError(tex, str(e)))
            return match.group(0)
        return f'<div class="kb-math">{rendered}</div>' if display else rendered

    return pattern.sub(replace, text)


def formula_line(markdown: str, tex: str) -> int | None:
    """The 1-based line of `markdown` where `tex` starts (for error messages), if found."""
    first = tex.strip().splitlines()[0].strip() if tex.strip() else ""
    index = markdown.find(first) if first else -1
    return markdown.count("\n", 0, index) + 1 if index >= 0 else None
