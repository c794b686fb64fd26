"""Forgetting: DELETE /analysis/{id} and the retention purge remove an analysis from every store."""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta
from pathlib import Path

import structlog

from interview_analysis.api.deps import Services
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


async def purge_expired(services: Services) -> int:
    """Erase finished analyses older than RETENTION_DAYS; returns how many went."""
    days = services.settings.security.retention_days
    if days <= 0:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    erased = 0
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
