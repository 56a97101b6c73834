"""偏差—方差页面（docs/generalization/bias-variance.md）的辅助函数。

>>> out = bias_variance([1, 3], n=20, reps=50, seed=0)
>>> sorted(out[1])
['bias2', 'fits', 'mse', 'test_err', 'var', 'var_theory']
>>> bool(out[1]["bias2"] > out[3]["bias2"])
True
"""

import numpy as np

SIGMA = 0.3                               # 标签噪声的标准差
N_TRAIN = 20                              # 每个训练集的等距点数
REPS = 300                                # 训练集个数
X_TEST = np.linspace(0.05, 0.95, 50)      # 50 个测试点


def f_true(x):
    """真实函数 f(x) = sin(2πx)。"""
    return np.sin(2 * np.pi * x)


def design(x, degree):
    """x ∈ [0, 1] 上 degree 次多项式的设计矩阵（先把 x 映到 [-1, 1]，用 Legendre 基，数值稳定）。"""
    return np.polynomial.legendre.legvander(2 * np.asarray(x) - 1, degree)


def bias_variance(degrees, n=N_TRAIN, reps=REPS, sigma=SIGMA, lam=0.0, seed=0):
    """对每个次数，用 reps 个训练集（各 n 个等距点、独立噪声）拟合（岭）回归多项式。

    返回 {次数: {bias2, var, mse, test_err, var_theory, fits}}，都是在 X_TEST 上的平均：
    bias2 = mean_x (f̄ − f)²，var = mean_x Var_D f̂，mse = mean_{x,D} (f̂ − f)²，
    test_err = 在新噪声标签上的平方误差，var_theory = σ² · mean_x ‖H 的行‖²（H 为帽子矩阵）。
    同一个 seed 下各次数、各 λ 共用同一组噪声。
    """
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 1, n)
    Y = f_true(x)[:, None] + sigma * rng.standard_normal((n, reps))          # 每列一个训练集
    Y_new = f_true(X_TEST)[:, None] + sigma * rng.standard_normal((len(X_TEST), reps))
    f_test = f_true(X_TEST)[:, None]
    out = {}
    for d in degrees:
        V, Vt = design(x, d), design(X_TEST, d)
        A = V.T @ V + lam * np.eye(d + 1)
        F = Vt @ np.linalg.solve(A, V.T @ Y)       # 50 × reps：每个训练集的预测
        H = Vt @ np.linalg.solve(A, V.T)           # 预测 = H · y
        f_bar = F.mean(axis=1, keepdims=True)
        out[d] = {
            "bias2": float(np.mean((f_bar - f_test) ** 2)),
            "var": float(np.mean(F.var(axis=1))),
            "mse": float(np.mean((F - f_test) ** 2)),
            "test_err": float(np.mean((F - Y_new) ** 2)),
            "var_theory": float(sigma**2 * np.mean(np.sum(H**2, axis=1))),
            "fits": F,
        }
    return out


def collinear_fits(rho, lam=0.0, n=100, reps=500, seed=0):
    """x₂ = ρx₁ + √(1−ρ²)ε，y = x₁ + x₂ + N(0,1)；对 reps 个数据集求 (岭) 回归系数。

    返回 (系数 reps×2, 新样本上预测 x₁ + x₂ 的均方误差)。
    """
    rng = np.random.default_rng(seed)
    x1 = rng.standard_normal((reps, n))
    x2 = rho * x1 + np.sqrt(1 - rho**2) * rng.standard_normal((reps, n))
    y = x1 + x2 + rng.standard_normal((reps, n))
    X = np.stack([x1, x2], axis=-1)                              # reps × n × 2
    XtX = np.einsum("rni,rnj->rij", X, X) + lam * np.eye(2)
    Xty = np.einsum("rni,rn->ri", X, y)
    W = np.linalg.solve(XtX, Xty[..., None])[..., 0]
    t1 = rng.standard_normal((reps, 1000))                       # 同分布的新样本
    t2 = rho * t1 + np.sqrt(1 - rho**2) * rng.standard_normal((reps, 1000))
    pred_err = float(np.mean((W[:, :1] * t1 + W[:, 1:] * t2 - (t1 + t2)) ** 2))
    return W, pred_err
