"""Forgetting: DELETE /analysis/{id} and the retention purge remove an analysis from every store."""

from __future__ import annotations

import asyncio
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import structlog

from interview_analysis.api.deps import Services
from interview_analysis.storage.interview_models import InterviewRecord
from interview_analysis.storage.models import AnalysisRecord, utcnow

log = structlog.get_logger(__name__)

PURGE_EVERY_S = 3600.0
PURGE_BATCH = 200


async def erase(services: Services, record: AnalysisRecord) -> None:
    """Feedback first, then the analysis (with its timelines), then any file left on disk."""
    await services.feedback.delete(record.analysis_id)
    await services.analyses.delete(record.analysis_id)
    if record.upload_path:
        await asyncio.to_thread(Path(record.upload_path).unlink, True)
    await asyncio.to_thread(shutil.rmtree, services.settings.tmp_dir / record.analysis_id, True)
    log.info("analysis.erased", analysis_id=record.analysis_id)


async def erase_interview(services: Services, record: InterviewRecord) -> None:
    """Every take's analysis first, then the interview: a crash half-way leaves an interview whose
    erased takes read as deleted, and deleting it again finishes the job."""
    for analysis_id in record.analysis_ids():
        analysis = await services.analyses.get(analysis_id)
        if analysis is not None:
            await erase(services, analysis)
    await services.interviews.delete(record.interview_id)
    log.info("interview.erased", interview_id=record.interview_id)


async def _purge_interviews(services: Services, cutoff: datetime) -> int:
    """Whole interviews go first, so none loses some of its answers to the per-analysis purge below."""
    erased = 0
    while ids := await services.interviews.expired(cutoff, PURGE_BATCH):
        for interview_id in ids:
            record = await services.interviews.get(interview_id)
            if record is not None:
                await erase_interview(services, record)
                erased += 1
    return erased


async def purge_expired(services: Services) -> int:
    """Erase interviews and finished analyses older than RETENTION_DAYS; returns how many analyses
    and interviews went."""
    days = services.settings.security.retention_days
    if days <= 0:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    erased = await _purge_interviews(services, cutoff)
    while ids := await services.analyses.expired(cutoff, PURGE_BATCH):
        for analysis_id in ids:
            record = await services.analyses.get(analysis_id)
            if record is not None:
                await erase(services, record)
                erased += 1
    if erased:
        log.info("retention.purged", erased=erased, older_than_days=days)
    return erased


async def purge_forever(services: Services) -> None:
    while True:
        try:
            await purge_expired(services)
        except Exception:
            log.exception("retention.purge_failed")  # a store blip: try again next round
        await asyncio.sleep(PURGE_EVERY_S)
