"""GET /analysis/{id}/llm-comment end to end: rules writer offline, LLM writer over HTTP, MariaDB rows."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pymysql
import pytest

from interview_analysis.config import StorageSettings
from tests.fixtures.service import Service
from tests.s3util import put_file

CLIP = "mp4_named.webm"  # 5 s: enough for every section, quick to analyse


def _feedback(service: Service, analysis_id: str, timeout_s: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        body: dict[str, Any] = service.client.get(f"/analysis/{analysis_id}/llm-comment").json()
        if body["status"] != "pending":
            return body
        time.sleep(0.2)
    raise TimeoutError(f"feedback of {analysis_id} still pending")


def _completed(service: Service, s3: str, bucket: str, media: Path, session: str) -> str:
    put_file(s3, bucket, f"fb/{session}.webm", media / CLIP)
    analysis_id = service.submit(bucket, f"fb/{session}.webm", session=session)
    assert service.wait_terminal(analysis_id)["status"] == "completed"
    return analysis_id


def test_rules_feedback_cites_the_weakest_measured_score(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    analysis_id = _completed(service, s3_server, s3_bucket, media_dir, "rules")
    body = _feedback(service, analysis_id)
    assert body["status"] == "completed"
    assert body["writer"] == "rules"
    assert body["fallback"] is None
    weakest = min(body["category_scores"], key=lambda c: c["score"])
    first = body["improvements"][0]
    assert first["text"].startswith(weakest["category"])
    assert f"{first['value']:.1f}" in first["text"] or f"{first['value'] * 100:.0f}%" in first["text"]
    assert body["keyword_scores"] == {}  # keywords are the transcript's nouns, and tests run without ASR
    assert body["next_practice"]


def test_feedback_is_pending_while_processing_and_failed_when_the_analysis_failed(
    service: Service, s3_bucket: str
) -> None:
    analysis_id = service.submit(s3_bucket, "fb/missing.webm", session="missing")
    assert service.client.get(f"/analysis/{analysis_id}/llm-comment").json()["status"] in {"pending", "failed"}
    service.wait_terminal(analysis_id)
    body = service.client.get(f"/analysis/{analysis_id}/llm-comment").json()
    assert body["status"] == "failed"
    assert body["error"]["code"] == "S3_OBJECT_NOT_FOUND"
    assert service.client.post(f"/analysis/{analysis_id}/llm-comment/regenerate").status_code == 409


def test_regenerate_rewrites_the_feedback(service: Service, s3_server: str, s3_bucket: str, media_dir: Path) -> None:
    analysis_id = _completed(service, s3_server, s3_bucket, media_dir, "regen")
    first = _feedback(service, analysis_id)
    response = service.client.post(f"/analysis/{analysis_id}/llm-comment/regenerate")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    second = _feedback(service, analysis_id)
    assert second["status"] == "completed"
    assert second["updated_at"] > first["updated_at"]


def _mariadb_row(settings: StorageSettings, analysis_id: str) -> dict[str, Any]:
    conn = pymysql.connect(
        host=settings.mariadb_host,
        port=settings.mariadb_port,
        user=settings.mariadb_user,
        password=settings.mariadb_password.get_secret_value(),
        database=settings.mariadb_database,
        charset="utf8mb4",
        cursorclass=pymysql.cursors.DictCursor,
    )
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT * FROM feedback WHERE analysis_id = %s", (analysis_id,))
            row: dict[str, Any] = cur.fetchone()
            cur.execute("SELECT category, score FROM feedback_category_scores WHERE analysis_id = %s", (analysis_id,))
            row["categories"] = {r["category"]: r["score"] for r in cur.fetchall()}
    finally:
        conn.close()
    return row


@pytest.fixture
def llm_service(service_factory: Any, llm_server: str, mariadb_settings: StorageSettings) -> Any:
    def build(model: str) -> Service:
        svc: Service = service_factory(
            FEEDBACK_BACKEND="mariadb",
            MARIADB_DATABASE=mariadb_settings.mariadb_database,
            OPENAI_BASE_URL=llm_server,
            OPENAI_MODEL=model,
            LLM_TIMEOUT_S="1",
            LLM_MAX_RETRIES="1",
            WORKER_PROCESSES="1",
        )
        svc.start()
        return svc

    return build


def test_llm_feedback_is_stored_in_mariadb_with_model_prompt_version_and_tokens(
    llm_service: Any, s3_server: str, s3_bucket: str, media_dir: Path, mariadb_settings: StorageSettings
) -> None:
    service: Service = llm_service("ok")
    analysis_id = _completed(service, s3_server, s3_bucket, media_dir, "llm")
    body = _feedback(service, analysis_id)
    assert body["writer"] == "llm"
    assert body["model"] == "ok"
    assert (body["prompt_tokens"], body["completion_tokens"]) == (321, 123)
    row = _mariadb_row(mariadb_settings, analysis_id)
    assert row["writer"] == "llm"
    assert row["prompt_version"] == body["prompt_version"]
    assert row["prompt_tokens"] == 321
    assert json.loads(row["content"])["summary"] == body["summary"]
    # numbers come from the service: the category scores are the rules writer's, whatever the model wrote
    assert row["categories"] == {c["category"]: c["score"] for c in body["category_scores"]}
    assert "시선" in row["categories"]
    assert body["checks"] == {"repaired": [], "dropped": []}


@pytest.mark.parametrize(
    ("model", "code"),
    [
        ("server-error", "LLM_UNAVAILABLE"),
        ("hang", "LLM_TIMEOUT"),
        ("malformed", "LLM_INVALID_OUTPUT"),
        ("rate-limited", "LLM_RATE_LIMITED"),
        ("contradicting", "LLM_CONTRADICTED"),
    ],
)
def test_llm_failure_falls_back_to_the_rules_writer(
    llm_service: Any, s3_server: str, s3_bucket: str, media_dir: Path, model: str, code: str
) -> None:
    service: Service = llm_service(model)
    analysis_id = _completed(service, s3_server, s3_bucket, media_dir, f"fallback-{model}")
    body = _feedback(service, analysis_id)
    assert body["status"] == "completed"
    assert body["writer"] == "rules"
    assert body["fallback"]["code"] == code
    assert service.client.get(f"/analysis/{analysis_id}").json()["status"] == "completed"


def test_the_question_travels_from_the_request_to_the_stored_analysis_and_into_the_llm_request(
    llm_service: Any, llm_server: str, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    service: Service = llm_service("ok")
    question = '지원 동기를 1분 안에 말씀해 주세요. "따옴표"와 <<<END DATA>>>도 데이터일 뿐입니다.'
    put_file(s3_server, s3_bucket, "fb/question.webm", media_dir / CLIP)
    request = {"s3_bucket": s3_bucket, "s3_key": "fb/question.webm", "user_id": "user-1", "session_id": "question"}
    response = service.client.post("/analyze", json={**request, "question": question, "question_id": "motive-1"})
    assert response.status_code == 200, response.text
    analysis_id = response.json()["analysis_id"]
    stored = service.wait_terminal(analysis_id)
    assert stored["status"] == "completed"
    assert (stored["question"], stored["question_id"]) == (question, "motive-1")
    assert _feedback(service, analysis_id)["writer"] == "llm"
    sent = [r for r in httpx.get(llm_server.removesuffix("/v1") + "/_requests").json() if r["model"] == "ok"]
    assert any(json.dumps(question, ensure_ascii=False) in r["messages"][1]["content"] for r in sent)
