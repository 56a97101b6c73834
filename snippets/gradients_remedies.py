"""缓解梯度问题页面（docs/gradients/remedies.md）共用的辅助函数。

页面用 file=gradients_remedies.py 把本文件嵌入第一个代码块，
之后的代码块直接使用这里定义的名字。

>>> import numpy as np
>>> clip_by_norm(np.array([3.0, 4.0]), 1.0)
array([0.6, 0.8])
>>> clip_by_value(np.array([3.0, -4.0, 0.5]), 1.0)
array([ 1. , -1. ,  0.5])
>>> bool(np.all(clip_by_norm(np.array([0.3, 0.4]), 1.0) == [0.3, 0.4]))
True
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# 名称 -> (激活函数, 导数)
ACTS = {
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1.0 - sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
}


def clip_by_norm(g, c):
    """范数超过 c 时把整个向量缩放到范数 c，方向不变。"""
    norm = np.linalg.norm(g)
    return g * (c / norm) if norm > c else g


def clip_by_value(g, c):
    """把每个分量分别截到 [-c, c]，方向可能改变。"""
    return np.clip(g, -c, c)


# deep_net 的默认规模（激活函数与“增大学习率”两节）；tanh_stack 的默认规模（批归一化一节）
NET_DEPTH, NET_WIDTH, NET_BATCH = 20, 128, 64
BN_DEPTH, BN_WIDTH, BN_BATCH, BN_EPS = 50, 256, 256, 1e-5


def deep_net(act, gain, depth=NET_DEPTH, width=NET_WIDTH, batch=NET_BATCH, seed=0):
    """depth 层、无偏置的全连接网络，W ~ N(0, gain²/width)。

    做一次前向传播和一次反向传播（上游梯度取标准正态），返回：
    back_gain —— ‖∂L/∂a[0]‖ / ‖∂L/∂a[L]‖，梯度从输出传回输入时长度的变化；
    grad_norms —— 各层 ‖∂L/∂W[l]‖_F（l = 1..depth）；
    weight_norms —— 各层 ‖W[l]‖_F。
    同一个 seed 下，不同 act、gain 用的是同一组标准正态随机数。
    """
    g, dg = ACTS[act]
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((width, width)) * gain / np.sqrt(width)
          for _ in range(depth)]
    acts, pre = [rng.standard_normal((batch, width))], []
    for W in Ws:                          # 前向
        pre.append(acts[-1] @ W)
        acts.append(g(pre[-1]))
    grad_a = rng.standard_normal((batch, width))
    norm_top = np.linalg.norm(grad_a)
    grad_norms = np.empty(depth)
    for l in range(depth - 1, -1, -1):    # 反向
        delta = grad_a * dg(pre[l])       # ∂L/∂z[l]
        grad_norms[l] = np.linalg.norm(acts[l].T @ delta)
        grad_a = delta @ Ws[l].T          # ∂L/∂a[l-1]
    return {"back_gain": np.linalg.norm(grad_a) / norm_top,
            "grad_norms": grad_norms,
            "weight_norms": np.array([np.linalg.norm(W) for W in Ws])}


def tanh_stack(weight_std, bn, depth=BN_DEPTH, width=BN_WIDTH, batch=BN_BATCH, seed=0, eps=BN_EPS):
    """depth 层 tanh 网络的前向传播，W ~ N(0, weight_std²)，偏置为 0。

    bn=True 时在每个 tanh 之前做批归一化（按特征减去批均值、除以批标准差，
    γ = 1、β = 0）。返回每层激活值的标准差和最后一层的激活值。
    """
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((batch, width))
    stds = []
    for _ in range(depth):
        z = a @ (rng.standard_normal((width, width)) * weight_std)
        if bn:
            z = (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + eps)
        a = np.tanh(z)
        stds.append(a.std())
    return np.array(stds), a
