"""Expression of a face on a still image, through exactly the video path's landmarks, crop and classifier.

The ``emotions`` command and the accuracy bench both use it, so a figure measured on
labelled photos is a figure of the code that analyses interviews.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.classifier_api import EmotionClassifier
from interview_analysis.analysis.emotion.crop import crop_face
from interview_analysis.analysis.emotion.labels import EMOTIONS
from interview_analysis.analysis.landmarks import FaceLandmarker


class UnreadableImage(ValueError):
    """The file is missing or is not an image OpenCV can decode."""


def read_rgb(path: Path) -> NDArray[np.uint8]:
    """An (H, W, 3) RGB image; grey and alpha images are converted, as a browser would show them."""
    raw = np.fromfile(path, dtype=np.uint8) if path.is_file() else np.zeros(0, np.uint8)
    bgr = cv2.imdecode(raw, cv2.IMREAD_COLOR) if raw.size else None
    if bgr is None:
        raise UnreadableImage(str(path))
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), dtype=np.uint8)


def image_emotions(
    image: NDArray[np.uint8], landmarker: FaceLandmarker, classifier: EmotionClassifier
) -> dict[str, float] | None:
    """Probabilities of the largest face by label, or None when no face is found.

    ``landmarker`` should be built with ``static_image_mode=True``: unrelated photos must not
    be tracked from one to the next.
    """
    face = landmarker.detect(image).primary
    if face is None:
        return None
    probs = classifier.predict(crop_face(image, face, classifier.crop)[None])[0]
    return {name: round(float(p), 4) for name, p in zip(EMOTIONS, probs, strict=True)}
