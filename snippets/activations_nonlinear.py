import numpy as np

# target: sin(3x) on 400 points of [-pi, pi]
x = np.linspace(-np.pi, np.pi, 400)
y = np.sin(3 * x)

# a pool of 80 tanh hidden units with fixed random input weights and biases;
# a net with H hidden units uses the first H of them (nested models)
rng = np.random.default_rng(0)
w_in = rng.normal(0, 3, size=80)
b_in = rng.uniform(-3 * np.pi, 3 * np.pi, size=80)


def fit_tanh_net(H):
    """y ≈ sum_j c_j tanh(w_j x + b_j) + c_0; only c is fitted (least squares)."""
    Phi = np.column_stack([np.tanh(np.outer(x, w_in[:H]) + b_in[:H]),
                           np.ones_like(x)])
    c, *_ = np.linalg.lstsq(Phi, y, rcond=None)
    return Phi @ c


def fit_affine():
    """The best a·x + b: all a network without nonlinearity can do."""
    A = np.column_stack([x, np.ones_like(x)])
    c, *_ = np.linalg.lstsq(A, y, rcond=None)
    return A @ c


pred = {H: fit_tanh_net(H) for H in (5, 20, 50)}
pred_affine = fit_affine()
max_err = {H: np.abs(p - y).max() for H, p in pred.items()}
max_err_affine = np.abs(pred_affine - y).max()

Hs = np.arange(1, 81)
sweep = np.array([np.abs(fit_tanh_net(H) - y).max() for H in Hs])

print(f"{'模型':<10}{'最大误差':>12}")
print(f"{'仿射映射':<10}{max_err_affine:12.3g}")
for H, e in max_err.items():
    print(f"{H:>3} 个 tanh 单元{e:11.3g}")
