"""Live Redis workers, as any API process sees them: each worker refreshes a key that expires without it.

A key per worker with a time to live needs no cleanup when a machine dies: it simply
stops being refreshed, so /health counts only workers that showed life within three
heartbeats.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from arq.connections import ArqRedis

from interview_analysis.jobs.redis_keys import QueueKeys

_SCAN_BATCH = 200


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    worker_id: str  # host:pid of the supervising process
    host: str
    pid: int
    slots: int  # compute processes it runs
    alive: int  # of which alive now
    running: dict[str, int] = field(default_factory=dict)  # analysis id -> pid of the compute process running it
    models: list[dict[str, Any]] = field(default_factory=list)  # its model files, checked at start (inventory.py)


async def announce(redis: ArqRedis, keys: QueueKeys, info: WorkerInfo, ttl_s: float) -> None:
    await redis.set(keys.worker(info.worker_id), json.dumps(asdict(info)), px=max(1, int(ttl_s * 1000)))


async def withdraw(redis: ArqRedis, keys: QueueKeys, worker_id: str) -> None:
    await redis.delete(keys.worker(worker_id))


async def live_workers(redis: ArqRedis, keys: QueueKeys) -> list[WorkerInfo]:
    names = [name async for name in redis.scan_iter(match=keys.workers_pattern, count=_SCAN_BATCH)]
    if not names:
        return []
    workers = []
    for raw in await redis.mget(names):
        if raw is None:  # expired between the scan and the read
            continue
        try:
            workers.append(WorkerInfo(**json.loads(raw)))
        except (ValueError, TypeError):  # another version's or a hand-made entry: not a worker this code knows
            continue
    return workers
