"""感知器页面（docs/basics/perceptron.md）的辅助函数：感知器学习规则、
网格搜索线性分隔面、决策边界图。

>>> import numpy as np
>>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
>>> w, b, hist = train_perceptron(X, np.array([0, 0, 0, 1]))
>>> hist["errors"][-1]
0
>>> has_separator(X, np.array([0, 1, 1, 0]))[0]
0
"""

import numpy as np
import matplotlib.pyplot as plt

X4 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)   # 两个输入的四种取值


def step(z):
    """阈值函数：z > 0 输出 1，否则输出 0。"""
    return (np.asarray(z) > 0).astype(int)


def train_perceptron(X, y, lr=1.0, max_epochs=100):
    """Rosenblatt 感知器学习规则，w、b 从 0 开始，按样本顺序逐个更新。

    对每个样本：ŷ = step(w·x + b)；w ← w + lr·(y − ŷ)·x，b ← b + lr·(y − ŷ)。
    某一轮（epoch）没有任何错误就停止。返回 w、b 和每轮的错误数、累计更新次数。
    """
    w, b = np.zeros(X.shape[1]), 0.0
    errors, updates = [], 0
    for _ in range(max_epochs):
        n_err = 0
        for x, t in zip(X, y):
            delta = t - step(w @ x + b)
            if delta != 0:
                w, b = w + lr * delta * x, b + lr * delta
                n_err += 1
                updates += 1
        errors.append(n_err)
        if n_err == 0:
            break
    return w, b, {"errors": errors, "updates": updates}


def has_separator(X, y, lo=-5.0, hi=5.0, step_size=0.25):
    """在 (w1, w2, b) ∈ [lo, hi]³ 的网格上找严格分开两类的直线（向量化穷举）。

    严格分开：正类 w·x + b > 0，负类 w·x + b < 0。返回 (找到的个数, 网格上参数组的总数)。
    """
    g = np.arange(lo, hi + step_size / 2, step_size)
    w1, w2, b = np.meshgrid(g, g, g, indexing="ij")
    z = w1[..., None] * X[:, 0] + w2[..., None] * X[:, 1] + b[..., None]
    ok = np.where(np.asarray(y) == 1, z > 0, z < 0).all(axis=-1)
    return int(ok.sum()), int(ok.size)


def plot_gates(w_and, b_and, xor_net):
    """三幅子图：AND 与感知器学到的直线；XOR 的四个点；两层网络对 XOR 的判决区域。"""
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 3.2))
    grid = np.linspace(-0.5, 1.5, 301)
    G1, G2 = np.meshgrid(grid, grid)
    panels = [("AND: perceptron line", np.array([0, 0, 0, 1])),
              ("XOR: no single line works", np.array([0, 1, 1, 0])),
              ("XOR: 2-layer network", np.array([0, 1, 1, 0]))]
    for k, (ax, (title, y)) in enumerate(zip(axes, panels)):
        if k == 0:
            region = step(w_and[0] * G1 + w_and[1] * G2 + b_and)
            ax.contourf(G1, G2, region, levels=[-0.5, 0.5, 1.5],
                        colors=["#dbe9f6", "#fde0c5"])
            xs = np.array([-0.5, 1.5])
            ax.plot(xs, -(w_and[0] * xs + b_and) / w_and[1], "k-", lw=1.5)
        elif k == 1:
            xs = np.array([-0.5, 1.5])
            for c in (0.5, 1.0, 1.5):            # 几条试探的直线，都至少分错一个点
                ax.plot(xs, c - xs, color="gray", ls=":", lw=1)
        else:
            region = (xor_net(np.stack([G1.ravel(), G2.ravel()], 1)) > 0.5)
            ax.contourf(G1, G2, region.reshape(G1.shape).astype(int),
                        levels=[-0.5, 0.5, 1.5], colors=["#dbe9f6", "#fde0c5"])
        for cls, marker, color in ((0, "o", "tab:blue"), (1, "s", "tab:orange")):
            pts = X4[y == cls]
            ax.scatter(pts[:, 0], pts[:, 1], marker=marker, s=70, color=color,
                       edgecolor="k", zorder=3, label=f"y = {cls}")
        ax.set_xlim(-0.5, 1.5)
        ax.set_ylim(-0.5, 1.5)
        ax.set_aspect("equal")
        ax.set_xlabel("$x_1$")
        ax.set_title(title, fontsize=10)
    axes[0].set_ylabel("$x_2$")
    axes[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
