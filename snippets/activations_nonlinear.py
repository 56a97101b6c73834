import numpy as np

# target: sin(3x) on N_POINTS points of [-pi, pi]
N_POINTS = 400
x = np.linspace(-np.pi, np.pi, N_POINTS)
y = np.sin(3 * x)

# a pool of POOL tanh hidden units with fixed random input weights w ~ N(0, W_STD^2)
# and biases b ~ U(-B_SCALE*pi, B_SCALE*pi); a net with H hidden units uses the
# first H of them (nested models)
POOL, W_STD, B_SCALE, SEED = 80, 3.0, 3.0, 0
rng = np.random.default_rng(SEED)
w_in = rng.normal(0, W_STD, size=POOL)
b_in = rng.uniform(-B_SCALE * np.pi, B_SCALE * np.pi, size=POOL)


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

Hs = np.arange(1, POOL + 1)
sweep = np.array([np.abs(fit_tanh_net(H) - y).max() for H in Hs])

print(f"{'模型':<10}{'最大误差':>12}")
print(f"{'仿射映射':<10}{max_err_affine:12.3g}")
for H, e in max_err.items():
    print(f"{H:>3} 个 tanh 单元{e:11.3g}")
