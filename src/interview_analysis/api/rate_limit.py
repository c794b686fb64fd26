"""Requests per API key per minute: in this process, or in Redis so that several API nodes count as one."""

from __future__ import annotations

import time
import uuid
from collections import deque
from typing import Any, Protocol

import structlog
from redis.exceptions import RedisError

from interview_analysis.config import QueueBackend, Settings
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.jobs.redis_keys import redis_client

log = structlog.get_logger(__name__)

WINDOW_S = 60.0

# A sliding window as a sorted set of request times, trimmed and counted atomically. The clock is
# Redis's own, so API nodes whose clocks disagree still share one window.
_SLIDING = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""


class RateLimiter(Protocol):
    async def check(self, key_id: str) -> None:
        """Raise ``RATE_LIMITED`` when the key has used its requests of the last minute."""

    async def close(self) -> None: ...


class LocalRateLimiter:
    """A sliding one-minute window per key in this process (one API node, the embedded default)."""

    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}

    async def check(self, key_id: str) -> None:
        now = time.monotonic()
        hits = self._hits.setdefault(key_id, deque())
        while hits and now - hits[0] > WINDOW_S:
            hits.popleft()
        if len(hits) >= self._per_minute:
            raise AppError(ErrorCode.RATE_LIMITED)
        hits.append(now)

    async def close(self) -> None:
        return None


class RedisRateLimiter:
    """The same window kept in Redis, shared by every API node on the same queue."""

    def __init__(self, settings: Settings) -> None:
        self._per_minute = settings.security.rate_limit_per_minute
        self._prefix = f"{settings.queue.queue_name}:ratelimit:"
        self._redis = redis_client(settings, retries=1)  # a request must not hang on a Redis restart
        self._script: Any = self._redis.register_script(_SLIDING)

    async def check(self, key_id: str) -> None:
        try:
            allowed = await self._script(
                keys=[self._prefix + key_id], args=[self._per_minute, int(WINDOW_S * 1000), uuid.uuid4().hex]
            )
        except RedisError as exc:
            # Open, not closed: a Redis outage must not lock every caller out of their results.
            log.warning("rate_limit.redis_unavailable", reason=str(exc))
            return
        if not allowed:
            raise AppError(ErrorCode.RATE_LIMITED)

    async def close(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(settings: Settings) -> RateLimiter:
    """Redis when the service already runs on Redis (QUEUE_BACKEND=redis), else this process."""
    if settings.queue.queue_backend is QueueBackend.REDIS:
        return RedisRateLimiter(settings)
    return LocalRateLimiter(settings.security.rate_limit_per_minute)
