"""Claiming, running and settling one analysis: the rules every queue backend shares.

Whoever holds a job (the embedded supervisor in the API process, or a Redis worker
on another machine) writes its states through here, so a job ends the same way
whichever backend ran it: scratch files gone before the end state is written, the
upload deleted once the analysis has ended, a bounded number of attempts after a
lost worker, and the completion hook run only once the result is stored.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import Path

import structlog

from interview_analysis import metrics
from interview_analysis.config import Settings
from interview_analysis.errors import MESSAGES_KO, ErrorCode
from interview_analysis.jobs.messages import Done, Failed, JobSpec, Progress
from interview_analysis.jobs.slot import Lost, Outcome, TimedOut, WorkerSlot
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.models import AnalysisRecord, SourceKind, Stage

log = structlog.get_logger(__name__)

_SAVING = 0.95

Completed = Callable[[str], Awaitable[None]]


class Settled(StrEnum):
    ENDED = "ended"  # completed or failed: nothing is left to do
    REQUEUED = "requeued"  # back to queued after a lost worker: the caller puts it in its queue again
    NOT_OURS = "not_ours"  # already finished, or claimed by someone else


class JobLifecycle:
    """One analysis from claim to end state; ``work_root`` holds the per-analysis scratch folders."""

    def __init__(
        self, settings: Settings, repo: AnalysisRepository, on_completed: Completed | None, work_root: Path
    ) -> None:
        self._settings = settings
        self._repo = repo
        self._on_completed = on_completed
        self.work_root = work_root

    async def run(self, slot: WorkerSlot, analysis_id: str) -> Settled:
        """Claim the analysis, run it on ``slot`` and write how it ended."""
        work_dir = self.work_root / analysis_id
        try:
            record = await self._repo.claim(analysis_id)
            if record is None:
                return Settled.NOT_OURS
            job = JobSpec(
                analysis_id=analysis_id,
                work_dir=str(work_dir),
                s3_bucket=record.s3_bucket,
                s3_key=record.s3_key,
                local_path=record.upload_path if record.source is SourceKind.UPLOAD else None,
                question=record.question,
            )
            log.info("analysis.started", analysis_id=analysis_id, attempt=record.attempts, slot=slot.index)

            async def on_progress(message: Progress) -> None:
                await self._repo.set_progress(analysis_id, message.stage, message.progress)

            queue = self._settings.queue
            outcome = await slot.run(job, queue.job_timeout_s, on_progress, queue.heartbeat_interval_s)
            # Scratch files go before the state is written: whoever sees the end sees them gone.
            await asyncio.to_thread(shutil.rmtree, work_dir, True)
            return await self.settle(record, outcome)
        finally:
            await asyncio.to_thread(shutil.rmtree, work_dir, True)

    async def settle(self, record: AnalysisRecord, outcome: Outcome) -> Settled:
        analysis_id = record.analysis_id
        match outcome:
            case Done(result=result):
                await self._repo.set_progress(analysis_id, Stage.SAVING, _SAVING)
                if await self._repo.complete(analysis_id, result):
                    log.info("analysis.completed", analysis_id=analysis_id)
                    metrics.analysis_ended("completed")
                    metrics.stages_timed(result.timings_s)
                    if self._on_completed is not None:
                        await self._on_completed(analysis_id)  # feedback is written after the raw result is stored
                await self._forget_upload(record)
            case Failed(code=code, message=message):
                await self._repo.fail(analysis_id, code, message)
                log.info("analysis.failed", analysis_id=analysis_id, code=code)
                metrics.analysis_ended("failed", code)
                await self._forget_upload(record)
            case TimedOut():
                await self.fail(record, ErrorCode.TIMEOUT)
            case Lost(exitcode=exitcode):
                log.warning("analysis.worker_lost", analysis_id=analysis_id, exitcode=exitcode)
                if record.attempts < self._settings.queue.max_attempts and await self._repo.requeue(analysis_id):
                    return Settled.REQUEUED
                await self.fail(record, ErrorCode.WORKER_LOST)
        return Settled.ENDED

    async def take_over(self, record: AnalysisRecord) -> bool:
        """A processing analysis whose worker is gone: True when it is queued again, else it failed WORKER_LOST."""
        if record.attempts >= self._settings.queue.max_attempts:
            await self.fail(record, ErrorCode.WORKER_LOST)
            return False
        if not await self._repo.requeue(record.analysis_id):
            return False  # it moved meanwhile: finished, or taken over by someone else
        log.warning("analysis.recovered", analysis_id=record.analysis_id, attempts=record.attempts)
        return True

    async def fail(self, record: AnalysisRecord, code: ErrorCode) -> None:
        await self._repo.fail(record.analysis_id, code.value, MESSAGES_KO[code])
        log.warning("analysis.failed", analysis_id=record.analysis_id, code=code.value)
        metrics.analysis_ended("failed", code.value)
        await self._forget_upload(record)

    async def _forget_upload(self, record: AnalysisRecord) -> None:
        """An uploaded video is personal data: once its analysis has ended it is deleted."""
        if record.upload_path:
            await asyncio.to_thread(Path(record.upload_path).unlink, True)
