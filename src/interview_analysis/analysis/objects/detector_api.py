"""What every object-detector backend implements, apart from the registry that picks one.

A detector takes RGB frames and returns, per frame, the persons and phones it found in the
frame's own pixels. The backends differ only in the runtime that runs the network: letterbox,
decoding and NMS are shared (``letterbox.py``, ``decode.py``), so their results are comparable.
The backends import these types and the registry (``detector.py``) imports the backends lazily,
so the two never import each other.
"""

from __future__ import annotations

import ast
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.objects.decode import Detection, decode
from interview_analysis.analysis.objects.letterbox import PAD_VALUE, Letterbox, input_shape, letterbox, to_tensor
from interview_analysis.config import ObjectSettings

PERSON, CELL_PHONE = "person", "cell phone"  # COCO names; indices 0 and 67 in the 80-class order


class DetectorUnavailable(RuntimeError):
    """No detector can run here (no weights, no runtime for them); the object check is skipped, not the job."""


@dataclass(frozen=True, slots=True)
class DetectorConfig:
    """The hashable part of ``ObjectSettings`` that decides which detector a process holds."""

    backend: str
    weights: Path
    imgsz: int
    person_imgsz: int
    batch_size: int
    threads: int
    person_conf: float
    phone_conf: float
    iou: float

    @classmethod
    def from_settings(cls, settings: ObjectSettings) -> DetectorConfig:
        if settings.yolo_weights is None:
            raise DetectorUnavailable("YOLO_WEIGHTS is not set")
        weights = settings.yolo_weights.expanduser().resolve()
        backend = settings.yolo_backend
        if backend == "auto":
            backend = "ultralytics-pt" if weights.suffix.lower() == ".pt" else "onnx"
        return cls(
            backend=backend,
            weights=weights,
            imgsz=settings.object_imgsz,
            person_imgsz=settings.person_imgsz,
            batch_size=settings.object_batch_size,
            threads=settings.object_threads or 1,
            person_conf=settings.person_conf,
            phone_conf=settings.phone_conf,
            iou=settings.object_iou,
        )


@dataclass(frozen=True, slots=True)
class FrameObjects:
    """What the detector found on one frame, boxes in the frame's pixels, best first."""

    persons: tuple[Detection, ...]
    phones: tuple[Detection, ...]


def parse_names(value: object) -> dict[int, str]:
    """Class names as ultralytics stores them: a dict, or its ``repr`` in ONNX metadata."""
    names = ast.literal_eval(value) if isinstance(value, str) else value
    if isinstance(names, list | tuple):
        names = dict(enumerate(names))
    if not isinstance(names, dict) or not names:
        raise DetectorUnavailable(f"the model carries no class names (got {type(names).__name__})")
    return {int(k): str(v) for k, v in names.items()}


class ObjectDetector(ABC):
    """A YOLO network behind one runtime; subclasses only run (N, 3, H, W) batches."""

    name: str

    def __init__(self, config: DetectorConfig, names: dict[int, str], rect: bool) -> None:
        self.config = config
        self.names = names
        self.rect = rect  # the graph takes any stride-aligned size: skip the padding a square input would need
        by_name = {label: index for index, label in names.items()}
        missing = [label for label in (PERSON, CELL_PHONE) if label not in by_name]
        if missing:
            raise DetectorUnavailable(f"{config.weights.name} has no {', '.join(missing)} class (not a COCO model)")
        self.person, self.phone = by_name[PERSON], by_name[CELL_PHONE]
        self.num_classes = max(names) + 1
        self._thresholds = {self.person: config.person_conf, self.phone: config.phone_conf}

    @abstractmethod
    def forward(self, batch: NDArray[np.float32]) -> NDArray[np.float32]:
        """(N, 3, H, W) in [0, 1] -> the raw (N, 4 + classes [+ masks], anchors) output."""

    def accepts(self, imgsz: int) -> bool:
        """Whether the network runs at this size (a static export runs at its own size only)."""
        return self.rect or imgsz == self.config.imgsz

    def detect(self, images: Sequence[NDArray[np.uint8]], imgsz: int | None = None) -> list[FrameObjects]:
        """RGB frames (one size) -> persons and phones per frame, in batches of ``batch_size``, at ``imgsz``
        (default: the configured full size)."""
        size = imgsz or self.config.imgsz
        results: list[FrameObjects] = []
        for start in range(0, len(images), self.config.batch_size):
            chunk = images[start : start + self.config.batch_size]
            height, width = chunk[0].shape[:2]
            shape = input_shape(height, width, size, self.rect)
            fitted = [letterbox(image, shape) for image in chunk]
            raw = self.forward(to_tensor([canvas for canvas, _ in fitted]))
            decoded = decode(raw, self.num_classes, self._thresholds, self.config.iou)
            results.extend(self._objects(fit, found) for (_, fit), found in zip(fitted, decoded, strict=True))
        return results

    def _objects(self, fit: Letterbox, found: list[Detection]) -> FrameObjects:
        boxes = fit.to_frame(np.asarray([d.box for d in found], dtype=np.float32).reshape(-1, 4))
        mapped = [Detection(d.cls, d.score, _box(box)) for d, box in zip(found, boxes, strict=True)]
        return FrameObjects(
            persons=tuple(d for d in mapped if d.cls == self.person),
            phones=tuple(d for d in mapped if d.cls == self.phone),
        )

    def warm_up(self) -> None:
        """One throwaway frame per size: the first run plans the graph and allocates, a cost no job should pay."""
        blank = np.full((480, 640, 3), PAD_VALUE, dtype=np.uint8)
        for size in {self.config.imgsz, self.config.person_imgsz}:
            if size and self.accepts(size):
                self.detect([blank], size)


def _box(values: NDArray[np.float32]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (round(float(v), 1) for v in values)
    return x0, y0, x1, y1
