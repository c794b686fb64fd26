"""EfficientNet-B0..B4 in plain torch, laid out as torchvision's, so a fine-tuned state dict loads as is.

torchvision itself is not needed (its wheels pin one torch each and weigh gigabytes);
the module names, channel rounding and BatchNorm defaults below follow
``torchvision.models.efficientnet`` (B0–B4 use BatchNorm2d's default eps), and the
parameter counts match its published ones (B0 5,288,548; B2 9,109,994 with 1000 classes).
torch is optional: only the state-dict route and the ONNX export need it.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn

# name: (width multiplier, depth multiplier, torchvision's evaluation crop)
VARIANTS: dict[str, tuple[float, float, int]] = {
    "b0": (1.0, 1.0, 224),
    "b1": (1.0, 1.1, 240),
    "b2": (1.1, 1.2, 288),
    "b3": (1.2, 1.4, 300),
    "b4": (1.4, 1.8, 380),
}
# expand ratio, kernel, stride, in channels, out channels, layers (the paper's Table 1)
_STAGES = (
    (1, 3, 1, 32, 16, 1),
    (6, 3, 2, 16, 24, 2),
    (6, 5, 2, 24, 40, 2),
    (6, 3, 2, 40, 80, 3),
    (6, 5, 1, 80, 112, 3),
    (6, 5, 2, 112, 192, 4),
    (6, 3, 1, 192, 320, 1),
)


def _divisible(value: float, divisor: int = 8) -> int:
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def _conv_bn(cin: int, cout: int, kernel: int, stride: int = 1, groups: int = 1, act: bool = True) -> nn.Sequential:
    layers: list[nn.Module] = [
        nn.Conv2d(cin, cout, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
        nn.BatchNorm2d(cout),
    ]
    if act:
        layers.append(nn.SiLU(inplace=True))
    return nn.Sequential(*layers)


class _SqueezeExcite(nn.Module):
    def __init__(self, channels: int, squeeze: int) -> None:
        super().__init__()
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)
        self.activation = nn.SiLU(inplace=True)
        self.scale_activation = nn.Sigmoid()

    def forward(self, x: Tensor) -> Tensor:
        scale: Tensor = self.scale_activation(self.fc2(self.activation(self.fc1(self.avgpool(x)))))
        return x * scale


class _MBConv(nn.Module):
    def __init__(self, cin: int, cout: int, expand: int, kernel: int, stride: int) -> None:
        super().__init__()
        expanded = _divisible(cin * expand)
        layers: list[nn.Module] = [_conv_bn(cin, expanded, 1)] if expanded != cin else []
        layers += [
            _conv_bn(expanded, expanded, kernel, stride, groups=expanded),
            _SqueezeExcite(expanded, max(1, cin // 4)),
            _conv_bn(expanded, cout, 1, act=False),
        ]
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: Tensor) -> Tensor:
        out: Tensor = self.block(x)
        if self.residual:
            out = out + x
        return out


class EfficientNet(nn.Module):
    def __init__(self, variant: str, num_classes: int) -> None:
        super().__init__()
        width, depth, self.input_size = VARIANTS[variant]
        self.variant = variant
        stages = [
            (e, k, s, _divisible(i * width), _divisible(o * width), math.ceil(n * depth))
            for e, k, s, i, o, n in _STAGES
        ]
        layers: list[nn.Module] = [_conv_bn(3, stages[0][3], 3, 2)]
        for expand, kernel, stride, cin, cout, count in stages:
            blocks = [
                _MBConv(cin if j == 0 else cout, cout, expand, kernel, stride if j == 0 else 1) for j in range(count)
            ]
            layers.append(nn.Sequential(*blocks))
        last = 4 * stages[-1][4]
        layers.append(_conv_bn(stages[-1][4], last, 1))
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(last, num_classes))

    def forward(self, x: Tensor) -> Tensor:
        logits: Tensor = self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))
        return logits


def _state_dict(path: Path) -> dict[str, Tensor]:
    try:
        # weights_only: a state dict is plain tensors; refusing pickled code keeps a supplied file from running any.
        loaded: Any = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:
        raise ValueError(f"{path} is no torch state dict ({exc}); save model.state_dict() or export ONNX") from exc
    if isinstance(loaded, dict) and isinstance(loaded.get("state_dict"), dict):
        loaded = loaded["state_dict"]  # a training checkpoint that wraps the weights
    if not isinstance(loaded, dict) or "classifier.1.weight" not in {k.removeprefix("module.") for k in loaded}:
        raise ValueError(f"{path} holds no torchvision-style EfficientNet state dict (no classifier.1.weight)")
    return {key.removeprefix("module."): value for key, value in loaded.items()}


def load_state_dict(path: Path) -> EfficientNet:
    """The network whose layout matches the file exactly, in eval mode; B0..B4 are tried in turn."""
    state = _state_dict(path)
    shapes = {key: tuple(value.shape) for key, value in state.items()}
    num_classes = int(state["classifier.1.weight"].shape[0])
    for variant in VARIANTS:
        net = EfficientNet(variant, num_classes)
        if {key: tuple(value.shape) for key, value in net.state_dict().items()} == shapes:
            net.load_state_dict(state, strict=True)
            return net.eval()
    raise ValueError(f"{path}: the state dict matches none of EfficientNet {', '.join(VARIANTS)}")


def export_onnx(net: EfficientNet, target: Path, size: int | None = None) -> Path:
    """Writes ``net`` as ONNX (input ``input``: N×3×size×size, output ``logits``), for ONNX Runtime."""
    side = size or net.input_size
    target.parent.mkdir(parents=True, exist_ok=True)
    # The TorchScript exporter, deprecated but self-contained: the torch.export one needs onnxscript and a
    # newer onnx whose protobuf 6 cannot sit beside mediapipe's protobuf 4.
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(
            net.eval(),
            (torch.zeros(1, 3, side, side),),
            str(target),
            input_names=["input"],
            output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    return target
