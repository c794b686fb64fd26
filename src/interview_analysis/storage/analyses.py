"""The analyses repository contract; each backend implements it with atomic status transitions."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from interview_analysis.results import AnalysisResult
from interview_analysis.storage.models import AnalysisRecord, NewAnalysis, Stage


class AnalysisRepository(Protocol):
    async def open(self) -> None:
        """Connect and create the schema; safe to call on every start."""

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise when the store cannot answer."""

    def describe(self) -> dict[str, str]:
        """Backend name and location for /health (no secrets)."""

    async def create(self, new: NewAnalysis) -> tuple[AnalysisRecord, bool]:
        """Store a queued analysis, or return the one with the same idempotency key.

        The flag is True when the caller must enqueue it: a new record, or a failed one
        that the same submission puts back in the queue.
        """

    async def get(self, analysis_id: str) -> AnalysisRecord | None: ...

    async def recent(
        self, limit: int, user_id: str | None = None, tenant_id: str | None = None
    ) -> list[AnalysisRecord]:
        """Newest first, optionally of one user and/or one tenant."""

    async def claim(self, analysis_id: str) -> AnalysisRecord | None:
        """queued -> processing, counting an attempt; None when someone else has it or it is finished."""

    async def set_progress(self, analysis_id: str, stage: Stage, progress: float) -> bool:
        """Also the heartbeat; only a processing analysis moves."""

    async def complete(self, analysis_id: str, result: AnalysisResult) -> bool:
        """processing -> completed; a finished analysis never changes again."""

    async def fail(self, analysis_id: str, code: str, message: str) -> bool:
        """queued|processing -> failed."""

    async def requeue(self, analysis_id: str) -> bool:
        """processing -> queued, for a retry after a lost worker."""

    async def unfinished(self, heartbeat_before: datetime | None = None) -> list[AnalysisRecord]:
        """Queued analyses, and processing ones whose heartbeat is older than the bound (all when None)."""

    async def delete(self, analysis_id: str) -> bool:
        """Remove the analysis and everything stored with it."""

    async def expired(self, before: datetime, limit: int) -> list[str]:
        """Ids of finished analyses created before ``before``, oldest first, for the retention purge."""

    async def count_active(self, user_id: str, tenant_id: str | None = None) -> int:
        """Queued and processing analyses of one user (within one tenant when given), for MAX_ACTIVE_PER_USER."""
