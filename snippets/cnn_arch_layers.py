"""经典 CNN 的层表与参数计数（卷积神经网络一节的 fc-layer、cnn-example、
classic-networks 等页面共用）。

每个网络由一串层描述逐层搭出来：本文件只写下各层的超参数（核大小、步长、
通道数、分组……），形状和参数个数全部由下面几个公式算出，不手写任何总数。

计数约定（与 PyTorch 的 sum(p.numel() for p in model.parameters()) 一致）：
- 卷积层：权重 f·f·(C_in/groups)·C_out，有偏置时再加 C_out；
- 全连接层：n_in·n_out + n_out；
- 批归一化（BN）：每个通道的 γ 和 β 共 2·C 个可学习参数；运行均值与方差是
  统计量而非参数，不计入；
- 池化、ReLU、LRN、Dropout：没有可学习参数。

>>> conv_params(5, 3, 6), fc_params(400, 120), bn_params(64)
(456, 48120, 128)
>>> out_size(32, 5), out_size(227, 11, s=4), out_size(13, 3, s=2)
(28, 55, 6)
"""

import numpy as np

import cnn_ops_common


def out_size(n, f, s=1, p=0):
    """卷积或池化后一条边的长度：⌊(n + 2p − f)/s⌋ + 1（与“卷积运算”页是同一个公式）。"""
    return cnn_ops_common.out_size(n, f, p=p, s=s)


def conv_params(f, c_in, c_out, groups=1, bias=True):
    """f×f 卷积的参数个数（可分组）。"""
    assert c_in % groups == 0 and c_out % groups == 0
    return f * f * (c_in // groups) * c_out + (c_out if bias else 0)


def fc_params(n_in, n_out, bias=True):
    """全连接层的参数个数。"""
    return n_in * n_out + (n_out if bias else 0)


def bn_params(c):
    """批归一化的可学习参数（γ、β）个数。"""
    return 2 * c


class Net:
    """逐层搭网络，记录每层的输出形状和按种类（conv/fc/bn）分开的参数个数。

    shape 是 (H, W, C) 或展平后的 (n,)。每一行是一个 dict：
    name、kind、shape、params（{'conv': …, 'fc': …, 'bn': …}）。
    """

    def __init__(self, name, shape):
        self.name = name
        self.shape = tuple(shape)
        self.rows = [dict(name="input", kind="input", shape=self.shape, params={})]

    def _add(self, name, kind, shape, depth=1, **params):
        self.shape = tuple(shape)
        self.rows.append(dict(name=name, kind=kind, shape=self.shape, depth=depth,
                              params={k: v for k, v in params.items() if v}))
        return self

    def conv(self, name, f, c_out, s=1, p=0, groups=1, bias=True, bn=False):
        H, W, C = self.shape
        return self._add(name, "conv", (out_size(H, f, s, p), out_size(W, f, s, p), c_out),
                         conv=conv_params(f, C, c_out, groups, bias),
                         bn=bn_params(c_out) if bn else 0)

    def pool(self, name, f, s, p=0):
        H, W, C = self.shape
        return self._add(name, "pool", (out_size(H, f, s, p), out_size(W, f, s, p), C))

    def global_avg_pool(self, name="GAP"):
        return self._add(name, "pool", (self.shape[-1],))

    def fc(self, name, n_out, bias=True):
        n_in = int(np.prod(self.shape))          # 多维特征图先展平
        return self._add(name, "fc", (n_out,), fc=fc_params(n_in, n_out, bias))

    def block(self, name, kind, shape, depth=1, **params):
        """由外部函数算好参数的复合层（Inception 模块、残差块等）；
        depth 是这个复合层沿最长路径含有几层带参数的层。"""
        return self._add(name, kind, shape, depth, **params)

    # ---- 汇总 ----
    def total(self, kind=None):
        return sum(v for r in self.rows for k, v in r["params"].items()
                   if kind is None or k == kind)

    def share(self, kind):
        return self.total(kind) / self.total()

    def depth(self):
        """带参数的层数（论文里“8 层”“16 层”“50 层”的数法；池化、BN 不单独算）。"""
        return sum(r["depth"] for r in self.rows if r["params"])


# ---------------------------------------------------------------- LeNet-5
def lenet5(variant="modern"):
    """LeNet-5（LeCun 等 1998），输入 32×32×1。

    variant="modern"：今天常见的简化写法——C3 与 S2 的 6 个通道全部相连，
    池化层无参数，输出层是带偏置的 84→10 全连接层。
    variant="original"：论文原版——C3 用部分连接表（1516 个参数），
    S2/S4 每个通道有一个可训练系数和一个偏置，输出层是 84×10 个 RBF 中心。
    C5 在两种写法里都是 5×5 卷积，但它的输入恰好是 5×5，所以它就是全连接层，
    这里按 fc 计（见 fc-layer 页）。
    """
    net = Net("LeNet-5", (32, 32, 1))
    net.conv("C1", 5, 6)
    if variant == "original":
        net.block("S2", "pool", (14, 14, 6), conv=2 * 6)
        # C3 的连接表：6 个图各连 3 个输入、9 个各连 4 个、1 个连全部 6 个
        c3 = sum(k * 25 + 1 for k in [3] * 6 + [4] * 9 + [6])
        net.block("C3", "conv", (10, 10, 16), conv=c3)
        net.block("S4", "pool", (5, 5, 16), conv=2 * 16)
    else:
        net.pool("S2", 2, 2).conv("C3", 5, 16).pool("S4", 2, 2)
    H, W, C = net.shape
    net.block("C5", "fc", (1, 1, 120), fc=conv_params(5, C, 120))  # 5×5 卷积 = 全连接
    net.fc("F6", 84)
    if variant == "original":
        net.block("output (RBF)", "fc", (10,), fc=84 * 10)
    else:
        net.fc("output", 10)
    return net


# ---------------------------------------------------------------- AlexNet
def alexnet(variant="grouped"):
    """AlexNet（Krizhevsky 等 2012）。

    "grouped"：论文的双 GPU 版本，conv2/4/5 只连同一块 GPU 上的一半通道（groups=2），
               输入按算术一致的 227×227（论文写的 224 对不上 55×55 的输出）；
    "ungrouped"：同样的通道数，但不分组；
    "torchvision"：torchvision 的单 GPU 变体（64/192/384/256/256 个卷积核）。
    LRN、Dropout、ReLU 都没有参数。
    """
    net = Net(f"AlexNet ({variant})", (227, 227, 3) if variant != "torchvision" else (224, 224, 3))
    if variant == "torchvision":
        ch, g, p1 = (64, 192, 384, 256, 256), (1, 1, 1), 2
    else:
        ch, g, p1 = (96, 256, 384, 384, 256), ((2, 2, 2) if variant == "grouped" else (1, 1, 1)), 0
    net.conv("conv1", 11, ch[0], s=4, p=p1).pool("pool1", 3, 2)
    net.conv("conv2", 5, ch[1], p=2, groups=g[0]).pool("pool2", 3, 2)
    net.conv("conv3", 3, ch[2], p=1)
    net.conv("conv4", 3, ch[3], p=1, groups=g[1])
    net.conv("conv5", 3, ch[4], p=1, groups=g[2]).pool("pool5", 3, 2)
    net.fc("fc6", 4096).fc("fc7", 4096).fc("fc8", 1000)
    return net


# ---------------------------------------------------------------- VGG16
def vgg16():
    """VGG16（Simonyan & Zisserman 2014 表 1 的 D 配置）：13 个 3×3 卷积 + 3 个全连接层。"""
    net = Net("VGG16", (224, 224, 3))
    for stage, (n_conv, c) in enumerate([(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)], 1):
        for i in range(1, n_conv + 1):
            net.conv(f"conv{stage}_{i}", 3, c, p=1)
        net.pool(f"pool{stage}", 2, 2)
    net.fc("fc6", 4096).fc("fc7", 4096).fc("fc8", 1000)
    return net


# ---------------------------------------------------------------- GoogLeNet
def inception(net, name, c1, c3r, c3, c5r, c5, cp):
    """Inception 模块（GoogLeNet 论文表 1 的六列）：四条支路的输出在通道维拼接。"""
    H, W, C = net.shape
    p = (conv_params(1, C, c1) + conv_params(1, C, c3r) + conv_params(3, c3r, c3)
         + conv_params(1, C, c5r) + conv_params(5, c5r, c5) + conv_params(1, C, cp))
    return net.block(name, "conv", (H, W, c1 + c3 + c5 + cp), depth=2, conv=p)


def googlenet():
    """GoogLeNet（Szegedy 等 2014），按论文表 1：卷积带偏置、无 BN，不含两个辅助分类器。"""
    net = Net("GoogLeNet", (224, 224, 3))
    net.conv("conv1", 7, 64, s=2, p=3).pool("pool1", 3, 2, p=1)   # 112 → 56
    net.conv("conv2_reduce", 1, 64).conv("conv2", 3, 192, p=1).pool("pool2", 3, 2, p=1)
    inception(net, "3a", 64, 96, 128, 16, 32, 32)
    inception(net, "3b", 128, 128, 192, 32, 96, 64)
    net.pool("pool3", 3, 2, p=1)
    for name, cfg in [("4a", (192, 96, 208, 16, 48, 64)), ("4b", (160, 112, 224, 24, 64, 64)),
                      ("4c", (128, 128, 256, 24, 64, 64)), ("4d", (112, 144, 288, 32, 64, 64)),
                      ("4e", (256, 160, 320, 32, 128, 128))]:
        inception(net, name, *cfg)
    net.pool("pool4", 3, 2, p=1)
    inception(net, "5a", 256, 160, 320, 32, 128, 128)
    inception(net, "5b", 384, 192, 384, 48, 128, 128)
    net.global_avg_pool().fc("fc", 1000)
    return net


# ---------------------------------------------------------------- ResNet-50
def bottleneck_params(c_in, mid, stride_or_proj):
    """ResNet 瓶颈块：1×1 降维、3×3、1×1 升维（各带 BN、卷积无偏置）；
    输入输出通道不同或步长为 2 时，捷径用 1×1 卷积 + BN 做投影（论文的选项 B）。"""
    c_out = 4 * mid
    conv = (conv_params(1, c_in, mid, bias=False) + conv_params(3, mid, mid, bias=False)
            + conv_params(1, mid, c_out, bias=False))
    bn = bn_params(mid) * 2 + bn_params(c_out)
    if stride_or_proj:
        conv += conv_params(1, c_in, c_out, bias=False)
        bn += bn_params(c_out)
    return conv, bn


def resnet50():
    """ResNet-50（He 等 2015 表 1）：conv1 + 4 个阶段共 3+4+6+3 个瓶颈块 + GAP + 全连接。"""
    net = Net("ResNet-50", (224, 224, 3))
    net.conv("conv1", 7, 64, s=2, p=3, bias=False, bn=True).pool("pool1", 3, 2, p=1)
    for stage, (n_blocks, mid, stride) in enumerate(
            [(3, 64, 1), (4, 128, 2), (6, 256, 2), (3, 512, 2)], 2):
        for b in range(n_blocks):
            H, W, C = net.shape
            s = stride if b == 0 else 1
            conv, bn = bottleneck_params(C, mid, b == 0)
            net.block(f"conv{stage}_{b + 1}", "conv",
                      (out_size(H, 1, s), out_size(W, 1, s), 4 * mid), depth=3,
                      conv=conv, bn=bn)
    net.global_avg_pool().fc("fc", 1000)
    return net


def lenet_like_example(n_filters1=6):
    """吴恩达课程里的“类 LeNet-5”示例：32×32×3 输入，CONV-POOL-CONV-POOL-FC-FC-softmax。"""
    net = Net("LeNet-like", (32, 32, 3))
    net.conv("CONV1", 5, n_filters1).pool("POOL1", 2, 2)
    net.conv("CONV2", 5, 16).pool("POOL2", 2, 2)
    net.fc("FC3", 120).fc("FC4", 84).fc("softmax", 10)
    return net


def all_nets():
    """本节比较的五个网络（默认写法）。"""
    return [lenet5(), alexnet(), vgg16(), googlenet(), resnet50()]
