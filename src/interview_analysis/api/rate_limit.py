"""Requests per API key per minute."""

from __future__ import annotations

import time
from collections import deque

from interview_analysis.errors import AppError, ErrorCode


class RateLimiter:
    """A sliding one-minute window per key, in this process (each API instance limits on its own)."""

    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}

    def check(self, key_id: str) -> None:
        now = time.monotonic()
        hits = self._hits.setdefault(key_id, deque())
        while hits and now - hits[0] > 60.0:
            hits.popleft()
        if len(hits) >= self._per_minute:
            raise AppError(ErrorCode.RATE_LIMITED)
        hits.append(now)
