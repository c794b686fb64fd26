"""``faceapi``: face-api's FaceExpressionNet (``@vladmandic/face-api@1.7.15``, MIT) on ONNX Runtime.

``scripts/convert_faceapi_model.py`` takes the TF.js weights out of the npm tarball
(checksums pinned) and rebuilds the network as ``face_expression.onnx`` with numpy and
onnx alone; its licence lands beside it. The network reads 112×112 RGB, so unlike
mini-Xception it sees colour. About 1.2 ms a face on one core (one thread, batch 1 or 32).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.classifier_api import ClassifierConfig, EmotionClassifier, EmotionModelError
from interview_analysis.analysis.emotion.crop import FACE_BOX, CropSpec
from interview_analysis.analysis.emotion.labels import FACEAPI_ORDER, LabelMap
from interview_analysis.analysis.emotion.runtime import OnnxModel
from interview_analysis.model_files import FACEAPI_ONNX

ONNX_NAME = FACEAPI_ONNX
# face-api's FaceFeatureExtractor: mean RGB subtracted, then divided by 255.
MEAN_RGB = np.array([122.782, 117.001, 104.298], dtype=np.float32)
# face-api crops alignedRect: its 68 landmarks' box grown by 20 %, squared (crop.py, ``landmark_box``).
CROP = CropSpec(size=112, grey=False, framing="landmark_box", box_padding=0.2, **FACE_BOX)


def normalise(crops: NDArray[np.uint8]) -> NDArray[np.float32]:
    """(N, 112, 112, 3) RGB uint8 -> (N, 3, 112, 112) float32 as face-api feeds its network."""
    scaled = (crops.astype(np.float32) - MEAN_RGB) / np.float32(255.0)
    return np.ascontiguousarray(scaled.transpose(0, 3, 1, 2))


def model_file(config: ClassifierConfig) -> Path:
    """The converted ONNX file; converting needs npm, so it happens at bootstrap, never in a worker."""
    target = config.model_path or config.models_dir / ONNX_NAME
    if not target.is_file():
        raise EmotionModelError(f"{target} does not exist; run scripts/convert_faceapi_model.py")
    return target


class FaceApiExpression(EmotionClassifier):
    name = "faceapi"

    def __init__(self, model: OnnxModel, labels: LabelMap, flip_average: bool) -> None:
        super().__init__(CROP, labels, flip_average)
        self._model = model

    def model_probabilities(self, crops: NDArray[np.uint8]) -> NDArray[np.float32]:
        return self._model.run(normalise(crops))  # the graph ends in a softmax


def load(config: ClassifierConfig) -> FaceApiExpression:
    path = model_file(config)
    model = OnnxModel(path, threads=config.threads, batch_size=config.batch_size)
    classifier = FaceApiExpression(model, LabelMap(config.labels or FACEAPI_ORDER), config.flip_average)
    classifier.weights = path
    return classifier
