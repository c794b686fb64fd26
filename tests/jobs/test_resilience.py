"""Jobs never stick: killed workers, a crashed service and slow jobs all end completed or failed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.fixtures.media import looped_talk
from tests.fixtures.service import Service
from tests.s3util import put_file

STUCK_TIMEOUT_S = 10.0
# These tests are about how jobs end, not about the analysis: a lighter analysis (fewer frames, the
# object check every 5 s at one size) of a 3-minute answer still leaves seconds of decoding to kill a
# worker in, and keeps the jobs that must then complete short.
ANSWER_MINUTES = 3.0
LIGHT = {"SAMPLE_FPS": "5", "EMOTION_SAMPLE_FPS": "1", "OBJECT_FPS": "0.2", "PERSON_IMGSZ": "0"}


def _worker_pids(service: Service) -> list[int]:
    assert service.process is not None
    return [
        child.pid
        for child in psutil.Process(service.process.pid).children(recursive=True)
        if "multiprocessing" in " ".join(child.cmdline())
    ]


def _busy_worker(service: Service) -> psutil.Process:
    """The worker whose CPU is in use: the one decoding (the other sits idle on its pipe)."""
    workers = [psutil.Process(pid) for pid in _worker_pids(service)]
    for worker in workers:
        worker.cpu_percent(None)
    time.sleep(0.5)
    return max(workers, key=lambda w: w.cpu_percent(None))


@pytest.fixture(scope="module")
def answer_video(media_dir: Path, truth: dict[str, Any]) -> Path:
    return looped_talk(media_dir, truth, ANSWER_MINUTES)


@pytest.fixture
def long_key(s3_server: str, s3_bucket: str, answer_video: Path) -> str:
    put_file(s3_server, s3_bucket, "long/answer.webm", answer_video)
    return "long/answer.webm"


def test_killed_worker_is_retried_and_ends_completed(service_factory: Any, s3_bucket: str, long_key: str) -> None:
    service: Service = service_factory(MAX_ATTEMPTS="2", **LIGHT)
    service.start()
    analysis_id = service.submit(s3_bucket, long_key)
    service.wait_stage(analysis_id, "decoding", min_progress=0.15)
    _busy_worker(service).kill()
    body = service.wait_terminal(analysis_id, timeout_s=180)
    assert body["status"] == "completed", body
    assert body["attempts"] == 2
    assert list(service.tmp_dir.iterdir()) == []
    assert service.client.get("/health").json()["checks"]["queue"]["workers_alive"] == 2


def test_killed_worker_on_last_attempt_fails_with_worker_lost(
    service_factory: Any, s3_bucket: str, long_key: str
) -> None:
    service: Service = service_factory(MAX_ATTEMPTS="1", **LIGHT)
    service.start()
    analysis_id = service.submit(s3_bucket, long_key)
    service.wait_stage(analysis_id, "decoding", min_progress=0.15)
    _busy_worker(service).kill()
    body = service.wait_terminal(analysis_id, timeout_s=30)
    assert body["status"] == "failed"
    assert body["error"]["code"] == "WORKER_LOST"
    assert list(service.tmp_dir.iterdir()) == []


def test_service_crash_mid_job_is_recovered_after_restart(service_factory: Any, s3_bucket: str, long_key: str) -> None:
    env = {"MAX_ATTEMPTS": "2", "STUCK_TIMEOUT_S": str(STUCK_TIMEOUT_S), "HEARTBEAT_INTERVAL_S": "1", **LIGHT}
    service: Service = service_factory(**env)
    service.start()
    analysis_id = service.submit(s3_bucket, long_key)
    service.wait_stage(analysis_id, "decoding", min_progress=0.15)
    orphans = [psutil.Process(pid) for pid in _worker_pids(service)]
    service.crash()
    _gone, alive = psutil.wait_procs(orphans, timeout=10)
    assert alive == [], "workers must exit when their service dies"

    restarted: Service = service_factory(data_dir=service.data_dir, **env)
    restarted.start()
    body = restarted.wait_terminal(analysis_id, timeout_s=STUCK_TIMEOUT_S + 120)
    assert body["status"] == "completed", body
    assert body["attempts"] == 2
    assert list(restarted.tmp_dir.iterdir()) == []


def test_job_over_its_time_limit_fails_with_timeout(service_factory: Any, s3_bucket: str, long_key: str) -> None:
    service: Service = service_factory(JOB_TIMEOUT_S="1.5", **LIGHT)
    service.start()
    body = service.wait_terminal(service.submit(s3_bucket, long_key), timeout_s=30)
    assert body["status"] == "failed"
    assert body["error"]["code"] == "TIMEOUT"
    assert list(service.tmp_dir.iterdir()) == []
    assert service.client.get("/health").json()["checks"]["queue"]["workers_alive"] == 2


def test_api_keeps_answering_while_two_analyses_run(service_factory: Any, s3_bucket: str, long_key: str) -> None:
    service: Service = service_factory(**LIGHT)
    service.start()
    ids = [service.submit(s3_bucket, long_key, session=f"busy-{i}") for i in range(2)]
    for analysis_id in ids:
        service.wait_stage(analysis_id, "decoding", min_progress=0.12)
    seen: set[float] = set()
    for _ in range(20):
        assert service.client.get("/health", timeout=5).status_code == 200
        body = service.client.get(f"/analysis/{ids[0]}", timeout=5).json()
        seen.add(body["progress"])
        time.sleep(0.1)
    assert len(seen) > 1, "progress must move while the API answers"
    for analysis_id in ids:
        body = service.wait_terminal(analysis_id, timeout_s=180)
        assert body["status"] == "completed", body
