"""输入归一化与批归一化页面（docs/generalization/normalization.md）的辅助代码：
一个只有前向传播的批归一化层，训练模式用当前小批量的统计量，推断模式用滑动平均。

>>> import numpy as np
>>> bn = BatchNorm(3)
>>> out = bn(np.arange(12.0).reshape(4, 3), training=True)
>>> np.allclose(out.mean(axis=0), 0), bn.steps
(True, 1)
"""

import numpy as np


class BatchNorm:
    """对形状为 (批大小, 特征数) 的输入逐特征做批归一化。

    训练模式：用当前小批量的均值 μ_B 与方差 σ²_B（除以 m）归一化，
    并用动量 momentum 更新滑动平均 running_mean、running_var。
    推断模式：用滑动平均代替 μ_B、σ²_B，每个样本的输出与同一批的其他样本无关。
    """

    def __init__(self, n_features, eps=1e-5, momentum=0.1):
        self.gamma = np.ones(n_features)
        self.beta = np.zeros(n_features)
        self.eps, self.momentum = eps, momentum
        self.running_mean = np.zeros(n_features)
        self.running_var = np.ones(n_features)
        self.steps = 0

    def __call__(self, x, training):
        if training:
            mu = x.mean(axis=0)
            var = x.var(axis=0)
            k, m = self.momentum, len(x)
            self.running_mean = (1 - k) * self.running_mean + k * mu
            # 滑动平均里用无偏方差 σ²_B · m/(m−1)（PyTorch 也这样做）
            self.running_var = (1 - k) * self.running_var + k * var * m / (m - 1)
            self.steps += 1
        else:
            mu, var = self.running_mean, self.running_var
        x_hat = (x - mu) / np.sqrt(var + self.eps)
        return self.gamma * x_hat + self.beta


def gd_iterations(X, y, lr, tol=1e-6, max_iter=5000):
    """对 J(w) = ‖Xw − y‖²/(2m) 从 w = 0 做梯度下降，返回 (迭代次数, 相对超额损失, 路径)。

    相对超额损失 = (J(w) − J*) / J*；达到 tol 即停止，最多 max_iter 步。
    """
    m = len(X)
    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    J = lambda w: np.sum((X @ w - y) ** 2) / (2 * m)
    J_star = J(w_star)
    w = np.zeros(X.shape[1])
    path = [w.copy()]
    for it in range(1, max_iter + 1):
        w = w - lr * X.T @ (X @ w - y) / m
        path.append(w.copy())
        excess = (J(w) - J_star) / J_star
        if excess < tol:
            break
    return it, excess, np.array(path)
