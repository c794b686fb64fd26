"""Faces found on one sampled frame: the landmarks every face analyzer shares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# MediaPipe Face Mesh indices (478 points with iris refinement) used across analyzers.
LEFT_IRIS = 473  # the subject's left eye (image right in an unmirrored frame)
RIGHT_IRIS = 468
LEFT_EYE_OUTER, LEFT_EYE_INNER = 263, 362
RIGHT_EYE_OUTER, RIGHT_EYE_INNER = 33, 133


@dataclass(frozen=True, slots=True)
class Face:
    """One face. ``landmarks`` is (478, 3) float32: x and y in pixels of the frame, z in the same pixel scale
    (MediaPipe's relative depth times the frame width; smaller is nearer the camera)."""

    landmarks: NDArray[np.float32]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 in pixels, around the landmarks."""
        xy = self.landmarks[:, :2]
        x0, y0 = xy.min(axis=0)
        x1, y1 = xy.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    @property
    def area(self) -> float:
        x0, y0, x1, y1 = self.bbox
        return (x1 - x0) * (y1 - y0)

    def eye_centres(self) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Iris centres (subject's right, subject's left) in pixels, for alignment."""
        return self.landmarks[RIGHT_IRIS, :2], self.landmarks[LEFT_IRIS, :2]


@dataclass(frozen=True, slots=True)
class FrameFaces:
    """Faces on the frame at ``t`` seconds, largest first: ``faces[0]`` is the candidate.

    ``extra_faces``: faces seen beside those in ``faces`` without landmarks of their own (the
    tracker follows the candidate; a detector counts who else is in view, see ``landmarks.py``).
    """

    t: float
    width: int
    height: int
    faces: tuple[Face, ...]
    extra_faces: int = 0

    @property
    def count(self) -> int:
        """How many faces are in view, with or without landmarks."""
        return len(self.faces) + self.extra_faces

    @property
    def primary(self) -> Face | None:
        return self.faces[0] if self.faces else None
