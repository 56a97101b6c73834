"""“优化与调参”各页共用的辅助函数（docs/optimization/*.md）。

页面用 file=optimization_common.py 把本文件嵌入一个代码块，之后的代码块直接使用这里的名字。

>>> X, y, w_ols = linreg_data(m=50, d=2, seed=0)
>>> X.shape, y.shape, w_ols.shape
((50, 2), (50,), (2,))
>>> path = run_optimizer(lambda p: p, [1.0, 1.0], "gd", lr=0.5, steps=3)
>>> path.tolist()
[[1.0, 1.0], [0.5, 0.5], [0.25, 0.25], [0.125, 0.125]]
"""

import numpy as np


def linreg_data(m=2000, d=5, noise=0.5, seed=0):
    """线性回归数据：x ~ N(0, I_d)，y = x·w_true + 噪声；返回 X、y 和最小二乘解 w_ols。

    代价函数取 J(w) = (1/2m)·Σ(x_i·w − y_i)²，它的最小值点就是 w_ols。
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, d))
    w_true = rng.standard_normal(d)
    y = X @ w_true + noise * rng.standard_normal(m)
    w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    return X, y, w_ols


def cost(X, y, W):
    """J(w) = (1/2m)·Σ(x_i·w − y_i)²；W 可以是一行一个参数向量的矩阵。"""
    R = np.atleast_2d(W) @ X.T - y
    return 0.5 * np.mean(R**2, axis=1)


def sgd_linreg(X, y, lr_of_epoch, epochs=20, batch=1, runs=3, seed=0, w0=None):
    """对线性回归做小批量 SGD，多次独立运行一起向量化（每行一次运行）。

    每个 epoch 各次运行各自打乱样本，按 batch 个一组更新；epoch 从 0 开始计数，
    第 e 个 epoch 的学习率是 lr_of_epoch(e)（一个数，或每次运行各一个数的数组）。返回形状 (epochs + 1, runs, d) 的数组：
    初值和每个 epoch 结束时的参数。
    """
    rng = np.random.default_rng(seed)
    m, d = X.shape
    W = np.zeros((runs, d)) if w0 is None else np.tile(np.asarray(w0, float), (runs, 1))
    out = [W.copy()]
    for e in range(epochs):
        lr = np.asarray(lr_of_epoch(e), dtype=float).reshape(-1, 1)   # (1 或 runs, 1)
        order = rng.permuted(np.tile(np.arange(m), (runs, 1)), axis=1)
        Xo, yo = X[order], y[order]                         # (runs, m, d), (runs, m)
        if batch == 1:                                      # 单样本：二维运算更快
            for i in range(m):
                xi = Xo[:, i]
                r = np.sum(xi * W, axis=1) - yo[:, i]
                W -= lr * (r[:, None] * xi)
        else:
            for start in range(0, m, batch):
                Xb, yb = Xo[:, start:start + batch], yo[:, start:start + batch]
                r = np.einsum("rbd,rd->rb", Xb, W) - yb
                W -= lr * np.einsum("rb,rbd->rd", r, Xb) / Xb.shape[1]
        out.append(W.copy())
    return np.array(out)


def run_optimizer(grad, x0, method, lr, steps, f=None, tol=None,
                  beta=0.9, beta2=0.999, eps=1e-8, bias_correction=True):
    """在二维（或任意维）函数上运行一个优化器，返回轨迹（第 0 行是起点）。

    method：
      "gd"        θ ← θ − lr·g
      "heavyball" v ← βv + g，θ ← θ − lr·v（动量的“累加”写法）
      "momentum"  v ← βv + (1−β)g，θ ← θ − lr·v（指数加权平均写法）
      "rmsprop"   s ← β₂s + (1−β₂)g²，θ ← θ − lr·g/(√ŝ + ε)，ŝ 为偏差修正后的 s
      "adam"      v、s 同上，θ ← θ − lr·v̂/(√ŝ + ε)
    若给出 f 和 tol，f(θ) < tol 时提前停止。
    """
    th = np.array(x0, dtype=float)
    v = np.zeros_like(th)
    s = np.zeros_like(th)
    path = [th.copy()]
    for t in range(1, steps + 1):
        g = grad(th)
        if method == "gd":
            step = g
        elif method == "heavyball":
            v = beta * v + g
            step = v
        elif method == "momentum":
            v = beta * v + (1 - beta) * g
            step = v
        elif method in ("rmsprop", "adam"):
            b1 = 0.0 if method == "rmsprop" else beta
            v = b1 * v + (1 - b1) * g
            s = beta2 * s + (1 - beta2) * g**2
            if bias_correction:
                v_hat, s_hat = v / (1 - b1**t), s / (1 - beta2**t)
            else:
                v_hat, s_hat = v, s
            step = v_hat / (np.sqrt(s_hat) + eps)
        else:
            raise ValueError(method)
        th = th - lr * step
        path.append(th.copy())
        if f is not None and tol is not None and f(th) < tol:
            break
    return np.array(path)
