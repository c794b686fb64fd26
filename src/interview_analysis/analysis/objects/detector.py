"""Object detectors by backend name (``YOLO_BACKEND``), each loaded and warmed up once per worker process."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import structlog

from interview_analysis.analysis.objects.detector_api import DetectorConfig, DetectorUnavailable, ObjectDetector
from interview_analysis.config import ObjectSettings

log = structlog.get_logger(__name__)


def _onnx(config: DetectorConfig) -> ObjectDetector:
    from interview_analysis.analysis.objects.onnx_backend import OnnxDetector

    return OnnxDetector(config)


def _ultralytics(config: DetectorConfig) -> ObjectDetector:
    from interview_analysis.analysis.objects.ultralytics_backend import UltralyticsDetector

    return UltralyticsDetector(config)


# Plug-ins as data: a backend is a name mapped to its loader; loaders import their runtimes lazily.
BACKENDS: dict[str, Callable[[DetectorConfig], ObjectDetector]] = {
    "onnx": _onnx,
    "ultralytics-pt": _ultralytics,
}


@lru_cache(maxsize=4)
def _load(config: DetectorConfig) -> ObjectDetector:
    loader = BACKENDS.get(config.backend)
    if loader is None:
        raise DetectorUnavailable(f"unknown YOLO_BACKEND {config.backend!r}; choose one of {', '.join(BACKENDS)}")
    if not config.weights.is_file():
        raise DetectorUnavailable(
            f"{config.weights} is missing; run scripts/export_yolo.py (or set YOLO_WEIGHTS to a .pt or .onnx file)"
        )
    detector = loader(config)
    detector.warm_up()
    log.info("objects.model.loaded", backend=config.backend, weights=str(config.weights), imgsz=config.imgsz)
    return detector


def warm_up_detector(settings: ObjectSettings) -> ObjectDetector | None:
    """For a worker's start: load and warm up now; None (logged) when the object check will be skipped."""
    try:
        return load_detector(settings)
    except DetectorUnavailable as exc:
        log.warning("objects.model.unavailable", reason=str(exc))
        return None


def load_detector(settings: ObjectSettings) -> ObjectDetector:
    """The process's detector for these settings: built and warmed up on first use, then reused.

    Raises ``DetectorUnavailable`` (with the reason) when it cannot be built; the failure is not
    cached, so fetching the weights later takes effect without a restart.
    """
    return _load(DetectorConfig.from_settings(settings))
