import matplotlib.pyplot as plt

# one weight, one example x = 1 with label y = 1: p = sigma(w)
w = np.linspace(-10, 10, 2001)
p, dp = sigmoid(w), dsigmoid(w)
d2p = dp * (1 - 2 * p)                      # sigma''
ce = np.logaddexp(0, -w)                     # cross-entropy -log sigma(w)
mse = (p - 1) ** 2                          # squared error
ce_2 = dp                                   # d²/dw² of -log sigma(w)
mse_2 = 2 * dp ** 2 + 2 * (p - 1) * d2p     # d²/dw² of (sigma(w) - 1)²

fig, (ax_l, ax_c) = plt.subplots(1, 2, figsize=(10, 3.8))
ax_l.plot(w, ce, color="C0", label=r"cross-entropy $-\log\sigma(w)$")
ax_l.plot(w, mse, color="C3", label=r"squared error $(\sigma(w)-1)^2$")
ax_l.set_ylim(-0.2, 4)
ax_l.set_ylabel("loss")
ax_l.set_title(r"Loss of one example ($y = 1$)")

ax_c.plot(w, ce_2, color="C0", label="cross-entropy")
ax_c.plot(w, mse_2, color="C3", label="squared error")
ax_c.fill_between(w, mse_2, 0, where=mse_2 < 0, color="C3", alpha=0.2,
                  label="negative curvature: not convex")
ax_c.axhline(0, color="0.4", linewidth=0.8)
ax_c.set_ylabel("second derivative")
ax_c.set_title("Curvature")
for ax in (ax_l, ax_c):
    ax.set_xlabel(r"weight $w$")
    ax.set_xlim(w[0], w[-1])
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
fig.tight_layout()
