"""One ONNX Runtime session per model file, run in fixed-size batches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray


class OnnxModel:
    """A single-input, single-output ONNX network on the CPU.

    ``threads`` defaults to 1: every worker process runs its own job, so more intra-op
    threads only make the workers fight over the same cores.
    """

    def __init__(self, path: Path, threads: int = 1, batch_size: int = 32) -> None:
        import onnxruntime as ort  # imported here: the API process never runs a model

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # see objects/onnx_backend.py
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session: Any = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        (model_input,) = self._session.get_inputs()
        self.input_name: str = model_input.name
        self.input_shape: tuple[int | str | None, ...] = tuple(model_input.shape)
        self.batch_size = batch_size

    def static_size(self) -> int | None:
        """The square input side when the graph fixes it (N, C, H, W), else None."""
        height, width = self.input_shape[-2:]
        return height if isinstance(height, int) and height == width else None

    def run(self, batch: NDArray[np.float32]) -> NDArray[np.float32]:
        outputs = [
            np.asarray(self._session.run(None, {self.input_name: batch[start : start + self.batch_size]})[0])
            for start in range(0, len(batch), self.batch_size)
        ]
        return np.asarray(np.concatenate(outputs), dtype=np.float32)
