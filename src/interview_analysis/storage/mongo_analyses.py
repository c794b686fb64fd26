"""Analyses on MongoDB through PyMongo's async API (``AsyncMongoClient``; Motor is deprecated).

Every status transition is one ``find_one_and_update``/``update_one`` filtered on the
status it leaves, so the server decides races: of two concurrent claims exactly one
matches, and a finished analysis matches no transition at all. No multi-document
transactions are used, so a standalone server works as well as a replica set.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from interview_analysis.results import AnalysisResult
from interview_analysis.storage.models import AnalysisRecord, JobStatus, NewAnalysis, Stage
from interview_analysis.storage.mongo_base import MongoStore
from interview_analysis.storage.mongo_documents import (
    TIMELINE_KEY,
    Document,
    new_document,
    now_ms,
    record_from,
    reset_fields,
    split_timelines,
    timeline_documents,
)

ANALYSES = "analyses"
TIMELINES = "analysis_timelines"

_Q = JobStatus.QUEUED.value
_P = JobStatus.PROCESSING.value
_NO_ID = {"_id": False}
# Newest first; _id (client-made ObjectIds, increasing within a process) breaks ties
# between analyses created in the same millisecond.
_NEWEST_FIRST = [("created_at", DESCENDING), ("_id", DESCENDING)]
_OLDEST_FIRST = [("created_at", ASCENDING), ("_id", ASCENDING)]


class MongoAnalysisRepository(MongoStore):
    @property
    def _analyses(self) -> AsyncCollection[Document]:
        return self._db[ANALYSES]

    @property
    def _timelines(self) -> AsyncCollection[Document]:
        return self._db[TIMELINES]

    async def _create_indexes(self) -> None:
        await self._analyses.create_indexes(
            [
                IndexModel("analysis_id", unique=True),
                # Partial, not sparse: a sparse index still indexes explicit nulls, which would collide.
                IndexModel(
                    "idempotency_key", unique=True, partialFilterExpression={"idempotency_key": {"$type": "string"}}
                ),
                IndexModel([("user_id", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("created_at", DESCENDING)]),
                IndexModel([("tenant_id", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel("status"),
            ]
        )
        await self._timelines.create_indexes(
            [IndexModel([("analysis_id", ASCENDING), ("write_id", ASCENDING), ("section", ASCENDING)], unique=True)]
        )

    async def _records(self, docs: list[Document]) -> list[AnalysisRecord]:
        """Records with their timelines put back, in one query for all of them."""
        write_ids = {doc["analysis_id"]: doc["timeline_write_id"] for doc in docs if doc.get("timeline_write_id")}
        timelines: dict[str, dict[str, list[Any]]] = {}
        if write_ids:
            query = {"analysis_id": {"$in": list(write_ids)}, "write_id": {"$in": list(write_ids.values())}}
            async for part in self._timelines.find(query, _NO_ID):
                if write_ids.get(part["analysis_id"]) == part["write_id"]:
                    timelines.setdefault(part["analysis_id"], {})[part["section"]] = part[TIMELINE_KEY]
        return [record_from(doc, timelines.get(doc["analysis_id"], {})) for doc in docs]

    async def _record(self, doc: Document | None) -> AnalysisRecord | None:
        return (await self._records([doc]))[0] if doc else None

    async def create(self, new: NewAnalysis) -> tuple[AnalysisRecord, bool]:
        now = now_ms()
        analysis_id = uuid.uuid4().hex
        try:
            await self._analyses.insert_one(new_document(analysis_id, new, now))
        except DuplicateKeyError:
            # The unique index settled a concurrent or repeated submission: hand back that analysis.
            if new.idempotency_key is None:
                raise
            existing = await self._analyses.find_one({"idempotency_key": new.idempotency_key}, _NO_ID)
            if existing is None:  # deleted in between: let the caller retry
                raise
            requeued = await self._analyses.find_one_and_update(
                {"analysis_id": existing["analysis_id"], "status": JobStatus.FAILED.value},
                {"$set": reset_fields(now)},
                projection=_NO_ID,
                return_document=ReturnDocument.AFTER,
            )
            record = await self._record(requeued or existing)
            assert record is not None
            return record, requeued is not None
        record = await self.get(analysis_id)
        assert record is not None
        return record, True

    async def get(self, analysis_id: str) -> AnalysisRecord | None:
        return await self._record(await self._analyses.find_one({"analysis_id": analysis_id}, _NO_ID))

    async def recent(
        self, limit: int, user_id: str | None = None, tenant_id: str | None = None
    ) -> list[AnalysisRecord]:
        if limit <= 0:  # MongoDB reads limit(0) as "no limit"; SQL's LIMIT 0 returns nothing
            return []
        query: dict[str, str] = {} if user_id is None else {"user_id": user_id}
        if tenant_id is not None:
            query["tenant_id"] = tenant_id
        docs = await self._analyses.find(query, _NO_ID).sort(_NEWEST_FIRST).limit(limit).to_list()
        return await self._records(docs)

    async def claim(self, analysis_id: str) -> AnalysisRecord | None:
        now = now_ms()
        doc = await self._analyses.find_one_and_update(
            {"analysis_id": analysis_id, "status": _Q},
            {
                "$set": {"status": _P, "started_at": now, "heartbeat_at": now, "updated_at": now},
                "$inc": {"attempts": 1},
            },
            projection=_NO_ID,
            return_document=ReturnDocument.AFTER,
        )
        return await self._record(doc)

    async def _move(self, analysis_id: str, from_status: list[str], changes: Document) -> bool:
        outcome = await self._analyses.update_one(
            {"analysis_id": analysis_id, "status": {"$in": from_status}}, {"$set": changes}
        )
        return outcome.matched_count == 1

    async def set_progress(self, analysis_id: str, stage: Stage, progress: float) -> bool:
        now = now_ms()
        changes = {
            "stage": stage.value,
            "progress": max(0.0, min(1.0, progress)),
            "heartbeat_at": now,
            "updated_at": now,
        }
        return await self._move(analysis_id, [_P], changes)

    async def complete(self, analysis_id: str, result: AnalysisResult) -> bool:
        """Timelines first, under a fresh write id that only the winning transition publishes.

        Without transactions the two writes cannot be one; keying timelines by write id means a
        late, losing completion (a worker presumed lost) never overwrites the winner's timelines,
        and a reader never sees a completed analysis whose timelines are missing.
        """
        now = now_ms()
        body, timelines = split_timelines(result.dump())
        write_id = uuid.uuid4().hex if timelines else None
        if write_id is not None:
            await self._timelines.insert_many(timeline_documents(analysis_id, write_id, timelines))
        changes = {
            "status": JobStatus.COMPLETED.value,
            "stage": Stage.DONE.value,
            "progress": 1.0,
            "result": body,
            "timeline_write_id": write_id,
            "finished_at": now,
            "updated_at": now,
        }
        completed = await self._move(analysis_id, [_P], changes)
        if not completed and write_id is not None:
            await self._timelines.delete_many({"analysis_id": analysis_id, "write_id": write_id})
        return completed

    async def fail(self, analysis_id: str, code: str, message: str) -> bool:
        now = now_ms()
        changes = {
            "status": JobStatus.FAILED.value,
            "stage": Stage.DONE.value,
            "error": {"code": code, "message": message},
            "finished_at": now,
            "updated_at": now,
        }
        return await self._move(analysis_id, [_Q, _P], changes)

    async def requeue(self, analysis_id: str) -> bool:
        changes = {"status": _Q, "stage": Stage.QUEUED.value, "progress": 0.0, "updated_at": now_ms()}
        return await self._move(analysis_id, [_P], changes)

    async def unfinished(self, heartbeat_before: datetime | None = None) -> list[AnalysisRecord]:
        query: Document
        if heartbeat_before is None:
            query = {"status": {"$in": [_Q, _P]}}
        else:
            stale = {"$or": [{"heartbeat_at": None}, {"heartbeat_at": {"$lt": heartbeat_before}}]}
            query = {"$or": [{"status": _Q}, {"status": _P, **stale}]}
        docs = await self._analyses.find(query, _NO_ID).sort(_OLDEST_FIRST).to_list()
        return await self._records(docs)

    async def delete(self, analysis_id: str) -> bool:
        """The analysis first, so no reader finds it without its timelines; then every timeline it had."""
        outcome = await self._analyses.delete_one({"analysis_id": analysis_id})
        await self._timelines.delete_many({"analysis_id": analysis_id})
        return outcome.deleted_count == 1

    async def expired(self, before: datetime, limit: int) -> list[str]:
        if limit <= 0:
            return []
        query = {"status": {"$in": [JobStatus.COMPLETED.value, JobStatus.FAILED.value]}, "created_at": {"$lt": before}}
        cursor = self._analyses.find(query, {"_id": 0, "analysis_id": 1}).sort("created_at", ASCENDING).limit(limit)
        return [doc["analysis_id"] for doc in await cursor.to_list()]

    async def count_active(self, user_id: str, tenant_id: str | None = None) -> int:
        query: Document = {"user_id": user_id, "status": {"$in": [_Q, _P]}}
        if tenant_id is not None:
            query["tenant_id"] = tenant_id
        return await self._analyses.count_documents(query)
