"""The emotion classifiers by name (``EMOTION_MODEL``), each loaded and warmed up once per worker process."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import structlog

from interview_analysis.analysis.emotion.classifier_api import ClassifierConfig, EmotionClassifier, EmotionModelError
from interview_analysis.checksums import sha256_file
from interview_analysis.config import ModelSettings

log = structlog.get_logger(__name__)


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
            "sha256": sha256_file(classifier.weights),
        }
    log.info("emotion.model.loaded", labels=list(classifier.labels.model_labels), **classifier.identity)
    return classifier


def load_classifier(settings: ModelSettings) -> EmotionClassifier:
    """The process's classifier for these settings: built and warmed up on first use, then reused."""
    return _load(ClassifierConfig.from_settings(settings))
