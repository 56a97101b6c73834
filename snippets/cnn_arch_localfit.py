"""局部连接层与共享卷积的拟合实验（docs/cnn/local-conv.md）。

输入是 12×12 的单通道随机图，目标是某个“真实”的 3×3 线性滤波的输出（10×10），
再加上标准差 0.1 的噪声。两种目标：
- "shared"：所有位置用同一个核 —— 特征在全图各处的分布相同；
- "aligned"：图被分成四个象限，每个象限用自己的核 —— 像对齐过的人脸，
  眼睛、鼻子、嘴总在固定的区域，各区域的特征各不相同。
两种模型都用带很小岭惩罚（λ = 1）的最小二乘拟合：
- 共享卷积：一个 3×3 核 + 偏置，共 10 个参数；
- 局部连接：每个输出位置各 10 个参数，共 100 × 10 = 1000 个。
误差是新样本上的相对均方误差 ‖ŷ − y‖² / ‖y‖²（y 不含噪声）。
"""

import numpy as np

from cnn_arch_ops import conv2d, local_conv2d, patches2d

S, F = 12, 3                 # 输入边长、核边长
O = S - F + 1                # 输出边长 10
P = F * F + 1                # 每组参数：9 个权重 + 1 个偏置
LAM = 1.0                    # 岭惩罚，避免样本数恰好等于 10 附近的最小二乘不稳定
NOISE = 0.1                  # 训练目标上噪声的标准差
N_TEST = 50                  # 每次计算误差用的新样本数

_rng = np.random.default_rng(0)
K_SHARED = _rng.standard_normal((F, F, 1, 1))
_K_QUAD = _rng.standard_normal((2, 2, F, F, 1, 1))          # 四个象限各一个核
_q = (np.arange(O) >= O // 2).astype(int)
K_LOCAL = _K_QUAD[_q[:, None], _q[None, :]]                 # (O, O, F, F, 1, 1)


def make_data(task, n, rng, noise=NOISE):
    """返回输入 X (n, S, S, 1)、带噪目标 Y 与无噪目标 Y_clean，形状都是 (n, O, O)。"""
    X = rng.standard_normal((n, S, S, 1))
    if task == "shared":
        Y = np.array([conv2d(x, K_SHARED, 0.0)[..., 0] for x in X])
    else:
        Y = np.array([local_conv2d(x, K_LOCAL, 0.0)[..., 0] for x in X])
    return X, Y + noise * rng.standard_normal(Y.shape), Y


def design(X):
    """每个样本、每个输出位置的 3×3 窗口加一个常数 1：(n, O, O, P)。"""
    win = np.array([patches2d(x, F) for x in X]).reshape(len(X), O, O, F * F)
    return np.concatenate([win, np.ones(win.shape[:-1] + (1,))], axis=-1)


def fit_shared(X, Y):
    A, y = design(X).reshape(-1, P), Y.reshape(-1)
    return np.linalg.solve(A.T @ A + LAM * np.eye(P), A.T @ y)          # (P,)


def fit_local(X, Y):
    A = design(X)                                                        # (n, O, O, P)
    G = np.einsum("nijp,nijq->ijpq", A, A) + LAM * np.eye(P)
    r = np.einsum("nijp,nij->ijp", A, Y)
    return np.linalg.solve(G, r[..., None])[..., 0]                      # (O, O, P)


def relative_error(task, model, n_train, rng, n_test=N_TEST):
    """在 n_train 个样本上拟合，返回 n_test 个新样本上的相对误差。"""
    X, Y, _ = make_data(task, n_train, rng)
    Xt, _, Yt = make_data(task, n_test, rng)
    if model == "shared":
        pred = design(Xt) @ fit_shared(X, Y)
    else:
        pred = np.einsum("nijp,ijp->nij", design(Xt), fit_local(X, Y))
    return np.sum((pred - Yt) ** 2) / np.sum(Yt ** 2)
