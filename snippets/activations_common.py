import numpy as np


def sigmoid(z):
    """Logistic sigmoid, written so that np.exp never overflows.

    >>> float(sigmoid(0.0)), float(sigmoid(-1e6)), float(sigmoid(1e6))
    (0.5, 0.0, 1.0)
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def dsigmoid(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(z)


def dtanh(z):
    return 1 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(z, 0.0)


def drelu(z):
    """ReLU'(z): 1 for z > 0, else 0 (at z = 0 too, as most libraries do).

    >>> drelu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 1.])
    """
    return (np.asarray(z) > 0).astype(float)


def central_diff(f, z, eps=1e-6):
    """Central finite difference (f(z + eps) - f(z - eps)) / (2 eps)."""
    return (f(z + eps) - f(z - eps)) / (2 * eps)


ACTIVATIONS = {  # name: (g, g')
    "sigmoid": (sigmoid, dsigmoid),
    "tanh": (tanh, dtanh),
    "relu": (relu, drelu),
}


def style_function_axes(axes, z, legend_size=9):
    """画“函数 / 导数”并排图时两幅子图共用的坐标轴样式：过原点的参考线、横轴范围、网格与图例。"""
    for ax in axes:
        ax.axhline(0, color="0.6", linewidth=0.6)
        ax.axvline(0, color="0.6", linewidth=0.6)
        ax.set_xlabel(r"$z$")
        ax.set_xlim(z[0], z[-1])
        ax.grid(alpha=0.3)
        ax.legend(loc="upper left", fontsize=legend_size)
