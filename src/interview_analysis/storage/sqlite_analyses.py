"""Analyses on SQLite: the embedded default, one file under DATA_DIR.

One connection, autocommit: every status transition is a single ``UPDATE ... WHERE
status = ?`` so it is atomic without a transaction; the only two-step operation
(create-or-return) runs under a lock.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime
from typing import Any

import aiosqlite

from interview_analysis.results import AnalysisResult
from interview_analysis.storage.models import (
    AnalysisRecord,
    JobStatus,
    NewAnalysis,
    Stage,
    StoredError,
    utcnow,
)
from interview_analysis.storage.sqlite_base import SqliteStore

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (
    analysis_id     TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    tenant_id       TEXT NOT NULL DEFAULT 'local',
    user_id         TEXT NOT NULL,
    session_id      TEXT NOT NULL,
    source          TEXT NOT NULL,
    s3_bucket       TEXT,
    s3_key          TEXT,
    upload_path     TEXT,
    question        TEXT,
    question_id     TEXT,
    status          TEXT NOT NULL,
    stage           TEXT NOT NULL,
    progress        REAL NOT NULL DEFAULT 0,
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    started_at      TEXT,
    finished_at     TEXT,
    heartbeat_at    TEXT,
    error_code      TEXT,
    error_message   TEXT,
    result_json     TEXT,
    schema_version  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS analyses_user_created ON analyses (user_id, created_at);
CREATE INDEX IF NOT EXISTS analyses_created ON analyses (created_at);
CREATE INDEX IF NOT EXISTS analyses_status ON analyses (status);
"""

_Q = JobStatus.QUEUED.value
_P = JobStatus.PROCESSING.value


def _ts(value: datetime | None) -> str | None:
    return value.isoformat(timespec="microseconds") if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _record(row: sqlite3.Row) -> AnalysisRecord:
    error = StoredError(code=row["error_code"], message=row["error_message"]) if row["error_code"] else None
    return AnalysisRecord(
        analysis_id=row["analysis_id"],
        idempotency_key=row["idempotency_key"],
        tenant_id=row["tenant_id"],
        user_id=row["user_id"],
        session_id=row["session_id"],
        source=row["source"],
        s3_bucket=row["s3_bucket"],
        s3_key=row["s3_key"],
        upload_path=row["upload_path"],
        question=row["question"],
        question_id=row["question_id"],
        status=row["status"],
        stage=row["stage"],
        progress=row["progress"],
        attempts=row["attempts"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        started_at=_dt(row["started_at"]),
        finished_at=_dt(row["finished_at"]),
        heartbeat_at=_dt(row["heartbeat_at"]),
        error=error,
        result=json.loads(row["result_json"]) if row["result_json"] else None,
    )


class SqliteAnalysisRepository(SqliteStore):
    SCHEMA = _SCHEMA

    async def _upgrade(self, db: aiosqlite.Connection) -> None:
        async with db.execute("PRAGMA table_info(analyses)") as cur:
            columns = {row["name"] for row in await cur.fetchall()}
        if "tenant_id" not in columns:  # a file made before tenants existed
            await db.execute("ALTER TABLE analyses ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'local'")
        for column in ("question", "question_id"):  # a file made before questions were stored
            if column not in columns:
                await db.execute(f"ALTER TABLE analyses ADD COLUMN {column} TEXT")
        await db.execute("CREATE INDEX IF NOT EXISTS analyses_tenant_created ON analyses (tenant_id, created_at)")

    async def _one(self, sql: str, params: tuple[Any, ...]) -> AnalysisRecord | None:
        async with self._conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        return _record(row) if row else None

    async def _update(self, sql: str, params: tuple[Any, ...]) -> bool:
        cur = await self._conn.execute(sql, params)
        return cur.rowcount == 1

    async def create(self, new: NewAnalysis) -> tuple[AnalysisRecord, bool]:
        now = _ts(utcnow())
        analysis_id = uuid.uuid4().hex
        async with self._lock:
            try:
                await self._conn.execute(
                    "INSERT INTO analyses (analysis_id, idempotency_key, tenant_id, user_id, session_id, source,"
                    " s3_bucket, s3_key, upload_path, question, question_id, status, stage, created_at, updated_at,"
                    " schema_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        analysis_id,
                        new.idempotency_key,
                        new.tenant_id,
                        new.user_id,
                        new.session_id,
                        new.source.value,
                        new.s3_bucket,
                        new.s3_key,
                        new.upload_path,
                        new.question,
                        new.question_id,
                        _Q,
                        Stage.QUEUED.value,
                        now,
                        now,
                        SCHEMA_VERSION,
                    ),
                )
            except sqlite3.IntegrityError:
                existing = await self._one("SELECT * FROM analyses WHERE idempotency_key = ?", (new.idempotency_key,))
                if existing is None:
                    raise
                requeued = await self._update(
                    "UPDATE analyses SET status=?, stage=?, progress=0, attempts=0, error_code=NULL,"
                    " error_message=NULL, result_json=NULL, started_at=NULL, finished_at=NULL, heartbeat_at=NULL,"
                    " updated_at=? WHERE analysis_id=? AND status=?",
                    (_Q, Stage.QUEUED.value, now, existing.analysis_id, JobStatus.FAILED.value),
                )
                record = await self.get(existing.analysis_id) if requeued else existing
                assert record is not None
                return record, requeued
        record = await self.get(analysis_id)
        assert record is not None
        return record, True

    async def get(self, analysis_id: str) -> AnalysisRecord | None:
        return await self._one("SELECT * FROM analyses WHERE analysis_id = ?", (analysis_id,))

    async def recent(
        self, limit: int, user_id: str | None = None, tenant_id: str | None = None
    ) -> list[AnalysisRecord]:
        filters = [(column, value) for column, value in (("user_id", user_id), ("tenant_id", tenant_id)) if value]
        where = " AND ".join(f"{column} = ?" for column, _ in filters)  # column names are ours, never input
        sql = f"SELECT * FROM analyses {'WHERE ' + where if where else ''} ORDER BY created_at DESC LIMIT ?"
        params = (*(value for _, value in filters), limit)
        async with self._conn.execute(sql, params) as cur:
            rows = await cur.fetchall()
        return [_record(r) for r in rows]

    async def claim(self, analysis_id: str) -> AnalysisRecord | None:
        now = _ts(utcnow())
        claimed = await self._update(
            "UPDATE analyses SET status=?, attempts=attempts+1, started_at=?, heartbeat_at=?, updated_at=?"
            " WHERE analysis_id=? AND status=?",
            (_P, now, now, now, analysis_id, _Q),
        )
        return await self.get(analysis_id) if claimed else None

    async def set_progress(self, analysis_id: str, stage: Stage, progress: float) -> bool:
        now = _ts(utcnow())
        return await self._update(
            "UPDATE analyses SET stage=?, progress=?, heartbeat_at=?, updated_at=? WHERE analysis_id=? AND status=?",
            (stage.value, max(0.0, min(1.0, progress)), now, now, analysis_id, _P),
        )

    async def complete(self, analysis_id: str, result: AnalysisResult) -> bool:
        now = _ts(utcnow())
        return await self._update(
            "UPDATE analyses SET status=?, stage=?, progress=1, result_json=?, finished_at=?, updated_at=?"
            " WHERE analysis_id=? AND status=?",
            (
                JobStatus.COMPLETED.value,
                Stage.DONE.value,
                json.dumps(result.dump(), ensure_ascii=False),
                now,
                now,
                analysis_id,
                _P,
            ),
        )

    async def fail(self, analysis_id: str, code: str, message: str) -> bool:
        now = _ts(utcnow())
        return await self._update(
            "UPDATE analyses SET status=?, stage=?, error_code=?, error_message=?, finished_at=?, updated_at=?"
            " WHERE analysis_id=? AND status IN (?, ?)",
            (JobStatus.FAILED.value, Stage.DONE.value, code, message, now, now, analysis_id, _Q, _P),
        )

    async def requeue(self, analysis_id: str) -> bool:
        now = _ts(utcnow())
        return await self._update(
            "UPDATE analyses SET status=?, stage=?, progress=0, updated_at=? WHERE analysis_id=? AND status=?",
            (_Q, Stage.QUEUED.value, now, analysis_id, _P),
        )

    async def unfinished(self, heartbeat_before: datetime | None = None) -> list[AnalysisRecord]:
        params: tuple[Any, ...]
        if heartbeat_before is None:
            sql, params = "SELECT * FROM analyses WHERE status IN (?, ?) ORDER BY created_at", (_Q, _P)
        else:
            sql = (
                "SELECT * FROM analyses WHERE status = ? OR (status = ? AND (heartbeat_at IS NULL OR heartbeat_at < ?))"
                " ORDER BY created_at"
            )
            params = (_Q, _P, _ts(heartbeat_before))
        async with self._conn.execute(sql, params) as cur:
            rows = await cur.fetchall()
        return [_record(r) for r in rows]

    async def delete(self, analysis_id: str) -> bool:
        return await self._update("DELETE FROM analyses WHERE analysis_id = ?", (analysis_id,))

    async def expired(self, before: datetime, limit: int) -> list[str]:
        sql = "SELECT analysis_id FROM analyses WHERE status IN (?, ?) AND created_at < ? ORDER BY created_at LIMIT ?"
        params = (JobStatus.COMPLETED.value, JobStatus.FAILED.value, _ts(before), limit)
        async with self._conn.execute(sql, params) as cur:
            return [row["analysis_id"] for row in await cur.fetchall()]

    async def count_active(self, user_id: str, tenant_id: str | None = None) -> int:
        sql = "SELECT COUNT(*) FROM analyses WHERE user_id = ? AND status IN (?, ?)"
        params: tuple[Any, ...] = (user_id, _Q, _P)
        if tenant_id is not None:
            sql, params = sql + " AND tenant_id = ?", (*params, tenant_id)
        async with self._conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
