import matplotlib.pyplot as plt

# 1-D maxout units h(x) = max_j (w_j x + b_j): each row of `pieces` is (w_j, b_j)
x = np.linspace(-2, 2, 801)
examples = {
    r"$\max(x, 0)$ = ReLU": np.array([[1.0, 0.0], [0.0, 0.0]]),
    r"$\max(x, -x) = |x|$": np.array([[1.0, 0.0], [-1.0, 0.0]]),
    r"$k=5$: tangents of $x^2/2$": np.array([[t, -t * t / 2]
                                              for t in (-2, -1, 0, 1, 2)],
                                             dtype=float),
}
fig, axes = plt.subplots(1, 3, figsize=(10, 3.4), sharey=True)
for ax, (title, pieces) in zip(axes, examples.items()):
    lines = pieces[:, :1] * x + pieces[:, 1:]        # (k, len(x))
    for line in lines:
        ax.plot(x, line, color="0.7", linewidth=0.8)
    ax.plot(x, lines.max(axis=0), color="C0", linewidth=2.2, label="maxout")
    if "x^2" in title:
        ax.plot(x, x ** 2 / 2, "--", color="C3", label=r"$x^2/2$")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(r"$x$")
    ax.set_ylim(-1.2, 2.6)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper center")
axes[0].set_ylabel(r"$h(x)$ (grey: the $k$ affine pieces)")
fig.tight_layout()
