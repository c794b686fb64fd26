"""What every SQLite-backed repository shares: one autocommit connection to the embedded file."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import aiosqlite


class SqliteStore:
    """Opens the file (WAL, so readers in other processes never block), applies ``SCHEMA``, then ``_upgrade``.

    Several repositories may share one file, each with its own connection and tables; the lock
    serialises a repository's own multi-statement operations on its single connection.
    """

    SCHEMA = ""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    @property
    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("repository is not open")
        return self._db

    def describe(self) -> dict[str, str]:
        return {"backend": "sqlite", "path": str(self._path)}

    async def open(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        db = await aiosqlite.connect(self._path, isolation_level=None)
        db.row_factory = sqlite3.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA busy_timeout=5000")
        await db.executescript(self.SCHEMA)
        await self._upgrade(db)
        self._db = db

    async def _upgrade(self, db: aiosqlite.Connection) -> None:
        """Bring a file made by an older version up to ``SCHEMA`` (nothing by default)."""

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def ping(self) -> None:
        await self._conn.execute("SELECT 1")
