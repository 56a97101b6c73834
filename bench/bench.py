"""Benchmark of the engine: synthetic sites and the real site, against a plain build (plugin
disabled) and against markdown-exec, all measured in one run. Prints one Markdown table.

    make bench                      # 50 and 200 pages + the real site
    make bench ARGS="--sizes 50 200 1000 --repeat 3"

Every figure is the median of `--repeat` runs of `mkdocs build` in a subprocess; ratios compare
numbers measured in this run only. Targets (shared/design.md): warm ≤ 1.10 × plain;
cold ≤ 1.15 × (plain + block CPU ÷ cores); a one-block edit runs only that page's blocks.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SUMMARY = re.compile(r"kbexec: .*?(\d+) blocks: (\d+) run, (\d+) from cache.*?\(block CPU ([\d.]+) s\)")

PROSE = "本页是合成的基准测试页面，第 {i} 页。这里有一段说明文字，用来模拟真实页面上的正文。\n\n"
BLOCKS = [  # realistic blocks: a numpy check, a printed table, a figure
    """\
import numpy as np
rng = np.random.default_rng({i})
x = rng.standard_normal(20_000)
assert abs(x.mean()) < 0.05, "样本均值应接近 0"
print(f"mean={{x.mean():.4f}} std={{x.std():.4f}}")""",
    """\
z = np.linspace(-6, 6, 1201)
s = 1 / (1 + np.exp(-z))
ds = s * (1 - s)
assert ds.max() == 0.25
for z0 in (0, 2, 4):
    print(z0, round(float(ds[600 + 100 * z0]), 5))""",
    """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 2.5))
ax.plot(z, s, label="sigma")
ax.plot(z, ds, label="sigma'")
ax.legend()""",
]
MDEXEC_FIGURE = """
import io
buffer = io.StringIO()
fig.savefig(buffer, format="svg")
plt.close(fig)
print(buffer.getvalue())"""

YML = """\
site_name: bench
theme: {{name: material, language: zh, font: false}}
plugins:
  - search
{plugin}
markdown_extensions: [admonition, attr_list, pymdownx.superfences, pymdownx.highlight]
"""
KBEXEC = "  - kbexec:\n      enabled: !ENV [KBEXEC_ENABLED, true]\n      cache_dir: .cache/kbexec"


@dataclass
class Run:
    seconds: float
    blocks_run: int | None = None
    block_cpu: float | None = None


def write_site(root: Path, pages: int, flavour: str) -> None:
    """A synthetic site of `pages` pages with 3 blocks each, for kbexec or markdown-exec."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    plugin = KBEXEC if flavour == "kbexec" else "  - markdown-exec"
    (root / "mkdocs.yml").write_text(YML.format(plugin=plugin))
    (root / "docs" / "index.md").write_text("# bench\n")
    for i in range(pages):
        (root / "docs" / f"p{i:04d}.md").write_text(page_text(i, flavour))


def page_text(i: int, flavour: str, edit: str = "") -> str:
    parts = [f"# 第 {i} 页\n\n", PROSE.format(i=i) + edit]
    for n, body in enumerate(BLOCKS):
        code = body.format(i=i)
        if flavour == "kbexec":
            parts.append(f"```python exec\n{code}\n```\n\n{PROSE.format(i=i)}")
        else:
            extra = ' html="1"' if n == 2 else ""
            code += MDEXEC_FIGURE if n == 2 else ""
            parts.append(f'```python exec="1" session="p{i}"{extra}\n{code}\n```\n\n{PROSE.format(i=i)}')
    return "".join(parts)


def build(root: Path, **env: str) -> Run:
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    started = time.perf_counter()
    proc = subprocess.run([str(BIN / "mkdocs"), "build", "-d", str(site)], cwd=root, text=True,
                          capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    seconds = time.perf_counter() - started
    shutil.rmtree(site, ignore_errors=True)
    if proc.returncode != 0:
        sys.exit(f"bench: build failed in {root}:\n{proc.stderr[-3000:]}")
    m = SUMMARY.search(proc.stderr)
    return Run(seconds, int(m.group(2)) if m else None, float(m.group(4)) if m else None)


def median(runs: list[Run]) -> Run:
    mid = sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]
    return Run(statistics.median(r.seconds for r in runs), mid.blocks_run, mid.block_cpu)


def measure(root: Path, repeat: int, edit_page: Path | None) -> dict[str, Run]:
    cache = root / ".cache"
    out = {"plain": median([build(root, KBEXEC_ENABLED="false") for _ in range(repeat)])}
    colds = []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        colds.append(build(root))
    out["cold"] = median(colds)
    out["warm"] = median([build(root) for _ in range(repeat)])
    if edit_page is not None:
        original = edit_page.read_text()
        edit_page.write_text(original.replace("assert ds.max() == 0.25", "assert ds.max() <= 0.25", 1))
        out["one-block edit"] = build(root)
        edit_page.write_text(edit_page.read_text().replace("这里有一段说明文字", "这里有一段改过的说明文字", 1))
        out["one-prose edit"] = build(root)
        edit_page.write_text(original)
        build(root)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mdexec-max", type=int, default=200, help="largest size also built with markdown-exec")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    rows = []
    work = Path(tempfile.mkdtemp(prefix="kbexec-bench-"))
    try:
        for size in args.sizes:
            print(f"bench: {size} synthetic pages …", file=sys.stderr, flush=True)
            site = work / f"kb{size}"
            write_site(site, size, "kbexec")
            res = measure(site, args.repeat if size < 1000 else 1, site / "docs" / "p0001.md")
            if size <= args.mdexec_max:
                md = work / f"md{size}"
                write_site(md, size, "mdexec")
                reps = args.repeat
                res["markdown-exec cold"] = median([build(md) for _ in range(reps)])
                res["markdown-exec warm"] = median([build(md) for _ in range(reps)])
            rows.append((f"{size} synthetic pages", res))
        print("bench: the real site …", file=sys.stderr, flush=True)
        real = work / "real"
        shutil.copytree(ROOT, real, ignore=shutil.ignore_patterns(".venv", ".git", "site", ".build", ".cache"),
                        symlinks=True)
        rows.append(("real site", measure(real, args.repeat, None)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table(rows, cores))


def table(rows, cores: int) -> str:
    lines = [f"Machine: {cores} cores, Python {sys.version.split()[0]}. Medians; times in seconds.", "",
             "| site | plain | cold | warm | warm ÷ plain (≤ 1.10) | cold ÷ (plain + CPU/cores) (≤ 1.15) "
             "| one-block edit: blocks run, s | one-prose edit: blocks run, s | markdown-exec cold, warm "
             "| cold ÷ md-exec cold | warm ÷ md-exec warm |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in rows:
        plain, cold, warm = r["plain"].seconds, r["cold"].seconds, r["warm"].seconds
        budget = plain + (r["cold"].block_cpu or 0) / cores
        edit = lambda k: f"{r[k].blocks_run}, {r[k].seconds:.2f}" if k in r else "–"  # noqa: E731
        md = (f"{r['markdown-exec cold'].seconds:.2f}, {r['markdown-exec warm'].seconds:.2f}"
              if "markdown-exec cold" in r else "–")
        vs_md_cold = f"{cold / r['markdown-exec cold'].seconds:.2f}" if "markdown-exec cold" in r else "–"
        vs_md_warm = f"{warm / r['markdown-exec warm'].seconds:.2f}" if "markdown-exec warm" in r else "–"
        lines.append(f"| {name} | {plain:.2f} | {cold:.2f} | {warm:.2f} | {warm / plain:.2f} | "
                     f"{cold / budget:.2f} (CPU {r['cold'].block_cpu or 0:.1f} s) | {edit('one-block edit')} | "
                     f"{edit('one-prose edit')} | {md} | {vs_md_cold} | {vs_md_warm} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
