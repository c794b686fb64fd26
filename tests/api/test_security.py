"""Authentication, tenant isolation, input limits and deletion against the real service."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.service import Service
from tests.s3util import put_file

CLIP = "mp4_named.webm"


def _keys(service: Service, *args: str) -> str:
    env = {**os.environ, "DATA_DIR": str(service.data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "interview_analysis", "keys", *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def _new_key(service: Service, tenant: str, users: str = "*") -> tuple[str, dict[str, str]]:
    created = json.loads(_keys(service, "create", "--tenant", tenant, "--users", users))
    return created["key_id"], {"Authorization": f"Bearer {created['api_key']}"}


@pytest.fixture
def secured(service_factory: Any, s3_bucket: str) -> Service:
    service: Service = service_factory(AUTH_ENABLED="true", ALLOWED_BUCKETS=s3_bucket, WORKER_PROCESSES="1")
    service.start()
    return service


def _submit(service: Service, headers: dict[str, str], bucket: str, key: str, user: str = "u1") -> Any:
    return service.client.post(
        "/analyze", headers=headers, json={"s3_bucket": bucket, "s3_key": key, "user_id": user, "session_id": "s1"}
    )


def test_requests_without_a_valid_key_are_401(secured: Service, s3_bucket: str) -> None:
    assert _submit(secured, {}, s3_bucket, "a.webm").status_code == 401
    assert secured.client.get("/analysis/recent", headers={"X-API-Key": "ia_nope_nope"}).status_code == 401
    body = secured.client.get("/analysis/recent", headers={"Authorization": "Bearer garbage"}).json()
    assert body["error"] == "UNAUTHORIZED"
    assert secured.client.get("/health").status_code == 200  # health stays open for load balancers


def test_a_revoked_key_is_401(secured: Service) -> None:
    key_id, headers = _new_key(secured, "acme")
    assert secured.client.get("/analysis/recent", headers=headers).status_code == 200
    _keys(secured, "revoke", key_id)
    assert secured.client.get("/analysis/recent", headers=headers).status_code == 401


def test_another_tenant_gets_404_and_never_sees_the_analysis(
    secured: Service, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    _, tenant_a = _new_key(secured, "tenant-a")
    _, tenant_b = _new_key(secured, "tenant-b")
    put_file(s3_server, s3_bucket, "t/a.webm", media_dir / CLIP)
    analysis_id = _submit(secured, tenant_a, s3_bucket, "t/a.webm").json()["analysis_id"]
    for path in (f"/analysis/{analysis_id}", f"/analysis/{analysis_id}/llm-comment"):
        response = secured.client.get(path, headers=tenant_b)
        assert response.status_code == 404
        assert response.json()["error"] == "NOT_FOUND"
    assert secured.client.delete(f"/analysis/{analysis_id}", headers=tenant_b).status_code == 404
    assert secured.client.get("/analysis/recent", headers=tenant_b).json()["count"] == 0
    mine = secured.client.get("/analysis/recent", headers=tenant_a).json()
    assert [a["analysis_id"] for a in mine["analyses"]] == [analysis_id]
    assert secured.client.get(f"/analysis/{analysis_id}", headers=tenant_a).status_code == 200


def test_a_key_acts_only_for_its_users(secured: Service, s3_bucket: str) -> None:
    _, only_u1 = _new_key(secured, "acme", users="u1")
    response = _submit(secured, only_u1, s3_bucket, "x.webm", user="u2")
    assert response.status_code == 403
    assert response.json()["error"] == "FORBIDDEN_USER"
    assert secured.client.get("/analysis/recent", params={"user_id": "u2"}, headers=only_u1).status_code == 403


def test_a_bucket_outside_the_allow_list_is_refused_before_anything_runs(secured: Service) -> None:
    _, headers = _new_key(secured, "acme")
    response = _submit(secured, headers, "someone-elses-bucket", "x.webm")
    assert response.status_code == 422
    assert response.json()["error"] == "BUCKET_NOT_ALLOWED"
    assert "버킷" in response.json()["detail"]
    assert secured.client.get("/analysis/recent", headers=headers).json()["count"] == 0


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs/path.webm", "a/../../b", "bad\x01name"])
def test_object_keys_that_could_escape_are_refused(secured: Service, s3_bucket: str, key: str) -> None:
    _, headers = _new_key(secured, "acme")
    assert _submit(secured, headers, s3_bucket, key).status_code == 422


def test_oversize_bodies_are_refused_with_413(secured: Service, s3_bucket: str) -> None:
    _, headers = _new_key(secured, "acme")
    big = {"s3_bucket": s3_bucket, "s3_key": "k" * 200_000, "user_id": "u1", "session_id": "s1"}
    response = secured.client.post("/analyze", headers=headers, json=big)
    assert response.status_code == 413
    assert response.json()["error"] == "REQUEST_TOO_LARGE"


def test_oversize_object_fails_before_it_is_downloaded(
    service_factory: Any, s3_server: str, s3_bucket: str, media_dir: Path
) -> None:
    service: Service = service_factory(MAX_FILE_MB="0.5", WORKER_PROCESSES="1")
    service.start()
    put_file(s3_server, s3_bucket, "big/talk.webm", media_dir / "talk.webm")  # 3 MB
    body = service.wait_terminal(service.submit(s3_bucket, "big/talk.webm"))
    assert body["error"]["code"] == "FILE_TOO_LARGE"
    assert list(service.tmp_dir.iterdir()) == []


def test_delete_leaves_nothing_in_any_store(secured: Service, s3_server: str, s3_bucket: str, media_dir: Path) -> None:
    _, headers = _new_key(secured, "acme")
    put_file(s3_server, s3_bucket, "d/a.webm", media_dir / CLIP)
    analysis_id = _submit(secured, headers, s3_bucket, "d/a.webm").json()["analysis_id"]
    secured.wait_terminal_with(analysis_id, headers)
    deadline = time.monotonic() + 60
    while secured.client.get(f"/analysis/{analysis_id}/llm-comment", headers=headers).json()["status"] == "pending":
        assert time.monotonic() < deadline, "feedback never written"
        time.sleep(0.2)
    assert _rows(secured, analysis_id) == {"analyses": 1, "feedback": 1}
    assert secured.client.delete(f"/analysis/{analysis_id}", headers=headers).status_code == 204
    assert secured.client.get(f"/analysis/{analysis_id}", headers=headers).status_code == 404
    assert _rows(secured, analysis_id) == {"analyses": 0, "feedback": 0}


def _rows(service: Service, analysis_id: str) -> dict[str, int]:
    db = sqlite3.connect(service.data_dir / "interview_analysis.sqlite3")
    try:
        return {
            table: db.execute(f"SELECT COUNT(*) FROM {table} WHERE analysis_id = ?", (analysis_id,)).fetchone()[0]
            for table in ("analyses", "feedback")
        }
    finally:
        db.close()
