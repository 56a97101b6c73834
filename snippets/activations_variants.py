"""ReLU 的改进版本（docs/activations/variants.md 用 file= 展示本文件）。

>>> z = np.array([-2.0, 0.0, 3.0])
>>> leaky_relu(z), prelu(z, a=0.25)
(array([-0.02,  0.  ,  3.  ]), array([-0.5,  0. ,  3. ]))
>>> bool(np.all(selu(z) == SELU_LAMBDA * elu(z, SELU_ALPHA)))
True
"""
import numpy as np

# SELU 的两个常数（Klambauer 等 2017）
SELU_LAMBDA = 1.0507009873554805
SELU_ALPHA = 1.6732632423543772


def leaky_relu(z, alpha=0.01):
    """z > 0 时为 z，否则为 alpha·z（alpha 固定）。"""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def dleaky_relu(z, alpha=0.01):
    return np.where(np.asarray(z) > 0, 1.0, alpha)


def prelu(z, a):
    """PReLU：形式与 Leaky ReLU 相同，但斜率 a 是要学习的参数。"""
    return leaky_relu(z, a)


def dprelu_da(z):
    """PReLU 对参数 a 的导数：min(z, 0)。"""
    return np.minimum(np.asarray(z, dtype=float), 0.0)


def elu(z, alpha=1.0):
    """z > 0 时为 z，否则为 alpha·(e^z − 1)；expm1 在 z ≈ 0 处更精确。"""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * np.expm1(np.minimum(z, 0.0)))


def delu(z, alpha=1.0):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))


def selu(z):
    return SELU_LAMBDA * elu(z, SELU_ALPHA)


def dselu(z):
    return SELU_LAMBDA * delu(z, SELU_ALPHA)


def maxout(X, W, b):
    """k 路 Maxout 层：X (m, d)，W (k, d, n)，b (k, n) → (m, n)。

    每个输出单元取 k 个仿射函数 X @ W[j] + b[j] 中的最大值。
    """
    return np.max([X @ W_j + b_j for W_j, b_j in zip(W, b)], axis=0)
