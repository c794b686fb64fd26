"""Per-face eye measures from the 478 landmarks: openness (EAR) and iris position within the eye.

Index sets are MediaPipe Face Mesh's. "Image-left" is the viewer's left, which is the
subject's right eye in an unmirrored webcam frame; every horizontal figure here is
signed in image coordinates, so a mirrored video flips its sign.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# p1..p6 of Soukupová & Čech's eye aspect ratio, corners first: (corner, top, top, corner, bottom, bottom).
_EAR_IMAGE_LEFT_EYE = (33, 160, 158, 133, 153, 144)
_EAR_IMAGE_RIGHT_EYE = (362, 385, 387, 263, 373, 380)
# (image-left corner, image-right corner, upper lid, lower lid, iris centre)
_IMAGE_LEFT_EYE = (33, 133, 159, 145, 468)
_IMAGE_RIGHT_EYE = (362, 263, 386, 374, 473)


@dataclass(frozen=True, slots=True)
class EyeMeasures:
    ear: float  # eye aspect ratio, mean of both eyes
    gaze_x: float  # -1 (iris at image-left corner) .. 1 (image-right corner), 0 centred
    gaze_y: float  # -1 (iris at the lower lid) .. 1 (upper lid), 0 centred


def _ear(points: NDArray[np.float32], idx: tuple[int, ...]) -> float:
    p = points[list(idx), :2]
    vertical = np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4])
    horizontal = 2.0 * np.linalg.norm(p[0] - p[3])
    return float(vertical / horizontal) if horizontal > 0 else 0.0


def _iris_position(points: NDArray[np.float32], idx: tuple[int, ...]) -> tuple[float, float]:
    left, right, upper, lower, iris = (points[i, :2] for i in idx)
    axis = right - left
    span = float(np.dot(axis, axis))
    h = float(np.dot(iris - left, axis) / span) if span > 0 else 0.5
    lid = float(lower[1] - upper[1])
    v = float((iris[1] - upper[1]) / lid) if abs(lid) > 1e-3 else 0.5
    return h, v


def eye_measures(points: NDArray[np.float32]) -> EyeMeasures:
    ear = (_ear(points, _EAR_IMAGE_LEFT_EYE) + _ear(points, _EAR_IMAGE_RIGHT_EYE)) / 2.0
    (h1, v1), (h2, v2) = _iris_position(points, _IMAGE_LEFT_EYE), _iris_position(points, _IMAGE_RIGHT_EYE)
    return EyeMeasures(
        ear=ear,
        gaze_x=float(np.clip(((h1 + h2) / 2.0 - 0.5) * 2.0, -1.0, 1.0)),
        gaze_y=float(np.clip((0.5 - (v1 + v2) / 2.0) * 2.0, -1.0, 1.0)),
    )
