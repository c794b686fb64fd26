"""Write and read latency per analysis on each storage backend, with a 30-minute video's result.

    .venv/bin/python bench/storage.py [--analyses 20]

Analyses: create + claim + 10 progress updates + complete (two sections with an 1,800-row
timeline each), then get, on SQLite (temporary file) and MongoDB (a SecantusDB process started
here, or the server in ``MONGODB_URL``). Feedback: mark_pending + save, then get, on SQLite and
on MariaDB (``MARIADB_*``, default 127.0.0.1:3306 root; a throw-away ``ia_bench_*`` database).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pymysql
from pymongo import AsyncMongoClient

from interview_analysis.config import StorageSettings
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.feedback_models import (
    CategoryScore,
    FeedbackContent,
    FeedbackPoint,
    FeedbackStatus,
    WriterKind,
)
from interview_analysis.storage.mariadb_feedback import MariaDBFeedbackRepository
from interview_analysis.storage.models import NewAnalysis, SourceKind, Stage, utcnow
from interview_analysis.storage.mongo_analyses import MongoAnalysisRepository
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository
from interview_analysis.storage.sqlite_feedback import SqliteFeedbackRepository

SECONDS = 1800


def _result() -> dict[str, Any]:
    return {
        "media": {"duration_s": float(SECONDS), "width": 1280, "height": 720, "fps": 30.0},
        "eye_tracking": {
            "attention_score": 81.5,
            "timeline": [
                {
                    "t": t,
                    "face_count": 1,
                    "yaw": 2.5,
                    "pitch": -1.2,
                    "gaze_x": 0.012,
                    "gaze_y": -0.021,
                    "on_screen": 0.93,
                    "eye_openness": 0.31,
                }
                for t in range(SECONDS)
            ],
        },
        "voice": {
            "summary": "말이 조금 빠릅니다",
            "timeline": [
                {"t": t, "voiced": t % 3 != 0, "level_dbfs": -23.5, "f0_hz": 180.5 if t % 3 else None}
                for t in range(SECONDS)
            ],
        },
    }


def _content() -> FeedbackContent:
    return FeedbackContent(
        summary="전반적으로 차분하게 답변했습니다. 시선 처리가 안정적이에요.",
        strengths=[
            FeedbackPoint(text="화면을 바라보는 시간이 깁니다.", metric="eye_tracking.attention_score", value=82)
        ],
        improvements=[FeedbackPoint(text="긴 침묵을 줄여 보세요.", metric="voice.long_pauses", value=4, at_s=73.5)],
        category_scores=[
            CategoryScore(category=c, score=70, reason="근거 문장입니다.") for c in ("표정", "시선", "음성")
        ],
        keywords=["자신감", "시선", "경청"],
        next_practice="1분 자기소개를 다시 녹화해 보세요.",
    )


def _ms(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return f"median {statistics.median(ms):7.1f} ms  max {max(ms):7.1f} ms"


async def _time(n: int, step: Callable[[int], Awaitable[None]]) -> list[float]:
    samples = []
    for i in range(n):
        started = time.perf_counter()
        await step(i)
        samples.append(time.perf_counter() - started)
    return samples


async def bench_analyses(name: str, repo: AnalysisRepository, n: int) -> None:
    await repo.open()
    result = _result()
    ids: list[str] = []

    async def write(i: int) -> None:
        new = NewAnalysis(user_id="u", session_id=f"s{i}", source=SourceKind.UPLOAD, upload_path=f"/v{i}.webm")
        record, _ = await repo.create(new)
        await repo.claim(record.analysis_id)
        for step in range(10):
            await repo.set_progress(record.analysis_id, Stage.ANALYSING, step / 10)
        await repo.complete(record.analysis_id, result)
        ids.append(record.analysis_id)

    async def read(i: int) -> None:
        record = await repo.get(ids[i])
        assert record is not None
        assert record.result is not None
        assert len(record.result["eye_tracking"]["timeline"]) == SECONDS

    try:
        writes = await _time(n, write)
        reads = await _time(n, read)
    finally:
        await repo.close()
    print(f"analyses  {name:<9} write {_ms(writes)}   get {_ms(reads)}")


async def bench_feedback(name: str, repo: FeedbackRepository, n: int) -> None:
    await repo.open()
    content = _content()
    keywords = {f"키워드{k}": 1 - k / 10 for k in range(8)}

    async def write(i: int) -> None:
        pending = await repo.mark_pending(f"a{i}")
        done = pending.model_copy(
            update={
                "status": FeedbackStatus.COMPLETED,
                "writer": WriterKind.LLM,
                "content": content,
                "keyword_scores": keywords,
                "updated_at": utcnow(),
            }
        )
        await repo.save(done)

    async def read(i: int) -> None:
        assert await repo.get(f"a{i}") is not None

    try:
        writes = await _time(n, write)
        reads = await _time(n, read)
    finally:
        await repo.close()
    print(f"feedback  {name:<9} write {_ms(writes)}   get {_ms(reads)}   (mark_pending + save)")


@asynccontextmanager
async def mongo_server(data_dir: Path) -> AsyncIterator[str]:
    """``MONGODB_URL`` when set, else a SecantusDB process on a free loopback port."""
    if url := os.environ.get("MONGODB_URL"):
        yield url
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = Path(sys.executable).with_name("secantusd-py")
    cmd = [str(server), "--host", "127.0.0.1", "--port", str(port), "--storage-path", str(data_dir)]
    process = await asyncio.create_subprocess_exec(*cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"mongodb://127.0.0.1:{port}"
    try:
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url, serverSelectionTimeoutMS=15000)
        await client.admin.command("ping")
        await client.close()
        yield url
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)


def _drop_mariadb(settings: StorageSettings) -> None:
    conn = pymysql.connect(
        host=settings.mariadb_host,
        port=settings.mariadb_port,
        user=settings.mariadb_user,
        password=settings.mariadb_password.get_secret_value(),
    )
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{settings.mariadb_database}`")
    conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--analyses", type=int, default=20)
    n = parser.parse_args().analyses
    suffix = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        await bench_analyses("sqlite", SqliteAnalysisRepository(tmp_dir / "bench.sqlite3"), n)
        async with mongo_server(tmp_dir / "secantus") as url:
            db = f"ia_bench_{suffix}"
            try:
                await bench_analyses("mongodb", MongoAnalysisRepository(url, db), n)
            finally:
                client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
                await client.drop_database(db)
                await client.close()
        await bench_feedback("sqlite", SqliteFeedbackRepository(tmp_dir / "bench.sqlite3"), n)
    settings = StorageSettings(_env_file=None, mariadb_database=f"ia_bench_{suffix}")  # type: ignore[call-arg]
    s = settings
    repo = MariaDBFeedbackRepository(
        s.mariadb_host, s.mariadb_port, s.mariadb_user, s.mariadb_password, s.mariadb_database
    )
    try:
        await bench_feedback("mariadb", repo, n)
    finally:
        _drop_mariadb(settings)


if __name__ == "__main__":
    asyncio.run(main())
