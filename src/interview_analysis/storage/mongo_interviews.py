"""Interviews on MongoDB: one document each, replaced by compare-and-set on ``version`` (no transactions)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.collection import AsyncCollection

from interview_analysis.storage.interview_models import InterviewRecord, NewInterview
from interview_analysis.storage.mongo_base import MongoStore
from interview_analysis.storage.mongo_documents import Document, now_ms

INTERVIEWS = "interviews"


def _document(record: InterviewRecord) -> Document:
    return {
        "interview_id": record.interview_id,
        "tenant_id": record.tenant_id,
        "user_id": record.user_id,
        "version": record.version,
        "created_at": record.created_at,
        "doc": record.model_dump(mode="json"),
    }


def _record(doc: Document) -> InterviewRecord:
    return InterviewRecord.model_validate(doc["doc"])


class MongoInterviewRepository(MongoStore):
    @property
    def _interviews(self) -> AsyncCollection[Document]:
        return self._db[INTERVIEWS]

    async def _create_indexes(self) -> None:
        await self._interviews.create_indexes(
            [
                IndexModel("interview_id", unique=True),
                IndexModel([("tenant_id", ASCENDING), ("user_id", ASCENDING), ("created_at", DESCENDING)]),
                IndexModel([("created_at", ASCENDING)]),
            ]
        )

    async def create(self, new: NewInterview) -> InterviewRecord:
        now = now_ms()  # what MongoDB keeps, so a read gives back the same instant
        record = InterviewRecord(**new.model_dump(), interview_id=uuid.uuid4().hex, created_at=now, updated_at=now)
        await self._interviews.insert_one(_document(record))
        return record

    async def get(self, interview_id: str) -> InterviewRecord | None:
        doc = await self._interviews.find_one({"interview_id": interview_id})
        return _record(doc) if doc else None

    async def replace(self, record: InterviewRecord) -> InterviewRecord | None:
        new = record.model_copy(update={"version": record.version + 1, "updated_at": now_ms()})
        outcome = await self._interviews.replace_one(
            {"interview_id": record.interview_id, "version": record.version}, _document(new)
        )
        return new if outcome.matched_count == 1 else None

    async def of_user(self, tenant_id: str, user_id: str, limit: int) -> list[InterviewRecord]:
        query = {"tenant_id": tenant_id, "user_id": user_id}
        cursor = self._interviews.find(query).sort([("created_at", DESCENDING), ("_id", DESCENDING)]).limit(limit)
        return [_record(doc) for doc in await cursor.to_list()]

    async def delete(self, interview_id: str) -> bool:
        outcome = await self._interviews.delete_one({"interview_id": interview_id})
        return outcome.deleted_count == 1

    async def expired(self, before: datetime, limit: int) -> list[str]:
        if limit <= 0:
            return []
        query = {"created_at": {"$lt": before}}
        cursor = self._interviews.find(query, {"_id": 0, "interview_id": 1}).sort("created_at", ASCENDING).limit(limit)
        return [doc["interview_id"] for doc in await cursor.to_list()]
