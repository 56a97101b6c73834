"""神经网络发展简史（docs/overview/history.md）的时间线数据与绘图函数。

EVENTS 中的年份与出处是人工录入的文献信息（见页面末尾的参考文献），不是计算结果。
每条记录：(年份, 图上的英文标签, 中文说明, 出处, 标签高度)。

>>> len(EVENTS) > 20 and all(1940 < e[0] < 2020 for e in EVENTS)
True
>>> EVENTS == sorted(EVENTS, key=lambda e: e[0])
True
"""

import matplotlib.pyplot as plt

EVENTS = [
    (1943, "McCulloch-Pitts\nneuron", "McCulloch 与 Pitts 的阈值神经元模型（MP 模型）",
     "McCulloch & Pitts 1943", 1.0),
    (1949, "Hebbian\nlearning", "Hebb 提出 Hebb 学习规则", "Hebb 1949", -1.0),
    (1952, "Samuel's\ncheckers", "Samuel 在 IBM 701 上写出西洋跳棋程序（后来加入了自我学习，见其 1959 年的论文）",
     "Samuel 1959", 3.0),
    (1957, "Perceptron", "Rosenblatt 的感知器", "Rosenblatt 1957; 1958", -3.0),
    (1960, "Widrow-Hoff\ndelta rule", "Widrow 与 Hoff 的 delta 规则（LMS），用于 ADALINE",
     "Widrow & Hoff 1960", 1.0),
    (1969, "Minsky & Papert\n'Perceptrons'", "Minsky 与 Papert 的《Perceptrons》，指出单层感知器的局限",
     "Minsky & Papert 1969", -1.0),
    (1970, "reverse-mode\nautodiff", "Linnainmaa 的硕士论文提出反向模式自动微分",
     "Linnainmaa 1970/1976", 3.0),
    (1981, "Werbos:\nBP for MLPs", "Werbos 把反向传播用于多层感知器", "Werbos 1982", -3.0),
    (1986, "backprop\npopularized", "Rumelhart、Hinton、Williams 在 Nature 发表反向传播",
     "Rumelhart et al. 1986", 1.0),
    (1989, "CNN for\nzip codes", "LeCun 等用反向传播训练卷积网络识别邮编",
     "LeCun et al. 1989", -1.0),
    (1991, "vanishing\ngradient", "Hochreiter 的毕业论文分析梯度消失",
     "Hochreiter 1991", 3.0),
    (1997, "LSTM", "Hochreiter 与 Schmidhuber 提出 LSTM", "Hochreiter & Schmidhuber 1997", -3.0),
    (1998, "LeNet-5", "LeCun 等的 LeNet-5", "LeCun et al. 1998", 1.0),
    (2001, "gradient flow\nin RNNs", "Hochreiter 等再次分析循环网络中的梯度消失",
     "Hochreiter et al. 2001", -1.0),
    (2006, "deep belief\nnets", "Hinton 等的深度信念网络与逐层预训练；Hinton 与 Salakhutdinov 把预训练的网络展开成自编码器，用反向传播微调",
     "Hinton et al. 2006; Hinton & Salakhutdinov 2006", 1.0),
    (2010, "ReLU", "Nair 与 Hinton 使用 ReLU", "Nair & Hinton 2010", -1.0),
    (2012, "AlexNet", "AlexNet 赢得 ImageNet 竞赛（使用 ReLU、Dropout、GPU）",
     "Krizhevsky et al. 2012", 1.0),
    (2012, "Dropout", "Hinton 等提出 Dropout（期刊版 2014）", "Hinton et al. 2012; Srivastava et al. 2014", 1.0),
    (2013, "Leaky ReLU", "Maas 等的 Leaky ReLU", "Maas et al. 2013", -1.0),
    (2014, "GAN", "Goodfellow 等的生成对抗网络", "Goodfellow et al. 2014", 1.0),
    (2014, "GRU", "Cho 等提出 GRU", "Cho et al. 2014", 1.0),
    (2015, "BatchNorm", "Ioffe 与 Szegedy 的批归一化", "Ioffe & Szegedy 2015", -1.0),
    (2015, "PReLU", "He 等的 PReLU 与 He 初始化", "He et al. 2015", -1.0),
    (2015, "Highway nets", "Srivastava 等的 Highway 网络", "Srivastava et al. 2015", -1.0),
    (2015, "ResNet", "He 等的残差网络（ResNet）", "He et al. 2016", -1.0),
    (2015, "ELU", "Clevert 等的 ELU", "Clevert et al. 2016", -1.0),
    (2017, "SELU", "Klambauer 等的 SELU", "Klambauer et al. 2017", 1.0),
    (2017, "WGAN", "Arjovsky 等的 Wasserstein GAN", "Arjovsky et al. 2017", 1.0),
    (2017, "WGAN-GP", "Gulrajani 等用梯度惩罚改进 WGAN", "Gulrajani et al. 2017", 1.0),
]


def draw_timeline(first, last, figsize=(8, 3.8), title=None, ylim=(-5, 5)):
    """画 first–last 年之间的事件：横轴是年份，每个事件一根竖线和一个标签。"""
    events = [e for e in EVENTS if first <= e[0] <= last]
    fig, ax = plt.subplots(figsize=figsize)
    ax.axhline(0, color="k", lw=1.2)
    groups = {}                           # 同一年、同一侧的事件合成一个标签
    for year, label, _, _, level in events:
        groups.setdefault((year, level > 0), []).append((label, level))
    for (year, up), items in groups.items():
        level = items[0][1]
        text = "\n".join(lab for lab, _ in items) + f"\n({year})"
        ax.plot([year, year], [0, level], color="gray", lw=0.8)
        ax.plot(year, 0, "o", color="tab:blue", ms=5, zorder=3)
        ax.text(year, level, text, ha="center", va="bottom" if up else "top",
                fontsize=8.5, linespacing=1.15,
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9))
    ax.set_ylim(*ylim)
    ax.set_xlim(first - 2, last + 2)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("year")
    if title:
        ax.set_title(title, fontsize=11)
    fig.tight_layout()
    return fig
