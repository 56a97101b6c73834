"""把 cnn_arch_layers.Net 的层表画成方块示意图（docs/cnn/cnn-example.md）。

特征图画成方块：高度与边长 H 成正比，宽度随通道数 C 增加；
展平后的向量画成细长条，高度随长度 n 增加。方块上方是层名，下方是形状，
箭头上标的是这一步做的运算。
"""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle


def draw_net(net, ops, figsize=(8, 3.3)):
    """ops[i] 是从第 i 行到第 i+1 行的运算说明（字符串）。"""
    fig, ax = plt.subplots(figsize=figsize)
    H0 = net.rows[0]["shape"][0]
    x, prev_right = 0.0, None
    for i, row in enumerate(net.rows):
        shape = row["shape"]
        if len(shape) == 3 and shape[0] > 1:
            h, w = 3.0 * shape[0] / H0, 0.18 + 0.045 * shape[2]
            face = "#9ecae1" if row["kind"] != "pool" else "#fdd0a2"
            label = "×".join(map(str, shape))
        else:
            n = shape[-1]
            h, w = 0.35 + 2.4 * (n / 120) ** 0.5, 0.18
            h = min(h, 3.0)
            face = "#c7e9c0"
            label = str(n)
        if prev_right is not None:
            x = prev_right + 0.55
            ax.add_patch(FancyArrowPatch((prev_right + 0.04, 0), (x - 0.04, 0),
                                         arrowstyle="-|>", mutation_scale=9, color="0.3"))
            ax.text((prev_right + x) / 2, 0.12, ops[i - 1], ha="center", va="bottom",
                    fontsize=8, rotation=90)
        if row["kind"] == "input" and len(shape) == 3:
            face = "#e0e0e0"
        ax.add_patch(Rectangle((x, -h / 2), w, h, facecolor=face, edgecolor="0.2", lw=0.8))
        ax.text(x + w / 2, h / 2 + 0.08, row["name"], ha="center", va="bottom", fontsize=9)
        ax.text(x + w / 2, -h / 2 - 0.08, label, ha="center", va="top", fontsize=9)
        prev_right = x + w
    ax.set_xlim(-0.2, prev_right + 0.2)
    ax.set_ylim(-1.9, 1.9)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig, ax
