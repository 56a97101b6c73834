# 在页面 docs/gradients/vanishing-exploding.md 的命名空间里运行：np、plt 已导入。
# 每个 L 抽 n_draws 组预激活 z_1..z_L ~ N(0, z_std²)，计算导数因子的连乘 ∏ g'(z_l)。
sigmoid = lambda z: 1 / (1 + np.exp(-z))
dsigmoid = lambda z: sigmoid(z) * (1 - sigmoid(z))
dtanh = lambda z: 1 - np.tanh(z) ** 2

rng = np.random.default_rng(0)
depths = np.arange(1, 31)
n_draws = 10_000
z_std = 2.0                      # 预激活的标准差
prod_sig, prod_tanh = {}, {}     # L -> 10^4 个连乘积
for L in depths:
    z = rng.normal(0.0, z_std, size=(n_draws, L))
    prod_sig[L] = np.prod(dsigmoid(z), axis=1)
    prod_tanh[L] = np.prod(dtanh(z), axis=1)

fig, ax = plt.subplots(figsize=(8, 3.8))
for prods, color, name in [(prod_sig, "C0", r"$\prod_l \sigma'(z_l)$"),
                           (prod_tanh, "C2", r"$\prod_l \tanh'(z_l)$")]:
    lo, med, hi = (np.array([np.percentile(prods[L], q) for L in depths])
                   for q in (5, 50, 95))
    ax.fill_between(depths, lo, hi, color=color, alpha=0.2)
    ax.semilogy(depths, med, "-", color=color, label=name + ": median, 5–95%")
ax.semilogy(depths, 0.25 ** depths, "k--", label=r"bound $(1/4)^L$")
ax.set_xlabel("number of layers $L$")
ax.set_ylabel("product of derivatives (log scale)")
ax.set_title(rf"Products of activation derivatives, $z_l \sim \mathcal{{N}}(0, {z_std:g}^2)$")
ax.set_ylim(1e-40, 2)
ax.grid(True, which="major", alpha=0.3)
ax.legend(fontsize=9, loc="lower left")
fig.tight_layout()
