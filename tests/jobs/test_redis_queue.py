"""QUEUE_BACKEND=redis end to end: an API that only enqueues, workers in processes of their own.

Everything is real and on loopback: the Redis on 127.0.0.1:6379 (a queue name per test),
a MongoDB-protocol server as the shared analyses store, moto for S3, the service under
uvicorn and each worker started as ``./run_worker.sh`` starts it, with a DATA_DIR of its
own as if on another machine.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool

from interview_analysis.jobs.redis_keys import JOB_FUNCTION, dump_job, load_job
from tests.fixtures.redis_queue import RedisQueue
from tests.fixtures.service import TERMINAL, QueueWorker, Service
from tests.s3util import put_file

CLIP = "mp4_named.webm"  # 5 s: quick, for the many-jobs test
ANSWER = "talk.webm"  # 30 s: long enough to catch a job mid-way

MakeWorker = Callable[..., QueueWorker]


@pytest.fixture
def queue_env(redis_queue: RedisQueue, mongo_url: str, mongo_database: str) -> dict[str, str]:
    """Shared settings of the API and every worker: Redis, MongoDB, one compute process per worker."""
    return {
        **redis_queue.env,
        "ANALYSES_BACKEND": "mongodb",
        "MONGODB_URL": mongo_url,
        "MONGODB_DATABASE": mongo_database,
        "WORKER_PROCESSES": "1",
        "STUCK_TIMEOUT_S": "4",
        "HEARTBEAT_INTERVAL_S": "1",
    }


def _deploy(
    worker_factory: MakeWorker, service_factory: Any, env: dict[str, str], **extra: str
) -> tuple[Service, list[QueueWorker]]:
    """Two workers, then the API (its /health is ok only once workers are registered)."""
    workers = [worker_factory(**env, **extra).start() for _ in range(2)]
    service: Service = service_factory(**env, **extra)
    service.start()
    return service, workers


def _holder(queue: RedisQueue, workers: list[QueueWorker], analysis_id: str) -> QueueWorker:
    """The worker whose registration says it runs the analysis."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for registration in queue.workers():
            if analysis_id in registration["running"]:
                return next(w for w in workers if w.process is not None and w.process.pid == registration["pid"])
        time.sleep(0.05)
    raise TimeoutError(f"no worker runs {analysis_id}")


def _queue_health(service: Service) -> dict[str, Any]:
    health: dict[str, Any] = service.client.get("/health").json()["checks"]["queue"]
    return health


def _wait_for(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise TimeoutError(what)


async def _deliver_again(queue: RedisQueue, analysis_id: str) -> None:
    """What a redelivery looks like to a worker: the same job id in the queue once more."""
    client = ArqRedis(
        ConnectionPool.from_url(queue.url),
        job_serializer=dump_job,
        job_deserializer=load_job,
        default_queue_name=queue.name,
    )
    try:
        assert await client.enqueue_job(JOB_FUNCTION, analysis_id, _job_id=analysis_id) is not None
    finally:
        await client.aclose()


def _completed_feedback(service: Service) -> int:
    """Feedback rows the API wrote by itself (the test never asks for feedback, which would write it)."""
    with sqlite3.connect(service.data_dir / "interview_analysis.sqlite3") as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM feedback WHERE status = 'completed'").fetchone()[0])
        except sqlite3.OperationalError:  # the table is not made yet
            return 0


def test_twenty_submissions_on_two_workers_each_complete_exactly_once(
    service_factory: Any,
    worker_factory: MakeWorker,
    queue_env: dict[str, str],
    redis_queue: RedisQueue,
    s3_server: str,
    s3_bucket: str,
    media_dir: Path,
) -> None:
    service, workers = _deploy(worker_factory, service_factory, queue_env)
    put_file(s3_server, s3_bucket, "many/answer.webm", media_dir / CLIP)
    ids = [service.submit(s3_bucket, "many/answer.webm", user=f"user-{i}", session=f"s-{i}") for i in range(20)]
    assert len(set(ids)) == 20

    bodies = [service.wait_terminal(analysis_id, timeout_s=300) for analysis_id in ids]
    assert [b["status"] for b in bodies] == ["completed"] * 20, [b["error"] for b in bodies]
    assert [b["attempts"] for b in bodies] == [1] * 20
    per_worker = [[e["analysis_id"] for e in worker.events("analysis.completed")] for worker in workers]
    assert sorted(per_worker[0] + per_worker[1]) == sorted(ids)  # each ran once, on one worker
    assert all(per_worker), "both workers take jobs from the one queue"
    # The API heard of every completion and wrote the feedback without being asked.
    _wait_for(lambda: _completed_feedback(service) == 20, 120, "feedback of every analysis")

    # A redelivered finished job does nothing.
    def ignored() -> int:
        return sum(e["analysis_id"] == ids[0] for w in workers for e in w.events("analysis.redelivery.ignored"))

    before = ignored()
    asyncio.run(_deliver_again(redis_queue, ids[0]))
    _wait_for(lambda: ignored() == before + 1, 30, "the redelivery")
    assert service.client.get(f"/analysis/{ids[0]}").json()["attempts"] == 1
    _wait_for(lambda: _queue_health(service)["queued"] + _queue_health(service)["running"] == 0, 30, "an empty queue")
    queue = _queue_health(service)
    assert (queue["backend"], queue["redis"], queue["workers_registered"], queue["workers_alive"]) == (
        "redis",
        "ok",
        2,
        2,
    )
    assert (queue["queued"], queue["running"]) == (0, 0)


def test_worker_killed_mid_job_leaves_the_job_to_the_other_worker(
    service_factory: Any,
    worker_factory: MakeWorker,
    queue_env: dict[str, str],
    redis_queue: RedisQueue,
    s3_server: str,
    s3_bucket: str,
    media_dir: Path,
) -> None:
    service, workers = _deploy(worker_factory, service_factory, queue_env)
    put_file(s3_server, s3_bucket, "kill/answer.webm", media_dir / ANSWER)
    analysis_id = service.submit(s3_bucket, "kill/answer.webm")
    service.wait_stage(analysis_id, "decoding", min_progress=0.15)
    victim = _holder(redis_queue, workers, analysis_id)
    victim.kill()

    body = service.wait_terminal(analysis_id, timeout_s=180)
    assert body["status"] == "completed", body
    assert body["attempts"] == 2
    survivor = next(w for w in workers if w is not victim)
    assert [e["analysis_id"] for e in survivor.events("analysis.completed")] == [analysis_id]
    _wait_for(lambda: _queue_health(service)["workers_registered"] == 1, 10, "the lost worker to drop out")

    # The machine comes back: a worker starting there sweeps the dead one's scratch folder.
    assert [p for p in (victim.data_dir / "tmp").rglob(analysis_id)], "SIGKILL leaves the scratch folder"
    worker_factory(data_dir=victim.data_dir, **queue_env).start()
    assert not [p for p in (victim.data_dir / "tmp").rglob(analysis_id)]


def test_job_whose_worker_dies_every_time_fails_with_worker_lost(
    service_factory: Any,
    worker_factory: MakeWorker,
    queue_env: dict[str, str],
    redis_queue: RedisQueue,
    s3_server: str,
    s3_bucket: str,
    media_dir: Path,
) -> None:
    service, _workers = _deploy(worker_factory, service_factory, queue_env, MAX_ATTEMPTS="2")
    put_file(s3_server, s3_bucket, "poison/answer.webm", media_dir / ANSWER)
    analysis_id = service.submit(s3_bucket, "poison/answer.webm")

    kills = 0  # SIGKILL the compute process each time one starts working on the job, as a crashing video would
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        body = service.client.get(f"/analysis/{analysis_id}").json()
        if body["status"] in TERMINAL:
            break
        pid = redis_queue.running_pid(analysis_id)
        if body["attempts"] > kills and body["stage"] in {"downloading", "decoding"} and pid:
            os.kill(pid, signal.SIGKILL)
            kills += 1
        time.sleep(0.05)

    assert body["status"] == "failed", body
    assert body["error"]["code"] == "WORKER_LOST"
    assert (body["attempts"], kills) == (2, 2)
    _wait_for(lambda: _queue_health(service)["workers_alive"] == 2, 30, "the killed compute processes replaced")


def test_sigterm_past_the_grace_hands_the_job_back(
    service_factory: Any,
    worker_factory: MakeWorker,
    queue_env: dict[str, str],
    redis_queue: RedisQueue,
    s3_server: str,
    s3_bucket: str,
    media_dir: Path,
) -> None:
    service, workers = _deploy(worker_factory, service_factory, queue_env, SHUTDOWN_GRACE_S="0")
    put_file(s3_server, s3_bucket, "term/answer.webm", media_dir / ANSWER)
    analysis_id = service.submit(s3_bucket, "term/answer.webm")
    service.wait_stage(analysis_id, "decoding", min_progress=0.15)
    leaving = _holder(redis_queue, workers, analysis_id)
    assert leaving.stop(timeout_s=30) == 0

    body = service.wait_terminal(analysis_id, timeout_s=180)
    assert body["status"] == "completed", body
    assert body["attempts"] == 2
    assert [e["analysis_id"] for e in leaving.events("analysis.handed_back")] == [analysis_id]
    assert not leaving.events("analysis.completed")


def test_sigterm_lets_the_current_job_finish(
    service_factory: Any,
    worker_factory: MakeWorker,
    queue_env: dict[str, str],
    redis_queue: RedisQueue,
    s3_server: str,
    s3_bucket: str,
    media_dir: Path,
) -> None:
    service, workers = _deploy(worker_factory, service_factory, queue_env, SHUTDOWN_GRACE_S="120")
    put_file(s3_server, s3_bucket, "grace/answer.webm", media_dir / ANSWER)
    analysis_id = service.submit(s3_bucket, "grace/answer.webm")
    service.wait_stage(analysis_id, "decoding", min_progress=0.15)
    leaving = _holder(redis_queue, workers, analysis_id)
    assert leaving.process is not None
    leaving.process.send_signal(signal.SIGTERM)

    body = service.wait_terminal(analysis_id, timeout_s=180)
    assert body["status"] == "completed", body
    assert body["attempts"] == 1
    assert leaving.process.wait(timeout=30) == 0
    assert [e["analysis_id"] for e in leaving.events("analysis.completed")] == [analysis_id]
