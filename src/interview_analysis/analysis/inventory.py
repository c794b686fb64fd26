"""The model files this configuration needs: where they are, whether they are whole, and their checksums.

Checked once when the service (local workers) or a Redis worker starts, and shown in
``/health``: a missing or corrupt required model makes the service report itself degraded
at start-up instead of failing every job. Only files are read here, never a model runtime,
so the check is cheap enough for the API process.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from interview_analysis.checksums import sha256_file
from interview_analysis.config import AsrBackend, Settings
from interview_analysis.model_files import FACEAPI_ONNX, MINIXCEPTION_ONNX, PINNED_SHA256

# The file each EMOTION_MODEL loads from MODELS_DIR (efficientnet has none: EMOTION_MODEL_PATH names it).
EMOTION_FILES = {"faceapi": FACEAPI_ONNX, "fer-minixception": MINIXCEPTION_ONNX}


class ModelState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    CORRUPT = "corrupt"


@dataclass(frozen=True, slots=True)
class ModelFile:
    name: str  # what it does, as /health lists it
    path: Path
    required: bool  # a missing optional model skips its check; a missing required one fails jobs


def needed_models(settings: Settings) -> list[ModelFile]:
    models = settings.models
    emotion = models.emotion_model_path or models.models_dir / EMOTION_FILES.get(models.emotion_model, "")
    needed = [
        ModelFile(f"emotion:{models.emotion_model}", emotion, required=True),
        ModelFile("voice_activity:silero", settings.vad_model_path, required=True),
    ]
    if settings.objects.yolo_weights is not None:
        needed.append(ModelFile("objects:yolo", settings.objects.yolo_weights, required=False))
    if settings.transcript.asr_backend is AsrBackend.LOCAL:
        whisper = settings.transcript.model_dir(models.models_dir) / "model.bin"
        needed.append(ModelFile("transcript:whisper", whisper, required=False))
    return needed


def check(model: ModelFile) -> dict[str, Any]:
    """One model's entry: name, file, required, status and (when readable) sha256."""
    entry: dict[str, Any] = {**asdict(model), "file": model.path.name, "path": str(model.path), "sha256": None}
    if not model.path.is_file():
        return {**entry, "status": ModelState.MISSING.value}
    try:
        digest = sha256_file(model.path)
    except OSError as exc:
        return {**entry, "status": ModelState.CORRUPT.value, "reason": type(exc).__name__}
    expected = PINNED_SHA256.get(model.path.name)
    if model.path.stat().st_size == 0 or (expected is not None and digest != expected):
        return {**entry, "sha256": digest, "status": ModelState.CORRUPT.value}
    return {**entry, "sha256": digest, "status": ModelState.OK.value}


def model_inventory(settings: Settings) -> list[dict[str, Any]]:
    """Every needed model checked (reads each file once: run it in a thread)."""
    return [check(model) for model in needed_models(settings)]


def unusable(inventory: list[dict[str, Any]]) -> list[str]:
    """Names of the required models that are missing or corrupt."""
    return [entry["name"] for entry in inventory if entry["required"] and entry["status"] != ModelState.OK]
