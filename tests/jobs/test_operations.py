"""Running the service as an operator does: from any working directory, and told at start-up what is missing."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest

from interview_analysis.analysis.emotion import faceapi, minixception
from interview_analysis.analysis.inventory import EMOTION_FILES, check, model_inventory, needed_models
from interview_analysis.config import ModelSettings, Settings
from interview_analysis.model_files import PINNED_SHA256
from interview_analysis.pipeline.stages import on_named_thread
from tests.fixtures.service import Service

REPO = Path(__file__).resolve().parents[2]
HANGUL = re.compile(r"[가-힣]")
LIGHT = {"ASR_BACKEND": "none", "YOLO_WEIGHTS": "", "SAMPLE_FPS": "5", "WORKER_PROCESSES": "1"}


def _upload(service: Service, clip: Path) -> dict[str, Any]:
    with clip.open("rb") as video:
        response = service.client.post(
            "/analyze/upload",
            files={"file": (clip.name, video, "video/webm")},
            data={"user_id": "ops", "session_id": clip.stem},
        )
    assert response.status_code == 200, response.text
    return service.wait_terminal(response.json()["analysis_id"], timeout_s=180)


def test_service_started_from_another_directory_completes_an_analysis(
    tmp_path: Path, media_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("MODELS_DIR", "DATA_DIR", "LOG_DIR", "YOLO_WEIGHTS"):
        monkeypatch.delenv(name, raising=False)
    elsewhere, data = tmp_path / "somewhere-else", tmp_path / "var" / "data"
    elsewhere.mkdir()
    data.mkdir(parents=True)
    service = Service(data, LIGHT, cwd=elsewhere)
    try:
        service.start()
        body = _upload(service, media_dir / "talk.webm")
    finally:
        service.stop()
        service.client.close()
    assert body["status"] == "completed", body
    assert body["emotion_analysis"]["model"]["file"] == "face_expression.onnx"
    assert list(elsewhere.iterdir()) == []  # nothing looked for, or left, in the working directory
    assert (data / "interview_analysis.sqlite3").is_file()


@pytest.fixture
def models_without_emotion(tmp_path: Path) -> Path:
    """A models folder with every file of the checkout's but the default emotion model."""
    folder = tmp_path / "models"
    folder.mkdir()
    for item in (REPO / "models").iterdir():
        if item.name != EMOTION_FILES["faceapi"]:
            (folder / item.name).symlink_to(item)
    return folder


def test_missing_model_is_named_in_health_and_fails_jobs_with_its_own_code(
    tmp_path: Path, media_dir: Path, models_without_emotion: Path
) -> None:
    (tmp_path / "data").mkdir()
    service = Service(tmp_path / "data", {**LIGHT, "MODELS_DIR": str(models_without_emotion)})
    try:
        service.start(ready=lambda health: health.json()["checks"]["models"]["status"] != "unknown")
        health = service.client.get("/health")
        body = _upload(service, media_dir / "talk.webm")
    finally:
        service.stop()
        service.client.close()
    assert health.status_code == 503
    models = health.json()["checks"]["models"]
    assert models["status"] == "down"
    assert models["unusable"] == ["emotion:faceapi"]
    vad = next(m for m in models["models"] if m["name"] == "voice_activity:silero")
    assert (vad["status"], vad["sha256"]) == ("ok", PINNED_SHA256["silero_vad.onnx"])
    assert body["status"] == "failed"
    assert body["error"]["code"] == "MODEL_UNAVAILABLE"
    assert HANGUL.search(body["error"]["message"])


def test_health_lists_every_model_with_its_checksum_when_all_are_present() -> None:
    inventory = model_inventory(Settings(models=ModelSettings(models_dir=REPO / "models")))
    by_name = {entry["name"]: entry for entry in inventory}
    assert by_name["emotion:faceapi"]["status"] == "ok"
    assert by_name["emotion:faceapi"]["sha256"] == PINNED_SHA256["face_expression.onnx"]
    assert all(entry["required"] is False for name, entry in by_name.items() if not name.startswith(("emo", "voi")))


def test_a_truncated_model_file_is_reported_corrupt(tmp_path: Path) -> None:
    broken = tmp_path / "face_expression.onnx"
    broken.write_bytes((REPO / "models" / "face_expression.onnx").read_bytes()[:1000])
    settings = Settings(models=ModelSettings(models_dir=tmp_path))
    emotion = next(m for m in needed_models(settings) if m.name == "emotion:faceapi")
    assert check(emotion)["status"] == "corrupt"


def test_inventory_names_and_checksums_agree_with_the_loaders_and_setup_scripts() -> None:
    assert EMOTION_FILES == {"faceapi": faceapi.ONNX_NAME, "fer-minixception": minixception.ONNX_NAME}
    for script in ("convert_faceapi_model.py", "fetch_models.py"):
        text = (REPO / "scripts" / script).read_text()
        assert "from interview_analysis.model_files import" in text
        assert not [sha for sha in PINNED_SHA256.values() if sha in text]  # the pins are not written out twice


def test_relative_paths_are_read_against_the_checkout_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODELS_DIR", "models")
    monkeypatch.setenv("DATA_DIR", "var/data")
    settings = Settings()
    assert settings.models.models_dir == REPO / "models"
    assert settings.data_dir == REPO / "var" / "data"
    assert settings.objects.yolo_weights == REPO / "models" / "yolo11n-seg.onnx"
    monkeypatch.setenv("MODELS_DIR", str(tmp_path / "m"))
    assert Settings().objects.yolo_weights == tmp_path / "m" / "yolo11n-seg.onnx"  # the default follows MODELS_DIR


@pytest.mark.parametrize(("workers", "objects", "whisper"), [(1, 8, 7), (2, 4, 3), (8, 1, 1), (16, 1, 1)])
def test_model_threads_share_the_cores_between_workers_and_whisper_leaves_one_to_the_video_pass(
    monkeypatch: pytest.MonkeyPatch, workers: int, objects: int, whisper: int
) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.delenv("OBJECT_THREADS", raising=False)
    monkeypatch.delenv("ASR_THREADS", raising=False)
    monkeypatch.setenv("WORKER_PROCESSES", str(workers))
    settings = Settings()
    assert (settings.objects.object_threads, settings.transcript.asr_threads) == (objects, whisper)
    monkeypatch.setenv("ASR_THREADS", "2")
    assert Settings().transcript.asr_threads == 2  # a value set by hand is kept


def test_a_model_loaded_on_a_named_thread_passes_its_name_to_the_threads_it_starts_and_its_errors_back() -> None:
    seen: list[str] = []

    def load() -> None:
        pool = threading.Thread(
            target=lambda: seen.append(Path(f"/proc/self/task/{threading.get_native_id()}/comm").read_text().strip())
        )
        pool.start()
        pool.join()

    on_named_thread("ia-pool-test", load)
    assert seen == ["ia-pool-test"]  # as CTranslate2's and ONNX Runtime's pools are named after their loader

    def broken() -> None:
        raise ValueError("no model")

    with pytest.raises(ValueError, match="no model"):
        on_named_thread("ia-pool-test", broken)
