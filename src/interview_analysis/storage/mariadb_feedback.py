"""Feedback on MariaDB through an aiomysql pool (utf8mb4, parameterised queries only).

At open the database is created when missing and the versioned migrations are applied,
so a fresh server needs nothing but a user allowed to create the database.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import aiomysql  # type: ignore[import-untyped]
from pydantic import SecretStr

from interview_analysis.storage.errors import StoreUnavailable
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
from interview_analysis.storage.mariadb_migrations import apply_migrations
from interview_analysis.storage.models import utcnow

# An identifier cannot be a query parameter, so the database name is checked before it is quoted.
_DATABASE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
# Client error codes that mean "no server there" (retrying later may help), not a refused login.
_UNREACHABLE = {2002, 2003, 2006, 2013}

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


class MariaDBFeedbackRepository:
    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: SecretStr,
        database: str,
        *,
        connect_timeout_s: float = 3.0,
        pool_size: int = 5,
    ) -> None:
        if not _DATABASE_NAME.match(database):
            raise ValueError(f"MariaDB database name must be letters, digits and _ (at most 64): {database!r}")
        self._host = host
        self._port = port
        self._user = user
        self._password = password
        self._database = database
        self._timeout_s = connect_timeout_s
        self._pool_size = pool_size
        self._pool: Any = None

    def describe(self) -> dict[str, str]:
        return {"backend": "mariadb", "host": f"{self._host}:{self._port}", "database": self._database}

    def _connect_args(self) -> dict[str, Any]:
        return {
            "host": self._host,
            "port": self._port,
            "user": self._user,
            "password": self._password.get_secret_value(),
            "charset": "utf8mb4",
            "connect_timeout": self._timeout_s,
            "autocommit": True,
        }

    async def open(self) -> None:
        """Create the database if needed, apply migrations, start the pool; raise StoreUnavailable when down."""
        try:
            conn = await aiomysql.connect(**self._connect_args())
            try:
                async with conn.cursor() as cur:
                    # "already exists" notes on every start after the first would surface as Python warnings.
                    await cur.execute("SET SESSION sql_notes = 0")
                    # Looked up first so a user granted only this database (no CREATE elsewhere) can start.
                    await cur.execute(
                        "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (self._database,)
                    )
                    if await cur.fetchone() is None:
                        await cur.execute(
                            f"CREATE DATABASE IF NOT EXISTS `{self._database}`"
                            " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                        )
                await conn.select_db(self._database)
                await apply_migrations(conn, self._database)
            finally:
                conn.close()
            self._pool = await aiomysql.create_pool(
                db=self._database, minsize=1, maxsize=self._pool_size, pool_recycle=3600, **self._connect_args()
            )
        except aiomysql.OperationalError as exc:
            if exc.args and exc.args[0] in _UNREACHABLE:
                raise StoreUnavailable("mariadb", f"{self._host}:{self._port}", str(exc.args[-1])) from exc
            raise

    async def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            await self._pool.wait_closed()
            self._pool = None

    @asynccontextmanager
    async def _cursor(self, transaction: bool = False) -> AsyncIterator[Any]:
        if self._pool is None:
            raise RuntimeError("repository is not open")
        async with self._pool.acquire() as conn:
            if not transaction:
                async with conn.cursor(aiomysql.DictCursor) as cur:
                    yield cur
                return
            await conn.begin()
            try:
                async with conn.cursor(aiomysql.DictCursor) as cur:
                    yield cur
            except BaseException:
                await conn.rollback()
                raise
            await conn.commit()

    async def ping(self) -> None:
        async with self._cursor() as cur:
            await cur.execute("SELECT 1")

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
