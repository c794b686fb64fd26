"""Completed analyses written straight into a service's SQLite store, and API keys made with the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from interview_analysis.storage.models import NewAnalysis, SourceKind
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository
from tests.fixtures.service import Service
from tests.web.results import result


def seed(data_dir: Path, rows: list[tuple[str, str, str, float]]) -> list[str]:
    """Completed analyses (tenant, user, question_id, emotion score) stored in order, as a worker would."""

    async def run() -> list[str]:
        repo = SqliteAnalysisRepository(data_dir / "interview_analysis.sqlite3")
        await repo.open()
        ids = []
        try:
            for i, (tenant, user, question_id, emotion) in enumerate(rows):
                new = NewAnalysis(
                    tenant_id=tenant,
                    user_id=user,
                    session_id=f"s{i}",
                    source=SourceKind.UPLOAD,
                    upload_path=str(data_dir / f"gone{i}.webm"),
                    question_id=question_id,
                    question="질문",
                )
                record, _ = await repo.create(new)
                await repo.claim(record.analysis_id)
                await repo.complete(record.analysis_id, result(emotion=emotion))
                ids.append(record.analysis_id)
        finally:
            await repo.close()
        return ids

    data_dir.mkdir(parents=True, exist_ok=True)
    # A thread of its own: Playwright's sync API keeps an event loop running in the test's thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run()).result()


def new_key(service: Service, tenant: str, users: str = "*") -> dict[str, str]:
    env = {**os.environ, "DATA_DIR": str(service.data_dir)}
    args = [sys.executable, "-m", "interview_analysis", "keys", "create", "--tenant", tenant, "--users", users]
    created = json.loads(subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout)
    return {"X-API-Key": created["api_key"]}
