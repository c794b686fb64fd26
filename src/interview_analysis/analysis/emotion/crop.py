"""Face crops for the classifiers, cut from the shared landmarks instead of a second face detector.

Each crop is rotated so the eyes lie level and framed as the model saw faces in training:
- ``eyes`` framing (mini-Xception): ``fer`` cut OpenCV's Haar frontal-face box plus 10 px a
  side out of FER2013-style photos. On astronaut() and talk.webm that box measured 2.2–2.6
  inter-ocular distances wide with the eyes 38–41 % down from its top edge, so ``FACE_BOX``
  below is 2.7 wide (the box plus fer's margin) with the eyes at 40 %.
- ``landmark_box`` framing (face-api): face-api crops ``alignedRect``, the bounding box of its
  68 landmarks (jaw line, brows, eyes, nose, mouth) grown by 20 % of its width and height, and
  squares it. ``DLIB68`` names the mesh points that sit where those 68 do, so the same box
  comes out of the shared MediaPipe landmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

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
    width_scale: float  # eyes framing: crop side in face-scale units (about the inter-ocular distance)
    eye_height: float  # eyes framing: where the eye line sits, as a fraction of the side from the top
    framing: Literal["eyes", "landmark_box"] = "eyes"
    box_padding: float = 0.2  # landmark_box framing: growth of the box's width and height (half a side)


class EyeFraming(TypedDict):
    width_scale: float
    eye_height: float


FACE_BOX: EyeFraming = {"width_scale": 2.7, "eye_height": 0.40}

# MediaPipe mesh points at the 68 iBUG/dlib positions: jaw 0–16, brows 17–26, nose 27–35, eyes 36–47, mouth 48–67.
DLIB68 = np.array(
    [
        *(127, 234, 93, 132, 58, 136, 150, 176, 152, 400, 379, 365, 288, 361, 323, 454, 356),
        *(70, 63, 105, 66, 107, 336, 296, 334, 293, 300),
        *(168, 197, 5, 4, 75, 97, 2, 326, 305),
        *(33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380),
        *(61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181, 78, 82, 13, 312, 308, 317, 14, 87),
    ]
)


def face_scale(face: Face) -> float:
    """The larger of the eye distance and the eye-to-mouth distance.

    Each shrinks with one kind of turn (yaw narrows the eyes, pitch shortens the face),
    so the larger stays near the frontal size and the crop does not balloon on a turn.
    """
    right, left = face.eye_centres()
    mouth = (face.landmarks[UPPER_LIP, :2] + face.landmarks[LOWER_LIP, :2]) / 2
    eye_mid = (right + left) / 2
    return max(float(np.linalg.norm(left - right)), float(np.linalg.norm(mouth - eye_mid)))


def _level(face: Face) -> NDArray[np.float64]:
    """The 2×2 rotation that lays the eye line level."""
    right, left = face.eye_centres()
    # The subject's right eye is on the image left in a plain frame and MediaPipe names the
    # image-left eye "right" in a mirrored one too, so this vector points rightwards in both.
    dx, dy = (left - right).astype(np.float64)
    angle = np.arctan2(dy, dx)
    cos, sin = np.cos(angle), np.sin(angle)
    return np.array([[cos, sin], [-sin, cos]])


def alignment(face: Face, spec: CropSpec) -> NDArray[np.float64]:
    """The 2×3 affine map from frame pixels to crop pixels."""
    rotate = _level(face)
    if spec.framing == "landmark_box":
        levelled = face.landmarks[DLIB68, :2].astype(np.float64) @ rotate.T
        low, high = levelled.min(axis=0), levelled.max(axis=0)
        side = float((high - low).max()) * (1.0 + spec.box_padding)
        scaled = rotate * (spec.size / side)
        shift = spec.size / 2 - (low + high) / 2 * (spec.size / side)
        return np.hstack([scaled, shift[:, None]])
    right, left = face.eye_centres()
    eye_mid = (right + left).astype(np.float64) / 2
    scaled = rotate * (spec.size / (spec.width_scale * face_scale(face)))
    shift = np.array([spec.size / 2, spec.eye_height * spec.size]) - scaled @ eye_mid
    return np.hstack([scaled, shift[:, None]])


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
