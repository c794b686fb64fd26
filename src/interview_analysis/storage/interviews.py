"""The interviews repository contract: whole documents, replaced by compare-and-set on ``version``."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from interview_analysis.storage.interview_models import InterviewRecord, NewInterview


class InterviewRepository(Protocol):
    async def open(self) -> None:
        """Connect and create the schema; safe to call on every start."""

    async def close(self) -> None: ...

    async def ping(self) -> None: ...

    def describe(self) -> dict[str, str]: ...

    async def create(self, new: NewInterview) -> InterviewRecord: ...

    async def get(self, interview_id: str) -> InterviewRecord | None: ...

    async def replace(self, record: InterviewRecord) -> InterviewRecord | None:
        """Store ``record`` if the stored version is still ``record.version``; the new record, or None
        when someone else changed it first (the caller reads again and retries)."""

    async def of_user(self, tenant_id: str, user_id: str, limit: int) -> list[InterviewRecord]:
        """Newest first."""

    async def delete(self, interview_id: str) -> bool: ...

    async def expired(self, before: datetime, limit: int) -> list[str]:
        """Ids of interviews created before ``before``, oldest first, for the retention purge."""
