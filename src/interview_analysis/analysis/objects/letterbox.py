"""Frames to the detector's input: resized without distortion, padded grey, as ultralytics does.

The same letterbox feeds both backends, so an ONNX export and its ``.pt`` see identical
pixels and their detections can be compared box for box. Padding is the ultralytics grey
(114), split evenly between the two sides.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

PAD_VALUE = 114
STRIDE = 32  # YOLO's coarsest feature map: input sides must be multiples of it


@dataclass(frozen=True, slots=True)
class Letterbox:
    """How one frame was fitted: ``scale`` and the ``left``/``top`` padding, to map boxes back."""

    scale: float
    left: int
    top: int
    width: int  # the original frame's size, to clip boxes
    height: int

    def to_frame(self, boxes: NDArray[np.float32]) -> NDArray[np.float32]:
        """(N, 4) x0, y0, x1, y1 in model pixels -> pixels of the original frame, clipped to it."""
        out = boxes.copy()
        out[:, [0, 2]] = (out[:, [0, 2]] - self.left) / self.scale
        out[:, [1, 3]] = (out[:, [1, 3]] - self.top) / self.scale
        out[:, [0, 2]] = out[:, [0, 2]].clip(0, self.width)
        out[:, [1, 3]] = out[:, [1, 3]].clip(0, self.height)
        return out


def input_shape(height: int, width: int, imgsz: int, rect: bool) -> tuple[int, int]:
    """The model input (height, width) for a frame: ``imgsz`` square, or with ``rect`` the smallest
    stride-aligned rectangle around the resized frame (a 640x480 webcam frame runs at 640x480, not 640x640).
    """
    scale = min(imgsz / height, imgsz / width)
    if not rect:
        return imgsz, imgsz
    new_h, new_w = max(round(height * scale), 1), max(round(width * scale), 1)
    return -(-new_h // STRIDE) * STRIDE, -(-new_w // STRIDE) * STRIDE


def letterbox(image: NDArray[np.uint8], shape: tuple[int, int]) -> tuple[NDArray[np.uint8], Letterbox]:
    """RGB HxWx3 -> ``shape`` (h, w) RGB with the frame centred; ultralytics' rounding, so pixels match."""
    height, width = image.shape[:2]
    scale = min(shape[0] / height, shape[1] / width)
    new_w, new_h = max(round(width * scale), 1), max(round(height * scale), 1)
    resized = image
    if (new_w, new_h) != (width, height):
        resized = np.asarray(cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)
    dw, dh = (shape[1] - new_w) / 2, (shape[0] - new_h) / 2
    top, left = round(dh - 0.1), round(dw - 0.1)
    canvas = np.full((shape[0], shape[1], 3), PAD_VALUE, dtype=np.uint8)
    canvas[top : top + new_h, left : left + new_w] = resized
    return canvas, Letterbox(scale=scale, left=left, top=top, width=width, height=height)


def to_tensor(images: list[NDArray[np.uint8]]) -> NDArray[np.float32]:
    """Letterboxed RGB uint8 frames -> (N, 3, H, W) float32 in [0, 1], the layout YOLO exports take."""
    batch = np.stack(images).transpose(0, 3, 1, 2).astype(np.float32)
    batch /= 255.0
    return np.ascontiguousarray(batch)
