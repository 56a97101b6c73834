# 在页面 docs/gradients/vanishing-exploding.md 的命名空间里运行：np、plt 已导入。
# 左图：标量因子 a 连乘 L 次（线性链 W[l] = a·I）。
# 右图：同一个 16×16 随机矩阵 W 反复相乘，W 缩放到谱半径 ρ = 0.9 或 1.1。
L_max = 50
layers = np.arange(1, L_max + 1)

rng = np.random.default_rng(0)
n_mat = 16
G = rng.standard_normal((n_mat, n_mat))
rho_G = np.max(np.abs(np.linalg.eigvals(G)))      # G 的谱半径
x0 = rng.standard_normal(n_mat)
gain = {}          # ρ -> ‖W^l x0‖ / ‖x0‖，l = 1..50
spec_norm = {}     # ρ -> ‖W‖₂（最大奇异值）
for rho in (0.9, 1.1):
    W = G * (rho / rho_G)
    v, g = x0.copy(), []
    for _ in range(L_max):
        v = W @ v
        g.append(np.linalg.norm(v) / np.linalg.norm(x0))
    gain[rho] = np.array(g)
    spec_norm[rho] = np.linalg.norm(W, 2)

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.4, 3.6), sharey=True)
for a, style in [(1.1, "C3-"), (1.0, "k:"), (0.9, "C0-")]:
    ax1.semilogy(layers, a ** layers, style, label=f"$a = {a}$: $a^L$")
ax1.set_xlabel("number of layers $L$")
ax1.set_ylabel(r"$\hat y / x$  (log scale)")
ax1.set_title(r"Linear chain, $W^{[l]} = a\,I$")
ax1.legend(fontsize=9)
ax1.grid(True, which="major", alpha=0.3)

for rho, color in [(1.1, "C3"), (0.9, "C0")]:
    ax2.semilogy(layers, gain[rho], "-", color=color,
                 label=rf"$\|W^l x\| / \|x\|$, $\rho = {rho}$")
    ax2.semilogy(layers, rho ** layers, "--", color=color, alpha=0.6,
                 label=rf"$\rho^l$")
ax2.set_xlabel("number of layers $l$")
ax2.set_title(r"Random $16\times16$ matrix, same $W$ each layer")
ax2.legend(fontsize=8.5, ncol=2)
ax2.grid(True, which="major", alpha=0.3)
ax2.set_ylim(1e-4, 2e2)
fig.tight_layout()
