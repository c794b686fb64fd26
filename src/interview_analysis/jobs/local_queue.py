"""The embedded queue: an in-process asyncio queue feeding a pool of worker processes.

The supervisor (this object, in the API process) owns every database write:
workers only compute and report over their pipe. So a worker that is killed,
runs out of time or crashes cannot leave a record behind in ``processing``: the
supervisor sees the pipe close and retries (bounded) or fails the analysis.
A supervisor that is itself killed is covered by the recovery pass at the next
start and by the stuck-job reaper.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import structlog

from interview_analysis.analysis.inventory import model_inventory, unusable
from interview_analysis.config import Settings
from interview_analysis.errors import MESSAGES_KO, ErrorCode
from interview_analysis.jobs.lifecycle import JobLifecycle, Settled
from interview_analysis.jobs.slot import WorkerSlot
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.models import AnalysisRecord, JobStatus, utcnow

log = structlog.get_logger(__name__)


class LocalJobQueue:
    def __init__(
        self, settings: Settings, repo: AnalysisRepository, on_completed: Callable[[str], None] | None = None
    ) -> None:
        self._settings = settings
        self._repo = repo
        self._on_completed = on_completed
        self._lifecycle = JobLifecycle(settings, repo, self._completed, settings.tmp_dir)
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        self._slots = [WorkerSlot(settings, i) for i in range(settings.queue.worker_processes)]
        self._tasks: list[asyncio.Task[None]] = []
        self._running: set[str] = set()
        self._models: list[dict[str, Any]] = []

    @property
    def concurrency(self) -> int:
        return len(self._slots)

    def pending(self) -> int:
        return self._queue.qsize() + len(self._running)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": "local",
            "workers_total": len(self._slots),
            "workers_alive": sum(slot.alive for slot in self._slots),
            "queued": self._queue.qsize(),
            "running": len(self._running),
            "models": self._models,
        }

    async def start(self) -> None:
        # The workers run on this machine, so their model files are checked here, once, before any job.
        self._models = await asyncio.to_thread(model_inventory, self._settings)
        if missing := unusable(self._models):
            log.error("queue.models.unusable", models=missing)
        self._settings.tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Nothing runs yet in this process, so every scratch folder is a crash's leftover.
        await asyncio.to_thread(_clear_dir, self._settings.tmp_dir)
        for slot in self._slots:
            await asyncio.to_thread(slot.ensure_started)
        for slot in self._slots:
            self._tasks.append(asyncio.create_task(self._serve(slot), name=f"slot-{slot.index}"))
        await self._recover(await self._repo.unfinished())
        self._tasks.append(asyncio.create_task(self._reap_forever(), name="reaper"))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        for slot in self._slots:
            await asyncio.to_thread(slot.close)

    async def enqueue(self, analysis_id: str) -> None:
        await self._queue.put(analysis_id)

    async def _completed(self, analysis_id: str) -> None:
        if self._on_completed is not None:
            self._on_completed(analysis_id)

    async def _recover(self, records: list[AnalysisRecord]) -> None:
        """Requeue what a crash interrupted (bounded attempts) and queue what never started."""
        for record in records:
            if record.analysis_id in self._running:
                continue
            if record.status is JobStatus.PROCESSING and not await self._lifecycle.take_over(record):
                continue
            await self.enqueue(record.analysis_id)

    async def _reap_forever(self) -> None:
        interval = self._settings.queue.heartbeat_interval_s
        while True:
            await asyncio.sleep(interval)
            try:
                cutoff = utcnow() - timedelta(seconds=self._settings.queue.stuck_timeout_s)
                stale = [
                    r for r in await self._repo.unfinished(heartbeat_before=cutoff) if r.status is JobStatus.PROCESSING
                ]
                await self._recover(stale)
            except Exception:
                log.exception("queue.reaper.error")

    async def _serve(self, slot: WorkerSlot) -> None:
        while True:
            analysis_id = await self._queue.get()
            try:
                await self._process(slot, analysis_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("analysis.supervisor.error", analysis_id=analysis_id)
                with contextlib.suppress(Exception):
                    await self._repo.fail(analysis_id, ErrorCode.INTERNAL.value, MESSAGES_KO[ErrorCode.INTERNAL])
            finally:
                self._queue.task_done()
            if not slot.alive:  # replace a killed or timed-out worker now, not when the next job waits
                await asyncio.to_thread(slot.ensure_started)

    async def _process(self, slot: WorkerSlot, analysis_id: str) -> None:
        self._running.add(analysis_id)
        try:
            if await self._lifecycle.run(slot, analysis_id) is Settled.REQUEUED:
                await self.enqueue(analysis_id)
        finally:
            self._running.discard(analysis_id)


def _clear_dir(path: Path) -> None:
    for child in path.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
