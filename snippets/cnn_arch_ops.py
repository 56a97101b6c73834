"""卷积、局部连接层与一维卷积的 numpy 参考实现（fc-layer、local-conv、
beyond-vision 页面共用）。

约定：特征图的形状是 (H, W, C)（高、宽、通道），卷积核的形状是 (f, f, C_in, C_out)；
“卷积”按深度学习的习惯指互相关（cross-correlation），核不翻转；不填充、步长 1。

>>> x = np.arange(2 * 3 * 3, dtype=float).reshape(3, 3, 2)
>>> w = np.ones((3, 3, 2, 1))
>>> y = conv2d(x, w, np.zeros(1))
>>> y.shape, bool(y[0, 0, 0] == x.sum())
((1, 1, 1), True)
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# 共享权值的标准卷积与“卷积运算”页是同一个实现（那里与逐点循环的版本核对过）
from cnn_ops_common import conv2d  # noqa: F401 - the pages use it from here


def patches2d(x, f):
    """x: (H, W, C) → 所有 f×f 窗口，形状 (H−f+1, W−f+1, f, f, C)。"""
    return sliding_window_view(x, (f, f), axis=(0, 1)).transpose(0, 1, 3, 4, 2)


def local_conv2d(x, w, b):
    """局部连接层（locally connected，参数不共享）：
    每个输出位置 (i, j) 有自己的核 w[i, j] (f, f, C_in, C_out) 和偏置 b[i, j] (C_out,)。"""
    return np.einsum("ijabc,ijabck->ijk", patches2d(x, w.shape[2]), w) + b


def conv1d(x, w, b):
    """一维卷积：x (T, d) 是长度为 T 的序列、每个位置一个 d 维向量；
    w (k, d, C_out) 是宽度为 k 的核，输出 (T−k+1, C_out)。"""
    win = sliding_window_view(x, w.shape[0], axis=0)        # (T−k+1, d, k)
    return np.einsum("tdk,kdc->tc", win, w) + b
