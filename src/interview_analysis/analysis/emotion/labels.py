"""Class names: the seven the result reports, and each model's own output order mapped onto them."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from interview_analysis.config import ModelSettings

# The result's order, a contract with the frontend.
EMOTIONS: tuple[str, ...] = ModelSettings.EMOTION_CLASSES
# FER2013's class indices, which mini-Xception (and most FER2013 fine-tunes) emit.
FER2013_ORDER = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
# face-api's FaceExpressionNet (neutral, happy, sad, angry, fearful, disgusted, surprised) in the service's names.
FACEAPI_ORDER = ("neutral", "happy", "sad", "angry", "fear", "disgust", "surprise")
# AffectNet's eight as HSEmotion's EfficientNets emit them (alphabetical: Anger, Contempt, Disgust, ...).
AFFECTNET8_ORDER = ("angry", "contempt", "disgust", "fear", "happy", "neutral", "sad", "surprise")


class LabelMap:
    """Reorders a model's class probabilities into ``EMOTIONS``.

    A class outside the seven (AffectNet's contempt) is dropped and the rest renormalised,
    which equals a softmax over the seven logits alone: its mass is shared out in
    proportion instead of being credited to disgust, which the score counts as negative.
    """

    def __init__(self, model_labels: tuple[str, ...]) -> None:
        missing = [name for name in EMOTIONS if name not in model_labels]
        if missing:
            raise ValueError(f"model labels {model_labels} lack {missing}")
        self.model_labels = model_labels
        self._columns = np.array([model_labels.index(name) for name in EMOTIONS])

    def __len__(self) -> int:
        return len(self.model_labels)

    def to_emotions(self, probabilities: NDArray[np.float32]) -> NDArray[np.float32]:
        """(N, len(model_labels)) probabilities -> (N, 7) in ``EMOTIONS`` order, rows summing to 1."""
        kept = probabilities[:, self._columns].astype(np.float64)
        total = kept.sum(axis=1, keepdims=True)
        uniform = np.full_like(kept, 1.0 / len(EMOTIONS))
        out = np.divide(kept, total, out=uniform, where=total > 0)
        return out.astype(np.float32)


def softmax(logits: NDArray[np.float32]) -> NDArray[np.float32]:
    shifted = logits.astype(np.float64) - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)
