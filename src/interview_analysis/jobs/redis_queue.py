"""QUEUE_BACKEND=redis, the API side: enqueue after commit, notice completions, put back what Redis lost.

Workers (``./run_worker.sh``, any machine) run the jobs; this process only talks to
Redis. The analyses store stays the truth: Redis runs without persistence here, so a
sweep re-enqueues every queued analysis (and every processing one whose heartbeat went
stale) from the store. That is safe to repeat because the job id is the analysis id:
arq refuses a second job with the id of one it still holds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, cast

import structlog
from redis.exceptions import RedisError

from interview_analysis.config import Settings
from interview_analysis.jobs.redis_keys import JOB_FUNCTION, public_redis_url, queue_keys, redis_client
from interview_analysis.jobs.registry import live_workers
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.models import JobStatus, utcnow

log = structlog.get_logger(__name__)

_WATCH_EVERY_S = 1.0
_COMPLETIONS_WAIT_S = 1
_RETRY_MAX_S = 30.0


class RedisJobQueue:
    def __init__(
        self, settings: Settings, repo: AnalysisRepository, on_completed: Callable[[str], None] | None = None
    ) -> None:
        self._settings = settings
        self._repo = repo
        self._on_completed = on_completed
        self._keys = queue_keys(settings)
        self._redis = redis_client(settings, retries=1)  # a request waits for Redis briefly, never long
        self._tasks: list[asyncio.Task[None]] = []
        # describe() and pending() are synchronous (the routes call them), so Redis is read in the background.
        self._snapshot: dict[str, Any] = {"redis": "unknown", "queued": 0, "running": 0}
        self._slots = 0
        self._alive = 0
        self._registered = 0
        self._models: list[dict[str, Any]] = []

    @property
    def concurrency(self) -> int:
        return max(1, self._slots)

    def pending(self) -> int:
        return int(self._snapshot["queued"]) + int(self._snapshot["running"])

    def describe(self) -> dict[str, Any]:
        return {
            "backend": "redis",
            "url": public_redis_url(self._settings.queue.redis_url.get_secret_value()),
            "queue_name": self._keys.queue,
            **self._snapshot,
            "workers_registered": self._registered,
            "workers_total": self._slots,
            "workers_alive": self._alive,
            "models": self._models,
        }

    async def start(self) -> None:
        await self._watch()  # /health is right from the first request
        try:
            await self._sweep()
        except RedisError as exc:
            log.error("queue.redis.unavailable", reason=str(exc))  # the sweep repeats until Redis answers
        self._tasks += [
            asyncio.create_task(self._watch_forever(), name="redis-watch"),
            asyncio.create_task(self._sweep_forever(), name="redis-sweep"),
            asyncio.create_task(self._completions_forever(), name="redis-completions"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        await self._redis.aclose()

    async def enqueue(self, analysis_id: str) -> None:
        try:
            await self._redis.enqueue_job(JOB_FUNCTION, analysis_id, _job_id=analysis_id)
        except RedisError as exc:
            # The analysis is stored as queued, so nothing is lost: the sweep enqueues it once Redis answers.
            log.error("queue.enqueue.deferred", analysis_id=analysis_id, reason=str(exc))

    async def _sweep(self) -> None:
        cutoff = utcnow() - timedelta(seconds=self._settings.queue.stuck_timeout_s)
        for record in await self._repo.unfinished(heartbeat_before=cutoff):
            if record.status is JobStatus.QUEUED and record.updated_at > cutoff:
                continue  # just enqueued: a worker may be claiming it right now, and a second job would be waste
            if await self._redis.enqueue_job(JOB_FUNCTION, record.analysis_id, _job_id=record.analysis_id):
                log.warning("queue.requeued_from_store", analysis_id=record.analysis_id, status=record.status.value)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self._settings.queue.stuck_timeout_s)
            try:
                await self._sweep()
            except Exception:
                log.exception("queue.sweep.error")

    async def _watch(self) -> None:
        try:
            waiting_or_running = await self._redis.zcard(self._keys.queue)
            workers = await live_workers(self._redis, self._keys)
        except RedisError:
            self._snapshot = {"redis": "down", "queued": 0, "running": 0}
            self._slots = self._alive = self._registered = 0
            return
        running = sum(len(worker.running) for worker in workers)
        self._snapshot = {"redis": "ok", "queued": max(0, waiting_or_running - running), "running": running}
        self._slots = sum(worker.slots for worker in workers)
        self._alive = sum(worker.alive for worker in workers)
        self._registered = len(workers)
        # One entry per model and worker host: a model missing on one machine matters even if another has it.
        self._models = [{**entry, "worker": worker.worker_id} for worker in workers for entry in worker.models]

    async def _watch_forever(self) -> None:
        while True:
            await asyncio.sleep(min(_WATCH_EVERY_S, self._settings.queue.heartbeat_interval_s))
            try:
                await self._watch()
            except Exception:
                log.exception("queue.watch.error")

    async def _completions_forever(self) -> None:
        """Workers report each completion here; the feedback is written in this process, as with the local queue."""
        delay = float(_COMPLETIONS_WAIT_S)
        while True:
            try:
                item = await cast(
                    Awaitable[list[bytes] | None],
                    self._redis.blpop([self._keys.completed], timeout=_COMPLETIONS_WAIT_S),
                )
            except RedisError as exc:
                log.warning("queue.completions.unavailable", reason=str(exc), retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RETRY_MAX_S)
                continue
            delay = float(_COMPLETIONS_WAIT_S)
            if item is None or self._on_completed is None:
                continue
            try:
                self._on_completed(item[1].decode())
            except Exception:
                log.exception("queue.completions.error")
