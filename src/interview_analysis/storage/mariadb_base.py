"""What every MariaDB-backed repository shares: an aiomysql pool on a database created and migrated at open.

utf8mb4, autocommit, parameterised queries only. At open the database is created when
missing and the versioned migrations are applied, so a fresh server needs nothing but a
user allowed to create the database.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiomysql  # type: ignore[import-untyped]
from pydantic import SecretStr

from interview_analysis.storage.errors import StoreUnavailable
from interview_analysis.storage.mariadb_migrations import apply_migrations

# An identifier cannot be a query parameter, so the database name is checked before it is quoted.
_DATABASE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
# Client error codes that mean "no server there" (retrying later may help), not a refused login.
_UNREACHABLE = {2002, 2003, 2006, 2013}


class MariaDBStore:
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
