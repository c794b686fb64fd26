"""The contract every feedback backend must keep: SQLite (embedded) and MariaDB (a real server)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from interview_analysis.config import StorageSettings
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.feedback_models import (
    CategoryScore,
    FeedbackContent,
    FeedbackPoint,
    FeedbackRecord,
    FeedbackStatus,
    WriterKind,
)
from interview_analysis.storage.mariadb_feedback import MariaDBFeedbackRepository
from interview_analysis.storage.models import utcnow
from interview_analysis.storage.sqlite_feedback import SqliteFeedbackRepository

MakeRepo = Callable[[], FeedbackRepository]


def mariadb_repository(settings: StorageSettings) -> MariaDBFeedbackRepository:
    return MariaDBFeedbackRepository(
        settings.mariadb_host,
        settings.mariadb_port,
        settings.mariadb_user,
        settings.mariadb_password,
        settings.mariadb_database,
    )


@pytest.fixture(params=["sqlite", "mariadb"])
def make_repo(request: pytest.FixtureRequest, tmp_path: Path) -> MakeRepo:
    """Builds unopened repositories that all point at one store of this test's own."""
    if request.param == "mariadb":
        settings: StorageSettings = request.getfixturevalue("mariadb_settings")
        return lambda: mariadb_repository(settings)
    return lambda: SqliteFeedbackRepository(tmp_path / "a.sqlite3")


@pytest.fixture
async def repo(make_repo: MakeRepo) -> AsyncIterator[FeedbackRepository]:
    store = make_repo()
    await store.open()
    yield store
    await store.close()


def finished(pending: FeedbackRecord, **changes: object) -> FeedbackRecord:
    """A completed LLM feedback in Korean (with emoji), as the feedback service saves it."""
    content = FeedbackContent(
        summary="전반적으로 차분하게 답변했습니다 😊 시선 처리가 안정적이에요.",
        strengths=[
            FeedbackPoint(text="화면을 바라보는 시간이 깁니다.", metric="eye_tracking.attention_score", value=82.0)
        ],
        improvements=[FeedbackPoint(text="말끝을 흐리지 마세요 🙏", metric="voice.long_pauses", value=4, at_s=73.5)],
        category_scores=[
            CategoryScore(category="시선", score=82, reason="정면 응시 비율 91% 👀"),
            CategoryScore(category="음성 전달", score=64, reason="긴 침묵이 네 번 있었습니다."),
            CategoryScore(category="표정", score=75, reason="미소가 자연스럽습니다 🙂"),
        ],
        keywords=["자신감", "시선", "AI"],
        next_practice="1분 자기소개를 녹화해 다시 연습해 보세요 💪",
    )
    values: dict[str, object] = {
        "status": FeedbackStatus.COMPLETED,
        "writer": WriterKind.LLM,
        "content": content,
        "keyword_scores": {"자신감": 0.9, "시선": 0.7, "AI": 0.4, "ai": 0.3, "🔥": 0.2, "🙂": 0.1},
        "model": "gpt-4o-mini",
        "prompt_version": "2026-05-01",
        "prompt_tokens": 1234,
        "completion_tokens": 456,
        "latency_ms": 2890,
        "updated_at": pending.created_at + timedelta(seconds=3),
    }
    values.update(changes)
    return pending.model_copy(update=values)


async def test_mark_pending_creates_a_pending_record(repo: FeedbackRepository) -> None:
    pending = await repo.mark_pending("a1")
    assert pending.status is FeedbackStatus.PENDING
    assert pending.content is None
    assert pending.keyword_scores == {}
    assert await repo.get("a1") == pending


async def test_saved_feedback_reads_back_unchanged_korean_and_emoji_included(repo: FeedbackRepository) -> None:
    record = finished(await repo.mark_pending("a1"))
    await repo.save(record)
    stored = await repo.get("a1")
    assert stored == record
    assert stored is not None
    assert stored.content is not None
    assert stored.content.summary == "전반적으로 차분하게 답변했습니다 😊 시선 처리가 안정적이에요."
    assert stored.content.category_scores[0].reason == "정면 응시 비율 91% 👀"
    assert list(stored.keyword_scores) == ["자신감", "시선", "AI", "ai", "🔥", "🙂"]


async def test_failed_feedback_keeps_its_error(repo: FeedbackRepository) -> None:
    pending = await repo.mark_pending("a1")
    failed = pending.model_copy(
        update={"status": FeedbackStatus.FAILED, "error_code": "INTERNAL", "error_message": "피드백 작성 실패"}
    )
    await repo.save(failed)
    assert await repo.get("a1") == failed


async def test_regenerating_resets_the_same_row_to_pending(repo: FeedbackRepository) -> None:
    first = await repo.mark_pending("a1")
    await repo.save(finished(first))
    again = await repo.mark_pending("a1")
    assert again.status is FeedbackStatus.PENDING
    assert again.created_at == first.created_at
    assert again.updated_at >= first.updated_at
    assert (again.writer, again.content, again.model, again.prompt_tokens) == (None, None, None, None)
    assert again.keyword_scores == {}
    assert await repo.get("a1") == again


async def test_saving_again_replaces_scores_and_keywords(repo: FeedbackRepository) -> None:
    pending = await repo.mark_pending("a1")
    await repo.save(finished(pending))
    first = finished(pending)
    assert first.content is not None
    shorter = first.content.model_copy(update={"category_scores": first.content.category_scores[:1]})
    second = finished(pending, content=shorter, keyword_scores={"경청": 1.0})
    await repo.save(second)
    stored = await repo.get("a1")
    assert stored == second
    assert stored is not None
    assert stored.keyword_scores == {"경청": 1.0}


async def test_save_without_mark_pending_stores_the_record(repo: FeedbackRepository) -> None:
    now = utcnow()
    record = finished(FeedbackRecord(analysis_id="a2", created_at=now, updated_at=now), writer=WriterKind.RULES)
    await repo.save(record)
    assert await repo.get("a2") == record


async def test_save_refuses_a_pending_record(repo: FeedbackRepository) -> None:
    pending = await repo.mark_pending("a1")
    with pytest.raises(ValueError, match="mark_pending"):
        await repo.save(pending)


async def test_delete_removes_the_feedback(repo: FeedbackRepository) -> None:
    await repo.save(finished(await repo.mark_pending("a1")))
    assert await repo.delete("a1")
    assert await repo.get("a1") is None
    assert not await repo.delete("a1")
    assert await repo.get("unknown") is None


async def test_feedback_survives_a_restart_and_a_second_open(make_repo: MakeRepo) -> None:
    first = make_repo()
    await first.open()
    record = finished(await first.mark_pending("a1"))
    await first.save(record)
    await first.close()
    second = make_repo()
    await second.open()  # schema or migrations applied again: must be harmless
    try:
        assert await second.get("a1") == record
        await second.ping()
    finally:
        await second.close()
