"""The contract every interviews backend keeps: SQLite and MongoDB (SecantusDB, or ``MONGODB_URL``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from interview_analysis.interview.models import QuestionSource
from interview_analysis.storage.interview_models import InterviewMode, InterviewQuestion, NewInterview
from interview_analysis.storage.interviews import InterviewRepository
from interview_analysis.storage.models import utcnow
from interview_analysis.storage.mongo_interviews import MongoInterviewRepository
from interview_analysis.storage.sqlite_interviews import SqliteInterviewRepository


@pytest.fixture(params=["sqlite", "mongodb"])
async def repo(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[InterviewRepository]:
    store: InterviewRepository
    if request.param == "mongodb":
        store = MongoInterviewRepository(
            request.getfixturevalue("mongo_url"), request.getfixturevalue("mongo_database")
        )
    else:
        store = SqliteInterviewRepository(tmp_path / "i.sqlite3")
    await store.open()
    yield store
    await store.close()


def new(user: str = "u1", tenant: str = "local") -> NewInterview:
    question = InterviewQuestion(
        question_id="q1",
        text="1분 동안 자기소개를 해 주세요.",
        category="자기소개",
        source=QuestionSource.BANK,
        prep_s=30,
        answer_s=90,
    )
    return NewInterview(
        tenant_id=tenant,
        user_id=user,
        mode=InterviewMode.REAL,
        prep_s=30,
        answer_s=90,
        planner="rules",
        questions=[question],
    )


async def test_a_created_interview_reads_back_equal(repo: InterviewRepository) -> None:
    made = await repo.create(new())
    assert await repo.get(made.interview_id) == made
    assert await repo.get("0" * 32) is None


async def test_of_two_writers_of_one_version_exactly_one_wins(repo: InterviewRepository) -> None:
    made = await repo.create(new())
    first = made.model_copy(update={"questions": [made.questions[0].model_copy(update={"analysis_ids": ["a"]})]})
    second = made.model_copy(update={"questions": [made.questions[0].model_copy(update={"analysis_ids": ["b"]})]})
    outcomes = await asyncio.gather(repo.replace(first), repo.replace(second))
    assert sum(o is not None for o in outcomes) == 1
    stored = await repo.get(made.interview_id)
    assert stored is not None
    assert stored.version == made.version + 1
    assert stored.questions[0].analysis_ids in (["a"], ["b"])
    assert await repo.replace(first) is None  # a stale version never overwrites


async def test_a_users_interviews_come_newest_first_within_the_tenant(repo: InterviewRepository) -> None:
    older = await repo.create(new())
    newer = await repo.create(new())
    await repo.create(new(user="u2"))
    await repo.create(new(tenant="other"))
    assert [r.interview_id for r in await repo.of_user("local", "u1", 10)] == [newer.interview_id, older.interview_id]
    assert len(await repo.of_user("local", "u1", 1)) == 1


async def test_expired_lists_old_interviews_and_delete_removes_them(repo: InterviewRepository) -> None:
    made = await repo.create(new())
    assert await repo.expired(utcnow() - timedelta(days=1), 10) == []
    assert await repo.expired(utcnow() + timedelta(seconds=1), 10) == [made.interview_id]
    assert await repo.delete(made.interview_id) is True
    assert await repo.delete(made.interview_id) is False
    assert await repo.get(made.interview_id) is None
