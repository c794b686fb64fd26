"""What only the MongoDB store promises: document layout, indexes, no secrets in describe, fast failure when down."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from bson import encode
from pymongo import AsyncMongoClient

from interview_analysis.storage.errors import StoreUnavailable
from interview_analysis.storage.models import NewAnalysis, SourceKind
from interview_analysis.storage.mongo_analyses import ANALYSES, TIMELINES, MongoAnalysisRepository
from interview_analysis.storage.mongo_documents import SCHEMA_VERSION
from tests.fixtures.servers import free_port
from tests.storage.test_analyses_contract import realistic_result


@pytest.fixture
async def repo(mongo_url: str, mongo_database: str) -> AsyncIterator[MongoAnalysisRepository]:
    store = MongoAnalysisRepository(mongo_url, mongo_database)
    await store.open()
    yield store
    await store.close()


@pytest.fixture
async def raw(mongo_url: str) -> AsyncIterator[AsyncMongoClient[dict[str, object]]]:
    """A plain client to look at the stored documents the repository wrote."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_url, serverSelectionTimeoutMS=3000)
    yield client
    await client.close()


def _new(key: str | None = "k") -> NewAnalysis:
    return NewAnalysis(user_id="u", session_id="s", source=SourceKind.UPLOAD, upload_path="/x", idempotency_key=key)


async def test_timelines_are_kept_outside_the_analysis_document(
    repo: MongoAnalysisRepository, raw: AsyncMongoClient[dict[str, object]], mongo_database: str
) -> None:
    record, _ = await repo.create(_new())
    await repo.claim(record.analysis_id)
    await repo.complete(record.analysis_id, realistic_result(1800))
    db = raw[mongo_database]
    doc = await db[ANALYSES].find_one({"analysis_id": record.analysis_id})
    assert doc is not None
    assert doc["schema_version"] == SCHEMA_VERSION
    result = doc["result"]
    assert isinstance(result, dict)
    assert "timeline" not in result["eye_tracking"]
    assert result["eye_tracking"]["attention_score"] == 81.5
    assert len(encode(doc)) < 16 * 1024
    parts = await db[TIMELINES].find({"analysis_id": record.analysis_id}).to_list()
    assert sorted(str(p["section"]) for p in parts) == ["eye_tracking", "voice_analysis"]
    assert all(len(encode(p)) < 1024 * 1024 for p in parts)


async def test_delete_removes_the_analysis_and_its_timelines(
    repo: MongoAnalysisRepository, raw: AsyncMongoClient[dict[str, object]], mongo_database: str
) -> None:
    record, _ = await repo.create(_new())
    await repo.claim(record.analysis_id)
    await repo.complete(record.analysis_id, realistic_result(120))
    assert await repo.delete(record.analysis_id)
    db = raw[mongo_database]
    assert await db[ANALYSES].count_documents({"analysis_id": record.analysis_id}) == 0
    assert await db[TIMELINES].count_documents({"analysis_id": record.analysis_id}) == 0


async def test_a_losing_completion_leaves_no_timelines_behind(
    repo: MongoAnalysisRepository, raw: AsyncMongoClient[dict[str, object]], mongo_database: str
) -> None:
    record, _ = await repo.create(_new())
    await repo.claim(record.analysis_id)
    await repo.complete(record.analysis_id, realistic_result(10))
    assert not await repo.complete(record.analysis_id, realistic_result(20))
    assert await raw[mongo_database][TIMELINES].count_documents({"analysis_id": record.analysis_id}) == 2


async def test_analyses_without_idempotency_key_do_not_collide(repo: MongoAnalysisRepository) -> None:
    first, _ = await repo.create(_new(key=None))
    second, enqueue = await repo.create(_new(key=None))
    assert enqueue
    assert first.analysis_id != second.analysis_id


async def test_open_creates_the_indexes(
    repo: MongoAnalysisRepository, raw: AsyncMongoClient[dict[str, object]], mongo_database: str
) -> None:
    info = await raw[mongo_database][ANALYSES].index_information()
    keys = {tuple(k for k, _ in index["key"]): index for index in info.values()}
    assert keys[("analysis_id",)].get("unique")
    assert keys[("idempotency_key",)].get("unique")
    assert "partialFilterExpression" in keys[("idempotency_key",)]
    assert ("user_id", "created_at") in keys
    assert ("status",) in keys


def test_describe_shows_no_credentials() -> None:
    store = MongoAnalysisRepository("mongodb://app:s3cret@db1:27017,db2:27017/?authSource=admin&tls=true", "ia")
    described = store.describe()
    assert described == {"backend": "mongodb", "url": "mongodb://db1:27017,db2:27017", "database": "ia"}
    assert "s3cret" not in str(described)


async def test_a_server_that_is_down_fails_open_quickly_and_clearly() -> None:
    store = MongoAnalysisRepository(f"mongodb://127.0.0.1:{free_port()}", "ia", connect_timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="mongodb"):
        await store.open()
    assert time.monotonic() - started < 5
