"""Head pose (yaw, pitch, roll in degrees) by solvePnP against a generic 3-D face.

Sign convention, in image coordinates as the camera sees the candidate:
- yaw > 0: the face turns toward the image's right edge;
- pitch > 0: the face tilts up;
- roll > 0: the head tilts clockwise in the image (the image-right eye lower).
A mirrored video therefore flips the sign of yaw and roll and leaves pitch alone.
The angles come from the face's forward vector and eye line, not from an Euler
decomposition, so they never wrap around ±180°.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

# Landmarks: nose tip, chin, image-left eye outer corner, image-right eye outer corner, mouth corners.
_INDICES = [1, 152, 33, 263, 61, 291]
# A generic face in camera-like axes (x right, y down, z away from the camera), millimetre-ish units.
_MODEL = np.array(
    [
        [0.0, 0.0, 0.0],
        [0.0, 330.0, 65.0],
        [-225.0, -170.0, 135.0],
        [225.0, -170.0, 135.0],
        [-150.0, 150.0, 125.0],
        [150.0, 150.0, 125.0],
    ],
    dtype=np.float64,
)


_NO_DISTORTION = np.zeros(4, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class HeadPose:
    yaw: float
    pitch: float
    roll: float


def head_pose(points: NDArray[np.float32], width: int, height: int) -> HeadPose | None:
    """Pose of one face; None when the solver finds no solution (degenerate landmarks)."""
    image_points = points[_INDICES, :2].astype(np.float64)
    focal = float(width)  # a webcam's horizontal field of view is about 50-60°, close to f = width
    camera = np.array([[focal, 0, width / 2.0], [0, focal, height / 2.0], [0, 0, 1]], dtype=np.float64)
    ok, rvec, _ = cv2.solvePnP(_MODEL, image_points, camera, _NO_DISTORTION, flags=cv2.SOLVEPNP_ITERATIVE)
    if not ok:
        return None
    rotation, _ = cv2.Rodrigues(rvec)
    forward = rotation @ np.array([0.0, 0.0, -1.0])  # out of the face, toward the camera when frontal
    across = rotation @ np.array([1.0, 0.0, 0.0])  # from the image-left eye to the image-right eye
    yaw = np.degrees(np.arctan2(forward[0], -forward[2]))
    pitch = np.degrees(np.arctan2(-forward[1], np.hypot(forward[0], forward[2])))
    roll = np.degrees(np.arctan2(across[1], across[0]))
    return HeadPose(yaw=float(yaw), pitch=float(pitch), roll=float(roll))
