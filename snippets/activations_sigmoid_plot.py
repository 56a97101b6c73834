import matplotlib.pyplot as plt

z = np.linspace(-10, 10, 2001)
s, ds = sigmoid(z), dsigmoid(z)

fig, (ax_s, ax_d) = plt.subplots(1, 2, figsize=(10, 3.8))

ax_s.plot(z, s, color="C0", linewidth=2,
          label=r"$\sigma(z) = 1/(1+e^{-z})$")
for level in (0, 1):
    ax_s.axhline(level, color="0.4", linestyle="--", linewidth=0.8)
ax_s.plot([0], [0.5], "o", color="C0")
ax_s.annotate(r"$\sigma(0) = 0.5$", xy=(0, 0.5), xytext=(1.5, 0.35),
              arrowprops={"arrowstyle": "->", "color": "0.3"})
ax_s.fill_between(z, 0.5, s, where=z > 0, color="C2", alpha=0.15,
                  label=r"$z>0$: predict class 1")
ax_s.fill_between(z, s, 0.5, where=z < 0, color="C3", alpha=0.15,
                  label=r"$z<0$: predict class 0")
ax_s.set_ylim(-0.1, 1.1)
ax_s.set_title(r"Sigmoid: values in the open interval $(0, 1)$")
ax_s.set_ylabel(r"$\sigma(z)$")
ax_s.legend(loc="upper left", fontsize=8)

ax_d.plot(z, ds, color="C1", linewidth=2,
          label=r"$\sigma'(z) = \sigma(z)\,(1-\sigma(z))$")
ax_d.axhline(0.25, color="C1", linestyle=":", linewidth=1)
ax_d.annotate(r"$\max\ \sigma' = 1/4$", xy=(0, 0.25), xytext=(2.5, 0.2),
              arrowprops={"arrowstyle": "->", "color": "0.3"})
for x0, x1 in ((-10, -4), (4, 10)):
    ax_d.axvspan(x0, x1, color="0.9", zorder=0)
    ax_d.text((x0 + x1) / 2, 0.12, "saturated\n" r"$\sigma' < 0.08\cdot\max$",
              ha="center", fontsize=8, color="0.35")
ax_d.set_ylim(-0.01, 0.3)
ax_d.set_title("Derivative")
ax_d.set_ylabel(r"$\sigma'(z)$")
ax_d.legend(loc="upper left", fontsize=8)

for ax in (ax_s, ax_d):
    ax.set_xlabel(r"$z$")
    ax.set_xlim(z[0], z[-1])
    ax.grid(alpha=0.3)
fig.tight_layout()
