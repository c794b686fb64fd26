"""Queue backends as data, chosen by QUEUE_BACKEND."""

from __future__ import annotations

from collections.abc import Callable

from interview_analysis.config import QueueBackend, Settings
from interview_analysis.jobs.local_queue import LocalJobQueue
from interview_analysis.jobs.queue import JobQueue
from interview_analysis.storage.analyses import AnalysisRepository

_QUEUES: dict[QueueBackend, Callable[[Settings, AnalysisRepository], JobQueue]] = {
    QueueBackend.LOCAL: LocalJobQueue,
}


def make_queue(settings: Settings, repo: AnalysisRepository) -> JobQueue:
    return _QUEUES[settings.queue.queue_backend](settings, repo)
