"""GET /metrics in Prometheus format and the audit trail, against a real service with API keys on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.fixtures.service import Service

LIGHT = {"ASR_BACKEND": "none", "YOLO_WEIGHTS": "", "SAMPLE_FPS": "5", "WORKER_PROCESSES": "1"}


def _upload(service: Service, clip: Path, headers: dict[str, str]) -> dict[str, Any]:
    with clip.open("rb") as video:
        response = service.client.post(
            "/analyze/upload",
            headers=headers,
            files={"file": (clip.name, video, "video/webm")},
            data={"user_id": "m", "session_id": clip.stem},
        )
    assert response.status_code == 200, response.text
    analysis_id = response.json()["analysis_id"]
    service.wait_terminal_with(analysis_id, headers)
    body: dict[str, Any] = service.client.get(f"/analysis/{analysis_id}", headers=headers).json()
    return body


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
def secured(tmp_path: Path) -> Any:
    (tmp_path / "data").mkdir()
    service = Service(tmp_path / "data", {**LIGHT, "AUTH_ENABLED": "true"})
    service.start()
    created = subprocess.run(
        [sys.executable, "-m", "interview_analysis", "keys", "create", "--tenant", "acme"],
        env={**os.environ, **service.env},
        check=True,
        capture_output=True,
        text=True,
    )
    key = json.loads(created.stdout)
    yield service, key["key_id"], {"X-API-Key": key["api_key"]}
    service.stop()
    service.client.close()


def test_metrics_count_a_completed_and_a_failed_analysis_and_the_audit_log_names_the_key(
    secured: tuple[Service, str, dict[str, str]], media_dir: Path
) -> None:
    service, key_id, headers = secured
    assert service.client.get("/metrics").status_code == 401  # protected like the rest
    done = _upload(service, media_dir / "mp4_named.webm", headers)
    failed = _upload(service, media_dir / "not_video.webm", headers)
    assert (done["status"], failed["status"]) == ("completed", "failed")
    assert service.client.post(f"/analysis/{done['analysis_id']}/llm-comment/regenerate", headers=headers).is_success
    assert service.client.delete(f"/analysis/{done['analysis_id']}", headers=headers).status_code == 204

    scrape = service.client.get("/metrics", headers=headers)
    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain")
    samples = _samples(scrape.text)
    assert samples[("interview_analysis_analyses_total", (("code", ""), ("status", "completed")))] == 1
    code = failed["error"]["code"]
    assert samples[("interview_analysis_analyses_total", (("code", code), ("status", "failed")))] == 1
    assert samples[("interview_analysis_stage_duration_seconds_count", (("stage", "total"),))] == 1
    assert samples[("interview_analysis_model_load_seconds_count", (("model", "emotion"),))] >= 1
    route = (("method", "GET"), ("route", "/analysis/{analysis_id}"), ("status", "200"))
    assert samples[("interview_analysis_request_duration_seconds_count", route)] >= 2
    assert samples[("interview_analysis_workers_alive", ())] == 1
    assert samples[("interview_analysis_queue_depth", ())] == 0

    lines = [json.loads(line) for line in (service.data_dir / "logs" / "api.log").read_text().splitlines()]
    audit = [line for line in lines if line.get("event") == "audit.analysis"]
    mine = [line for line in audit if line["analysis_id"] == done["analysis_id"]]
    assert {line["access"] for line in mine} >= {"read", "regenerate", "delete"}
    assert all(line["key_id"] == key_id and line["allowed"] and "timestamp" in line for line in mine)
    assert not any("user_id" in line for line in audit)  # no personal content
