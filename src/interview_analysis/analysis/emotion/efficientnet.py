"""``efficientnet``: an EfficientNet emotion classifier from user-supplied weights (EMOTION_MODEL_PATH).

No trained EfficientNet ships in a wheel, so the operator supplies one (docs/emotion.md):
- an ONNX export (``.onnx``), run on ONNX Runtime: the primary route, no torch needed;
- a torchvision-layout state dict (``.pth``/``.pt``), such as a fine-tuned
  ``efficientnet_b0`` saved with ``torch.save(model.state_dict())``; this needs torch installed
  (``pip install torch==2.13.0``), or convert it once with
  ``scripts/convert_emotion_model.py efficientnet IN.pth OUT.onnx`` and point the setting at the ONNX.

Input: an RGB face crop at the model's side (from the ONNX graph, else the variant's
torchvision crop, or EMOTION_INPUT_SIZE), scaled to [0, 1] and normalised with the ImageNet
mean and std that both torchvision and HSEmotion trained with. Output order: EMOTION_LABELS
(7 FER2013 classes by default; HSEmotion's 8 AffectNet classes have contempt folded away).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.classifier_api import ClassifierConfig, EmotionClassifier, EmotionModelError
from interview_analysis.analysis.emotion.crop import FACE_BOX, CropSpec
from interview_analysis.analysis.emotion.labels import FER2013_ORDER, LabelMap, softmax
from interview_analysis.analysis.emotion.runtime import OnnxModel

IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
DEFAULT_SIZE = 224
ONNX_SUFFIXES = {".onnx"}
TORCH_SUFFIXES = {".pth", ".pt", ".bin"}

Forward = Callable[[NDArray[np.float32]], NDArray[np.float32]]


def normalise(crops: NDArray[np.uint8]) -> NDArray[np.float32]:
    """(N, H, W, 3) RGB uint8 -> (N, 3, H, W) float32, ImageNet-normalised."""
    scaled = crops.astype(np.float32) / np.float32(255.0)
    return np.ascontiguousarray(((scaled - IMAGENET_MEAN) / IMAGENET_STD).transpose(0, 3, 1, 2))


class EfficientNetClassifier(EmotionClassifier):
    name = "efficientnet"

    def __init__(self, forward: Forward, size: int, labels: LabelMap, flip_average: bool) -> None:
        super().__init__(CropSpec(size=size, grey=False, **FACE_BOX), labels, flip_average)
        self._forward = forward
        self._emits_probabilities = False

    def model_probabilities(self, crops: NDArray[np.uint8]) -> NDArray[np.float32]:
        out = self._forward(normalise(crops))
        return out if self._emits_probabilities else softmax(out)

    def warm_up(self) -> None:
        # Exports differ in whether they end in a softmax; a logit row that is non-negative and sums
        # to exactly 1 does not happen, so one look at the raw output settles it for this model.
        probe = self._forward(normalise(np.full((1, self.crop.size, self.crop.size, 3), 128, dtype=np.uint8)))
        self._emits_probabilities = bool(np.all(probe >= 0) and np.allclose(probe.sum(axis=1), 1.0, atol=1e-4))
        super().warm_up()


def _torch_forward(path: Path, config: ClassifierConfig) -> tuple[Forward, int]:
    try:
        import torch

        from interview_analysis.analysis.emotion.efficientnet_torch import load_state_dict
    except ImportError as exc:
        raise EmotionModelError(
            "a .pth EfficientNet needs torch (pip install torch==2.13.0); or convert it once with "
            "scripts/convert_emotion_model.py efficientnet IN.pth OUT.onnx and set EMOTION_MODEL_PATH to the .onnx"
        ) from exc
    try:
        net = load_state_dict(path)
    except ValueError as exc:
        raise EmotionModelError(str(exc)) from exc
    torch.set_num_threads(config.threads)  # process-wide, like the ONNX session's thread count

    def forward(batch: NDArray[np.float32]) -> NDArray[np.float32]:
        with torch.inference_mode():
            chunks = [
                net(torch.from_numpy(batch[start : start + config.batch_size])).numpy()
                for start in range(0, len(batch), config.batch_size)
            ]
        return np.asarray(np.concatenate(chunks), dtype=np.float32)

    return forward, net.input_size


def load(config: ClassifierConfig) -> EfficientNetClassifier:
    path = config.model_path
    if path is None or not path.is_file():
        raise EmotionModelError(f"EMOTION_MODEL_PATH {path} is not a file")
    if path.suffix.lower() in ONNX_SUFFIXES:
        model = OnnxModel(path, threads=config.threads, batch_size=config.batch_size)
        forward: Forward = model.run
        size = model.static_size() or DEFAULT_SIZE
    elif path.suffix.lower() in TORCH_SUFFIXES:
        forward, size = _torch_forward(path, config)
    else:
        raise EmotionModelError(f"EMOTION_MODEL_PATH {path}: expected an .onnx export or a .pth state dict")
    labels = LabelMap(config.labels or FER2013_ORDER)
    classifier = EfficientNetClassifier(forward, config.input_size or size, labels, config.flip_average)
    classifier.weights = path
    return classifier
