"""A ``.pt`` checkpoint through ultralytics and torch, for users who bring their own weights.

Optional (``requirements-yolo.txt``): the service's default runs the ONNX export without torch.
ultralytics only unpickles the checkpoint here; the network then runs as a plain torch module on
the shared letterbox and decoding, so ``.pt`` and ONNX results can be compared frame for frame.
ultralytics reaches for the internet to check for updates, send usage events and download fonts
or weights; offline mode and no auto-install are set before it is imported.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.objects.detector_api import (
    DetectorConfig,
    DetectorUnavailable,
    ObjectDetector,
    parse_names,
)


def _first_tensor(out: Any) -> Any:
    """Detect returns ``(y, raw)``, Segment ``((y, protos), raw)``: the decoded head output comes first."""
    while isinstance(out, tuple | list):
        out = out[0]
    return out


class UltralyticsDetector(ObjectDetector):
    name = "ultralytics-pt"

    def __init__(self, config: DetectorConfig) -> None:
        os.environ.setdefault("YOLO_OFFLINE", "1")
        os.environ.setdefault("YOLO_AUTOINSTALL", "False")
        os.environ.setdefault("YOLO_VERBOSE", "False")
        try:
            import torch

            tasks = importlib.import_module("ultralytics.nn.tasks")  # untyped optional extra
        except ImportError as exc:
            raise DetectorUnavailable(
                f"{config.weights.name} needs ultralytics and torch ({exc}); install requirements-yolo.txt "
                "or export it to ONNX with scripts/export_yolo.py"
            ) from exc
        torch.set_num_threads(config.threads)
        try:
            model, _ = tasks.load_checkpoint(str(config.weights), device="cpu", fuse=True)
        except Exception as exc:  # torch and ultralytics raise many kinds for a foreign or corrupt file
            raise DetectorUnavailable(f"{config.weights.name} is not a loadable ultralytics checkpoint: {exc}") from exc
        super().__init__(config, parse_names(getattr(model, "names", None)), rect=True)
        self._torch = torch
        self._model = model.eval()

    def forward(self, batch: NDArray[np.float32]) -> NDArray[np.float32]:
        with self._torch.inference_mode():
            out = _first_tensor(self._model(self._torch.from_numpy(batch)))
        return np.asarray(out.float().numpy(), dtype=np.float32)
