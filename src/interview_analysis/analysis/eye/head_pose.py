"""Head pose (yaw, pitch, roll in degrees) by a rigid fit of the mesh's own 3-D points to a canonical face.

Face Mesh gives every landmark a depth, so the rotation comes straight from aligning the rigid points
(``canonical_face.py``) to MediaPipe's canonical face (Umeyama: rotation, scale and shift in closed form).
Unlike ``solvePnP`` against a generic face from six 2-D points, this has one solution: it cannot flip
to the mirror pose, the classic two-solution ambiguity that made still photos jump by tens of degrees.
The fit's residual, relative to the face's size, is the pose's confidence: landmarks that do not form
a rigid face (a mesh torn by occlusion or motion blur) fit badly, and such frames are left out.

Sign convention, in image coordinates as the camera sees the candidate:
- yaw > 0: the face turns toward the image's right edge;
- pitch > 0: the face tilts up;
- roll > 0: the head tilts clockwise in the image (the image-right eye lower).
A mirrored video therefore flips the sign of yaw and roll and leaves pitch alone. The angles come from
the face's forward vector and eye line, not from an Euler decomposition, so they never wrap around ±180°.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.eye.canonical_face import INDICES, MODEL

_MODEL_CENTRED = MODEL - MODEL.mean(axis=0)
_MODEL_SIZE = float(np.sqrt((_MODEL_CENTRED**2).sum(axis=1).mean()))
# Relative RMS residual at which confidence is one half (exp(-ln 2)): about 0.06 on real webcam faces,
# so 0.12 is a face twice as far from rigid as usual.
_HALF_CONFIDENCE_RESIDUAL = 0.12


@dataclass(frozen=True, slots=True)
class HeadPose:
    yaw: float
    pitch: float
    roll: float
    confidence: float  # 0..1 from the fit's residual; 1 is a perfectly rigid face


def _rotation(points: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    """Umeyama's rotation taking the canonical points onto ``points`` (same order), and the RMS residual
    relative to the face's size."""
    observed = points - points.mean(axis=0)
    covariance = observed.T @ _MODEL_CENTRED / len(points)
    u, singular, vt = np.linalg.svd(covariance)
    sign = np.ones(3)
    sign[2] = np.sign(np.linalg.det(u) * np.linalg.det(vt)) or 1.0  # a rotation, never a reflection
    rotation = (u * sign) @ vt
    scale = float((singular * sign).sum() / _MODEL_SIZE**2)
    residual = observed - scale * _MODEL_CENTRED @ rotation.T
    rms = float(np.sqrt((residual**2).sum(axis=1).mean()))
    return rotation, rms / max(scale * _MODEL_SIZE, 1e-9)


def head_pose(points: NDArray[np.float32], width: int, height: int) -> HeadPose | None:
    """Pose of one face from its (478, 3) landmarks in pixels; None for degenerate landmarks."""
    rigid = points[INDICES].astype(np.float64)
    if not np.isfinite(rigid).all() or np.ptp(rigid[:, 0]) < 1.0:
        return None
    # Mesh axes are x right, y down, z away from the camera; the canonical face's are x right, y up, z toward it.
    rotation, residual = _rotation(rigid * np.array([1.0, -1.0, -1.0]))
    forward = rotation @ np.array([0.0, 0.0, 1.0])  # out of the face, toward the camera when frontal
    across = rotation @ np.array([1.0, 0.0, 0.0])  # from the image-left eye to the image-right eye
    yaw = np.degrees(np.arctan2(forward[0], forward[2]))
    pitch = np.degrees(np.arctan2(forward[1], np.hypot(forward[0], forward[2])))
    roll = np.degrees(np.arctan2(-across[1], across[0]))
    confidence = float(np.exp(-np.log(2.0) * residual / _HALF_CONFIDENCE_RESIDUAL))
    return HeadPose(yaw=float(yaw), pitch=float(pitch), roll=float(roll), confidence=confidence)
