"""Feedback on SQLite: the embedded default, in the analyses' file (its own tables, its own connection).

The connection is shared by every coroutine, so a multi-statement write (row plus its
category scores and keywords) holds a lock for its whole ``BEGIN IMMEDIATE ... COMMIT``,
and a read takes it too: otherwise a coroutine's statements would land inside another's
transaction, or read its uncommitted half.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import aiosqlite

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
from interview_analysis.storage.models import utcnow
from interview_analysis.storage.sqlite_base import SqliteStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    analysis_id       TEXT PRIMARY KEY,
    status            TEXT NOT NULL,
    writer            TEXT,
    content           TEXT,
    summary           TEXT,
    model             TEXT,
    prompt_version    TEXT,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    latency_ms        INTEGER,
    error_code        TEXT,
    error_message     TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback_category_scores (
    analysis_id TEXT NOT NULL,
    position    INTEGER NOT NULL,
    category    TEXT NOT NULL,
    score       INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (analysis_id, position)
);
CREATE TABLE IF NOT EXISTS feedback_keywords (
    analysis_id TEXT NOT NULL,
    position    INTEGER NOT NULL,
    keyword     TEXT NOT NULL,
    weight      REAL NOT NULL,
    PRIMARY KEY (analysis_id, position)
);
CREATE INDEX IF NOT EXISTS feedback_keywords_keyword ON feedback_keywords (keyword);
"""

_CHILD_TABLES = ("feedback_category_scores", "feedback_keywords")
_UPSERT = (
    f"INSERT INTO feedback ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
    " ON CONFLICT (analysis_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in ("analysis_id", "created_at"))
)
_RESET = (
    "INSERT INTO feedback (analysis_id, status, created_at, updated_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (analysis_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, "
    + ", ".join(f"{c} = NULL" for c in CLEARED)
)


def _ts(value: datetime) -> str:
    return utc(value).isoformat(timespec="microseconds")


class SqliteFeedbackRepository(SqliteStore):
    SCHEMA = _SCHEMA

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    @staticmethod
    async def _clear_children(db: aiosqlite.Connection, analysis_id: str) -> None:
        for table in _CHILD_TABLES:
            await db.execute(f"DELETE FROM {table} WHERE analysis_id = ?", (analysis_id,))

    async def mark_pending(self, analysis_id: str) -> FeedbackRecord:
        now = _ts(utcnow())
        async with self._transaction() as db:
            await db.execute(_RESET, (analysis_id, FeedbackStatus.PENDING.value, now, now))
            await self._clear_children(db, analysis_id)
            record = await self._read(analysis_id)
        assert record is not None
        return record

    async def save(self, record: FeedbackRecord) -> None:
        """Row, category scores and keywords replaced together: a reader never sees a mix of two writes."""
        check_finished(record)
        values = row_values(record)
        params = tuple(_ts(v) if isinstance(v, datetime) else v for v in values.values())
        async with self._transaction() as db:
            await db.execute(_UPSERT, params)
            await self._clear_children(db, record.analysis_id)
            await db.executemany(
                "INSERT INTO feedback_category_scores (analysis_id, position, category, score, reason)"
                " VALUES (?, ?, ?, ?, ?)",
                category_rows(record),
            )
            await db.executemany(
                "INSERT INTO feedback_keywords (analysis_id, position, keyword, weight) VALUES (?, ?, ?, ?)",
                keyword_rows(record),
            )

    async def get(self, analysis_id: str) -> FeedbackRecord | None:
        # Under the lock: on a shared connection a read between a writer's statements sees them uncommitted.
        async with self._lock:
            return await self._read(analysis_id)

    async def _read(self, analysis_id: str) -> FeedbackRecord | None:
        async with self._conn.execute("SELECT * FROM feedback WHERE analysis_id = ?", (analysis_id,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        async with self._conn.execute(
            "SELECT keyword, weight FROM feedback_keywords WHERE analysis_id = ? ORDER BY position", (analysis_id,)
        ) as cur:
            keywords = [(k, w) for k, w in await cur.fetchall()]
        fields: dict[str, Any] = dict(row)
        for column in ("created_at", "updated_at"):
            fields[column] = datetime.fromisoformat(fields[column])
        return record_from(fields, keywords)

    async def delete(self, analysis_id: str) -> bool:
        async with self._transaction() as db:
            await self._clear_children(db, analysis_id)
            cur = await db.execute("DELETE FROM feedback WHERE analysis_id = ?", (analysis_id,))
        return cur.rowcount == 1
