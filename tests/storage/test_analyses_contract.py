"""The contract every analyses backend must keep; later backends join the ``repo`` fixture's params."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.models import JobStatus, NewAnalysis, SourceKind, Stage, idempotency_key, utcnow
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository


@pytest.fixture(params=["sqlite"])
async def repo(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AnalysisRepository]:
    store: AnalysisRepository = SqliteAnalysisRepository(tmp_path / "a.sqlite3")
    await store.open()
    yield store
    await store.close()


def _new(user: str = "u1", session: str = "s1", key: str = "k.webm") -> NewAnalysis:
    return NewAnalysis(
        user_id=user,
        session_id=session,
        source=SourceKind.OBJECT_STORE,
        s3_bucket="b",
        s3_key=key,
        idempotency_key=idempotency_key(user, session, "b", key),
    )


async def test_create_returns_queued_record_to_enqueue(repo: AnalysisRepository) -> None:
    record, enqueue = await repo.create(_new())
    assert enqueue
    assert record.status is JobStatus.QUEUED
    assert record.stage is Stage.QUEUED
    assert (await repo.get(record.analysis_id)) == record


async def test_same_submission_returns_same_analysis_without_enqueue(repo: AnalysisRepository) -> None:
    first, _ = await repo.create(_new())
    second, enqueue = await repo.create(_new())
    assert second.analysis_id == first.analysis_id
    assert not enqueue
    other, enqueue_other = await repo.create(_new(session="s2"))
    assert other.analysis_id != first.analysis_id
    assert enqueue_other


async def test_resubmitting_a_failed_analysis_requeues_it(repo: AnalysisRepository) -> None:
    first, _ = await repo.create(_new())
    await repo.claim(first.analysis_id)
    assert await repo.fail(first.analysis_id, "S3_OBJECT_NOT_FOUND", "없음")
    again, enqueue = await repo.create(_new())
    assert enqueue
    assert again.analysis_id == first.analysis_id
    assert again.status is JobStatus.QUEUED
    assert again.error is None
    assert again.attempts == 0


async def test_only_one_of_two_concurrent_claims_wins(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    results = await asyncio.gather(repo.claim(record.analysis_id), repo.claim(record.analysis_id))
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    assert winners[0].status is JobStatus.PROCESSING
    assert winners[0].attempts == 1


async def test_completed_analysis_never_goes_back(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    await repo.claim(record.analysis_id)
    assert await repo.complete(record.analysis_id, {"media": {"duration_s": 1.5}, "note": "한국어"})
    assert not await repo.requeue(record.analysis_id)
    assert not await repo.fail(record.analysis_id, "INTERNAL", "x")
    assert not await repo.set_progress(record.analysis_id, Stage.DECODING, 0.5)
    assert await repo.claim(record.analysis_id) is None
    stored = await repo.get(record.analysis_id)
    assert stored is not None
    assert stored.status is JobStatus.COMPLETED
    assert stored.result == {"media": {"duration_s": 1.5}, "note": "한국어"}
    assert stored.progress == 1.0
    assert stored.finished_at is not None


async def test_progress_moves_only_a_processing_analysis(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    assert not await repo.set_progress(record.analysis_id, Stage.DECODING, 0.3)
    await repo.claim(record.analysis_id)
    assert await repo.set_progress(record.analysis_id, Stage.DECODING, 0.3)
    stored = await repo.get(record.analysis_id)
    assert stored is not None
    assert stored.stage is Stage.DECODING
    assert stored.progress == pytest.approx(0.3)


async def test_failed_analysis_keeps_code_and_message(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    assert await repo.fail(record.analysis_id, "NOT_A_VIDEO", "영상 파일이 아닙니다.")
    stored = await repo.get(record.analysis_id)
    assert stored is not None
    assert stored.error is not None
    assert (stored.error.code, stored.error.message) == ("NOT_A_VIDEO", "영상 파일이 아닙니다.")


async def test_recent_is_newest_first_bounded_and_filtered(repo: AnalysisRepository) -> None:
    ids = [(await repo.create(_new(user=f"u{i % 2}", key=f"{i}.webm")))[0].analysis_id for i in range(5)]
    newest = await repo.recent(3)
    assert [r.analysis_id for r in newest] == ids[::-1][:3]
    only_u1 = await repo.recent(10, user_id="u1")
    assert [r.analysis_id for r in only_u1] == [ids[3], ids[1]]


async def test_unfinished_lists_queued_and_stale_processing(repo: AnalysisRepository) -> None:
    queued, _ = await repo.create(_new(key="q"))
    running, _ = await repo.create(_new(key="r"))
    done, _ = await repo.create(_new(key="d"))
    await repo.claim(running.analysis_id)
    await repo.claim(done.analysis_id)
    await repo.complete(done.analysis_id, {})
    assert {r.analysis_id for r in await repo.unfinished()} == {queued.analysis_id, running.analysis_id}
    fresh_cutoff = utcnow() - timedelta(minutes=5)
    assert {r.analysis_id for r in await repo.unfinished(heartbeat_before=fresh_cutoff)} == {queued.analysis_id}
    later = utcnow() + timedelta(seconds=1)
    assert running.analysis_id in {r.analysis_id for r in await repo.unfinished(heartbeat_before=later)}


async def test_delete_removes_the_analysis(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    assert await repo.delete(record.analysis_id)
    assert await repo.get(record.analysis_id) is None
    assert not await repo.delete(record.analysis_id)
