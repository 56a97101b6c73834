"""激活函数性质表（docs/activations/properties.md）：每一格都由检查得出。

“无需 exp”一栏看函数的前向计算实际调用了哪些 numpy 函数：

>>> uses_exp(np.sin), uses_exp(np.tanh), uses_exp(sigmoid), uses_exp(relu)
(False, True, True, False)
>>> np.exp is _EXP_SAVED["exp"]          # 检查之后 numpy 原样恢复
True
"""
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
# 指数族的 numpy 函数：tanh、sinh、cosh 由 e^z 定义，logaddexp(a, b) = log(e^a + e^b)
EXP_UFUNCS = ("exp", "exp2", "expm1", "logaddexp", "logaddexp2", "tanh", "sinh", "cosh")
_EXP_SAVED = {name: getattr(np, name) for name in EXP_UFUNCS}

GRID = np.arange(-10_000, 10_001) / 1000       # [-10, 10]，步长 0.001
H = 1e-6
# 判断各性质所用的阈值（正文引用这些名字）
NONLINEAR_TOL = 1e-3          # 导数的变化幅度超过它算非线性
SAT_AT, SAT_TOL = 10.0, 1e-3  # |g'(±SAT_AT)| < SAT_TOL 算该侧饱和
FLAT_SHARE = 0.999            # 超过这个比例的网格点导数为 0，记为“处处”饱和
FAR, BOUND = 1e6, 1e3         # |g(±FAR)| < BOUND 算该侧有界


def deriv(g, z):
    return (g(z + H) - g(z - H)) / (2 * H)


def uses_exp(g):
    """g 的前向计算是否用到指数运算。

    g 本身是 numpy 的 ufunc（np.tanh、np.sin）时看它是哪一个；否则把 np 中的指数族函数
    临时换成记录调用的包装，在几个点上算一次 g，再原样换回。
    """
    if isinstance(g, np.ufunc):
        return g.__name__ in EXP_UFUNCS
    called = []

    def spy(name, f):
        def wrapper(*args, **kwargs):
            called.append(name)
            return f(*args, **kwargs)
        return wrapper

    try:
        for name, f in _EXP_SAVED.items():
            setattr(np, name, spy(name, f))
        g(np.linspace(-3.0, 3.0, 7))
    finally:
        for name, f in _EXP_SAVED.items():
            setattr(np, name, f)
    return bool(called)


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
    return {
        "nonlinear": np.ptp(d) > NONLINEAR_TOL,
        "continuous_at_0": jump < 1e-4,
        "differentiable_at_0": jump < 1e-4 and abs(left - right) < 1e-4,
        "flat_fraction": np.mean(np.abs(d) < 1e-12),
        "saturates_left": abs(float(deriv(g, -SAT_AT))) < SAT_TOL,
        "saturates_right": abs(float(deriv(g, SAT_AT))) < SAT_TOL,
        "monotonic": np.all(d >= -1e-9) or np.all(d <= 1e-9),
        "bounded_below": abs(float(g(-FAR))) < BOUND,
        "bounded_above": abs(float(g(FAR))) < BOUND,
        "near_identity": (abs(float(g(0.0))) < 1e-12
                          and abs(left - 1) < 1e-4 and abs(right - 1) < 1e-4),
        "mean": mean,
        "self_normalizing": abs(mean) < 1e-6 and abs(second - 1) < 1e-6,
        "uses_exp": uses_exp(g),
    }


def table_rows(results):
    """把检查结果写成两张 Markdown 表格的行（表太宽时分成两张）。"""
    yes, no = "✓", "✗"
    rows1, rows2 = [], []
    for name, r in results.items():
        if r["flat_fraction"] > FLAT_SHARE:
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
            f"| {no if r['uses_exp'] else yes} |")
        rows2.append(
            f"| {name} | {rng_} | {yes if r['near_identity'] else no} "
            f"| {r['mean']:+.3f} | {yes if r['self_normalizing'] else no} |")
    return rows1, rows2
