"""一个极小的计算图（docs/basics/computation-graph.md）：节点是运算，边是张量。

图是一个运算列表，每个运算写成 (名字, 种类, 输入张量, 输出张量)。
`run` 按拓扑顺序做前向计算；`grad` 按相反的顺序做反向模式自动微分，
一个张量流向多个运算时，把各条路径传回的梯度相加。

>>> import numpy as np
>>> g = [("mul", "mul", ["x", "y"], "a"), ("sum", "reduce_sum", ["a"], "c")]
>>> v = run(g, {"x": np.array([1.0, 2.0]), "y": np.array([3.0, 4.0])})
>>> float(v["c"])
11.0
>>> grad(g, v, "c")["x"]
array([3., 4.])
"""

import numpy as np
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

FORWARD = {
    "mul": lambda a, b: a * b,
    "add": lambda a, b: a + b,
    "reduce_sum": lambda a: np.sum(a),
}

# 每种运算的“向量-雅可比积”：已知输出的梯度 g，求各个输入的梯度
BACKWARD = {
    "mul": lambda g, a, b: (g * b, g * a),
    "add": lambda g, a, b: (g * np.ones_like(a), g * np.ones_like(b)),
    "reduce_sum": lambda g, a: (g * np.ones_like(a),),
}


def topo_order(ops):
    """Kahn 算法：一个运算的所有输入都已算出，它才能执行。"""
    produced = {out for *_, out in ops}
    ready = {t for _, _, ins, _ in ops for t in ins if t not in produced}  # 图的输入
    order, pending = [], list(ops)
    while pending:
        op = next(o for o in pending if all(t in ready for t in o[2]))
        order.append(op)
        ready.add(op[3])
        pending.remove(op)
    return order


def run(ops, feeds):
    """前向：feeds 给出输入张量的值，返回所有张量的值。"""
    values = dict(feeds)
    for _, kind, ins, out in topo_order(ops):
        values[out] = FORWARD[kind](*(values[t] for t in ins))
    return values


def grad(ops, values, target):
    """反向模式：返回 target 对每个张量的梯度（同一张量多条路径的梯度相加）。"""
    grads = {target: np.ones_like(values[target])}
    for _, kind, ins, out in reversed(topo_order(ops)):
        if out not in grads:
            continue
        for t, g in zip(ins, BACKWARD[kind](grads[out], *(values[t] for t in ins))):
            grads[t] = grads[t] + g if t in grads else g
    return grads


HW, HH, R = 0.75, 0.3, 0.3          # 运算方框的半宽、半高，输入/输出圆的半径


def _boundary(p, q, is_op):
    """从节点中心 p 朝 q 的方向，走到节点边界上的点。"""
    d = np.subtract(q, p, dtype=float)
    if is_op:
        t = min(HW / abs(d[0]) if d[0] else np.inf, HH / abs(d[1]) if d[1] else np.inf)
    else:
        t = R / np.hypot(*d)
    return np.asarray(p) + (t + 0.06 / np.hypot(*d)) * d


def draw_graph(ops, pos, grads_label=None):
    """画计算图：圆角方框是运算节点，圆是图的输入和输出，实线箭头是前向流动的张量，
    红色虚线箭头是反向传回的梯度。pos 给出每个节点（运算名或张量名）的坐标。"""
    fig, ax = plt.subplots(figsize=(8, 3.4))
    produced = {out: name for name, _, _, out in ops}
    op_names = {name for name, *_ in ops}
    consumed = {t for _, _, ins, _ in ops for t in ins}
    final = [out for *_, out in ops if out not in consumed]
    sources = sorted(t for t in consumed if t not in produced)

    for name, kind, ins, out in ops:      # 运算节点
        x, y = pos[name]
        ax.add_patch(FancyBboxPatch((x - HW, y - HH), 2 * HW, 2 * HH,
                                    boxstyle="round,pad=0.02", fc="#fde0c5", ec="k"))
        ax.text(x, y, kind, ha="center", va="center", fontsize=10, family="monospace")
    for t in sources + final:             # 输入与输出
        x, y = pos[t]
        ax.add_patch(plt.Circle((x, y), R, fc="#dbe9f6", ec="k"))
        ax.text(x, y, f"${t}$", ha="center", va="center", fontsize=14)

    edges = [(produced.get(t, t), name, t) for name, _, ins, _ in ops for t in ins]
    edges += [(produced[t], t, t) for t in final]
    for src, dst, t in edges:
        a = _boundary(pos[src], pos[dst], src in op_names)
        b = _boundary(pos[dst], pos[src], dst in op_names)
        d = (b - a) / np.hypot(*(b - a))
        n = np.array([-d[1], d[0]])       # 边的法向量
        if n[1] < 0:
            n = -n
        ax.annotate("", xy=b, xytext=a,   # 前向：张量沿边流动
                    arrowprops=dict(arrowstyle="-|>", lw=1.6, color="k",
                                    shrinkA=0, shrinkB=0))
        mid = (a + b) / 2
        if src != t:                      # 中间张量：在边上方标出名字
            ax.text(*(mid + 0.2 * n), f"${t}$", ha="center", va="center", fontsize=13)
        if grads_label and t in grads_label:   # 反向：梯度逆着边传回
            ax.annotate("", xy=a - 0.1 * n, xytext=b - 0.1 * n,
                        arrowprops=dict(arrowstyle="-|>", lw=1.2, color="tab:red",
                                        ls="--", shrinkA=0, shrinkB=0))
            ax.text(*(mid - 0.38 * n), grads_label[t], ha="center", va="center",
                    fontsize=11, color="tab:red")
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig
