"""参数初始化页面（docs/gradients/initialization.md）共用的辅助函数。

页面用 file=init_common.py 把本文件嵌入第一个代码块，
之后的代码块直接使用这里定义的名字。

>>> out = deep_forward("tanh", 1.0, depth=3, width=8, batch=4, seed=0)
>>> out["std"].shape, out["saturated"].shape
((3,), (3,))
>>> kept = deep_forward("tanh", 1.0, depth=3, width=8, batch=4, keep=(1, 3))["acts"]
>>> sorted(kept), kept[3].shape
([1, 3], (4, 8))
>>> import numpy as np
>>> X = np.zeros((5, 3)); y = np.ones((5, 1))
>>> zero = (np.zeros((4, 3)), np.zeros(4), np.zeros((1, 4)), np.zeros(1))
>>> W1, b1, W2, b2 = train_tiny_net(X, y, *zero, steps=3)
>>> bool(np.all(W1 == 0))
True
"""

import numpy as np


def deep_forward(act, std, depth=50, width=256, batch=256, seed=0, keep=()):
    """一个 depth 层、每层 width 个单元的全连接网络的前向传播（偏置为 0）。

    输入 x ~ N(0, 1)，每层权重 W ~ N(0, std²)。同一个 seed 下，不同 std 用的是
    同一组标准正态随机数，只是缩放不同，所以各方案之间的比较是公平的。
    返回每层激活值的标准差 std、|a| > 0.99 的比例 saturated、均方根 rms，
    以及 keep 中列出的各层（从 1 数起）的全部激活值 acts。
    """
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((batch, width))
    f = np.tanh if act == "tanh" else (lambda z: np.maximum(z, 0.0))
    stds, saturated, rms, acts = [], [], [], {}
    for layer in range(1, depth + 1):
        W = rng.standard_normal((width, width)) * std
        a = f(a @ W)
        if layer in keep:
            acts[layer] = a.copy()
        stds.append(a.std())
        saturated.append(np.mean(np.abs(a) > 0.99))
        rms.append(np.sqrt(np.mean(a**2)))
    return {"std": np.array(stds), "saturated": np.array(saturated),
            "rms": np.array(rms), "acts": acts}


def tanh_mean_field(gain2, depth, q0=1.0):
    """平均场近似（宽度趋于无穷）：tanh 网络第 l 层激活的均方 q_l = E[tanh²(√(gain2·q_{l−1})·Z)]。

    gain2 = n·Var(w)，Z ~ N(0, 1)，q_0 是输入的均方。期望用梯形公式数值积分。
    返回 q_1..q_depth；与 deep_forward 的模拟结果无关，是第二种算法。
    """
    z = np.linspace(-12.0, 12.0, 24_001)
    pdf = np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)
    q, out = q0, []
    for _ in range(depth):
        q = np.trapezoid(np.tanh(np.sqrt(gain2 * q) * z) ** 2 * pdf, z)
        out.append(q)
    return np.array(out)


def predict_tiny_net(X, W1, b1, W2, b2):
    """3 → 4（tanh）→ 1（sigmoid）网络的输出概率，以及隐藏层激活 A1。"""
    A1 = np.tanh(X @ W1.T + b1)
    P = 1.0 / (1.0 + np.exp(-(A1 @ W2.T + b2)))
    return P, A1


def train_tiny_net(X, y, W1, b1, W2, b2, steps=200, lr=0.5):
    """用全批量梯度下降和交叉熵损失训练小网络，返回训练后的 (W1, b1, W2, b2)。

    形状：W1 (4, 3)，b1 (4,)，W2 (1, 4)，b2 (1,)。反向传播按链式法则手写。
    """
    W1, b1, W2, b2 = (np.array(p, dtype=float) for p in (W1, b1, W2, b2))
    m = len(X)
    for _ in range(steps):
        P, A1 = predict_tiny_net(X, W1, b1, W2, b2)
        dZ2 = (P - y) / m                 # 交叉熵 + sigmoid 的输出层梯度
        dW2, db2 = dZ2.T @ A1, dZ2.sum(axis=0)
        dZ1 = (dZ2 @ W2) * (1 - A1**2)    # tanh'(z) = 1 - tanh(z)²
        dW1, db1 = dZ1.T @ X, dZ1.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
    return W1, b1, W2, b2
