"""Dropout 页面（docs/generalization/dropout.md）的辅助函数。

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = rng.standard_normal((20, 5)); y = (X[:, :1] > 0).astype(float)
>>> hist = train_dropout_net(X, y, keep_prob=1.0, steps=5)
>>> sorted(hist), hist["sampled"].shape
(['full', 'sampled'], (5,))
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def bce(P, y):
    """二分类交叉熵的平均值。"""
    P = np.clip(P, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(P) + (1 - y) * np.log(1 - P)))


def train_dropout_net(X, y, keep_prob, hidden=32, steps=300, lr=0.1, seed=0):
    """n → hidden（ReLU，隐藏层做 inverted dropout）→ 1（sigmoid），全批量梯度下降。

    每一步记录两个损失：sampled 是这一步带随机掩码的网络（即训练时算出的 J），
    full 是同一组参数下不做 dropout 的完整网络（即推断时的网络）。
    """
    rng = np.random.default_rng(seed)
    n, m = X.shape[1], len(X)
    W1 = rng.standard_normal((n, hidden)) * np.sqrt(2 / n)
    b1 = np.zeros(hidden)
    W2 = rng.standard_normal((hidden, 1)) * np.sqrt(1 / hidden)
    b2 = np.zeros(1)
    mask_rng = np.random.default_rng(seed + 1)
    sampled, full = [], []
    for _ in range(steps):
        Z1 = X @ W1 + b1
        A1 = np.maximum(Z1, 0)
        M = (mask_rng.random(A1.shape) < keep_prob) / keep_prob   # inverted dropout
        P = sigmoid((A1 * M) @ W2 + b2)
        sampled.append(bce(P, y))
        full.append(bce(sigmoid(A1 @ W2 + b2), y))
        dZ2 = (P - y) / m                       # 交叉熵 + sigmoid
        dW2, db2 = (A1 * M).T @ dZ2, dZ2.sum(axis=0)
        dZ1 = (dZ2 @ W2.T) * M * (Z1 > 0)       # 被丢弃的单元不回传梯度
        dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return {"sampled": np.array(sampled), "full": np.array(full)}


def draw_network(ax, layers, kept, title):
    """画一个全连接网络；kept[l][i] 为 False 的单元画成叉，并略去它的连线。"""
    xs = np.linspace(0, 1, len(layers))
    pos = [np.linspace(0.5 - 0.07 * (k - 1), 0.5 + 0.07 * (k - 1), k) for k in layers]
    for l in range(len(layers) - 1):
        for i, yi in enumerate(pos[l]):
            for j, yj in enumerate(pos[l + 1]):
                if kept[l][i] and kept[l + 1][j]:
                    ax.plot([xs[l], xs[l + 1]], [yi, yj], color="0.55", lw=0.7, zorder=1)
    for l, ys in enumerate(pos):
        for i, yy in enumerate(ys):
            if kept[l][i]:
                ax.scatter(xs[l], yy, s=260, color="tab:blue", edgecolor="k", zorder=2)
            else:
                ax.scatter(xs[l], yy, s=260, color="white", edgecolor="0.6", zorder=2)
                ax.scatter(xs[l], yy, s=160, marker="x", color="tab:red", lw=2, zorder=3)
    ax.set_title(title, fontsize=11)
    ax.set_xlim(-0.1, 1.1)
    ax.set_ylim(-0.05, 1.05)
    ax.axis("off")
