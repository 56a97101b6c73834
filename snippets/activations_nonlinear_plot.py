import matplotlib.pyplot as plt

fig, (ax_l, ax_r) = plt.subplots(1, 2, figsize=(10, 3.8),
                                 gridspec_kw={"width_ratios": [1.4, 1]})
ax_l.plot(x, y, color="black", linewidth=2.5, label=r"target $\sin 3x$")
ax_l.plot(x, pred_affine, color="C3", label="best affine map")
for H, color in ((5, "C1"), (20, "C0")):
    ax_l.plot(x, pred[H], color=color, label=f"{H} tanh units")
ax_l.plot(x, pred[50], color="C2", linestyle="--", label="50 tanh units")
ax_l.set_xlabel(r"$x$")
ax_l.set_ylim(-1.6, 1.6)
ax_l.set_title("Fits of one hidden layer vs. an affine map")
ax_l.legend(fontsize=8, loc="lower left", ncol=2)
ax_l.grid(alpha=0.3)

ax_r.semilogy(Hs, sweep, color="C0", label="tanh units")
ax_r.axhline(max_err_affine, color="C3", label="affine map")
ax_r.set_xlabel(r"hidden units $H$")
ax_r.set_ylabel(r"max error on $[-\pi, \pi]$")
ax_r.set_title("Max error vs. width")
ax_r.legend(fontsize=8)
ax_r.grid(alpha=0.3, which="both")
fig.tight_layout()

