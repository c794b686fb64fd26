"""The contract every analyses backend must keep: SQLite and MongoDB (SecantusDB, or ``MONGODB_URL``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import pytest

from interview_analysis.results import (
    SCHEMA_VERSION,
    AnalysisResult,
    EyeSecond,
    EyeTracking,
    Media,
    ResultWarning,
    SectionStatus,
    VoiceAnalysis,
    VoiceSecond,
)
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.models import JobStatus, NewAnalysis, SourceKind, Stage, idempotency_key, utcnow
from interview_analysis.storage.mongo_analyses import MongoAnalysisRepository
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository

MakeRepo = Callable[[], AnalysisRepository]


@pytest.fixture(params=["sqlite", "mongodb"])
def make_repo(request: pytest.FixtureRequest, tmp_path: Path) -> MakeRepo:
    """Builds unopened repositories that all point at one store of this test's own."""
    if request.param == "mongodb":
        url: str = request.getfixturevalue("mongo_url")
        database: str = request.getfixturevalue("mongo_database")
        return lambda: MongoAnalysisRepository(url, database)
    return lambda: SqliteAnalysisRepository(tmp_path / "a.sqlite3")


@pytest.fixture
async def repo(make_repo: MakeRepo) -> AsyncIterator[AnalysisRepository]:
    store = make_repo()
    await store.open()
    yield store
    await store.close()


def small_result(duration_s: float = 1.5) -> AnalysisResult:
    """The least a completed analysis holds: its media and a (Korean) warning."""
    return AnalysisResult(
        schema_version=SCHEMA_VERSION,
        media=Media(
            container="matroska,webm",
            size_bytes=1000,
            video_codec="vp8",
            width=640,
            height=480,
            duration_s=duration_s,
            fps_measured=30.0,
            frames_read=45,
            frames_sampled=23,
            sample_fps=15.0,
            has_audio=False,
            audio_sample_rate=16000,
            audio_duration_s=0.0,
        ),
        warnings=[ResultWarning(code="TRUNCATED", message="영상 끝부분이 잘려 있습니다 🙂")],
    )


def realistic_result(seconds: int = 1800) -> AnalysisResult:
    """Sections shaped like the analysers' output, with per-second timelines of a 30-minute video."""
    result = small_result(float(seconds))
    result.eye_tracking = EyeTracking(
        status=SectionStatus.MEASURED,
        face_presence_ratio=1.0,
        face_visible_ratio=1.0,
        no_face_intervals=[],
        multiple_face_intervals=[(12.0, 14.5)],
        max_faces=2,
        attention_score=81.5,
        blink_count=412,
        blink_frequency=13.7,
        timeline=[
            EyeSecond(
                t=t, face_count=1, yaw=2.5, pitch=-1.25, gaze_x=0.01, gaze_y=-0.02, on_screen=0.9, eye_openness=0.31
            )
            for t in range(seconds)
        ],
    )
    result.voice_analysis = VoiceAnalysis(
        status=SectionStatus.MEASURED,
        message="말이 조금 빠릅니다 🙂",
        audio_duration_s=float(seconds),
        timeline=[
            VoiceSecond(t=t, voiced=t % 3 != 0, level_dbfs=-23.5, f0_hz=180.5 if t % 3 else None)
            for t in range(seconds)
        ],
    )
    return result


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


async def test_question_is_kept_with_the_analysis(repo: AnalysisRepository) -> None:
    new = NewAnalysis(**{**_new(key="q").model_dump(), "question": "입사 후 포부는?", "question_id": "vision-1"})
    record, _ = await repo.create(new)
    stored = await repo.get(record.analysis_id)
    assert stored is not None
    assert (stored.question, stored.question_id) == ("입사 후 포부는?", "vision-1")


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
    assert await repo.complete(record.analysis_id, small_result())
    assert not await repo.requeue(record.analysis_id)
    assert not await repo.fail(record.analysis_id, "INTERNAL", "x")
    assert not await repo.set_progress(record.analysis_id, Stage.DECODING, 0.5)
    assert await repo.claim(record.analysis_id) is None
    stored = await repo.get(record.analysis_id)
    assert stored is not None
    assert stored.status is JobStatus.COMPLETED
    assert stored.result is not None
    assert stored.result.dump() == small_result().dump()
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
    await repo.complete(done.analysis_id, small_result())
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


async def test_analysis_survives_a_service_restart(make_repo: MakeRepo) -> None:
    first = make_repo()
    await first.open()
    record, _ = await first.create(_new())
    await first.claim(record.analysis_id)
    result = realistic_result()
    assert await first.complete(record.analysis_id, result)
    before = await first.get(record.analysis_id)
    await first.close()

    second = make_repo()
    await second.open()  # opening an existing store again (schema, indexes) must be harmless
    try:
        after = await second.get(record.analysis_id)
        assert after == before
        assert after is not None
        assert after.result.dump() == result.dump()
        assert after.result.eye_tracking is not None
        assert len(after.result.eye_tracking.timeline or []) == 1800
    finally:
        await second.close()


async def test_recent_returns_results_with_their_timelines(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    await repo.claim(record.analysis_id)
    result = realistic_result(60)
    await repo.complete(record.analysis_id, result)
    [listed] = await repo.recent(5)
    assert listed.result is not None
    assert listed.result.dump() == result.dump()


async def test_a_late_second_completion_changes_nothing(repo: AnalysisRepository) -> None:
    record, _ = await repo.create(_new())
    await repo.claim(record.analysis_id)
    first = realistic_result(30)
    assert await repo.complete(record.analysis_id, first)
    assert not await repo.complete(record.analysis_id, realistic_result(90))
    stored = await repo.get(record.analysis_id)
    assert stored is not None
    assert stored.result is not None
    assert stored.result.dump() == first.dump()


async def test_recent_is_scoped_to_a_tenant(repo: AnalysisRepository) -> None:
    mine = NewAnalysis(**{**_new(key="a").model_dump(), "tenant_id": "tenant-a"})
    theirs = NewAnalysis(**{**_new(key="b").model_dump(), "tenant_id": "tenant-b"})
    a, _ = await repo.create(mine)
    b, _ = await repo.create(theirs)
    assert [r.analysis_id for r in await repo.recent(10, tenant_id="tenant-a")] == [a.analysis_id]
    assert [r.analysis_id for r in await repo.recent(10, user_id="u1", tenant_id="tenant-b")] == [b.analysis_id]
    stored = await repo.get(a.analysis_id)
    assert stored is not None
    assert stored.tenant_id == "tenant-a"


async def test_expired_lists_only_finished_analyses_created_before_the_cutoff(repo: AnalysisRepository) -> None:
    done, _ = await repo.create(_new(key="done"))
    await repo.claim(done.analysis_id)
    await repo.complete(done.analysis_id, small_result())
    queued, _ = await repo.create(_new(key="queued"))
    later = utcnow() + timedelta(seconds=1)
    assert await repo.expired(later, 10) == [done.analysis_id]
    assert await repo.expired(utcnow() - timedelta(days=1), 10) == []
    assert queued.analysis_id not in await repo.expired(later, 10)


async def test_count_active_counts_queued_and_processing_of_one_user(repo: AnalysisRepository) -> None:
    queued, _ = await repo.create(_new(key="queued"))
    processing, _ = await repo.create(_new(key="processing"))
    await repo.claim(processing.analysis_id)
    for key, end in (("done", "complete"), ("failed", "fail")):
        record, _ = await repo.create(_new(key=key))
        await repo.claim(record.analysis_id)
        if end == "complete":
            await repo.complete(record.analysis_id, small_result())
        else:
            await repo.fail(record.analysis_id, "INTERNAL", "오류")
    await repo.create(_new(user="u2", key="other"))
    assert await repo.count_active("u1") == 2
    assert await repo.count_active("u2") == 1
    assert await repo.count_active("nobody") == 0
    assert await repo.count_active("u1", tenant_id="elsewhere") == 0
    assert await repo.requeue(processing.analysis_id)
    assert await repo.fail(queued.analysis_id, "INTERNAL", "오류")
    assert await repo.count_active("u1") == 1
