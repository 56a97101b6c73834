import matplotlib.pyplot as plt

L, width, batch = 20, 128, 64
# LeCun/Xavier (1/n) for sigmoid and tanh, He (2/n) for ReLU
weight_var = {"sigmoid": 1 / width, "tanh": 1 / width, "relu": 2 / width}


def layer_grad_norms(name, seed=0):
    """||dL/dW[l]||_F for l = 1..L of an L-layer net without biases."""
    g, dg = ACTIVATIONS[name]
    # same random draws for every activation; only the weight scale differs
    rng = np.random.default_rng(seed)
    scale = np.sqrt(weight_var[name])
    Ws = [rng.standard_normal((width, width)) * scale for _ in range(L)]
    acts, pre = [rng.standard_normal((batch, width))], []
    for W in Ws:                       # forward pass
        pre.append(acts[-1] @ W)
        acts.append(g(pre[-1]))
    # upstream gradient dL/da[L] for L = mean over the batch of sum(a[L])
    grad_a = np.ones((batch, width)) / batch
    norms = np.empty(L)
    for l in range(L - 1, -1, -1):     # backward pass
        delta = grad_a * dg(pre[l])    # dL/dz[l]
        norms[l] = np.linalg.norm(acts[l].T @ delta)
        grad_a = delta @ Ws[l].T
    return norms


norms = {name: layer_grad_norms(name) for name in ACTIVATIONS}
# first layer / last layer
ratio = {name: v[0] / v[-1] for name, v in norms.items()}

fig, ax = plt.subplots(figsize=(7, 3.8))
layers = np.arange(1, L + 1)
labels = {"sigmoid": r"sigmoid, Var$(w)=1/n$",
          "tanh": r"tanh, Var$(w)=1/n$",
          "relu": r"ReLU, Var$(w)=2/n$ (He)"}
for name, label in labels.items():
    ax.semilogy(layers, norms[name], "o-", markersize=3, label=label)
ax.set_xticks(layers[::2])
ax.set_xlabel(r"layer $l$ (1 = closest to the input)")
ax.set_ylabel(r"$\|\partial \mathcal{L} / \partial W^{[l]}\|_F$")
ax.set_title(f"Gradient norm per layer: {L} layers, "
             f"width {width}, batch {batch}")
ax.grid(alpha=0.3, which="both")
ax.legend()
fig.tight_layout()

for name in ACTIVATIONS:
    print(f"{name:8s} ‖∂L/∂W[1]‖ / ‖∂L/∂W[{L}]‖ = {ratio[name]:.3g}")
