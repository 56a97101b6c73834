import matplotlib.pyplot as plt

depth, n, batch = 50, 256, 512
MU_OFF, SD_OFF = 1.0, 2.0          # the shifted input N(MU_OFF, SD_OFF^2)


def layer_stats(g, c, mean_in=0.0, std_in=1.0, seed=0):
    """Mean and std of every layer's output; no biases, W ~ N(0, c/n)."""
    rng = np.random.default_rng(seed)
    a = mean_in + std_in * rng.standard_normal((batch, n))
    means, stds = [], []
    for _ in range(depth):
        a = g(a @ (rng.standard_normal((n, n)) * np.sqrt(c / n)))
        means.append(a.mean())
        stds.append(a.std())
    return np.array(means), np.array(stds)


runs = {  # label: (g, Var(w)·n, input mean, input std)
    r"SELU, Var$(w)=1/n$": (selu, 1, 0.0, 1.0),
    rf"SELU, Var$(w)=1/n$, input $N({MU_OFF:g}, {SD_OFF:g}^2)$": (selu, 1, MU_OFF, SD_OFF),
    r"ReLU, Var$(w)=1/n$": (relu, 1, 0.0, 1.0),
    r"ReLU, Var$(w)=2/n$ (He)": (relu, 2, 0.0, 1.0),
}
stats = {label: layer_stats(g, c, mu, sd)
         for label, (g, c, mu, sd) in runs.items()}

fig, (ax_m, ax_s) = plt.subplots(1, 2, figsize=(10, 3.8))
layers = np.arange(1, depth + 1)
styles = ["-", "--", "-", "-"]
colors = ["C3", "C3", "0.4", "C0"]
for (label, (m, s)), ls, color in zip(stats.items(), styles, colors):
    ax_m.plot(layers, m, ls, color=color, label=label)
    ax_s.semilogy(layers, s, ls, color=color, label=label)
ax_m.axhline(0, color="0.6", linewidth=0.6)
ax_m.set_title("Mean of the activations")
ax_s.axhline(1, color="0.6", linewidth=0.6)
ax_s.set_title("Std of the activations (log scale)")
for ax in (ax_m, ax_s):
    ax.set_xlabel(r"layer $l$")
    ax.grid(alpha=0.3, which="both")
ax_s.legend(fontsize=8, loc="lower left")
fig.tight_layout()

names = ["SELU, Var(w)=1/n", f"SELU, Var(w)=1/n, input N({MU_OFF:g}, {SD_OFF:g}²)",
         "ReLU, Var(w)=1/n", "ReLU, Var(w)=2/n (He)"]
for name, (m, s) in zip(names, stats.values()):
    print(f"{name}:")
    print(f"    第 1 层 均值 {m[0]:+.3f}，标准差 {s[0]:.3f}；"
          f"第 {depth} 层 均值 {m[-1]:+.3g}，标准差 {s[-1]:.3g}")
