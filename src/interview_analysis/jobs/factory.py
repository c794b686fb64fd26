"""Queue backends as data, chosen by QUEUE_BACKEND."""

from __future__ import annotations

from collections.abc import Callable

from interview_analysis.config import QueueBackend, Settings
from interview_analysis.jobs.local_queue import LocalJobQueue
from interview_analysis.jobs.queue import JobQueue
from interview_analysis.jobs.redis_queue import RedisJobQueue
from interview_analysis.storage.analyses import AnalysisRepository

OnCompleted = Callable[[str], None]

_QUEUES: dict[QueueBackend, Callable[[Settings, AnalysisRepository, OnCompleted], JobQueue]] = {
    QueueBackend.LOCAL: LocalJobQueue,
    QueueBackend.REDIS: RedisJobQueue,  # the API only enqueues; ./run_worker.sh processes
}


def make_queue(settings: Settings, repo: AnalysisRepository, on_completed: OnCompleted) -> JobQueue:
    """``on_completed(analysis_id)`` runs in the API process once a result is stored."""
    return _QUEUES[settings.queue.queue_backend](settings, repo, on_completed)
