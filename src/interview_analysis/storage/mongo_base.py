"""What every MongoDB repository shares: one ``AsyncMongoClient`` per repository, opened with a ping."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure

from interview_analysis.storage.errors import StoreUnavailable
from interview_analysis.storage.mongo_documents import Document


def public_url(url: str) -> str:
    """Scheme and hosts only: credentials and query options (which may hold secrets) are dropped."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


class MongoStore:
    """Connects on ``open`` (a server that is down raises StoreUnavailable), then ``_create_indexes``."""

    def __init__(self, url: str, database: str, *, connect_timeout_s: float = 3.0) -> None:
        self._url = url
        self._database = database
        self._timeout_ms = int(connect_timeout_s * 1000)
        self._client: AsyncMongoClient[Document] | None = None

    @property
    def _db(self) -> AsyncDatabase[Document]:
        if self._client is None:
            raise RuntimeError("repository is not open")
        return self._client[self._database]

    def describe(self) -> dict[str, str]:
        return {"backend": "mongodb", "url": public_url(self._url), "database": self._database}

    async def open(self) -> None:
        client: AsyncMongoClient[Document] = AsyncMongoClient(
            self._url,
            serverSelectionTimeoutMS=self._timeout_ms,
            connectTimeoutMS=self._timeout_ms,
            tz_aware=True,
            tzinfo=UTC,
            appname="interview-analysis",
        )
        self._client = client
        try:
            await client.admin.command("ping")
            await self._create_indexes()
        except ConnectionFailure as exc:
            await self.close()
            raise StoreUnavailable("mongodb", public_url(self._url), str(exc)) from exc
        except BaseException:
            await self.close()
            raise

    async def _create_indexes(self) -> None:
        """Each repository's own indexes; creating an existing index is a no-op."""

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def ping(self) -> None:
        await self._db.command("ping")
