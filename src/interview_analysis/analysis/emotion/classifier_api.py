"""What every emotion backend implements, apart from the registry that picks one.

The backends import these types and the registry (``backends.py``) imports the backends lazily,
so a backend never needs the registry and the two never import each other.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.base import ModelUnavailable
from interview_analysis.analysis.emotion.crop import CropSpec
from interview_analysis.analysis.emotion.labels import EMOTIONS, LabelMap
from interview_analysis.config import ModelSettings


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
