"""Feedback on MariaDB through an aiomysql pool (utf8mb4, parameterised queries only).

At open the database is created when missing and the versioned migrations are applied,
so a fresh server needs nothing but a user allowed to create the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from interview_analysis.storage.feedback_models import FeedbackRecord, FeedbackStatus
from interview_analysis.storage.feedback_rows import (
    CLEARED,
    COLUMNS,
    category_rows,
    check_finished,
    keyword_rows,
    record_from,
    row_values,
    utc,
)
from interview_analysis.storage.mariadb_base import MariaDBStore
from interview_analysis.storage.models import utcnow

_UPSERT = (
    f"INSERT INTO feedback ({', '.join(COLUMNS)}) VALUES ({', '.join('%s' for _ in COLUMNS)})"
    " ON DUPLICATE KEY UPDATE "
    + ", ".join(f"{c} = VALUES({c})" for c in COLUMNS if c not in ("analysis_id", "created_at"))
)
_RESET = (
    "INSERT INTO feedback (analysis_id, status, created_at, updated_at) VALUES (%s, %s, %s, %s)"
    " ON DUPLICATE KEY UPDATE status = VALUES(status), updated_at = VALUES(updated_at), "
    + ", ".join(f"{c} = NULL" for c in CLEARED)
)


def _naive(value: datetime) -> datetime:
    """DATETIME has no zone: store UTC wall time."""
    return utc(value).replace(tzinfo=None)


class MariaDBFeedbackRepository(MariaDBStore):
    async def mark_pending(self, analysis_id: str) -> FeedbackRecord:
        now = _naive(utcnow())
        async with self._cursor(transaction=True) as cur:
            await cur.execute(_RESET, (analysis_id, FeedbackStatus.PENDING.value, now, now))
            await cur.execute("DELETE FROM feedback_category_scores WHERE analysis_id = %s", (analysis_id,))
            await cur.execute("DELETE FROM feedback_keywords WHERE analysis_id = %s", (analysis_id,))
            record = await self._read(cur, analysis_id)
        assert record is not None
        return record

    async def save(self, record: FeedbackRecord) -> None:
        """Row, category scores and keywords replaced in one transaction."""
        check_finished(record)
        params = tuple(_naive(v) if isinstance(v, datetime) else v for v in row_values(record).values())
        async with self._cursor(transaction=True) as cur:
            await cur.execute(_UPSERT, params)
            await cur.execute("DELETE FROM feedback_category_scores WHERE analysis_id = %s", (record.analysis_id,))
            await cur.execute("DELETE FROM feedback_keywords WHERE analysis_id = %s", (record.analysis_id,))
            categories = category_rows(record)
            if categories:
                await cur.executemany(
                    "INSERT INTO feedback_category_scores (analysis_id, position, category, score, reason)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    categories,
                )
            keywords = keyword_rows(record)
            if keywords:
                await cur.executemany(
                    "INSERT INTO feedback_keywords (analysis_id, position, keyword, weight) VALUES (%s, %s, %s, %s)",
                    keywords,
                )

    async def get(self, analysis_id: str) -> FeedbackRecord | None:
        # One transaction so the row and its keywords come from the same committed write.
        async with self._cursor(transaction=True) as cur:
            return await self._read(cur, analysis_id)

    @staticmethod
    async def _read(cur: Any, analysis_id: str) -> FeedbackRecord | None:
        await cur.execute("SELECT * FROM feedback WHERE analysis_id = %s", (analysis_id,))
        row: dict[str, Any] | None = await cur.fetchone()
        if row is None:
            return None
        await cur.execute(
            "SELECT keyword, weight FROM feedback_keywords WHERE analysis_id = %s ORDER BY position", (analysis_id,)
        )
        keywords = [(k["keyword"], float(k["weight"])) for k in await cur.fetchall()]
        row["created_at"] = utc(row["created_at"])
        row["updated_at"] = utc(row["updated_at"])
        return record_from(row, keywords)

    async def delete(self, analysis_id: str) -> bool:
        """The scores and keywords go with the row (ON DELETE CASCADE)."""
        async with self._cursor(transaction=True) as cur:
            deleted: int = await cur.execute("DELETE FROM feedback WHERE analysis_id = %s", (analysis_id,))
        return deleted == 1
