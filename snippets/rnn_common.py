"""循环神经网络各页（docs/rnn/*.md）共用的辅助函数：numpy 实现的 RNN、LSTM、GRU。

约定：状态是一维向量，矩阵左乘向量。两类单元里字母 W、U 的角色不同：

- 简单 RNN 与 rnn.md 的公式一致：h_t = tanh(W·h_{t-1} + U·x_t + b)，
  W 是循环权重（n_h×n_h），U 是输入权重（n_h×n_x）；
- LSTM 和 GRU 的每个门写成 W·x_t + U·h_{t-1} + b（LSTM 的 p["Wx"]、p["U"]，
  GRU 的 Wz、Uz 等）：U 是循环权重，即页面公式 W_f[h_{t-1}, x_t] 中作用于
  h_{t-1} 的那几列，W 是作用于 x_t 的那几列。
LSTM 的四组参数按 (f, i, g, o) 的顺序叠放：f 遗忘门、i 输入门、
g 候选值（tanh）、o 输出门。

简单 RNN：h_0 = 0 时第一步与 W 无关（W 只作用于 h_{t-1}），x = 0 时与 U 无关（U 只作用于 x_t）：

>>> rng = np.random.default_rng(0)
>>> W1, W2 = rng.standard_normal((2, 3, 3))
>>> U1, U2 = rng.standard_normal((2, 3, 2))
>>> X, b, h0 = rng.standard_normal((1, 2)), rng.standard_normal(3), rng.standard_normal(3)
>>> bool(np.array_equal(rnn_forward(W1, U1, b, X, np.zeros(3)), rnn_forward(W2, U1, b, X, np.zeros(3))))
True
>>> bool(np.array_equal(rnn_forward(W1, U1, b, 0 * X, h0), rnn_forward(W1, U2, b, 0 * X, h0)))
True

LSTM：h_{t-1} = 0 时一步的结果与 U 无关（U 是循环权重），换掉 Wx 则不同：

>>> p = make_lstm(n_h=3, n_x=2, seed=0)
>>> s = lstm_step(p, np.zeros(2), np.zeros(3), np.zeros(3))
>>> sorted(s)
['c', 'f', 'g', 'h', 'i', 'o']
>>> step = lambda q: lstm_step(q, np.ones(2), np.zeros(3), np.zeros(3))["h"]
>>> bool(np.array_equal(step(p), step(dict(p, U=2 * p["U"])))), bool(np.array_equal(step(p), step(dict(p, Wx=2 * p["Wx"]))))
(True, False)
>>> rnn_params(2, 3), lstm_params(2, 3), gru_params(2, 3)
(18, 72, 54)
"""

import numpy as np


def sigmoid(z):
    """数值稳定的 logistic 函数 σ(z) = 1 / (1 + e^{-z})。"""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# ---------------------------------------------------------------- 简单 RNN
def rnn_forward(W, U, b, X, h0):
    """h_t = tanh(W h_{t-1} + U x_t + b)，返回 H[0..T]（H[0] = h0）。"""
    H = [h0]
    for x in X:
        H.append(np.tanh(W @ H[-1] + U @ x + b))
    return np.array(H)


def rnn_loss(W, U, b, X, Y, h0):
    """损失 L = Σ_t ½‖h_t − y_t‖²（每个时间步都有目标）。"""
    H = rnn_forward(W, U, b, X, h0)
    return 0.5 * np.sum((H[1:] - Y) ** 2)


def rnn_bptt(W, U, b, X, Y, h0):
    """沿时间反向传播（BPTT）。

    返回 (dW, terms)：terms[t] 是第 t 步对 ∂L/∂W 的贡献 a_t h_{t-1}^T，
    其中 a_t = ∂L/∂(第 t 步的预激活)；dW = Σ_t terms[t]。
    """
    H = rnn_forward(W, U, b, X, h0)
    T = len(X)
    terms = [None] * T
    g_h = np.zeros_like(h0)              # 从 t+1 步传回来的 ∂L/∂h_t
    for t in range(T, 0, -1):
        g_h = g_h + (H[t] - Y[t - 1])    # 加上第 t 步自己的损失项
        a = g_h * (1 - H[t] ** 2)        # 乘 tanh'：∂L/∂(预激活)
        terms[t - 1] = np.outer(a, H[t - 1])
        g_h = W.T @ a                    # 传给 h_{t-1}
    return sum(terms), terms


def rnn_jacobian_norms(W, U, b, X, h0):
    """‖∂h_t/∂h_0‖₂，t = 1..T；每步的雅可比矩阵是 diag(1 − h_t²) W。"""
    h, J, norms = h0, np.eye(len(h0)), []
    for x in X:
        h = np.tanh(W @ h + U @ x + b)
        J = (1 - h**2)[:, None] * W @ J
        norms.append(np.linalg.norm(J, 2))
    return np.array(norms)


# ---------------------------------------------------------------- LSTM
def make_lstm(n_h, n_x, scale=1.0, forget_bias=1.0, seed=0, zero_U=False):
    """随机 LSTM 参数：Wx ~ N(0, 1/n_x)，U ~ scale·N(0, 1/n_h)，b_f = forget_bias。"""
    rng = np.random.default_rng(seed)
    Wx = rng.standard_normal((4, n_h, n_x)) / np.sqrt(n_x)
    U = scale * rng.standard_normal((4, n_h, n_h)) / np.sqrt(n_h)
    if zero_U:
        U[:] = 0.0
    b = np.zeros((4, n_h))
    b[0] = forget_bias
    return {"Wx": Wx, "U": U, "b": b}


def lstm_step(p, x, h, c):
    """LSTM 的一步，返回各门、候选值和新状态 (f, i, g, o, c, h)。"""
    a = p["Wx"] @ x + p["U"] @ h + p["b"]          # 形状 (4, n_h)
    f, i, o = sigmoid(a[0]), sigmoid(a[1]), sigmoid(a[3])
    g = np.tanh(a[2])
    c_new = f * c + i * g
    return {"f": f, "i": i, "g": g, "o": o, "c": c_new,
            "h": o * np.tanh(c_new)}


def lstm_step_jacobian(p, s, c_prev):
    """一步的雅可比矩阵 ∂(h_t, c_t)/∂(h_{t-1}, c_{t-1})（解析式）。

    s 是 lstm_step 的返回值，c_prev 是 c_{t-1}。
    """
    U, f, i, g, o = p["U"], s["f"], s["i"], s["g"], s["o"]
    tc = np.tanh(s["c"])
    dc_dc = np.diag(f)
    dc_dh = ((c_prev * f * (1 - f))[:, None] * U[0]
             + (g * i * (1 - i))[:, None] * U[1]
             + (i * (1 - g**2))[:, None] * U[2])
    dh_dc = (o * (1 - tc**2))[:, None] * dc_dc
    dh_dh = (tc * o * (1 - o))[:, None] * U[3] + (o * (1 - tc**2))[:, None] * dc_dh
    return np.block([[dh_dh, dh_dc], [dc_dh, dc_dc]])


def lstm_run(p, X, h0, c0):
    """跑完整个序列，返回最后的 (h, c)。"""
    h, c = h0, c0
    for x in X:
        s = lstm_step(p, x, h, c)
        h, c = s["h"], s["c"]
    return h, c


def lstm_jacobian_norms(p, X, h0, c0):
    """‖∂h_t/∂h_0‖₂ 与 ∏_{k≤t} f_k（细胞通路，逐元素）的最大分量，t = 1..T。"""
    n = len(h0)
    h, c, J = h0, c0, np.eye(2 * n)
    prod_f = np.ones(n)
    norms, cell = [], []
    for x in X:
        s = lstm_step(p, x, h, c)
        J = lstm_step_jacobian(p, s, c) @ J
        h, c = s["h"], s["c"]
        prod_f = prod_f * s["f"]
        norms.append(np.linalg.norm(J[:n, :n], 2))
        cell.append(prod_f.max())
    return np.array(norms), np.array(cell)


# ---------------------------------------------------------------- GRU
def gru_step(p, x, h):
    """GRU 的一步（本站约定 h_t = (1 − z) ⊙ h_{t-1} + z ⊙ h̃_t）。

    p 含 Wz, Uz, bz, Wr, Ur, br, Wh, Uh, bh。
    """
    z = sigmoid(p["Wz"] @ x + p["Uz"] @ h + p["bz"])
    r = sigmoid(p["Wr"] @ x + p["Ur"] @ h + p["br"])
    h_tilde = np.tanh(p["Wh"] @ x + p["Uh"] @ (r * h) + p["bh"])
    return {"z": z, "r": r, "h_tilde": h_tilde,
            "h": (1 - z) * h + z * h_tilde}


def make_gru(n_h, n_x, seed=0, scale=1.0, update_bias=0.0):
    """随机 GRU 参数：W ~ N(0, 1/n_x)，U ~ scale·N(0, 1/n_h)，更新门偏置 b_z = update_bias。"""
    rng = np.random.default_rng(seed)
    p = {}
    for k in "zrh":
        p["W" + k] = rng.standard_normal((n_h, n_x)) / np.sqrt(n_x)
        p["U" + k] = scale * rng.standard_normal((n_h, n_h)) / np.sqrt(n_h)
        p["b" + k] = np.zeros(n_h)
    p["bz"] += update_bias
    return p


# ---------------------------------------------------------------- 参数个数
def rnn_params(n_x, n_h):
    """简单 RNN：W (n_h×n_h) + U (n_h×n_x) + b (n_h)。"""
    return n_h * (n_h + n_x + 1)


def lstm_params(n_x, n_h):
    """LSTM：f、i、g、o 四组，每组与简单 RNN 一样大。"""
    return 4 * rnn_params(n_x, n_h)


def gru_params(n_x, n_h):
    """GRU：z、r、h̃ 三组。"""
    return 3 * rnn_params(n_x, n_h)


def gru_step_jacobian(p, s, h_prev):
    """GRU 一步的雅可比矩阵 ∂h_t/∂h_{t-1}（解析式，本站约定）。

    ∂h_t/∂h_{t-1} = diag(1 − z)                         直接通路
                  + diag((h̃ − h_{t-1}) z(1 − z)) U_z     经过更新门
                  + diag(z(1 − h̃²)) U_h [diag(r) + diag(h_{t-1} r(1 − r)) U_r]
    """
    z, r, ht = s["z"], s["r"], s["h_tilde"]
    inner = np.diag(r) + (h_prev * r * (1 - r))[:, None] * p["Ur"]
    return (np.diag(1 - z)
            + ((ht - h_prev) * z * (1 - z))[:, None] * p["Uz"]
            + (z * (1 - ht**2))[:, None] * (p["Uh"] @ inner))


def gru_jacobian_norms(p, X, h0):
    """‖∂h_t/∂h_0‖₂ 与 ∏_{k≤t}(1 − z_k)（直接通路，逐元素）的最大分量，t = 1..T。"""
    h, J = h0, np.eye(len(h0))
    keep = np.ones(len(h0))
    norms, direct = [], []
    for x in X:
        s = gru_step(p, x, h)
        J = gru_step_jacobian(p, s, h) @ J
        h = s["h"]
        keep = keep * (1 - s["z"])
        norms.append(np.linalg.norm(J, 2))
        direct.append(keep.max())
    return np.array(norms), np.array(direct)
