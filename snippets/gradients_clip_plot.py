# 在页面 docs/gradients/remedies.md 的命名空间里运行：np、plt、clip_by_norm、clip_by_value 已定义。
# 左图：二维梯度 g 的两种截断。右图：100 维随机梯度按值截断后与原方向的夹角余弦。
from matplotlib.patches import Circle, Rectangle

g2, c2 = np.array([4.0, 1.5]), 2.0
by_norm, by_value = clip_by_norm(g2, c2), clip_by_value(g2, c2)

rng = np.random.default_rng(0)
dim, c_hd, t_df = 100, 1.0, 3
base = rng.standard_t(df=t_df, size=(400, dim))        # 重尾的分量
base /= np.linalg.norm(base, axis=1, keepdims=True)     # 单位方向
ratios = np.logspace(-0.5, 2.5, 400)                    # ‖g‖ / c
G = base * (ratios * c_hd)[:, None]
cos_value = np.array([g @ clip_by_value(g, c_hd) / np.linalg.norm(g)
                      / np.linalg.norm(clip_by_value(g, c_hd)) for g in G])
cos_norm = np.array([g @ clip_by_norm(g, c_hd) / np.linalg.norm(g)
                     / np.linalg.norm(clip_by_norm(g, c_hd)) for g in G])

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8.6, 3.7),
                               gridspec_kw={"width_ratios": [1.15, 1]})
ax1.add_patch(Circle((0, 0), c2, fill=False, ls="--", color="C0"))
ax1.add_patch(Rectangle((-c2, -c2), 2 * c2, 2 * c2, fill=False, ls=":", color="C3"))
arrow = dict(width=0.02, head_width=0.14, length_includes_head=True)
ax1.arrow(0, 0, *g2, color="k", **arrow)
ax1.arrow(0, 0, *by_norm, color="C0", **arrow)
ax1.arrow(0, 0, *by_value, color="C3", **arrow)
ax1.annotate(r"$g$", g2, xytext=(4, 4), textcoords="offset points", fontsize=11)
ax1.annotate("clip by norm", by_norm, xytext=(-30, -22), textcoords="offset points",
             color="C0", fontsize=9)
ax1.annotate("clip by value", by_value, xytext=(6, 2), textcoords="offset points",
             color="C3", fontsize=9)
ax1.text(-1.95, -1.8, r"$\|g\|_2 \leq c$", color="C0", fontsize=9)
ax1.text(-1.95, 2.12, r"$|g_i| \leq c$", color="C3", fontsize=9)
ax1.set_xlim(-2.3, 4.6)
ax1.set_ylim(-2.3, 2.6)
ax1.set_aspect("equal")
ax1.axhline(0, color="0.8", lw=0.8)
ax1.axvline(0, color="0.8", lw=0.8)
ax1.set_title(rf"$g = (4, 1.5)$, threshold $c = {c2:g}$", fontsize=10)

ax2.semilogx(ratios, cos_norm, "-", color="C0", label="clip by norm")
ax2.semilogx(ratios, cos_value, ".", color="C3", markersize=3, label="clip by value")
ax2.set_xlabel(r"$\|g\|_2 / c$")
ax2.set_ylabel(r"$\cos(g,\ \mathrm{clip}(g))$")
ax2.set_title(f"Random {dim}-dim gradients (heavy-tailed)", fontsize=10)
ax2.set_ylim(0, 1.05)
ax2.grid(True, alpha=0.3)
ax2.legend(fontsize=9, loc="lower left")
fig.tight_layout()
