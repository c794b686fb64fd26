"""The transcript is personal data: never logged, readable only by the caller's tenant, deleted with its analysis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.service import Service

SAID = "회사에서"  # a word of the scripted server's transcript


def _key(service: Service, tenant: str) -> dict[str, str]:
    created = subprocess.run(
        [sys.executable, "-m", "interview_analysis", "keys", "create", "--tenant", tenant],
        env={**os.environ, **service.env},
        check=True,
        capture_output=True,
        text=True,
    )
    return {"X-API-Key": json.loads(created.stdout)["api_key"]}


@pytest.fixture
def transcribing(tmp_path: Path, scripted_asr: str) -> Iterator[Service]:
    (tmp_path / "data").mkdir()
    env = {
        "AUTH_ENABLED": "true",
        "ASR_BACKEND": "openai",
        "ASR_BASE_URL": f"{scripted_asr}/words/v1",
        "ASR_API_KEY": "test",
        "YOLO_WEIGHTS": "",
        "SAMPLE_FPS": "5",
        "WORKER_PROCESSES": "1",
        "LOG_LEVEL": "DEBUG",  # the most talkative logging still holds no transcript
    }
    service = Service(tmp_path / "data", env)
    service.start()
    yield service
    service.stop()
    service.client.close()


def test_transcript_is_kept_from_logs_and_other_tenants_and_goes_with_its_analysis(
    transcribing: Service, media_dir: Path
) -> None:
    service = transcribing
    mine, theirs = _key(service, "acme"), _key(service, "other")
    with (media_dir / "talk.webm").open("rb") as video:
        response = service.client.post(
            "/analyze/upload",
            headers=mine,
            files={"file": ("talk.webm", video, "video/webm")},
            data={"user_id": "u", "session_id": "s", "question": "자기소개를 해 주세요."},
        )
    analysis_id = response.json()["analysis_id"]
    service.wait_terminal_with(analysis_id, mine)
    body: dict[str, Any] = service.client.get(f"/analysis/{analysis_id}", headers=mine).json()
    assert body["transcript"]["status"] == "completed", body["transcript"]
    assert SAID in body["transcript"]["text"]

    for path in (f"/analysis/{analysis_id}", f"/analysis/{analysis_id}/llm-comment"):
        assert service.client.get(path, headers=theirs).status_code == 404
    recent = service.client.get("/analysis/recent", headers=theirs).json()
    assert recent["count"] == 0

    logged = "".join(p.read_text(errors="replace") for p in service.data_dir.rglob("*") if p.suffix in {".log", ".out"})
    assert "analysis.completed" in logged  # the logs are there, and they were read
    assert SAID not in logged

    assert service.client.delete(f"/analysis/{analysis_id}", headers=mine).status_code == 204
    assert service.client.get(f"/analysis/{analysis_id}", headers=mine).status_code == 404
    assert service.client.get(f"/analysis/{analysis_id}/llm-comment", headers=mine).status_code == 404
