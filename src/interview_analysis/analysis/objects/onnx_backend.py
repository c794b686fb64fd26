"""The default backend: a YOLO ONNX export on ONNX Runtime, with no torch and no ultralytics.

``scripts/export_yolo.py`` writes the export once (``models/yolo11n-seg.onnx``, the detection part of
YOLO11n-seg). Any ultralytics detect or segment export of a COCO model works: class names come
from the file's metadata; where its input size is dynamic, webcam frames run at their own aspect
(640x480 rather than 640x640, a quarter less work).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.objects.detector_api import (
    DetectorConfig,
    DetectorUnavailable,
    ObjectDetector,
    parse_names,
)


class OnnxDetector(ObjectDetector):
    name = "onnx"

    def __init__(self, config: DetectorConfig) -> None:
        import onnxruntime as ort  # imported here: the API process never runs a model

        options = ort.SessionOptions()
        # OBJECT_THREADS defaults to the worker's share of the cores (Settings.threads_per_worker).
        options.intra_op_num_threads = config.threads
        # Idle pool threads must sleep, not spin: the other cores are busy decoding and running the landmarks,
        # and spinning burned 6.5 s of CPU a minute of video for nothing (bench/pipeline.py, OBJECT_THREADS=2).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            session: Any = ort.InferenceSession(str(config.weights), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # ORT raises its own untyped errors for a corrupt or foreign file
            raise DetectorUnavailable(f"{config.weights.name} is not a readable ONNX model: {exc}") from exc
        meta = session.get_modelmeta().custom_metadata_map
        if "names" not in meta:
            raise DetectorUnavailable(
                f"{config.weights.name} has no class names in its metadata (not an ultralytics export)"
            )
        (image_input,) = session.get_inputs()
        height, width = image_input.shape[2:]
        static = isinstance(height, int) and isinstance(width, int)
        if static and (height, width) != (config.imgsz, config.imgsz):
            raise DetectorUnavailable(
                f"{config.weights.name} takes {height}x{width} only; set OBJECT_IMGSZ={height} or export it dynamic"
            )
        super().__init__(config, parse_names(meta["names"]), rect=not static)
        self._session = session
        self._input = image_input.name
        self._output = session.get_outputs()[0].name  # detections; a segmentation export's protos are not asked for

    def forward(self, batch: NDArray[np.float32]) -> NDArray[np.float32]:
        (raw,) = self._session.run([self._output], {self._input: batch})
        return np.asarray(raw, dtype=np.float32)
