"""人工智能 ⊃ 机器学习 ⊃ 表示学习 ⊃ 深度学习 的嵌套示意图（docs/overview/ai-ml-dl.md）。

布局参考 Goodfellow、Bengio、Courville《Deep Learning》图 1.4 的维恩图；
图中的例子是各层次的典型方法，标签用英文（matplotlib 没有中文字体）。
"""

import matplotlib.pyplot as plt
from matplotlib.patches import Ellipse

LEVELS = [  # (名称, 例子, 颜色)
    ("Artificial intelligence", "e.g. search, rule-based expert systems", "#eef3fb"),
    ("Machine learning", "e.g. logistic regression, decision trees, SVM", "#dbe9f6"),
    ("Representation learning", "e.g. PCA, shallow autoencoders", "#fde0c5"),
    ("Deep learning", "e.g. MLPs, CNNs, RNNs", "#f9b98a"),
]

fig, ax = plt.subplots(figsize=(8, 4.4))
# 从外到内：椭圆的底端对齐，宽高依次缩小，每一层的名称写在它与内层之间的顶部
H0 = 8.6
for k, (name, example, color) in enumerate(LEVELS):
    w, h = 15.0 - 3.0 * k, H0 - 2.0 * k
    cy = -H0 / 2 + h / 2
    ax.add_patch(Ellipse((7.5, cy), w, h, fc=color, ec="k", lw=1.2))
    top = cy + h / 2
    y_name = top - 0.6 if k < 3 else cy + 0.25
    ax.text(7.5, y_name, name, ha="center", va="center", fontsize=12, weight="bold")
    ax.text(7.5, y_name - 0.6, example, ha="center", va="center", fontsize=9.5,
            style="italic")
ax.set_xlim(-0.2, 15.2)
ax.set_ylim(-4.5, 4.5)
ax.set_aspect("equal")
ax.axis("off")
fig.tight_layout()
