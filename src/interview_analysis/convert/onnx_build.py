"""What both weight converters share: the graph's names and opset, its final checks, and an atomic write."""

from __future__ import annotations

import os
from pathlib import Path

import onnx
from onnx import NodeProto, TensorProto, helper

INPUT_NAME = "faces"
OUTPUT_NAME = "probabilities"
OPSET = 17


def finish(
    nodes: list[NodeProto],
    initializers: list[TensorProto],
    name: str,
    input_shape: list[int | str | None],
    output_shape: list[int | str | None],
) -> onnx.ModelProto:
    """The checked model around a graph built from ``INPUT_NAME`` to ``OUTPUT_NAME``."""
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, output_shape)],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="interview-analysis")
    model.ir_version = 8  # readable by every ONNX Runtime since 1.10
    onnx.checker.check_model(model, full_check=True)
    return model


def save_atomically(model: onnx.ModelProto, target: Path) -> Path:
    """Written beside its peers and renamed into place, so a crash never leaves half a model where a worker looks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(model.SerializeToString())
    partial.replace(target)
    return target
