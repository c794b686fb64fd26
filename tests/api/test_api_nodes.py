"""Two API processes on the same stores behave as one: keys in MariaDB, the rate limit in Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_analysis.config import StorageSettings
from tests.fixtures.redis_queue import RedisQueue
from tests.fixtures.service import Service

LIMIT = 6


@pytest.fixture
def nodes(tmp_path: Path, redis_queue: RedisQueue, mariadb_settings: StorageSettings) -> Iterator[list[Service]]:
    env = {
        **redis_queue.env,
        "AUTH_ENABLED": "true",
        "RATE_LIMIT_PER_MINUTE": str(LIMIT),
        "FEEDBACK_BACKEND": "mariadb",
        "MARIADB_HOST": mariadb_settings.mariadb_host,
        "MARIADB_PORT": str(mariadb_settings.mariadb_port),
        "MARIADB_DATABASE": mariadb_settings.mariadb_database,
        "SQLITE_PATH": str(tmp_path / "shared.sqlite3"),  # one analyses store for both nodes
    }
    started = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        node = Service(tmp_path / name, env)
        node.start(ready=lambda health: health.json()["checks"]["feedback_store"]["status"] == "ok")
        started.append(node)
    yield started
    for node in started:
        node.stop()
        node.client.close()


def _keys(node: Service, *args: str) -> str:
    """The keys command, with node's settings: it writes where every node reads."""
    done = subprocess.run(
        [sys.executable, "-m", "interview_analysis", "keys", *args],
        env={**os.environ, **node.env},
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _status(node: Service, key: str) -> int:
    deadline = time.monotonic() + 30
    while True:  # a node may still be opening its stores (503) right after start
        code = node.client.get("/analysis/recent", headers={"X-API-Key": key}).status_code
        if code != 503 or time.monotonic() > deadline:
            return code
        time.sleep(0.2)


def test_a_key_created_through_one_node_works_on_the_other_and_revoking_it_ends_both(nodes: list[Service]) -> None:
    a, b = nodes
    created = json.loads(_keys(a, "create", "--tenant", "acme"))
    assert (_status(a, created["api_key"]), _status(b, created["api_key"])) == (200, 200)
    _keys(b, "revoke", created["key_id"])
    assert (_status(a, created["api_key"]), _status(b, created["api_key"])) == (401, 401)


def test_the_rate_limit_counts_requests_on_both_nodes(nodes: list[Service]) -> None:
    a, b = nodes
    key = json.loads(_keys(a, "create", "--tenant", "acme"))["api_key"]
    answers = [_status(node, key) for node in (a, b) * (LIMIT // 2)]
    assert answers == [200] * LIMIT
    assert (_status(a, key), _status(b, key)) == (429, 429)
