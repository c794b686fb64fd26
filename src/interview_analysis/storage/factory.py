"""Storage backends as data: the setting names a builder, no if-chains elsewhere."""

from __future__ import annotations

from collections.abc import Callable

from interview_analysis.config import AnalysesBackend, FeedbackBackend, Settings
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.mariadb_feedback import MariaDBFeedbackRepository
from interview_analysis.storage.mongo_analyses import MongoAnalysisRepository
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository
from interview_analysis.storage.sqlite_feedback import SqliteFeedbackRepository


def _mongo(settings: Settings) -> AnalysisRepository:
    url = settings.storage.mongodb_url
    if url is None:  # StorageSettings rejects this combination at start-up; kept for the type checker
        raise ValueError("ANALYSES_BACKEND=mongodb needs MONGODB_URL")
    return MongoAnalysisRepository(url, settings.storage.mongodb_database)


def _mariadb(settings: Settings) -> FeedbackRepository:
    s = settings.storage
    return MariaDBFeedbackRepository(
        s.mariadb_host, s.mariadb_port, s.mariadb_user, s.mariadb_password, s.mariadb_database
    )


_ANALYSES: dict[AnalysesBackend, Callable[[Settings], AnalysisRepository]] = {
    AnalysesBackend.SQLITE: lambda s: SqliteAnalysisRepository(s.sqlite_path),
    AnalysesBackend.MONGODB: _mongo,
}

_FEEDBACK: dict[FeedbackBackend, Callable[[Settings], FeedbackRepository]] = {
    FeedbackBackend.SQLITE: lambda s: SqliteFeedbackRepository(s.sqlite_path),
    FeedbackBackend.MARIADB: _mariadb,
}


def make_analysis_repository(settings: Settings) -> AnalysisRepository:
    return _ANALYSES[settings.storage.analyses_backend](settings)


def make_feedback_repository(settings: Settings) -> FeedbackRepository:
    return _FEEDBACK[settings.storage.feedback_backend](settings)
