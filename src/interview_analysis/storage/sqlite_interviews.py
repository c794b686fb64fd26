"""Interviews on SQLite: one row per interview, its questions as a JSON document, replaced by compare-and-set."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime

from interview_analysis.storage.interview_models import InterviewRecord, NewInterview
from interview_analysis.storage.models import utcnow
from interview_analysis.storage.sqlite_base import SqliteStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS interviews (
    interview_id TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    doc_json     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS interviews_user_created ON interviews (tenant_id, user_id, created_at);
CREATE INDEX IF NOT EXISTS interviews_created ON interviews (created_at);
"""


def _ts(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def _record(row: sqlite3.Row) -> InterviewRecord:
    return InterviewRecord.model_validate_json(row["doc_json"])


class SqliteInterviewRepository(SqliteStore):
    SCHEMA = _SCHEMA

    async def create(self, new: NewInterview) -> InterviewRecord:
        now = utcnow()
        record = InterviewRecord(**new.model_dump(), interview_id=uuid.uuid4().hex, created_at=now, updated_at=now)
        await self._conn.execute(
            "INSERT INTO interviews (interview_id, tenant_id, user_id, version, created_at, updated_at, doc_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record.interview_id,
                record.tenant_id,
                record.user_id,
                record.version,
                _ts(now),
                _ts(now),
                record.model_dump_json(),
            ),
        )
        return record

    async def get(self, interview_id: str) -> InterviewRecord | None:
        async with self._conn.execute("SELECT doc_json FROM interviews WHERE interview_id = ?", (interview_id,)) as cur:
            row = await cur.fetchone()
        return _record(row) if row else None

    async def replace(self, record: InterviewRecord) -> InterviewRecord | None:
        now = utcnow()
        new = record.model_copy(update={"version": record.version + 1, "updated_at": now})
        cur = await self._conn.execute(
            "UPDATE interviews SET version = ?, updated_at = ?, doc_json = ? WHERE interview_id = ? AND version = ?",
            (new.version, _ts(now), new.model_dump_json(), record.interview_id, record.version),
        )
        return new if cur.rowcount == 1 else None

    async def of_user(self, tenant_id: str, user_id: str, limit: int) -> list[InterviewRecord]:
        sql = (
            "SELECT doc_json FROM interviews WHERE tenant_id = ? AND user_id = ?"
            " ORDER BY created_at DESC, rowid DESC LIMIT ?"
        )
        async with self._conn.execute(sql, (tenant_id, user_id, limit)) as cur:
            return [_record(row) for row in await cur.fetchall()]

    async def delete(self, interview_id: str) -> bool:
        cur = await self._conn.execute("DELETE FROM interviews WHERE interview_id = ?", (interview_id,))
        return cur.rowcount == 1

    async def expired(self, before: datetime, limit: int) -> list[str]:
        sql = "SELECT interview_id FROM interviews WHERE created_at < ? ORDER BY created_at LIMIT ?"
        async with self._conn.execute(sql, (_ts(before), limit)) as cur:
            return [str(row["interview_id"]) for row in await cur.fetchall()]
