"""Fifteen points of MediaPipe's canonical face model, the rigid part of the face the pose is fitted to.

From ``mediapipe/modules/face_geometry/data/canonical_face_model.obj`` (MediaPipe, Copyright The
MediaPipe Authors, Apache License 2.0: https://www.apache.org/licenses/LICENSE-2.0), vertex ``i``
being Face Mesh landmark ``i``. Axes: x toward the image's right for a frontal face, y up, z toward the
camera; units about a centimetre. Only points that expression barely moves are kept: the nose bridge
and tip, the forehead, the eye corners, the temples and cheekbones; no lips, lids or jaw.
"""

from __future__ import annotations

import numpy as np

CANONICAL_POINTS: dict[int, tuple[float, float, float]] = {
    1: (0.000000, -1.126865, 7.475604),  # nose tip
    4: (0.000000, -0.463170, 7.586580),
    6: (0.000000, 2.473255, 5.788627),  # between the eyes
    9: (0.000000, 4.885979, 5.385258),
    10: (0.000000, 8.261778, 4.481535),  # top of the forehead
    151: (0.000000, 6.545390, 5.027311),
    168: (0.000000, 3.271027, 5.236015),  # nose bridge
    33: (-4.445859, 2.663991, 3.173422),  # image-left eye, outer corner
    133: (-1.856432, 2.585245, 3.757904),  # image-left eye, inner corner
    263: (4.445859, 2.663991, 3.173422),
    362: (1.856432, 2.585245, 3.757904),
    127: (-7.743095, 2.364999, -2.005167),  # temples
    356: (7.743095, 2.364999, -2.005167),
    93: (-7.542244, -1.049282, -2.431321),  # cheekbones
    323: (7.542244, -1.049282, -2.431321),
}
INDICES = list(CANONICAL_POINTS)
MODEL = np.array(list(CANONICAL_POINTS.values()), dtype=np.float64)
