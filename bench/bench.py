"""Benchmark of the real pipeline: the real site and synthetic sites that look like it, each
against a bare Material build of the same pages, and against markdown-exec. One run, one table.

    make bench                                   # 50 and 200 synthetic pages + the real site
    make bench ARGS="--sizes 50 200 1000"        # adds the 1,000-page site (several minutes more)

Every time is the median of `--repeat` runs of a whole command in a subprocess; every ratio
compares numbers of this run only. What is measured, per site:

- bare:  the same pages with only the Material theme and its search plugin (exec fences shown
         as code, no notebooks) — what any MkDocs site of these pages pays;
- plain: the site's own configuration with kbexec disabled (KBEXEC_ENABLED=false);
- cold:  the site's configuration with every cache emptied (blocks, formulas, search entries,
         highlighted code, notebooks);
- warm:  again, nothing changed (what `mkdocs serve` pays on a save that changes nothing);
- prose edit, block edit: one sentence, or one constant in one block, of one page changed;
- serve: `mkdocs serve` running; seconds from saving a prose edit until the served page shows it;
- print page: `make pdf`'s assembly of the print page from the built site (linear in the site);
- make pdf (real site): the print page printed to PDF by Chromium, from a built site;
- markdown-exec (synthetic sites): the same pages with its fences, cold and warm.

Targets (shared/design.md): warm ≤ 1.5 × bare; cold ≤ bare + block CPU ÷ cores + 30 %; an edit
runs only its page's blocks; a saved prose edit visible in ≤ 3 s; make pdf ≤ 60 s; faster
than markdown-exec cold, and warm at the bare floor.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from synthetic import page_text, write_site

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SUMMARY = re.compile(r"kbexec: .*?(\d+) blocks: (\d+) run, (\d+) from cache.*?\(block CPU ([\d.]+) s\)")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Run:
    seconds: float
    blocks_run: int | None = None
    block_cpu: float | None = None


@dataclass
class Row:
    name: str
    runs: dict[str, Run] = field(default_factory=dict)

    def s(self, key: str) -> float | None:
        return self.runs[key].seconds if key in self.runs else None


def build(root: Path, config: str = "mkdocs.yml", **env: str) -> Run:
    out = Path(tempfile.mkdtemp(prefix="bench-site-"))
    started = time.perf_counter()
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "-f", config, "-d", str(out)], cwd=root, text=True,
                          capture_output=True, env={**ENV, **env})
    seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    if proc.returncode != 0:
        sys.exit(f"bench: the build failed in {root} ({config}):\n{proc.stderr[-3000:]}")
    m = SUMMARY.search(proc.stderr)
    return Run(seconds, int(m.group(2)) if m else None, float(m.group(4)) if m else None)


def median(runs: list[Run]) -> Run:
    middle = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    return Run(statistics.median(r.seconds for r in runs), middle.blocks_run, middle.block_cpu)


def empty_caches(root: Path) -> None:
    shutil.rmtree(root / ".cache", ignore_errors=True)


def measure_builds(root: Path, repeat: int, bare_config: str, edit: tuple[Path, callable] | None) -> dict[str, Run]:
    runs = {"bare": median([build(root, bare_config) for _ in range(repeat)]),
            "plain": median([build(root, KBEXEC_ENABLED="false") for _ in range(repeat)])}
    colds = []
    for _ in range(repeat):
        empty_caches(root)
        colds.append(build(root))
    runs["cold"] = median(colds)
    runs["warm"] = median([build(root) for _ in range(repeat)])
    if edit is not None:
        page, edited = edit
        original = page.read_text(encoding="utf-8")
        for kind in ("prose", "block"):
            edits = []
            for n in range(repeat):
                page.write_text(edited(original, kind, n + 1), encoding="utf-8")
                edits.append(build(root))
            runs[f"{kind} edit"] = median(edits)
            page.write_text(original, encoding="utf-8")
            build(root)
    return runs


def serve_latency(root: Path, page: Path, url_path: str, repeat: int) -> Run:
    """Seconds from saving a prose edit of `page` until `mkdocs serve` serves it (median)."""
    port = 18000 + os.getpid() % 1000
    proc = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url, original = f"http://127.0.0.1:{port}/{url_path}", page.read_text(encoding="utf-8")

    def served() -> str:
        try:
            return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str, limit: float = 300) -> float:
        started = time.perf_counter()
        while text not in served():
            if time.perf_counter() - started > limit:
                sys.exit(f"bench: `mkdocs serve` in {root} did not show {text!r} within {limit:g} s")
            time.sleep(0.05)
        return time.perf_counter() - started

    try:
        wait_for("</html>")
        latencies = []
        for n in range(repeat):
            time.sleep(1.0)  # let the watcher settle
            marker = f"BENCHEDIT{n}x{os.getpid()}"
            started = time.perf_counter()
            page.write_text(original.replace("\n\n", f"\n\n{marker}\n\n", 1), encoding="utf-8")
            wait_for(marker)
            latencies.append(time.perf_counter() - started)
    finally:
        page.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return Run(statistics.median(latencies))


def print_page_time(root: Path, repeat: int) -> Run:
    site = Path(tempfile.mkdtemp(prefix="bench-print-"))
    subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)], cwd=root, env=ENV, check=True,
                   capture_output=True)
    code = ("import sys, time; from pathlib import Path; from kbsite.pdf import write_print_page; "
            "t = time.perf_counter(); write_print_page(Path(sys.argv[1]), Path('mkdocs.yml')); "
            "print(time.perf_counter() - t)")
    runs = [Run(float(subprocess.run([sys.executable, "-c", code, str(site)], cwd=root, env=ENV, check=True,
                                     capture_output=True, text=True).stdout)) for _ in range(repeat)]
    shutil.rmtree(site, ignore_errors=True)
    return median(runs)


def make_pdf_time(root: Path) -> Run:
    """What `make pdf` does once the site was built before: a (warm) build, then the printing."""
    site = root / "site"
    started = time.perf_counter()
    subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", str(site)], cwd=root, env=ENV, check=True,
                   capture_output=True)
    subprocess.run([sys.executable, "-m", "kbsite.pdf", str(site), str(root / "bench.pdf"), "--force"],
                   cwd=root, env=ENV, check=True, capture_output=True)
    return Run(time.perf_counter() - started)


def synthetic_edit(original: str, kind: str, n: int) -> str:
    if kind == "prose":
        return original.replace("决定每一步走多远。", f"决定每一步走多远（改动 {n}）。", 1)
    return original.replace("standard_normal(20000)", f"standard_normal({20000 + n})", 1)


def real_edit(original: str, kind: str, n: int) -> str:
    if kind == "prose":
        return original.replace("\n\n", f"\n\n本句是基准测试加入的第 {n} 处改动。\n\n", 1)
    start = original.index("```python exec")
    body = original.index("\n", start) + 1
    return original[:body] + f"_bench_edit = {n}\n" + original[body:]


def bare_config_of_real_site(root: Path) -> str:
    """mkdocs.yml with only the Material theme and search: no kbexec/kbsite/kbmath/offline, no
    notebooks in the navigation, no extensions of ours."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("strict: true", "strict: false")
    start, end = text.index("  - kbexec:"), text.index("\nmarkdown_extensions:")
    text = text[:start] + text[end:]
    text = re.sub(r"\n\s*- notebooks/[^\n]+", "", text)
    text = re.sub(r"  - kbsite\.highlight:.*?\n(?=  - |\n|\S)", "", text, flags=re.S)
    text = text.replace("extra_css:\n  - assets/kbexec.css\n", "")
    text = re.sub(r"  polyfills:.*?\n    - [^\n]+\n", "", text, flags=re.S)
    (root / "mkdocs-bare.yml").write_text(text, encoding="utf-8")
    return "mkdocs-bare.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mdexec-max", type=int, default=200, help="largest size also built with markdown-exec")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--no-pdf", action="store_true", help="skip `make pdf` on the real site")
    args = parser.parse_args()
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        for size in args.sizes:
            repeat = args.repeat if size < 1000 else 1
            print(f"bench: {size} synthetic pages …", file=sys.stderr, flush=True)
            site = work / f"kb{size}"
            write_site(site, size, "kbexec", ROOT)
            write_site(work / f"bare{size}", size, "bare", ROOT)
            shutil.copy(work / f"bare{size}" / "mkdocs.yml", site / "mkdocs-bare.yml")
            row = Row(f"{size} synthetic pages")
            row.runs = measure_builds(site, repeat, "mkdocs-bare.yml", (site / "docs" / "p0001.md", synthetic_edit))
            row.runs["print page"] = print_page_time(site, repeat)
            if size <= 200:
                row.runs["serve"] = serve_latency(site, site / "docs" / "p0001.md", "p0001.html", repeat)
            if size <= args.mdexec_max:
                md = work / f"md{size}"
                write_site(md, size, "mdexec", ROOT)
                colds = []
                for _ in range(repeat):
                    empty_caches(md)
                    colds.append(build(md))
                row.runs["md-exec cold"] = median(colds)
                row.runs["md-exec warm"] = median([build(md) for _ in range(repeat)])
            rows.append(row)
        if not args.no_real:
            print("bench: the real site …", file=sys.stderr, flush=True)
            real = work / "real"
            shutil.copytree(ROOT, real, symlinks=True, ignore=shutil.ignore_patterns(
                ".venv", ".git", "site", ".build", ".cache", "node_modules"))
            (real / "node_modules").symlink_to(ROOT / "node_modules")
            row = Row("real site")
            page = real / "docs" / "activations" / "sigmoid.md"
            row.runs = measure_builds(real, args.repeat, bare_config_of_real_site(real), (page, real_edit))
            row.runs["print page"] = print_page_time(real, args.repeat)
            row.runs["serve"] = serve_latency(real, page, "activations/sigmoid.html", args.repeat)
            if not args.no_pdf:
                row.runs["make pdf"] = make_pdf_time(real)
            rows.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(rows))


def table(rows: list[Row]) -> str:
    cores = os.cpu_count() or 1
    def f(x: float | None, digits: int = 2) -> str:
        return "–" if x is None else f"{x:.{digits}f}"

    lines = [f"{datetime.date.today().isoformat()} · {cores} cores · {platform.processor() or platform.machine()} · "
             f"Python {platform.python_version()} · medians, seconds", "",
             "| site | bare | plain | cold | warm | **warm ÷ bare** (≤ 1.5) | **cold ÷ (bare + CPU/cores)** (≤ 1.3) "
             "| prose edit: blocks run, s | block edit: blocks run, s | serve: prose edit shown (≤ 3) "
             "| print page | make pdf (≤ 60) | md-exec cold, warm | **cold ÷ md-exec cold** (< 1) "
             "| **warm ÷ md-exec warm** |",
             "|---" * 15 + "|"]
    for row in rows:
        r, s = row.runs, row.s
        budget = s("bare") + (r["cold"].block_cpu or 0) / cores
        edit = lambda k: f"{r[k].blocks_run}, {r[k].seconds:.2f}" if k in r else "–"  # noqa: E731
        md = f"{f(s('md-exec cold'))}, {f(s('md-exec warm'))}" if "md-exec cold" in r else "–"
        lines.append(
            f"| {row.name} | {f(s('bare'))} | {f(s('plain'))} | {f(s('cold'))} | {f(s('warm'))} "
            f"| **{s('warm') / s('bare'):.2f}** | **{s('cold') / budget:.2f}** (CPU {r['cold'].block_cpu or 0:.1f} s) "
            f"| {edit('prose edit')} | {edit('block edit')} | {f(s('serve'))} | {f(s('print page'))} "
            f"| {f(s('make pdf'), 1)} | {md} "
            f"| **{f(s('cold') / s('md-exec cold') if 'md-exec cold' in r else None)}** "
            f"| **{f(s('warm') / s('md-exec warm') if 'md-exec warm' in r else None)}** |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
