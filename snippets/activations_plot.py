import matplotlib.pyplot as plt

z = np.linspace(-6, 6, 1201)
# ReLU' jumps at 0: draw its two halves separately
zl, zr = z[z < 0], z[z > 0]
c_sig, c_tanh, c_relu = "C0", "C1", "C2"

fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(10, 4))

ax_f.plot(z, sigmoid(z), color=c_sig, label=r"$\sigma(z)$")
ax_f.plot(z, tanh(z), color=c_tanh, label=r"$\tanh(z)$")
ax_f.plot(z, relu(z), color=c_relu,
          label=r"$\mathrm{ReLU}(z)=\max(0,z)$")
ax_f.set_ylim(-1.5, 3)
ax_f.set_title("Activation functions")
ax_f.set_ylabel(r"$g(z)$")

ax_d.plot(z, dsigmoid(z), color=c_sig,
          label=r"$\sigma'(z)=\sigma(1-\sigma)$")
ax_d.plot(z, dtanh(z), color=c_tanh,
          label=r"$\tanh'(z)=1-\tanh^2 z$")
ax_d.plot(zl, drelu(zl), color=c_relu, label=r"$\mathrm{ReLU}'(z)$")
ax_d.plot(zr, drelu(zr), color=c_relu)
# value used at z = 0 (filled) and the limit from the right (open)
ax_d.plot([0], [0], "o", color=c_relu, markersize=5)
ax_d.plot([0], [1], "o", color=c_relu, markersize=5,
          markerfacecolor="white")
ax_d.axhline(0.25, color=c_sig, linestyle=":", linewidth=1)
ax_d.annotate(r"$\max\ \sigma' = 1/4$", xy=(0, 0.25),
              xytext=(1.6, 0.42),
              arrowprops={"arrowstyle": "->", "color": "0.3"})
# |z| >= 4, where sigma' is below 8 % of its maximum
for x0, x1 in ((-6, -4), (4, 6)):
    ax_d.axvspan(x0, x1, color="0.9", zorder=0)
    ax_d.text((x0 + x1) / 2, 0.6, "sigmoid\nsaturated", ha="center",
              fontsize=8, color="0.35")
ax_d.set_ylim(-0.1, 1.15)
ax_d.set_title("Derivatives")
ax_d.set_ylabel(r"$g'(z)$")

style_function_axes((ax_f, ax_d), z, legend_size=9)
fig.suptitle("Sigmoid, tanh and ReLU: functions and derivatives")
fig.tight_layout()
