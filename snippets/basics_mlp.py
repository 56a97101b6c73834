"""全连接网络的前向与反向传播（“神经网络基础”一节的 mlp-shapes、backprop 两页共用）。

约定与吴恩达课程相同：每一列是一个样本。第 l 层
Z[l] = W[l] A[l-1] + b[l]，A[l] = g(Z[l])；隐藏层用 tanh，输出层用 sigmoid，
损失是交叉熵，成本是它在 m 个样本上的平均。

>>> rng = np.random.default_rng(0)
>>> p = init_params([3, 4, 1], rng)
>>> [W.shape for W in p["W"]], [b.shape for b in p["b"]]
([(4, 3), (1, 4)], [(4, 1), (1, 1)])
>>> Z, A = forward(p, rng.standard_normal((3, 5)))
>>> [a.shape for a in A]
[(3, 5), (4, 5), (1, 5)]
"""

import numpy as np


def sigmoid(z):
    """数值稳定的 sigmoid：只对非正数求指数。"""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def init_params(sizes, rng, w_std=1.0, b_std=0.0):
    """sizes = [n0, n1, ..., nL]；W[l] ~ N(0, w_std²)，b[l] ~ N(0, b_std²)（默认全 0）。"""
    W = [rng.standard_normal((n_out, n_in)) * w_std
         for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    b = [rng.standard_normal((n_out, 1)) * b_std for n_out in sizes[1:]]
    return {"W": W, "b": b}


def forward(params, X):
    """返回各层的 Z 列表和 A 列表（A[0] = X）。"""
    Z, A = [], [X]
    L = len(params["W"])
    for l, (W, b) in enumerate(zip(params["W"], params["b"]), start=1):
        Z.append(W @ A[-1] + b)                      # b 按列广播
        A.append(sigmoid(Z[-1]) if l == L else np.tanh(Z[-1]))
    return Z, A


def cost(params, X, Y):
    """交叉熵成本 J = 平均每个样本的损失。"""
    P = forward(params, X)[1][-1]
    return float(-np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P)))


def backward(params, Z, A, Y):
    """反向传播，返回 dW、db 列表以及每层的 dZ、dA。

    按吴恩达课程的写法，1/m 放在 dW、db 里：dW、db 是成本 J 的梯度，
    dZ、dA 则是损失之和 m·J 的梯度（即 ∂J/∂Z、∂J/∂A 的 m 倍）。
    """
    m = Y.shape[1]
    L = len(params["W"])
    dW, db, dZ, dA = [None] * L, [None] * L, [None] * L, [None] * (L + 1)
    dZ[L - 1] = A[L] - Y                             # sigmoid + 交叉熵：ŷ − y
    for l in range(L - 1, -1, -1):                   # 下标 l 对应第 l+1 层
        if l < L - 1:
            dZ[l] = dA[l + 1] * (1 - A[l + 1] ** 2)  # tanh'(z) = 1 − tanh²(z)
        dW[l] = dZ[l] @ A[l].T / m
        db[l] = dZ[l].sum(axis=1, keepdims=True) / m
        dA[l] = params["W"][l].T @ dZ[l]
    return {"dW": dW, "db": db, "dZ": dZ, "dA": dA}


def numerical_grads(params, X, Y, eps=1e-6):
    """对每个参数做中心差分 (J(θ+ε) − J(θ−ε)) / 2ε，返回与 params 同结构的梯度。"""
    out = {}
    for key in ("W", "b"):
        grads = []
        for P in params[key]:
            G = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                old = P[idx]
                P[idx] = old + eps
                plus = cost(params, X, Y)
                P[idx] = old - eps
                minus = cost(params, X, Y)
                P[idx] = old
                G[idx] = (plus - minus) / (2 * eps)
            grads.append(G)
        out["d" + key] = grads
    return out


def train(params, X, Y, lr=1.0, steps=2000):
    """全批量梯度下降，返回训练后的参数（就地更新）和每一步之前的成本。"""
    losses = np.empty(steps)
    for t in range(steps):
        Z, A = forward(params, X)
        P = A[-1]
        losses[t] = -np.mean(Y * np.log(P) + (1 - Y) * np.log(1 - P))
        g = backward(params, Z, A, Y)
        for l in range(len(params["W"])):
            params["W"][l] -= lr * g["dW"][l]
            params["b"][l] -= lr * g["db"][l]
    return params, losses
