# 在页面的命名空间里运行：np、plt、deep_forward（init_common.py）已定义。
# 50 层、每层 256 个单元、一批 256 个样本；五种方案共用一组随机数（seed 0）。
depth, width = 50, 256
schemes = {  # 图例（英文/数学记号）: (激活函数, 权重标准差)
    r"tanh, $0.01\cdot$randn": ("tanh", 0.01),
    r"tanh, randn (Var 1)": ("tanh", 1.0),
    r"tanh, Var $1/n$ (LeCun/Xavier)": ("tanh", np.sqrt(1 / width)),
    r"ReLU, Var $1/n$": ("relu", np.sqrt(1 / width)),
    r"ReLU, Var $2/n$ (He)": ("relu", np.sqrt(2 / width)),
}
runs = {name: deep_forward(act, std, depth=depth, width=width, seed=0)
        for name, (act, std) in schemes.items()}
small, big, lecun, relu_1n, relu_he = runs.values()

fig, ax = plt.subplots(figsize=(7.5, 5.2))
layers = np.arange(1, depth + 1)
styles = [("-", "o"), ("-", "s"), ("-", "^"), ("--", "v"), ("--", "D")]
for (name, run), (line, marker) in zip(runs.items(), styles):
    ax.semilogy(layers, run["std"], line, marker=marker, markersize=4,
                markevery=(0, 5), label=name)
floor = 1e-10  # 纵轴下限；0.01·randn 的曲线在图外继续下降
ax.set_ylim(floor, 10)
ax.annotate(rf"$0.01\cdot$randn: std = {small['std'][-1]:.0e} at layer {depth}",
            xy=(12, floor), xytext=(14, 1e-9),
            arrowprops=dict(arrowstyle="->", color="C0"), color="C0")
ax.set_xlabel("layer $l$")
ax.set_ylabel("std of activations $a^{[l]}$ (log scale)")
ax.set_title(f"Activation spread, {depth}-layer MLP, width {width}")
ax.grid(True, which="major", alpha=0.3)
ax.legend(fontsize=9, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.13))

# 表格：第 1、10、50 层的标准差，第 50 层 |a| > 0.99 的比例（饱和比例）
print("| 方案 | 第 1 层 std | 第 10 层 std | 第 50 层 std "
      "| 第 50 层 \\|a\\|>0.99 的比例 |")
print("|---|---|---|---|---|")
for name, run in runs.items():
    s, sat = run["std"], run["saturated"][-1]
    print(f"| {name} | {s[0]:.3g} | {s[9]:.3g} | {s[-1]:.3g} | {sat:.1%} |")

# C035 (a)：权重太小，激活逐层缩到 0（这才是笔记 Q16 描述的现象）
assert small["std"][-1] < 1e-20, "0.01·randn：第 50 层的激活应塌缩到 0"
# C035 (b)：方差为 1 的 randn 让 tanh 饱和，而不是接近 0（勘误 F02）
assert big["saturated"][-1] > 0.7, "randn：tanh 应大面积饱和（> 70%）"
assert big["std"][-1] > 0.9, "randn：第 50 层的激活不应接近 0"
# C035 (c)：方差 1/n 时 tanh 的激活只是缓慢衰减，也不饱和
assert 0.03 < lecun["std"][-1] < 0.3, "Var 1/n：tanh 第 50 层 std 应在 0.03–0.3"
assert lecun["std"][-1] / lecun["std"][9] > 0.2, "Var 1/n：tanh 应衰减缓慢"
assert lecun["saturated"][-1] < 0.01, "Var 1/n：tanh 不应饱和"
# C036：ReLU 配 1/n 每层方差减半（约 2^-25），配 He 的 2/n 保持正常
assert relu_1n["rms"][-1] < 1e-5, "ReLU + Var 1/n：第 50 层应消失（< 1e-5）"
assert 0.05 < relu_he["rms"][-1] < 20, "ReLU + He：第 50 层应在正常范围"
