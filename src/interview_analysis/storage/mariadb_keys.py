"""API keys on MariaDB, so that several API nodes behind a load balancer share them (migration 2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from interview_analysis.storage.keys import ApiKey
from interview_analysis.storage.mariadb_base import MariaDBStore
from interview_analysis.storage.models import utcnow


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)  # DATETIME has no zone: UTC wall time


def _key(row: dict[str, Any]) -> ApiKey:
    revoked = row["revoked_at"]
    return ApiKey(
        key_id=row["key_id"],
        tenant_id=row["tenant_id"],
        user_ids=json.loads(row["user_ids"]),
        name=row["name"],
        secret_hash=row["secret_hash"],
        created_at=row["created_at"].replace(tzinfo=UTC),
        revoked_at=revoked.replace(tzinfo=UTC) if revoked else None,
    )


class MariaDBKeyRepository(MariaDBStore):
    async def add(self, key: ApiKey) -> None:
        async with self._cursor() as cur:
            await cur.execute(
                "INSERT INTO api_keys (key_id, tenant_id, user_ids, name, secret_hash, created_at)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    key.key_id,
                    key.tenant_id,
                    json.dumps(key.user_ids),
                    key.name,
                    key.secret_hash,
                    _naive(key.created_at),
                ),
            )

    async def get(self, key_id: str) -> ApiKey | None:
        async with self._cursor() as cur:
            await cur.execute("SELECT * FROM api_keys WHERE key_id = %s", (key_id,))
            row: dict[str, Any] | None = await cur.fetchone()
        return _key(row) if row else None

    async def revoke(self, key_id: str) -> bool:
        async with self._cursor() as cur:
            await cur.execute(
                "UPDATE api_keys SET revoked_at = %s WHERE key_id = %s AND revoked_at IS NULL",
                (_naive(utcnow()), key_id),
            )
            return bool(cur.rowcount == 1)

    async def all(self) -> list[ApiKey]:
        async with self._cursor() as cur:
            await cur.execute("SELECT * FROM api_keys ORDER BY created_at")
            return [_key(row) for row in await cur.fetchall()]
