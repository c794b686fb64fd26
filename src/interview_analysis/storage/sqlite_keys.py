"""API keys in SQLite, beside the embedded analyses (one small table)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from interview_analysis.storage.keys import ApiKey
from interview_analysis.storage.models import utcnow
from interview_analysis.storage.sqlite_base import SqliteStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    key_id      TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    user_ids    TEXT NOT NULL,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
"""


def _key(row: sqlite3.Row) -> ApiKey:
    return ApiKey(
        key_id=row["key_id"],
        tenant_id=row["tenant_id"],
        user_ids=json.loads(row["user_ids"]),
        name=row["name"],
        secret_hash=row["secret_hash"],
        created_at=datetime.fromisoformat(row["created_at"]),
        revoked_at=datetime.fromisoformat(row["revoked_at"]) if row["revoked_at"] else None,
    )


class SqliteKeyRepository(SqliteStore):
    SCHEMA = _SCHEMA

    async def add(self, key: ApiKey) -> None:
        await self._conn.execute(
            "INSERT INTO api_keys (key_id, tenant_id, user_ids, name, secret_hash, created_at) VALUES (?,?,?,?,?,?)",
            (
                key.key_id,
                key.tenant_id,
                json.dumps(key.user_ids),
                key.name,
                key.secret_hash,
                key.created_at.isoformat(),
            ),
        )

    async def get(self, key_id: str) -> ApiKey | None:
        async with self._conn.execute("SELECT * FROM api_keys WHERE key_id = ?", (key_id,)) as cur:
            row = await cur.fetchone()
        return _key(row) if row else None

    async def revoke(self, key_id: str) -> bool:
        cur = await self._conn.execute(
            "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL",
            (utcnow().isoformat(), key_id),
        )
        return cur.rowcount == 1

    async def all(self) -> list[ApiKey]:
        async with self._conn.execute("SELECT * FROM api_keys ORDER BY created_at") as cur:
            return [_key(row) for row in await cur.fetchall()]
