"""The HTTP contract the frontend depends on, against a real service, S3 server and media."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.service import Service
from tests.s3util import put_file

HANGUL = re.compile(r"[가-힣]")


def _analyse(service: Service, s3: str, bucket: str, media: Path, name: str, session: str = "s") -> dict[str, Any]:
    put_file(s3, bucket, f"videos/{name}", media / name)
    return service.wait_terminal(service.submit(bucket, f"videos/{name}", session=session))


def test_analyze_answers_at_once_with_the_documented_fields(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    put_file(s3_server, s3_bucket, "a/talk.webm", media_dir / "talk.webm")
    response = service.client.post(
        "/analyze", json={"s3_bucket": s3_bucket, "s3_key": "a/talk.webm", "user_id": "u", "session_id": "s"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"analysis_id", "status", "message", "estimated_completion"}
    assert body["status"] == "processing"
    assert HANGUL.search(body["message"])
    assert datetime.fromisoformat(body["estimated_completion"]) > datetime.fromisoformat(
        service.client.get(f"/analysis/{body['analysis_id']}").json()["created_at"]
    )


def test_talk_webm_completes_with_measured_media_facts(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path, truth: dict[str, Any]
) -> None:
    body = _analyse(service, s3_server, s3_bucket, media_dir, "talk.webm")
    assert body["status"] == "completed", body
    assert body["error"] is None
    assert body["progress"] == 1.0
    media = body["media"]
    assert media["duration_s"] == pytest.approx(truth["duration_s"], abs=0.2)
    assert media["has_audio"] is True
    assert (media["width"], media["height"]) == (640, 480)
    assert media["frames_read"] > 0
    assert media["fps_measured"] > 0
    assert body["warnings"] == []
    emotion = body["emotion_analysis"]  # the frontend's fixed contract
    assert 0 <= emotion["interview_score"] <= 60
    assert set(emotion["emotions"]) == {"happy", "neutral", "sad", "angry", "fear", "disgust", "surprise"}
    assert sum(emotion["emotions"].values()) == pytest.approx(1.0, abs=0.01)
    eye = body["eye_tracking"]
    assert 0 <= eye["attention_score"] <= 100
    assert 0 <= eye["gaze_stability"] <= 1
    assert eye["blink_frequency"] >= 0
    assert body["voice_analysis"]["status"] == "measured"


@pytest.mark.parametrize(("name", "code"), [("empty.webm", "EMPTY_FILE"), ("not_video.webm", "NOT_A_VIDEO")])
def test_bad_input_fails_with_its_code_and_a_korean_message(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path, truth: dict[str, Any], name: str, code: str
) -> None:
    assert "failed" in truth["files"][name]["outcome"]
    body = _analyse(service, s3_server, s3_bucket, media_dir, name)
    assert body["status"] == "failed"
    assert body["error"]["code"] == code
    assert HANGUL.search(body["error"]["message"])


def test_mp4_named_webm_is_read_by_content(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path, truth: dict[str, Any]
) -> None:
    assert truth["files"]["mp4_named.webm"]["outcome"].startswith("completed")
    body = _analyse(service, s3_server, s3_bucket, media_dir, "mp4_named.webm")
    assert body["status"] == "completed", body
    assert body["media"]["duration_s"] == pytest.approx(5.0, abs=0.2)


def test_truncated_file_ends_completed_with_warning_or_failed_with_code(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    body = _analyse(service, s3_server, s3_bucket, media_dir, "truncated.webm")
    if body["status"] == "completed":
        assert [w["code"] for w in body["warnings"]] == ["TRUNCATED"]
        assert 0 < body["media"]["duration_s"] < 30
    else:
        assert body["error"]["code"] in {"NOT_A_VIDEO", "UNSUPPORTED_CODEC"}


def test_missing_s3_key_fails_with_object_not_found(service: Service, s3_bucket: str) -> None:
    body = service.wait_terminal(service.submit(s3_bucket, "nowhere/missing.webm"))
    assert body["status"] == "failed"
    assert body["error"]["code"] == "S3_OBJECT_NOT_FOUND"


def test_same_submission_returns_the_same_analysis(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    put_file(s3_server, s3_bucket, "dup/talk.webm", media_dir / "mp4_named.webm")
    first = service.submit(s3_bucket, "dup/talk.webm", session="same")
    second = service.submit(s3_bucket, "dup/talk.webm", session="same")
    assert first == second
    assert service.wait_terminal(first)["attempts"] == 1


def test_unknown_id_is_404_in_the_error_shape(service: Service) -> None:
    for path in ("/analysis/does-not-exist", "/analysis/does-not-exist/llm-comment"):
        response = service.client.get(path)
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"
        assert HANGUL.search(response.json()["detail"])


def test_invalid_request_is_422_in_the_error_shape(service: Service) -> None:
    response = service.client.post("/analyze", json={"s3_bucket": "", "user_id": "u"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "INVALID_REQUEST"
    assert {f["field"] for f in body["fields"]} >= {"body.s3_bucket", "body.s3_key", "body.session_id"}


def test_recent_lists_newest_first_and_bounds_the_limit(service: Service, s3_bucket: str) -> None:
    ids = [service.submit(s3_bucket, f"missing-{i}.webm", session=f"r{i}") for i in range(3)]
    body = service.client.get("/analysis/recent", params={"limit": 2}).json()
    assert body["count"] == 2
    assert [a["analysis_id"] for a in body["analyses"]] == ids[::-1][:2]
    assert service.client.get("/analysis/recent", params={"limit": 0}).status_code == 422
    assert service.client.get("/analysis/recent", params={"limit": 10_000}).status_code == 200
    for analysis_id in ids:
        service.wait_terminal(analysis_id)


def test_docs_redoc_and_health_answer(service: Service) -> None:
    assert service.client.get("/docs").status_code == 200
    assert service.client.get("/redoc").status_code == 200
    spec = service.client.get("/openapi.json").json()
    assert {"/analyze", "/analyze/upload", "/analysis/{analysis_id}", "/analysis/recent", "/health"} <= set(
        spec["paths"]
    )
    health = service.client.get("/health").json()
    assert health["status"] == "ok"
    assert health["checks"]["queue"]["workers_alive"] == 2
    assert health["checks"]["analyses_store"]["status"] == "ok"


def test_upload_endpoint_analyses_without_s3_and_deletes_the_upload(service: Service, media_dir: Path) -> None:
    with (media_dir / "mp4_named.webm").open("rb") as video:
        response = service.client.post(
            "/analyze/upload",
            files={"file": ("answer.webm", video, "video/webm")},
            data={"user_id": "u", "session_id": "up", "question": "자기소개를 해 주세요.", "question_id": "intro-1"},
        )
    assert response.status_code == 200, response.text
    body = service.wait_terminal(response.json()["analysis_id"])
    assert body["status"] == "completed", body
    assert (body["question"], body["question_id"]) == ("자기소개를 해 주세요.", "intro-1")
    assert list((service.data_dir / "uploads").iterdir()) == []


def test_question_is_stored_with_the_analysis_and_shown(service: Service, s3_bucket: str) -> None:
    question = "지원 동기를\n말씀해 주세요."
    response = service.client.post(
        "/analyze",
        json={
            "s3_bucket": s3_bucket,
            "s3_key": "q/none.webm",
            "user_id": "u",
            "session_id": "q",
            "question": question,
            "question_id": "motive-2",
        },
    )
    assert response.status_code == 200, response.text
    body = service.client.get(f"/analysis/{response.json()['analysis_id']}").json()
    assert (body["question"], body["question_id"]) == (question, "motive-2")


def test_question_with_control_characters_is_refused(service: Service, s3_bucket: str) -> None:
    body = {"s3_bucket": s3_bucket, "s3_key": "q/x.webm", "user_id": "u", "session_id": "q2", "question": "a\x00b"}
    assert service.client.post("/analyze", json=body).status_code == 422


def test_empty_upload_is_refused_at_once(service: Service) -> None:
    response = service.client.post(
        "/analyze/upload", files={"file": ("a.webm", b"", "video/webm")}, data={"user_id": "u", "session_id": "e"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "EMPTY_FILE"


def test_no_temporary_file_remains_after_analyses(
    service: Service, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    for name in ("mp4_named.webm", "not_video.webm", "empty.webm"):
        _analyse(service, s3_server, s3_bucket, media_dir, name, session=name)
    assert list(service.tmp_dir.iterdir()) == []
