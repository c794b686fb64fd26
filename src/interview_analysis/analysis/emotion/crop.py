"""Face crops for the classifiers, cut from the shared landmarks instead of a second face detector.

Each crop is rotated so the eyes lie level, centred on the eye midpoint and scaled by the
face's own size. The framing copies what the model saw in training: for mini-Xception,
``fer`` cut OpenCV's Haar frontal-face box plus 10 px a side out of FER2013-style photos.
On astronaut() and talk.webm that box measured 2.2–2.6 inter-ocular distances wide with
the eyes 38–41 % down from its top edge, so ``FACE_BOX`` below is 2.7 wide (the box plus
fer's margin) with the eyes at 40 %.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.faces import Face

UPPER_LIP, LOWER_LIP = 13, 14  # MediaPipe mesh: inner lip centres


@dataclass(frozen=True, slots=True)
class CropSpec:
    """How one model wants its face: pixels a side, grey or RGB, and the framing."""

    size: int
    grey: bool
    width_scale: float  # crop side in face-scale units (about the inter-ocular distance)
    eye_height: float  # where the eye line sits, as a fraction of the side from the top


FACE_BOX = {"width_scale": 2.7, "eye_height": 0.40}


def face_scale(face: Face) -> float:
    """The larger of the eye distance and the eye-to-mouth distance.

    Each shrinks with one kind of turn (yaw narrows the eyes, pitch shortens the face),
    so the larger stays near the frontal size and the crop does not balloon on a turn.
    """
    right, left = face.eye_centres()
    mouth = (face.landmarks[UPPER_LIP, :2] + face.landmarks[LOWER_LIP, :2]) / 2
    eye_mid = (right + left) / 2
    return max(float(np.linalg.norm(left - right)), float(np.linalg.norm(mouth - eye_mid)))


def alignment(face: Face, spec: CropSpec) -> NDArray[np.float64]:
    """The 2×3 affine map from frame pixels to crop pixels."""
    right, left = face.eye_centres()
    eye_mid = (right + left).astype(np.float64) / 2
    # The subject's right eye is on the image left in a plain frame and MediaPipe names the
    # image-left eye "right" in a mirrored one too, so this vector points rightwards in both.
    dx, dy = (left - right).astype(np.float64)
    angle = np.arctan2(dy, dx)
    k = spec.size / (spec.width_scale * face_scale(face))
    cos, sin = k * np.cos(angle), k * np.sin(angle)
    rotate = np.array([[cos, sin], [-sin, cos]])
    shift = np.array([spec.size / 2, spec.eye_height * spec.size]) - rotate @ eye_mid
    return np.hstack([rotate, shift[:, None]])


def crop_face(image: NDArray[np.uint8], face: Face, spec: CropSpec) -> NDArray[np.uint8]:
    """(size, size) grey or (size, size, 3) RGB uint8.

    Warps to twice the size and then area-averages down: a 200-pixel face squeezed
    straight into 64 pixels aliases, and the aliasing flickers from frame to frame.
    """
    big = 2 * spec.size
    matrix = alignment(face, spec) * np.array([[2.0], [2.0]])
    warped = cv2.warpAffine(image, matrix, (big, big), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    small = cv2.resize(warped, (spec.size, spec.size), interpolation=cv2.INTER_AREA)
    if spec.grey:
        return np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    return np.asarray(small, dtype=np.uint8)
