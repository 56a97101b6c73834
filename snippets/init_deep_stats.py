# 在页面的命名空间里运行：np、plt、deep_forward（init_common.py）已定义。
# 50 层、每层 256 个单元、一批 256 个样本；五种方案共用一组随机数（seed 0）。
import math

depth, width, batch = 50, 256, 256
schemes = {  # 图例（英文/数学记号）: (激活函数, 权重标准差)
    r"tanh, $0.01\cdot$randn": ("tanh", 0.01),
    r"tanh, randn (Var 1)": ("tanh", 1.0),
    r"tanh, Var $1/n$ (LeCun/Xavier)": ("tanh", np.sqrt(1 / width)),
    r"ReLU, Var $1/n$": ("relu", np.sqrt(1 / width)),
    r"ReLU, Var $2/n$ (He)": ("relu", np.sqrt(2 / width)),
}
runs = {name: deep_forward(act, std, depth=depth, width=width, batch=batch, seed=0)
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

# 与模拟无关的第二种算法：平均场递推（tanh_mean_field，数值积分），q_l 是第 l 层激活的均方
q_lecun = tanh_mean_field(1.0, depth)          # n·Var(w) = 1
q_big = tanh_mean_field(float(width), depth)   # n·Var(w) = n
# C035 (a)：权重太小，tanh 近似线性，每层标准差乘以 0.01·√n，逐层缩到 0（这才是笔记 Q16 描述的现象）
assert small["std"][-1] < 1e-20 and abs(small["std"][-1] / (0.01 * np.sqrt(width)) ** depth - 1) < 0.1, \
    "0.01·randn：第 50 层的激活塌缩到 0，标准差与 (0.01·√n)^50 相符（±10%）"
# C035 (b)：方差为 1 的 randn 让 tanh 饱和，而不是接近 0（勘误 F02）。z ~ N(0, n·q_49)
sat_theory = math.erfc(np.arctanh(0.99) / np.sqrt(2 * width * q_big[-2]))   # P(|z| > artanh 0.99)
assert big["saturated"][-1] > 0.7 and abs(big["saturated"][-1] - sat_theory) < 0.02, \
    "randn：tanh 大面积饱和，第 50 层的饱和比例与平均场预测相符（±2 个百分点）"
assert abs(big["std"][-1] / np.sqrt(q_big[-1]) - 1) < 0.02, \
    "randn：第 50 层激活的标准差接近 1（与平均场 √q 相符），而不是接近 0"
# C035 (c)：方差 1/n 时 tanh 的激活只是缓慢衰减，也不饱和
assert abs(lecun["std"][-1] / np.sqrt(q_lecun[-1]) - 1) < 0.1, \
    "Var 1/n：tanh 的标准差按平均场递推缓慢衰减（第 50 层 ±10%）"
assert lecun["saturated"][-1] < 0.01, "Var 1/n：tanh 不应饱和"
# C036：ReLU 配 1/n 每层方差减半，第 50 层的均方根约为 2^-25；配 He 的 2/n 保持正常
assert abs(np.log2(relu_1n["rms"][-1] / 2.0 ** (-depth / 2))) < np.log2(3), \
    "ReLU + Var 1/n：每层方差减半，第 50 层的均方根约为 2^-25（3 倍以内）"
assert 0.05 < relu_he["rms"][-1] < 20, "ReLU + He：第 50 层应在正常范围"
