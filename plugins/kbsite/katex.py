"""Static math: the TeX that `pymdownx.arithmatex` (generic mode) leaves in a page's HTML is
rendered to KaTeX HTML at build time, so readers need no math JavaScript and no network, and
the same HTML prints to PDF. KaTeX runs under Node.js from the npm lock file (`node_modules/`).

Each distinct formula is rendered once: results are kept in a `FormulaCache` keyed by the TeX,
the display mode and the KaTeX version (with the options of `js/katex_server.js`), stored on
disk between builds, so a warm build starts no Node.js process at all.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .store import JsonStore

_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)
_SERVER = Path(__file__).with_name("js") / "katex_server.js"


@dataclass(frozen=True)
class MathError:
    tex: str
    message: str


class KatexUnavailable(RuntimeError):
    pass


class FormulaCache:
    """Rendered formulas by (display mode, TeX), for one KaTeX version (see `store.JsonStore`)."""

    def __init__(self, path: Path | None, version: str):
        self._store = JsonStore(path, version)
        self.start_build, self.save = self._store.start_build, self._store.save

    @staticmethod
    def _key(tex: str, display: bool) -> str:
        return ("D:" if display else "I:") + tex

    def get(self, tex: str, display: bool) -> str | None:
        return self._store.get(self._key(tex, display))

    def put(self, tex: str, display: bool, rendered: str) -> None:
        self._store.put(self._key(tex, display), rendered)


def katex_version(katex_dir: Path) -> str:
    """The KaTeX release and the options we render with: what a cached formula depends on."""
    try:
        release = json.loads((katex_dir / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        release = "unknown"
    return f"{release}-{hashlib.sha256(_SERVER.read_bytes()).hexdigest()[:16]}"


class Katex:
    """Renders formulas: from the cache, else with a long-lived `node` process started on demand."""

    def __init__(self, katex_dir: Path, cache: FormulaCache | None = None):
        self._katex_dir = katex_dir
        self._proc: subprocess.Popen | None = None
        self.cache = cache or FormulaCache(None, "")
        self.rendered = 0  # formulas that needed KaTeX (cache misses) since the start
        self._answers: dict[tuple[str, bool], ValueError] = {}  # formulas KaTeX could not parse

    def __enter__(self) -> Katex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def render(self, tex: str, display: bool) -> str:
        """KaTeX HTML for `tex`; raises ValueError with KaTeX's message if it cannot parse."""
        self.prepare([(tex, display)])
        answer = self._answers.pop((tex, display), None)
        if isinstance(answer, ValueError):
            raise answer
        return self.cache.get(tex, display)

    def prepare(self, formulas: list[tuple[str, bool]]) -> None:
        """Render at once, in one request, every formula of `formulas` that is not kept yet
        (a page's formulas: one round trip to Node.js instead of one per formula)."""
        missing = list(dict.fromkeys(f for f in formulas if self.cache.get(*f) is None))
        if not missing:
            return
        proc = self._ensure_started()
        assert proc.stdin and proc.stdout
        proc.stdin.write(json.dumps([{"tex": tex, "display": display} for tex, display in missing]) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise KatexUnavailable("the KaTeX process (node) exited unexpectedly")
        for formula, answer in zip(missing, json.loads(line)):
            if "error" in answer:
                self._answers[formula] = ValueError(answer["error"])
            else:
                self.rendered += 1
                self.cache.put(*formula, answer["html"])

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
    katex.prepare([(html.unescape(m.group(1)).strip(), True) for m in _DISPLAY.finditer(page_html)]
                  + [(html.unescape(m.group(1)).strip(), False) for m in _INLINE.finditer(page_html)])
    errors: list[MathError] = []
    page_html = _substitute(page_html, _DISPLAY, True, katex, errors)
    return _substitute(page_html, _INLINE, False, katex, errors), errors


def render_text_math(text: str, katex: Katex) -> tuple[str, list[MathError]]:
    """Formulas left as `\\(...\\)` in a plain-text title (a table-of-contents entry)."""
    errors: list[MathError] = []
    return _substitute(text, _TEXT_INLINE, False, katex, errors), errors


def _substitute(text: str, pattern: re.Pattern, display: bool, katex: Katex, errors: list[MathError]) -> str:
    """Each TeX match of `pattern` → KaTeX HTML. One KaTeX cannot parse is recorded, and shown
    in the page as its TeX with KaTeX's message (the build fails; `mkdocs serve` shows it)."""
    def replace(match: re.Match) -> str:
        tex = html.unescape(match.group(1)).strip()
        try:
            rendered = katex.render(tex, display)
        except ValueError as e:
            errors.append(MathError(tex, str(e)))
            return (f'<code class="kb-math-error" title="{html.escape(str(e))}">'
                    f"{html.escape(tex)}</code>")
        return f'<div class="kb-math">{rendered}</div>' if display else rendered

    return pattern.sub(replace, text)


def formula_line(markdown: str, tex: str) -> int | None:
    """The 1-based line of `markdown` where `tex` starts (for error messages), if found."""
    first = tex.strip().splitlines()[0].strip() if tex.strip() else ""
    index = markdown.find(first) if first else -1
    return markdown.count("\n", 0, index) + 1 if index >= 0 else None
