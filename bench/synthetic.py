"""Synthetic sites that look like the real one: Chinese prose with inline math, math in headings,
display math, admonitions and content tabs holding blocks, cross-links with anchors, figures,
a correction to the notes and a references list on every page. Three flavours of the same pages:
kbexec (exec fences), markdown-exec (its fences) and bare (the kbexec pages, theme and search only).
"""

from __future__ import annotations

import shutil
from pathlib import Path

PROSE = ("第 {i} 页的正文：反向传播把损失对参数的梯度逐层传回，sigmoid 的导数 $\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$ "
         "不超过 $1/4$，所以深层网络容易出现梯度消失；ReLU 在 $z>0$ 时导数为 $1$。学习率 $\\eta_{{{i}}}$ 决定每一步走多远。\n\n")
FORMULA = "$$\n\\frac{{\\partial L}}{{\\partial w_{{{i}}}}} = \\sum_{{k=1}}^{{{n}}} \\delta_k \\, a_{{k,{i}}}\n$$\n\n"

CHECK = """\
import numpy as np
rng = np.random.default_rng({i})
x = rng.standard_normal(20_000)
assert abs(x.mean()) < 0.05, "样本均值应接近 0"
print(f"mean={{x.mean():.4f}} std={{x.std():.4f}}")"""
TABLE = """\
z = np.linspace(-6, 6, 1201)
s = 1 / (1 + np.exp(-z))
ds = s * (1 - s)
assert ds.max() == 0.25, "σ' 的最大值是 1/4"
for z0 in (0, 2, 4):
    print(z0, round(float(ds[600 + 100 * z0]), 5))"""
FIGURE = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(4, 2.5))
ax.plot(z, s, label="sigma")
ax.plot(z, ds, label="sigma'")
ax.legend()"""
MDEXEC_FIGURE = """
import io
buffer = io.StringIO()
fig.savefig(buffer, format="svg")
plt.close(fig)
print(buffer.getvalue())"""


def page_text(i: int, pages: int, flavour: str, prose_edit: str = "", block_edit: int = 0) -> str:
    """Page `i` of a site of `pages` pages. `prose_edit` is added to the first paragraph;
    `block_edit` changes a constant in the first block (so that only this page runs again)."""
    def fence(code: str, figure: bool = False) -> str:
        if flavour == "mdexec":
            extra = ' html="1"' if figure else ""
            return f'```python exec="1" session="p{i}"{extra}\n{code}{MDEXEC_FIGURE if figure else ""}\n```'
        return f"```python exec\n{code}\n```"

    def indent(text: str) -> str:
        return "".join(f"    {line}\n" if line else "\n" for line in text.splitlines())

    other = (i * 7 + 3) % pages
    check = CHECK.format(i=i).replace("20_000", f"{20_000 + block_edit}")
    return (
        f"# 第 {i} 页：梯度与 $\\sigma$ 的关系\n\n" + PROSE.format(i=i).rstrip("\n") + prose_edit + "\n\n"
        f"另见[第 {other} 页的推导](p{other:04d}.md#derive-{other})。\n\n"
        f"## 推导 $\\partial L / \\partial w_{{{i}}}$ {{#derive-{i}}}\n\n" + FORMULA.format(i=i, n=i % 9 + 2)
        + '!!! note "数值验证"\n\n' + indent(PROSE.format(i=i) + fence(check)) + "\n"
        + '=== "NumPy"\n\n' + indent(fence(TABLE)) + '\n=== "说明"\n\n' + indent(PROSE.format(i=i)) + "\n"
        + f"## 图像 {{#figure-{i}}}\n\n" + PROSE.format(i=i) + fence(FIGURE, figure=True) + "\n\n"
        + '!!! warning "原笔记勘误"\n\n' + indent(f"原笔记第 {i} 处写道梯度“为 0”，应为趋近于 0。") + "\n"
        + "## 参考 {#references}\n\n"
        + f"- Ioffe & Szegedy. Batch Normalization. ICML 2015. <https://arxiv.org/abs/1502.{i:05d}>\n"
    )


SITE = """\
site_name: bench
theme: {{name: material, language: zh, font: false}}
plugins:
  - search:
      separator: '[\\s\\u200b\\u3000\\-、。，．？！；：（）「」“”‘’《》【】·…]+'
{plugins}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc: {{permalink: true}}
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.tabbed: {{alternate_style: true}}
  - pymdownx.arithmatex: {{generic: true}}
{extensions}"""
SITE_PLUGINS = """\
  - kbsite:
      glossary: {project}/data/glossary.yml  # the real terms: links, tooltips, jieba's words
      vendor: {{assets/vendor/iframe-worker/shim.js: {project}/node_modules/iframe-worker/shim/index.js}}
  - kbmath:
      katex_dir: {project}/node_modules/katex
  - offline
extra: {{polyfills: [assets/vendor/iframe-worker/shim.js]}}
"""
ENGINES = {
    "kbexec": "  - kbexec:\n      enabled: !ENV [KBEXEC_ENABLED, true]\n",
    "mdexec": "  - markdown-exec\n",
}


def write_site(root: Path, pages: int, flavour: str, project: Path) -> None:
    """A synthetic site: flavour 'kbexec', 'mdexec' or 'bare' (the kbexec pages, theme + search)."""
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    if flavour == "bare":
        config = SITE.format(plugins="", extensions="")
    else:
        plugins = ENGINES[flavour] + SITE_PLUGINS.format(project=project)
        plugins, extra = plugins.split("extra:")
        config = SITE.format(plugins=plugins.rstrip("\n"), extensions="  - kbsite.highlight\n") + "extra:" + extra
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    links = "".join(f"- [第 {i} 页](p{i:04d}.md)\n" for i in range(0, pages, max(1, pages // 20)))
    (root / "docs" / "index.md").write_text(f"# 合成的知识库\n\n{links}", encoding="utf-8")
    for i in range(pages):
        page = page_text(i, pages, "mdexec" if flavour == "mdexec" else "kbexec")
        (root / "docs" / f"p{i:04d}.md").write_text(page, encoding="utf-8")
