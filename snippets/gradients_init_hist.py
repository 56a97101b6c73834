# 在页面 docs/gradients/initialization.md 的命名空间里运行：np、plt、deep_forward，
# 以及 init_deep_stats.py 的 depth、width、batch 已定义。
# 三种 tanh 初始化（同一组随机数），第 1、5、20、50 层激活值的直方图。
hist_layers = (1, 5, 20, 50)
hist_schemes = {  # 行标题: 权重标准差
    r"$0.01\cdot$randn": 0.01,
    r"randn (Var 1)": 1.0,
    r"Var $1/n$": np.sqrt(1 / width),
}
hist_acts = {name: deep_forward("tanh", sd, depth=depth, width=width, batch=batch, keep=hist_layers)["acts"]
             for name, sd in hist_schemes.items()}

bins = np.linspace(-1, 1, 41)
fig, axes = plt.subplots(3, 4, figsize=(8, 4.6), sharex=True, sharey="row")
for i, (name, acts) in enumerate(hist_acts.items()):
    for j, layer in enumerate(hist_layers):
        ax = axes[i, j]
        a = acts[layer].ravel()
        ax.hist(a, bins=bins, weights=np.full(a.size, 1 / a.size),
                color=f"C{i}", edgecolor="none")
        ax.text(0.03, 0.95, f"std {a.std():.2g}", transform=ax.transAxes,
                fontsize=8, va="top")
        ax.tick_params(labelsize=8)
        if i == 0:
            ax.set_title(f"layer {layer}", fontsize=10)
        if j == 0:
            ax.set_ylabel(name + "\nfraction", fontsize=8.5)
    axes[i, 0].set_ylim(0, 1.05 if i == 0 else None)
for ax in axes[-1]:
    ax.set_xlabel("activation $a$", fontsize=9)
    ax.set_xticks([-1, 0, 1])
fig.suptitle(f"Histograms of tanh activations, {depth}-layer MLP, width {width}", fontsize=11)
fig.tight_layout()
