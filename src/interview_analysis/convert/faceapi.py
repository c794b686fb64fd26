"""face-api's FaceExpressionNet (TF.js weights from ``@vladmandic/face-api``, MIT) to ONNX, with no TensorFlow.

The network, as face-api's TypeScript builds it (``faceFeatureExtractor/FaceFeatureExtractor.ts``,
``denseBlock.ts``, ``faceProcessor/FaceProcessor.ts``): four dense blocks of 3×3 convolutions,
each halving the side (112 → 56 → 28 → 14 → 7), a 7×7 average pool, a 256 → 7 fully
connected layer and a softmax. In a dense block ``out1 = relu(conv0(x))`` and each later
separable conv reads the ReLU of the sum of all earlier outputs; the block returns the ReLU
of the sum of all four. Only ``out1`` carries a ReLU of its own.

The graph takes NCHW ``faces`` (N, 3, 112, 112) that are already normalised as face-api does:
RGB 0..255 minus the mean RGB, divided by 255 (``faceapi.normalise``). Keeping that step
outside the graph lets ``OnnxModel.static_size`` read the side from an NCHW shape, as for the
other backends. TF's ``same`` padding puts the odd pixel at the end: ONNX's ``SAME_UPPER``.

Run once per machine (``scripts/convert_faceapi_model.py``), never per request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
from numpy.typing import NDArray
from onnx import helper, numpy_helper

from interview_analysis.convert.onnx_build import INPUT_NAME, OUTPUT_NAME, finish, save_atomically

SIZE = 112
CLASSES = 7
BLOCKS = ("dense0", "dense1", "dense2", "dense3")

# TF.js stores a quantised weight as integers with a per-tensor affine map back to float.
_QUANTISED: dict[str, np.dtype[Any]] = {"uint8": np.dtype("<u1"), "uint16": np.dtype("<u2")}
_RAW: dict[str, np.dtype[Any]] = {"float32": np.dtype("<f4"), "int32": np.dtype("<i4")}


def read_weights(manifest_path: Path, bin_path: Path) -> dict[str, NDArray[np.float32]]:
    """Every tensor of a TF.js weights manifest, dequantised as TF.js's ``decodeWeights`` does.

    The shards of all groups are read as one byte stream (face-api ships one file); each
    entry takes ``prod(shape)`` values of its stored dtype in manifest order, with no padding.
    Dequantisation (``q * scale + min``) is done in float64 and rounded once to float32, as
    JavaScript computes it in doubles and stores it in a ``Float32Array``.
    """
    groups = json.loads(manifest_path.read_text())
    data = bin_path.read_bytes()
    weights: dict[str, NDArray[np.float32]] = {}
    offset = 0
    for entry in (entry for group in groups for entry in group["weights"]):
        count = int(np.prod(entry["shape"], dtype=np.int64))
        quantisation = entry.get("quantization")
        if quantisation is not None:
            if quantisation["dtype"] not in _QUANTISED or "scale" not in quantisation:
                raise ValueError(f"{entry['name']}: quantisation {quantisation} is not supported")
            stored = _QUANTISED[quantisation["dtype"]]
            raw = np.frombuffer(data, dtype=stored, count=count, offset=offset)
            values = raw.astype(np.float64) * float(quantisation["scale"]) + float(quantisation["min"])
        else:
            if entry["dtype"] not in _RAW:
                raise ValueError(f"{entry['name']}: dtype {entry['dtype']} is not supported")
            stored = _RAW[entry["dtype"]]
            values = np.frombuffer(data, dtype=stored, count=count, offset=offset)
        offset += count * stored.itemsize
        weights[entry["name"]] = np.asarray(values, dtype=np.float32).reshape(entry["shape"])
    if offset != len(data):
        raise ValueError(f"{bin_path}: the manifest accounts for {offset} bytes, the file has {len(data)}")
    return weights


class _Graph:
    def __init__(self, weights: dict[str, NDArray[np.float32]]) -> None:
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []

    def const(self, name: str, value: NDArray[np.float32]) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value, dtype=np.float32), name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def conv(self, source: str, prefix: str, stride: int) -> str:
        """A full 3×3 convolution with bias: TF.js (kh, kw, in, out) to ONNX (out, in, kh, kw)."""
        kernel = self.const(f"{prefix}/filters", self.weights[f"{prefix}/filters"].transpose(3, 2, 0, 1))
        bias = self.const(f"{prefix}/bias", self.weights[f"{prefix}/bias"])
        return self.node("Conv", [source, kernel, bias], prefix, strides=[stride, stride], auto_pad="SAME_UPPER")

    def separable(self, source: str, prefix: str, stride: int) -> str:
        """``tf.separableConv2d`` + bias: a strided depthwise 3×3, then a 1×1 pointwise with the bias."""
        depthwise = self.weights[f"{prefix}/depthwise_filter"]  # (3, 3, C, 1)
        pointwise = self.weights[f"{prefix}/pointwise_filter"]  # (1, 1, C, out)
        channels = depthwise.shape[2]
        dw = self.const(f"{prefix}/depthwise", depthwise.transpose(2, 3, 0, 1))  # (C, 1, 3, 3)
        mid = self.node(
            "Conv",
            [source, dw],
            f"{prefix}.depthwise",
            group=int(channels),
            strides=[stride, stride],
            auto_pad="SAME_UPPER",
        )
        pw = self.const(f"{prefix}/pointwise", pointwise.transpose(3, 2, 0, 1))  # (out, C, 1, 1)
        bias = self.const(f"{prefix}/bias", self.weights[f"{prefix}/bias"])
        return self.node("Conv", [mid, pw, bias], prefix)

    def dense_block(self, source: str, block: str, first: bool) -> str:
        """``denseBlock4`` with ``isScaleDown``: conv0 strides 2, each later conv sees the sum so far."""
        conv0 = self.conv(source, f"{block}/conv0", 2) if first else self.separable(source, f"{block}/conv0", 2)
        out1 = self.node("Relu", [conv0], f"{block}/out1")
        total, source = out1, out1
        for index in (1, 2, 3):
            if index > 1:  # out1 is already rectified; the later inputs are sums that are not
                source = self.node("Relu", [total], f"{block}/in{index + 1}")
            out = self.separable(source, f"{block}/conv{index}", 1)
            total = self.node("Add", [total, out], f"{block}/sum{index + 1}")
        return self.node("Relu", [total], f"{block}/out")


def build_onnx(weights: dict[str, NDArray[np.float32]]) -> onnx.ModelProto:
    """The expression network as ONNX: (N, 3, 112, 112) normalised RGB in, (N, 7) probabilities out."""
    graph = _Graph(weights)
    out = INPUT_NAME
    for index, block in enumerate(BLOCKS):
        out = graph.dense_block(out, block, first=index == 0)
    pooled = graph.node("AveragePool", [out], "avgpool", kernel_shape=[7, 7], strides=[2, 2])
    flat = graph.node("Flatten", [pooled], "features", axis=1)
    fc_w, fc_b = graph.const("fc/weights", weights["fc/weights"]), graph.const("fc/bias", weights["fc/bias"])
    logits = graph.node("Gemm", [flat, fc_w, fc_b], "logits")
    graph.node("Softmax", [logits], OUTPUT_NAME, axis=-1)
    return finish(graph.nodes, graph.initializers, "faceapi_expression", ["batch", 3, SIZE, SIZE], ["batch", CLASSES])


def convert(manifest_path: Path, bin_path: Path, target: Path) -> Path:
    """Writes the ONNX file atomically, so a crash never leaves half a model where a worker looks."""
    return save_atomically(build_onnx(read_weights(manifest_path, bin_path)), target)
