"""Where the Redis queue keeps things, and the client both sides build: the API's queue and the workers.

arq keeps each job under ``arq:job:<id>`` and its lease under ``arq:in-progress:<id>``
(fixed prefixes; the job id is the analysis id, so ids never collide between
deployments); everything else lives under QUEUE_NAME, so several deployments or
test runs share one Redis without seeing each other's queue or workers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from arq.connections import ArqRedis
from redis.asyncio import ConnectionPool
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from interview_analysis.config import Settings

JOB_FUNCTION = "analyse"
COMPLETED_KEEP = 10_000  # completion notices kept for an API that is down; the feedback route heals the rest


@dataclass(frozen=True, slots=True)
class QueueKeys:
    queue: str  # arq's sorted set of job ids: waiting and running

    @property
    def workers_pattern(self) -> str:
        return f"{self.queue}:workers:*"

    def worker(self, worker_id: str) -> str:
        return f"{self.queue}:workers:{worker_id}"

    @property
    def completed(self) -> str:
        """Analysis ids a worker completed, for the API to write their feedback."""
        return f"{self.queue}:completed"


def queue_keys(settings: Settings) -> QueueKeys:
    return QueueKeys(settings.queue.queue_name)


def dump_job(data: dict[str, Any]) -> bytes:
    """JSON rather than arq's default pickle: a job is only an analysis id, and JSON cannot run code."""
    return json.dumps(data).encode()


def load_job(raw: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(raw)
    return data


def redis_client(settings: Settings, retries: int) -> ArqRedis:
    """A lazily connecting client: a Redis that is down at start-up delays work instead of failing start-up.

    ``retries`` with backoff ride out a Redis restart; the API asks for few (a request must not hang),
    workers for more.
    """
    pool = ConnectionPool.from_url(
        settings.queue.redis_url.get_secret_value(),
        socket_connect_timeout=3,
        retry=Retry(ExponentialBackoff(cap=5.0, base=0.25), retries),
        retry_on_error=[RedisConnectionError, RedisTimeoutError],
        health_check_interval=30,
    )
    return ArqRedis(
        pool,
        job_serializer=dump_job,
        job_deserializer=load_job,
        default_queue_name=settings.queue.queue_name,
    )


def public_redis_url(url: str) -> str:
    """Scheme, host and database only: a password in the URL never reaches /health or the logs."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"
