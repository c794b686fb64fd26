"""The emotion classifiers by name (``EMOTION_MODEL``), each loaded and warmed up once per worker process."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import structlog
from numpy.typing import NDArray

from interview_analysis.analysis.base import ModelUnavailable
from interview_analysis.analysis.emotion.crop import CropSpec
from interview_analysis.analysis.emotion.labels import EMOTIONS, LabelMap
from interview_analysis.analysis.inventory import file_sha256
from interview_analysis.config import ModelSettings

log = structlog.get_logger(__name__)


class EmotionModelError(ModelUnavailable):
    """The configured model file is missing or is not what the backend expects (a deployment fault)."""


@dataclass(frozen=True, slots=True)
class ClassifierConfig:
    """The hashable part of ``ModelSettings`` that decides which model object a process holds."""

    model: str
    models_dir: Path
    model_path: Path | None
    labels: tuple[str, ...] | None
    input_size: int | None
    batch_size: int
    threads: int
    flip_average: bool

    @classmethod
    def from_settings(cls, settings: ModelSettings) -> ClassifierConfig:
        return cls(
            model=settings.emotion_model,
            models_dir=settings.models_dir.resolve(),
            model_path=settings.emotion_model_path.resolve() if settings.emotion_model_path else None,
            labels=settings.emotion_labels,
            input_size=settings.emotion_input_size,
            batch_size=settings.emotion_batch_size,
            threads=settings.emotion_threads,
            flip_average=settings.emotion_flip_average,
        )


class EmotionClassifier(ABC):
    """Face crops in, probabilities over ``EMOTIONS`` out.

    With ``flip_average`` each crop is also classified mirrored and the two averaged: many
    browsers record the mirrored preview, and the answer must not depend on that.
    """

    name: str
    weights: Path | None = None  # the file the loader read the weights from

    def __init__(self, crop: CropSpec, labels: LabelMap, flip_average: bool) -> None:
        self.crop = crop
        self.labels = labels
        self.flip_average = flip_average
        self.identity: dict[str, str | None] = {"name": self.name, "file": None, "sha256": None}

    @abstractmethod
    def model_probabilities(self, crops: NDArray[np.uint8]) -> NDArray[np.float32]:
        """(N, len(labels)) probabilities in the model's own class order."""

    def predict(self, crops: NDArray[np.uint8]) -> NDArray[np.float32]:
        """(N, size, size[, 3]) uint8 crops -> (N, 7) probabilities in ``EMOTIONS`` order."""
        if len(crops) == 0:
            return np.zeros((0, len(EMOTIONS)), dtype=np.float32)
        if not self.flip_average:
            return self.labels.to_emotions(self.model_probabilities(crops))
        both = self.model_probabilities(np.concatenate([crops, crops[:, :, ::-1]]))
        return self.labels.to_emotions((both[: len(crops)] + both[len(crops) :]) / 2)

    def warm_up(self) -> None:
        """One throwaway batch: the first run allocates buffers and picks kernels, a cost no job should pay."""
        shape = (1, self.crop.size, self.crop.size) if self.crop.grey else (1, self.crop.size, self.crop.size, 3)
        probabilities = self.model_probabilities(np.full(shape, 128, dtype=np.uint8))
        if probabilities.shape != (1, len(self.labels)):
            raise EmotionModelError(
                f"{self.name}: the model emits {probabilities.shape[-1]} classes but its label order names "
                f"{len(self.labels)} ({', '.join(self.labels.model_labels)}); set EMOTION_LABELS to match"
            )


def _minixception(config: ClassifierConfig) -> EmotionClassifier:
    from interview_analysis.analysis.emotion.minixception import load

    return load(config)


def _efficientnet(config: ClassifierConfig) -> EmotionClassifier:
    from interview_analysis.analysis.emotion.efficientnet import load

    return load(config)


def _faceapi(config: ClassifierConfig) -> EmotionClassifier:
    from interview_analysis.analysis.emotion.faceapi import load

    return load(config)


# Plug-ins as data: a backend is a name mapped to its loader; loaders import their runtimes lazily.
BACKENDS: dict[str, Callable[[ClassifierConfig], EmotionClassifier]] = {
    "fer-minixception": _minixception,
    "efficientnet": _efficientnet,
    "faceapi": _faceapi,
}


@lru_cache(maxsize=4)
def _load(config: ClassifierConfig) -> EmotionClassifier:
    loader = BACKENDS.get(config.model)
    if loader is None:
        raise EmotionModelError(f"unknown EMOTION_MODEL {config.model!r}; choose one of {', '.join(BACKENDS)}")
    classifier = loader(config)
    classifier.warm_up()
    if classifier.weights is not None:
        # Results name the exact weights, so readings can be compared across versions and deployments.
        classifier.identity = {
            "name": classifier.name,
            "file": classifier.weights.name,
            "sha256": file_sha256(classifier.weights),
        }
    log.info("emotion.model.loaded", labels=list(classifier.labels.model_labels), **classifier.identity)
    return classifier


def load_classifier(settings: ModelSettings) -> EmotionClassifier:
    """The process's classifier for these settings: built and warmed up on first use, then reused."""
    return _load(ClassifierConfig.from_settings(settings))
