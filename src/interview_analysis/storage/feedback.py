"""The feedback repository contract (MariaDB in production, SQLite embedded)."""

from __future__ import annotations

from typing import Protocol

from interview_analysis.storage.feedback_models import FeedbackRecord


class FeedbackRepository(Protocol):
    async def open(self) -> None:
        """Connect and apply migrations; safe on every start."""

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise when the store cannot answer."""

    def describe(self) -> dict[str, str]:
        """Backend name and location for /health (no secrets)."""

    async def mark_pending(self, analysis_id: str) -> FeedbackRecord:
        """Create or reset the row to pending (a regeneration keeps the same row)."""

    async def save(self, record: FeedbackRecord) -> None:
        """Store a finished (completed or failed) feedback, replacing the pending row."""

    async def get(self, analysis_id: str) -> FeedbackRecord | None: ...

    async def delete(self, analysis_id: str) -> bool: ...
