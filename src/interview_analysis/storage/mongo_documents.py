"""How an analysis is laid out in MongoDB: one document, with per-second timelines kept apart.

A 30-minute video gives every section a 1,800-row ``timeline``; left inline, a few such
sections push one document towards the 16 MB BSON limit and make every status poll read
them. So each section's timeline lives in ``analysis_timelines`` (one document per analysis
and section) and is put back only when a record is read whole.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from interview_analysis.storage.models import LOCAL_TENANT, AnalysisRecord, JobStatus, NewAnalysis, Stage, StoredError

SCHEMA_VERSION = 1
TIMELINE_KEY = "timeline"

Document = dict[str, Any]


def now_ms() -> datetime:
    """The current UTC time cut to the millisecond BSON keeps, so a record equals itself read back."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def new_document(analysis_id: str, new: NewAnalysis, now: datetime) -> Document:
    return {
        "analysis_id": analysis_id,
        "schema_version": SCHEMA_VERSION,
        "idempotency_key": new.idempotency_key,
        "tenant_id": new.tenant_id,
        "user_id": new.user_id,
        "session_id": new.session_id,
        "source": new.source.value,
        "s3_bucket": new.s3_bucket,
        "s3_key": new.s3_key,
        "upload_path": new.upload_path,
        "question": new.question,
        "question_id": new.question_id,
        "created_at": now,
        **reset_fields(now),
    }


def reset_fields(now: datetime) -> Document:
    """A queued analysis with no trace of an earlier attempt (new, or a failed one resubmitted)."""
    return {
        "status": JobStatus.QUEUED.value,
        "stage": Stage.QUEUED.value,
        "progress": 0.0,
        "attempts": 0,
        "updated_at": now,
        "started_at": None,
        "finished_at": None,
        "heartbeat_at": None,
        "error": None,
        "result": None,
        "timeline_write_id": None,
    }


def split_timelines(result: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The result without its sections' timelines, and those timelines by section name."""
    body: dict[str, Any] = {}
    timelines: dict[str, list[Any]] = {}
    for name, section in result.items():
        if isinstance(section, dict) and isinstance(section.get(TIMELINE_KEY), list):
            timelines[name] = section[TIMELINE_KEY]
            body[name] = {key: value for key, value in section.items() if key != TIMELINE_KEY}
        else:
            body[name] = section
    return body, timelines


def timeline_documents(analysis_id: str, write_id: str, timelines: dict[str, list[Any]]) -> list[Document]:
    return [
        {
            "analysis_id": analysis_id,
            "write_id": write_id,
            "section": section,
            "schema_version": SCHEMA_VERSION,
            TIMELINE_KEY: rows,
        }
        for section, rows in timelines.items()
    ]


def record_from(doc: Document, timelines: dict[str, list[Any]]) -> AnalysisRecord:
    """The stored document (``_id`` excluded) as a record, its timelines put back in their sections."""
    result: dict[str, Any] | None = doc.get("result")
    if result is not None and timelines:
        result = dict(result)
        for section, rows in timelines.items():
            result[section] = {**result.get(section, {}), TIMELINE_KEY: rows}
    error = doc.get("error")
    return AnalysisRecord(
        analysis_id=doc["analysis_id"],
        idempotency_key=doc.get("idempotency_key"),
        tenant_id=doc.get("tenant_id", LOCAL_TENANT),
        user_id=doc["user_id"],
        session_id=doc["session_id"],
        source=doc["source"],
        s3_bucket=doc.get("s3_bucket"),
        s3_key=doc.get("s3_key"),
        upload_path=doc.get("upload_path"),
        question=doc.get("question"),
        question_id=doc.get("question_id"),
        status=doc["status"],
        stage=doc["stage"],
        progress=doc["progress"],
        attempts=doc["attempts"],
        created_at=doc["created_at"],
        updated_at=doc["updated_at"],
        started_at=doc.get("started_at"),
        finished_at=doc.get("finished_at"),
        heartbeat_at=doc.get("heartbeat_at"),
        error=StoredError(code=error["code"], message=error["message"]) if error else None,
        result=result,
    )
