"""激活函数性质表（docs/activations/properties.md）：每一格都由数值检查得出。"""
import numpy as np

from activations_common import sigmoid, relu
from activations_variants import leaky_relu, elu, selu

FUNCS = {
    "恒等 $z$": lambda z: np.asarray(z, dtype=float),
    "阶跃 $1[z>0]$": lambda z: (np.asarray(z) > 0).astype(float),
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "ReLU": relu,
    "Leaky ReLU": leaky_relu,
    "ELU": elu,
    "SELU": selu,
    "softplus": lambda z: np.logaddexp(0.0, z),
    "Swish $z\\,\\sigma(z)$": lambda z: np.asarray(z) * sigmoid(z),
    "sin": np.sin,
}
EXP_FREE = {"恒等 $z$", "阶跃 $1[z>0]$", "ReLU", "Leaky ReLU"}  # 按定义填写

GRID = np.arange(-10_000, 10_001) / 1000       # [-10, 10]，步长 0.001
H = 1e-6


def deriv(g, z):
    return (g(z + H) - g(z - H)) / (2 * H)


def check(g):
    """对一个函数做数值检查，返回各性质的判断（及所用的数）。"""
    d = deriv(g, GRID)
    left, right = (g(0.0) - g(-H)) / H, (g(H) - g(0.0)) / H
    jump = abs(float(g(H) - g(-H)))
    # z ~ N(0, 1) 时输出的均值和二阶矩（梯形公式）
    zq = np.linspace(-12, 12, 240_001)
    phi = np.exp(-zq ** 2 / 2) / np.sqrt(2 * np.pi)
    mean = np.trapezoid(g(zq) * phi, zq)
    second = np.trapezoid(g(zq) ** 2 * phi, zq)
    far = 1e6
    return {
        "nonlinear": np.ptp(d) > 1e-3,
        "continuous_at_0": jump < 1e-4,
        "differentiable_at_0": jump < 1e-4 and abs(left - right) < 1e-4,
        "flat_fraction": np.mean(np.abs(d) < 1e-12),
        "saturates_left": abs(float(deriv(g, -10.0))) < 1e-3,
        "saturates_right": abs(float(deriv(g, 10.0))) < 1e-3,
        "monotonic": np.all(d >= -1e-9) or np.all(d <= 1e-9),
        "bounded_below": abs(float(g(-far))) < 1e3,
        "bounded_above": abs(float(g(far))) < 1e3,
        "near_identity": (abs(float(g(0.0))) < 1e-12
                          and abs(left - 1) < 1e-4 and abs(right - 1) < 1e-4),
        "mean": mean,
        "self_normalizing": abs(mean) < 1e-6 and abs(second - 1) < 1e-6,
    }


def table_rows(results):
    """把检查结果写成两张 Markdown 表格的行（表太宽时分成两张）。"""
    yes, no = "✓", "✗"
    rows1, rows2 = [], []
    for name, r in results.items():
        if r["flat_fraction"] > 0.999:
            sat = "处处"
        else:
            sides = [s for s, k in (("左", "saturates_left"),
                                    ("右", "saturates_right")) if r[k]]
            sat = "、".join(sides) if sides else no
        if not r["continuous_at_0"]:
            smooth = "0 处不连续"
        elif not r["differentiable_at_0"]:
            smooth = "0 处不可导"
        else:
            smooth = "处处可导"
        rng_ = {(True, True): "有界", (True, False): "下有界",
                (False, True): "上有界", (False, False): "无界"}[
            (r["bounded_below"], r["bounded_above"])]
        rows1.append(
            f"| {name} | {yes if r['nonlinear'] else no} | {smooth} | {sat} "
            f"| {yes if r['monotonic'] else no} "
            f"| {yes if name in EXP_FREE else no} |")
        rows2.append(
            f"| {name} | {rng_} | {yes if r['near_identity'] else no} "
            f"| {r['mean']:+.3f} | {yes if r['self_normalizing'] else no} |")
    return rows1, rows2
