"""``./run_worker.sh``: a Redis worker for QUEUE_BACKEND=redis, on any machine with the same settings.

arq pulls analysis ids from Redis; this process supervises WORKER_PROCESSES compute
processes (the embedded queue's WorkerSlots: spawned, models loaded once in each) and
writes every state through JobLifecycle, as the embedded supervisor does. The backends
differ only in where jobs wait and in who notices a dead supervisor:

- a compute process that dies is seen here at once: requeued (bounded), then WORKER_LOST;
- a whole worker that dies stops renewing its job's lease (arq's in-progress key, held at
  STUCK_TIMEOUT_S), so arq hands the job to another worker once it lapses, and that worker
  takes the still-processing analysis over (requeue, or WORKER_LOST when out of attempts);
- SIGTERM stops taking jobs, lets running ones finish for SHUTDOWN_GRACE_S, then hands them back.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import structlog
from arq.constants import in_progress_key_prefix
from arq.worker import Retry, Worker, func
from prometheus_client import start_http_server
from redis.exceptions import RedisError

from interview_analysis.analysis.inventory import model_inventory, unusable
from interview_analysis.config import Settings
from interview_analysis.errors import MESSAGES_KO, ErrorCode
from interview_analysis.jobs.lifecycle import JobLifecycle, Settled
from interview_analysis.jobs.redis_keys import (
    COMPLETED_KEEP,
    JOB_FUNCTION,
    dump_job,
    load_job,
    queue_keys,
    redis_client,
)
from interview_analysis.jobs.registry import WorkerInfo, announce, live_workers, withdraw
from interview_analysis.jobs.scratch import claim_scratch_root, touch
from interview_analysis.jobs.slot import WorkerSlot
from interview_analysis.log_setup import configure_logging
from interview_analysis.metrics import REGISTRY
from interview_analysis.storage.errors import StoreUnavailable
from interview_analysis.storage.factory import make_analysis_repository
from interview_analysis.storage.models import JobStatus, utcnow

log = structlog.get_logger(__name__)

_REDIS_RETRIES = 10  # about half a minute of backoff: a Redis restart is ridden out, not a crash
_POLL_S = 0.25  # how often an idle worker looks for jobs: most of the queue's added latency
_SETTLE_MARGIN_S = 60.0  # arq's own time limit is a backstop behind the slot's JOB_TIMEOUT_S kill
# The analyses store counts attempts (MAX_ATTEMPTS); arq's own counter only stops a job that loops.
_ARQ_MAX_TRIES = 20
_STORE_RETRY_MAX_S = 30.0
# Another host's scratch folder untouched this many heartbeats, its worker unregistered, was abandoned
# (a replaced container never returns to its folder); a live worker touches its own at every heartbeat.
SCRATCH_STALE_HEARTBEATS = 12


class RedisWorker:
    """The arq job context: compute slots, the store, and this worker's entry in the registry."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._keys = queue_keys(settings)
        self.redis = redis_client(settings, retries=_REDIS_RETRIES)
        self._repo = make_analysis_repository(settings)
        self._host = socket.gethostname()
        self.worker_id = f"{self._host}:{os.getpid()}"
        self._slots = [WorkerSlot(settings, i) for i in range(settings.queue.worker_processes)]
        self._idle: asyncio.Queue[WorkerSlot] = asyncio.Queue()
        self._running: dict[str, WorkerSlot] = {}
        self._lifecycle: JobLifecycle | None = None
        self._announcer: asyncio.Task[None] | None = None
        self._models: list[dict[str, Any]] = []

    async def startup(self, ctx: dict[Any, Any]) -> None:
        self._models = await asyncio.to_thread(model_inventory, self._settings)
        if missing := unusable(self._models):
            log.error("worker.models.unusable", models=missing)  # shown in /health; their jobs fail MODEL_UNAVAILABLE
        await self._open_store()
        root = await self._claim_scratch_root()
        self._lifecycle = JobLifecycle(self._settings, self._repo, self._completed, root)
        for slot in self._slots:
            await asyncio.to_thread(slot.ensure_started)
            self._idle.put_nowait(slot)
        await self._announce()
        self._announcer = asyncio.create_task(self._announce_forever(), name="announce")
        log.info("worker.ready", worker_id=self.worker_id, slots=len(self._slots), queue=self._keys.queue)

    async def shutdown(self, ctx: dict[Any, Any]) -> None:
        if self._announcer is not None:
            self._announcer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._announcer
        with contextlib.suppress(RedisError):
            await withdraw(self.redis, self._keys, self.worker_id)
        for slot in self._slots:
            await asyncio.to_thread(slot.close)
        if self._lifecycle is not None:
            await asyncio.to_thread(shutil.rmtree, self._lifecycle.work_root, True)
        await self._repo.close()
        log.info("worker.stopped", worker_id=self.worker_id)

    async def analyse(self, analysis_id: str, job_id: str) -> None:
        """Run one delivery of a job, holding its lease from the first moment to the last."""
        lease = asyncio.create_task(self._hold_lease(job_id), name=f"lease-{analysis_id}")
        try:
            await self._deliver(analysis_id)
        finally:
            lease.cancel()

    async def _deliver(self, analysis_id: str) -> None:
        """A delivery of a finished analysis does nothing: at-least-once delivery, done once."""
        lifecycle = self._lifecycle
        assert lifecycle is not None
        record = await self._repo.get(analysis_id)
        if record is None or record.status.terminal:
            log.info("analysis.redelivery.ignored", analysis_id=analysis_id, status=record and record.status.value)
            return
        if record.status is JobStatus.PROCESSING:
            # Delivered again while processing: its worker's lease lapsed. Trust the store's heartbeat over
            # Redis before taking over, so a worker that only lost Redis for a while is not run twice.
            quiet_s = (utcnow() - (record.heartbeat_at or record.updated_at)).total_seconds()
            stuck_s = self._settings.queue.stuck_timeout_s
            if quiet_s < stuck_s:
                raise Retry(defer=max(self._settings.queue.heartbeat_interval_s, stuck_s - quiet_s))
            if not await lifecycle.take_over(record):
                return
        slot = await self._idle.get()
        try:
            self._running[analysis_id] = slot
            await self._announce_quietly()
            settled = await lifecycle.run(slot, analysis_id)
        except asyncio.CancelledError:
            await self._hand_back(slot, analysis_id)
            raise
        except Exception:
            log.exception("analysis.supervisor.error", analysis_id=analysis_id)
            with contextlib.suppress(Exception):
                await self._repo.fail(analysis_id, ErrorCode.INTERNAL.value, MESSAGES_KO[ErrorCode.INTERNAL])
            settled = Settled.ENDED
        finally:
            self._running.pop(analysis_id, None)
        if not slot.alive:  # replace a killed or timed-out compute process before the next job
            await asyncio.to_thread(slot.ensure_started)
        self._idle.put_nowait(slot)
        await self._announce_quietly()
        if settled is Settled.REQUEUED:
            raise Retry()  # arq puts the job back at once; whichever worker is free takes it

    async def _hand_back(self, slot: WorkerSlot, analysis_id: str) -> None:
        """Shutdown past its grace (or arq's backstop limit): stop computing, queue the analysis again."""
        await asyncio.to_thread(slot.kill)
        self._idle.put_nowait(slot)
        try:
            if await self._repo.requeue(analysis_id):
                log.warning("analysis.handed_back", analysis_id=analysis_id)
        except Exception:  # the store's sweep and the take-over on redelivery cover it
            log.exception("analysis.hand_back.failed", analysis_id=analysis_id)

    async def _hold_lease(self, job_id: str) -> None:
        """Keep arq's in-progress key at STUCK_TIMEOUT_S while this process lives.

        arq sets it once, to its time limit; renewed as a lease, a dead worker's job goes to
        another worker STUCK_TIMEOUT_S after its last sign of life, not JOB_TIMEOUT_S later.
        """
        key = in_progress_key_prefix + job_id
        lease_ms = int(self._settings.queue.stuck_timeout_s * 1000)
        while True:
            try:
                await self.redis.pexpire(key, lease_ms)
            except RedisError as exc:
                log.warning("worker.lease.not_renewed", job_id=job_id, reason=str(exc))
            await asyncio.sleep(self._settings.queue.heartbeat_interval_s)

    async def _completed(self, analysis_id: str) -> None:
        """Tell the API (which writes feedback) that the result is stored."""
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.rpush(self._keys.completed, analysis_id)
                pipe.ltrim(self._keys.completed, -COMPLETED_KEEP, -1)
                await pipe.execute()
        except RedisError as exc:
            # Not lost for good: GET /analysis/{id}/llm-comment writes feedback that was never written.
            log.warning("analysis.completion_notice.lost", analysis_id=analysis_id, reason=str(exc))

    def _info(self) -> WorkerInfo:
        return WorkerInfo(
            worker_id=self.worker_id,
            host=self._host,
            pid=os.getpid(),
            slots=len(self._slots),
            alive=sum(slot.alive for slot in self._slots),
            running={analysis_id: slot.pid or 0 for analysis_id, slot in self._running.items()},
            models=self._models,
        )

    async def _announce(self) -> None:
        await announce(self.redis, self._keys, self._info(), ttl_s=3 * self._settings.queue.heartbeat_interval_s)

    async def _announce_quietly(self) -> None:
        try:
            await self._announce()
        except RedisError as exc:
            log.warning("worker.announce.failed", reason=str(exc))

    async def _announce_forever(self) -> None:
        while True:
            await asyncio.sleep(self._settings.queue.heartbeat_interval_s)
            if self._lifecycle is not None:  # in use, for other hosts' sweeps: even while Redis is out of reach
                await asyncio.to_thread(touch, self._lifecycle.work_root)
            await self._announce_quietly()

    async def _claim_scratch_root(self) -> Path:
        """This worker's scratch root, after sweeping dead workers' folders (``scratch.py``): another
        host's folder goes once its worker has left the registry and it has gone untouched for
        ``SCRATCH_STALE_HEARTBEATS`` heartbeats. Without Redis, only this host's folders are swept."""
        try:
            live = {worker.worker_id for worker in await live_workers(self.redis, self._keys)}
            stale_s = SCRATCH_STALE_HEARTBEATS * self._settings.queue.heartbeat_interval_s
        except RedisError as exc:
            log.warning("worker.scratch.registry_unreachable", reason=str(exc))
            live, stale_s = set(), math.inf
        return await asyncio.to_thread(claim_scratch_root, self._settings.tmp_dir, live, stale_s)

    async def _open_store(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._repo.open()
                return
            except StoreUnavailable as exc:
                log.error("store.unavailable", store=exc.backend, location=exc.location, retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _STORE_RETRY_MAX_S)


async def _analyse(ctx: dict[Any, Any], analysis_id: str) -> None:
    worker: RedisWorker = ctx["redis_worker"]
    await worker.analyse(analysis_id, ctx["job_id"])


def build_worker(settings: Settings) -> Worker:
    runner = RedisWorker(settings)
    queue = settings.queue
    return Worker(
        functions=[
            func(_analyse, name=JOB_FUNCTION, timeout=queue.job_timeout_s + _SETTLE_MARGIN_S, max_tries=_ARQ_MAX_TRIES)
        ],
        queue_name=queue.queue_name,
        redis_pool=runner.redis,
        on_startup=runner.startup,
        on_shutdown=runner.shutdown,
        ctx={"redis_worker": runner},
        max_jobs=queue.worker_processes,
        poll_delay=_POLL_S,
        keep_result=0,  # the result lives in the analyses store; a kept arq result would block re-enqueueing the id
        job_serializer=dump_job,
        job_deserializer=load_job,
        job_completion_wait=math.ceil(queue.shutdown_grace_s),
        log_results=False,
    )


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_dir, process="worker")
    if settings.queue.worker_metrics_port:
        # This host settles its own analyses, so it serves their metrics; the API serves requests and the queue.
        start_http_server(settings.queue.worker_metrics_port, settings.queue.worker_metrics_host, registry=REGISTRY)
    asyncio.set_event_loop(asyncio.new_event_loop())  # arq's Worker takes the current loop when built
    build_worker(settings).run()


if __name__ == "__main__":
    main()
