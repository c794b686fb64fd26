"""YOLO (v8/11) raw output to boxes: confidence filter, class-aware NMS, in NumPy.

The exported graph ends before non-maximum suppression: ``(N, 4 + classes [+ mask coefficients], anchors)``
with boxes as centre x, centre y, width, height in input pixels and class scores already
sigmoid-activated. Segmentation exports append 32 mask coefficients per anchor; only the
detection rows are read. As in ultralytics, each anchor keeps its best class only, so a box the
model calls a remote control is not also counted as a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

MAX_WH = 7680.0  # class offset for batched NMS: boxes of different classes never overlap
MAX_DET = 100


@dataclass(frozen=True, slots=True)
class Detection:
    """One object: its class index, confidence and x0, y0, x1, y1 box (model pixels until mapped back)."""

    cls: int
    score: float
    box: tuple[float, float, float, float]


def iou_one_to_many(box: NDArray[np.float32], boxes: NDArray[np.float32]) -> NDArray[np.float32]:
    x0 = np.maximum(box[0], boxes[:, 0])
    y0 = np.maximum(box[1], boxes[:, 1])
    x1 = np.minimum(box[2], boxes[:, 2])
    y1 = np.minimum(box[3], boxes[:, 3])
    inter = (x1 - x0).clip(0) * (y1 - y0).clip(0)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    result: NDArray[np.float32] = inter / np.maximum(area + areas - inter, 1e-9)
    return result


def nms(boxes: NDArray[np.float32], scores: NDArray[np.float32], iou: float) -> NDArray[np.int64]:
    """Greedy non-maximum suppression; indices of the kept boxes, best first."""
    order = np.argsort(-scores, kind="stable")
    keep: list[int] = []
    while order.size and len(keep) < MAX_DET:
        best = int(order[0])
        keep.append(best)
        rest = order[1:]
        order = rest[iou_one_to_many(boxes[best], boxes[rest]) <= iou]
    return np.asarray(keep, dtype=np.int64)


def decode(
    raw: NDArray[np.float32], num_classes: int, thresholds: dict[int, float], iou: float
) -> list[list[Detection]]:
    """(N, rows, anchors) -> per image, detections of the classes in ``thresholds`` at or above their own threshold."""
    if raw.ndim != 3 or raw.shape[1] < 4 + num_classes:
        raise ValueError(f"expected (N, 4 + {num_classes} [+ masks], anchors), got {raw.shape}")
    wanted = np.asarray(sorted(thresholds), dtype=np.int64)
    floor = np.full(num_classes, np.inf, dtype=np.float32)
    floor[wanted] = [thresholds[int(c)] for c in wanted]
    results: list[list[Detection]] = []
    for image in raw:
        scores_all = image[4 : 4 + num_classes]  # (classes, anchors)
        cls = scores_all.argmax(axis=0)
        score = scores_all[cls, np.arange(cls.size)]
        keep = score >= floor[cls]
        if not keep.any():
            results.append([])
            continue
        cx, cy, w, h = image[:4, keep]
        boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1).astype(np.float32)
        cls_kept, score_kept = cls[keep], score[keep].astype(np.float32)
        chosen = nms(boxes + (cls_kept * MAX_WH)[:, None].astype(np.float32), score_kept, iou)
        results.append([_detection(int(cls_kept[i]), float(score_kept[i]), boxes[i]) for i in chosen])
    return results


def _detection(cls: int, score: float, box: NDArray[np.float32]) -> Detection:
    x0, y0, x1, y1 = (float(v) for v in box)
    return Detection(cls, score, (x0, y0, x1, y1))
