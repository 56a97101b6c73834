"""循环神经网络各页的示意图（matplotlib 绘制，标签只用英文和数学符号）。"""

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch


def _box(ax, x, y, w, h, text, fc="#dbe9f6", fs=13):
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h,
                                boxstyle="round,pad=0.02,rounding_size=0.08",
                                fc=fc, ec="black", lw=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=fs)


def _arrow(ax, x0, y0, x1, y1, text=None, dx=0.0, dy=0.0, color="black",
           style="-|>", fs=12, rad=0.0):
    ax.annotate("", xy=(x1, y1), xytext=(x0, y0),
                arrowprops=dict(arrowstyle=style, color=color, lw=1.4,
                                shrinkA=0, shrinkB=0,
                                connectionstyle=f"arc3,rad={rad}"))
    if text:
        ax.text((x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy, text,
                fontsize=fs, ha="center", va="center", color=color)


def draw_unrolled_rnn(T=4):
    """左：带自环的折叠画法；右：按时间展开成 T 步（每步共享 W、U、V）。"""
    fig, ax = plt.subplots(figsize=(8.5, 3.6))
    bw, bh = 0.9, 0.6
    # folded
    _box(ax, 0, 1.5, bw, bh, r"$h$")
    _box(ax, 0, 0, bw, bh, r"$x$", fc="#e8f3e0")
    _box(ax, 0, 3, bw, bh, r"$y$", fc="#fbe3d6")
    _arrow(ax, 0, 0.3, 0, 1.2, r"$U$", dx=0.25)
    _arrow(ax, 0, 1.8, 0, 2.7, r"$V$", dx=0.25)
    ax.plot([0.45, 0.95, 0.95], [1.62, 1.62, 1.38], color="black", lw=1.4)
    _arrow(ax, 0.95, 1.38, 0.45, 1.38)
    ax.text(1.15, 1.5, r"$W$", fontsize=12, ha="center", va="center")
    ax.text(1.85, 1.5, r"$\Longrightarrow$", fontsize=20, ha="center", va="center")
    ax.text(1.85, 2.0, "unroll", fontsize=11, ha="center")
    # unrolled
    x0, step = 4.6, 1.8
    _box(ax, x0 - step, 1.5, bw, bh, r"$h_0$", fc="#eeeeee")
    for t in range(1, T + 1):
        x = x0 + (t - 1) * step
        _box(ax, x, 1.5, bw, bh, rf"$h_{t}$")
        _box(ax, x, 0, bw, bh, rf"$x_{t}$", fc="#e8f3e0")
        _box(ax, x, 3, bw, bh, rf"$y_{t}$", fc="#fbe3d6")
        _arrow(ax, x, 0.3, x, 1.2, r"$U$", dx=0.25)
        _arrow(ax, x, 1.8, x, 2.7, r"$V$", dx=0.25)
        _arrow(ax, x - step + bw / 2, 1.5, x - bw / 2, 1.5, r"$W$", dy=0.22)
    ax.text(x0 + (T - 0.4) * step, 1.5, r"$\cdots$", fontsize=16, va="center")
    ax.set_xlim(-0.8, x0 + T * step - 0.3)
    ax.set_ylim(-0.5, 3.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(r"$h_t=\tanh(W h_{t-1}+U x_t+b)$,  $\hat y_t=\mathrm{softmax}(V h_t+c)$"
                 "   (same $W,U,V$ at every step)", fontsize=12)
    fig.tight_layout()
    return fig


def draw_lstm_cell():
    """一个 LSTM 单元：上方的细胞状态“传送带”，下方的四个门层。"""
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
    ax.add_patch(FancyBboxPatch((0.6, 0.2), 8.6, 4.3,
                                boxstyle="round,pad=0.02,rounding_size=0.3",
                                fc="#f7f7f7", ec="gray", lw=1.2))
    yc, yg, yh = 4.0, 1.8, 0.75          # 细胞状态线、门层、h 线的高度
    op = dict(fc="#fde2e2", ec="black", lw=1.2)

    def circ(x, y, s):
        ax.add_patch(Circle((x, y), 0.26, **op))
        ax.text(x, y, s, ha="center", va="center", fontsize=14)

    # 细胞状态（传送带）
    xf, xa, xo = 2.2, 4.6, 7.6            # ⊗f、⊕、tanh(c) 的横坐标
    _arrow(ax, -0.3, yc, xf - 0.26, yc, style="-")
    ax.text(-0.3, yc + 0.25, r"$c_{t-1}$", fontsize=13)
    circ(xf, yc, r"$\times$")
    _arrow(ax, xf + 0.26, yc, xa - 0.26, yc, style="-")
    circ(xa, yc, r"$+$")
    _arrow(ax, xa + 0.26, yc, 10.0, yc)
    ax.text(9.5, yc + 0.25, r"$c_t$", fontsize=13)
    # h_{t-1} 与 x_t 拼接后进入四个门层
    _arrow(ax, -0.3, yh, 7.2, yh, style="-")
    ax.text(-0.3, yh + 0.2, r"$h_{t-1}$", fontsize=13)
    _arrow(ax, 1.1, -0.35, 1.1, yh)
    ax.text(1.3, -0.3, r"$x_t$", fontsize=13)
    gates = [(xf, r"$\sigma$", r"$f_t$"), (3.5, r"$\sigma$", r"$i_t$"),
             (4.6, r"$\tanh$", r"$\tilde c_t$"), (6.2, r"$\sigma$", r"$o_t$")]
    for x, s, name in gates:
        _arrow(ax, x, yh, x, yg - 0.3)
        _box(ax, x, yg, 0.8, 0.55, s, fc="#fff2b3", fs=12)
        ax.text(x + 0.45, yg + 0.55, name, fontsize=12, color="#7a3b00")
    # 遗忘门直接上行到 ⊗
    _arrow(ax, xf, yg + 0.28, xf, yc - 0.26)
    # 输入门 × 候选值 → ⊕
    xm = 4.05
    circ(xm, 3.0, r"$\times$")
    _arrow(ax, 3.5, yg + 0.28, xm - 0.2, 3.0 - 0.15)
    _arrow(ax, 4.6, yg + 0.28, xm + 0.2, 3.0 - 0.15)
    _arrow(ax, xm, 3.26, xa - 0.12, yc - 0.24)
    # 输出：h_t = o_t ⊙ tanh(c_t)
    _arrow(ax, xo, yc, xo, 3.3)
    _box(ax, xo, 3.0, 0.8, 0.45, r"$\tanh$", fc="#fde2e2", fs=11)
    circ(xo, 1.8, r"$\times$")
    _arrow(ax, xo, 2.77, xo, 2.06)
    _arrow(ax, 6.2 + 0.4, yg, xo - 0.26, 1.8)
    _arrow(ax, xo + 0.26, 1.8, 8.6, 1.8, style="-")
    _arrow(ax, 8.6, 1.8, 8.6, yh, style="-")
    _arrow(ax, 8.6, yh, 10.0, yh)
    ax.text(9.5, yh + 0.2, r"$h_t$", fontsize=13)
    _arrow(ax, 8.6, 1.8, 8.6, 4.9)
    ax.text(8.75, 4.75, r"$h_t$", fontsize=13)
    ax.set_xlim(-0.5, 10.3)
    ax.set_ylim(-0.5, 5.0)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("LSTM cell: yellow = layer with weights, pink = pointwise op",
                 fontsize=11)
    fig.tight_layout()
    return fig
