"""Feedback as table rows, shared by the SQLite and MariaDB stores so both keep the same columns.

The ``content`` JSON is the record's source of truth; ``summary`` and the category-score and
keyword tables repeat parts of it so they can be searched and aggregated with plain SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from interview_analysis.storage.feedback_models import FeedbackContent, FeedbackRecord, FeedbackStatus, WriterKind

# Every column of ``feedback`` in the order both stores write it.
COLUMNS = (
    "analysis_id",
    "status",
    "writer",
    "content",
    "summary",
    "model",
    "prompt_version",
    "prompt_tokens",
    "completion_tokens",
    "latency_ms",
    "error_code",
    "error_message",
    "created_at",
    "updated_at",
)
# What a regeneration clears: everything but the key and the creation time.
CLEARED = tuple(c for c in COLUMNS if c not in ("analysis_id", "status", "created_at", "updated_at"))


def utc(value: datetime) -> datetime:
    """Aware UTC; a naive value is taken as UTC already (both stores keep UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def check_finished(record: FeedbackRecord) -> None:
    if record.status == FeedbackStatus.PENDING:  # ==, not is: model_copy(update=...) may carry a plain str
        raise ValueError("save() stores finished feedback; use mark_pending() for a pending one")


def row_values(record: FeedbackRecord) -> dict[str, Any]:
    """Column -> value, timestamps as aware UTC (each store converts them to its own form)."""
    content = record.content
    return {
        "analysis_id": record.analysis_id,
        "status": FeedbackStatus(record.status).value,
        "writer": WriterKind(record.writer).value if record.writer else None,
        "content": content.model_dump_json() if content else None,
        "summary": content.summary if content else None,
        "model": record.model,
        "prompt_version": record.prompt_version,
        "prompt_tokens": record.prompt_tokens,
        "completion_tokens": record.completion_tokens,
        "latency_ms": record.latency_ms,
        "error_code": record.error_code,
        "error_message": record.error_message,
        "created_at": utc(record.created_at),
        "updated_at": utc(record.updated_at),
    }


def category_rows(record: FeedbackRecord) -> list[tuple[str, int, str, int, str]]:
    """(analysis_id, position, category, score, reason), in the content's order."""
    if record.content is None:
        return []
    return [
        (record.analysis_id, i, c.category, c.score, c.reason) for i, c in enumerate(record.content.category_scores)
    ]


def keyword_rows(record: FeedbackRecord) -> list[tuple[str, int, str, float]]:
    """(analysis_id, position, keyword, weight); the position keeps the writer's order."""
    return [(record.analysis_id, i, k, float(w)) for i, (k, w) in enumerate(record.keyword_scores.items())]


def record_from(row: Mapping[str, Any], keywords: list[tuple[str, float]]) -> FeedbackRecord:
    """A row (timestamps already aware UTC) and its keyword rows in position order."""
    content = row["content"]
    return FeedbackRecord(
        analysis_id=row["analysis_id"],
        status=row["status"],
        writer=row["writer"],
        content=FeedbackContent.model_validate_json(content) if content else None,
        keyword_scores=dict(keywords),
        model=row["model"],
        prompt_version=row["prompt_version"],
        prompt_tokens=row["prompt_tokens"],
        completion_tokens=row["completion_tokens"],
        latency_ms=row["latency_ms"],
        error_code=row["error_code"],
        error_message=row["error_message"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
