"""卷积神经网络各页（docs/cnn/*.md）共用的 numpy 实现。

约定：特征图按“高 × 宽 × 通道”（channels-last）存放，形状 (H, W, C)；
卷积核形状 (k_h, k_w, C_in, C_out)。二维数组 (H, W) 与 (k_h, k_w) 也可以直接传入，
按单通道处理，返回二维结果。和深度学习框架一样，这里的“卷积”是互相关
（cross-correlation），不翻转卷积核。

>>> import numpy as np
>>> x = np.arange(16.0).reshape(4, 4)
>>> float(conv2d(x, np.ones((2, 2)))[0, 0]), float(conv2d_loop(x, np.ones((2, 2)))[0, 0])
(10.0, 10.0)
>>> out_size(7, 3, p=1, s=2), pool2d(x, 2, 2, "max").tolist()
(4, [[5.0, 7.0], [13.0, 15.0]])
>>> layer_matrix(lambda v: conv2d(v, np.array([[1.0, 2.0]])), (1, 3)).tolist()
[[1.0, 2.0, 0.0], [0.0, 1.0, 2.0]]
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def out_size(n, k, p=0, s=1, d=1):
    """输出边长 ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1；d = 1 时即 ⌊(n + 2p − k)/s⌋ + 1。"""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _promote(x, w=None):
    """把二维输入/卷积核补成三维/四维，并记下是否要把结果压回二维。"""
    flat = x.ndim == 2
    x = x[:, :, None] if flat else x
    if w is not None and w.ndim == 2:
        w = w[:, :, None, None]
    return np.asarray(x, dtype=float), w, flat


def conv2d_loop(x, w, b=None, stride=1, pad=0, dilation=1):
    """直接按定义计算的二维卷积（互相关）：对每个输出位置、每个输出通道求一次加权和。"""
    x, w, flat = _promote(x, w)
    kh, kw, cin, cout = w.shape
    if x.shape[2] != cin:
        raise ValueError("卷积核的厚度必须等于输入的通道数")
    xp = np.pad(x, ((pad, pad), (pad, pad), (0, 0)))
    H = out_size(x.shape[0], kh, pad, stride, dilation)
    W = out_size(x.shape[1], kw, pad, stride, dilation)
    y = np.zeros((H, W, cout))
    for i in range(H):
        for j in range(W):
            r, c = i * stride, j * stride
            # 感受野里的输入块：k_h × k_w × C_in（有空洞时隔 dilation 取一个）
            patch = xp[r:r + dilation * (kh - 1) + 1:dilation,
                       c:c + dilation * (kw - 1) + 1:dilation, :]
            for o in range(cout):
                y[i, j, o] = np.sum(patch * w[:, :, :, o])
                if b is not None:
                    y[i, j, o] += b[o]
    return y[:, :, 0] if flat else y


def conv2d(x, w, b=None, stride=1, pad=0, dilation=1):
    """向量化的二维卷积：先取出所有滑动窗口（im2col），再用一次 einsum 求和。"""
    x, w, flat = _promote(x, w)
    kh, kw, cin, cout = w.shape
    if x.shape[2] != cin:
        raise ValueError("卷积核的厚度必须等于输入的通道数")
    xp = np.pad(x, ((pad, pad), (pad, pad), (0, 0)))
    eh, ew = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    win = sliding_window_view(xp, (eh, ew), axis=(0, 1))   # (H', W', C, eh, ew)
    win = win[::stride, ::stride, :, ::dilation, ::dilation]  # (H, W, C, kh, kw)
    y = np.einsum("ijcuv,uvco->ijo", win, w)
    if b is not None:
        y = y + b
    return y[:, :, 0] if flat else y


def pool2d_loop(x, f, s, mode="max"):
    """直接按定义计算的池化：对每个通道、每个 f × f 窗口取最大值或平均值。"""
    x, _, flat = _promote(x)
    H, W = out_size(x.shape[0], f, 0, s), out_size(x.shape[1], f, 0, s)
    y = np.zeros((H, W, x.shape[2]))
    for i in range(H):
        for j in range(W):
            for c in range(x.shape[2]):
                win = x[i * s:i * s + f, j * s:j * s + f, c]
                y[i, j, c] = win.max() if mode == "max" else win.mean()
    return y[:, :, 0] if flat else y


def pool2d(x, f, s, mode="max"):
    """向量化的池化：滑动窗口视图上一次 max / mean。"""
    x, _, flat = _promote(x)
    win = sliding_window_view(x, (f, f), axis=(0, 1))[::s, ::s]  # (H, W, C, f, f)
    y = win.max(axis=(3, 4)) if mode == "max" else win.mean(axis=(3, 4))
    return y[:, :, 0] if flat else y


def layer_matrix(layer, shape):
    """把线性层 layer（输入形状 shape）当黑箱，求出它的矩阵 M（y = M x，输入、输出都拉成向量）：
    第 j 列就是第 j 个输入分量为 1、其余为 0 时的输出。"""
    n = int(np.prod(shape))
    cols = []
    for j in range(n):
        e = np.zeros(n)
        e[j] = 1.0
        cols.append(np.ravel(layer(e.reshape(shape))))
    return np.stack(cols, axis=1)


def show_matrix(ax, M, title=None, fmt="{:g}", cmap="Blues", vmin=None, vmax=None,
                fontsize=10):
    """把一个小矩阵画成带数字的热图（用于卷积、池化的示意图）。"""
    import matplotlib.pyplot as plt
    M = np.asarray(M, dtype=float)
    lo = M.min() if vmin is None else vmin
    hi = M.max() if vmax is None else vmax
    hi = hi if hi > lo else lo + 1
    ax.imshow(M, cmap=cmap, vmin=lo, vmax=hi)
    cm = plt.get_cmap(cmap)
    for (i, j), v in np.ndenumerate(M):
        r, g, b, _ = cm((v - lo) / (hi - lo))
        dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5     # 深色格子上用白字
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=fontsize,
                color="white" if dark else "black")
    ax.set_xticks(np.arange(M.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(M.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.6", linewidth=0.6)
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if title:
        ax.set_title(title, fontsize=11)
