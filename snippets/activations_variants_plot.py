import matplotlib.pyplot as plt
from activations_common import style_function_axes

z = np.linspace(-4, 3, 1401)
LEAKY_PLOT, PRELU_PLOT = 0.1, 0.25   # slopes used in the figure (larger than usual, to be visible)
curves = {  # label: (g, g', colour)
    r"ReLU": (relu, drelu, "0.5"),
    rf"Leaky ReLU ($\alpha={LEAKY_PLOT:g}$)": (lambda t: leaky_relu(t, LEAKY_PLOT),
                                             lambda t: dleaky_relu(t, LEAKY_PLOT), "C0"),
    rf"PReLU ($a={PRELU_PLOT:g}$)": (lambda t: prelu(t, PRELU_PLOT),
                                   lambda t: dleaky_relu(t, PRELU_PLOT), "C1"),
    r"ELU ($\alpha=1$)": (elu, delu, "C2"),
    r"SELU": (selu, dselu, "C3"),
}
fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(10, 4))
zl, zr = z[z < 0], z[z > 0]
for label, (g, dg, color) in curves.items():
    style = "--" if label == "ReLU" else "-"
    ax_f.plot(z, g(z), style, color=color, label=label)
    # derivatives jump at 0 (except ELU with alpha = 1): draw each half
    ax_d.plot(zl, dg(zl), style, color=color, label=label)
    ax_d.plot(zr, dg(zr), style, color=color)
ax_f.axhline(-1, color="C2", linestyle=":", linewidth=1)
ax_f.axhline(-SELU_LAMBDA * SELU_ALPHA, color="C3", linestyle=":",
             linewidth=1)
ax_f.set_ylim(-2.1, 3.2)
ax_f.set_title("ReLU variants")
ax_f.set_ylabel(r"$g(z)$")
ax_d.set_ylim(-0.1, 1.9)
ax_d.set_title("Derivatives (no flat zero on the left, except ReLU)")
ax_d.set_ylabel(r"$g'(z)$")
style_function_axes((ax_f, ax_d), z, legend_size=8)
fig.tight_layout()
