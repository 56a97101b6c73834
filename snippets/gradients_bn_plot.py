# 在页面 docs/gradients/remedies.md 的命名空间里运行：np、plt、tanh_stack 已定义。
# BN_DEPTH 层、宽 BN_WIDTH 的 tanh 网络，各层激活值的标准差：有无批归一化、两种权重尺度。
depth = BN_DEPTH
runs = {  # 图例: (权重标准差, 是否 BN)
    r"$0.01\cdot$randn, no BN": (0.01, False),
    r"$0.01\cdot$randn, with BN": (0.01, True),
    r"randn (Var 1), no BN": (1.0, False),
    r"randn (Var 1), with BN": (1.0, True),
}
bn_stds, bn_last = {}, {}
for name, (w_std, bn) in runs.items():
    bn_stds[name], bn_last[name] = tanh_stack(w_std, bn, depth=depth)
small_plain, small_bn, big_plain, big_bn = bn_stds.values()

fig, ax = plt.subplots(figsize=(8, 3.9))
layers = np.arange(1, depth + 1)
styles = ["C0-", "C0--", "C3-", "C3:"]
markers = ["o", "s", "^", "x"]
for (name, s), st, mk in zip(bn_stds.items(), styles, markers):
    ax.semilogy(layers, s, st, marker=mk, markersize=4, markevery=(0, 5), label=name)
ax.set_ylim(1e-12, 3)
ax.set_xlabel("layer $l$")
ax.set_ylabel("std of activations $a^{[l]}$ (log scale)")
ax.set_title(f"tanh MLP, {depth} layers, width {BN_WIDTH}: with and without batch norm")
ax.grid(True, which="major", alpha=0.3)
ax.legend(fontsize=9, loc="lower left", ncol=2)
fig.tight_layout()
