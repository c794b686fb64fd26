"""Storage backends as data: the setting names a builder, no if-chains elsewhere."""

from __future__ import annotations

from collections.abc import Callable

from interview_analysis.config import AnalysesBackend, FeedbackBackend, Settings
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.feedback import FeedbackRepository
from interview_analysis.storage.interviews import InterviewRepository
from interview_analysis.storage.keys import KeyRepository
from interview_analysis.storage.mariadb_feedback import MariaDBFeedbackRepository
from interview_analysis.storage.mariadb_keys import MariaDBKeyRepository
from interview_analysis.storage.mongo_analyses import MongoAnalysisRepository
from interview_analysis.storage.mongo_interviews import MongoInterviewRepository
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository
from interview_analysis.storage.sqlite_feedback import SqliteFeedbackRepository
from interview_analysis.storage.sqlite_interviews import SqliteInterviewRepository
from interview_analysis.storage.sqlite_keys import SqliteKeyRepository


def _mongo_url(settings: Settings) -> str:
    url = settings.storage.mongodb_url
    if url is None:  # StorageSettings rejects this combination at start-up; kept for the type checker
        raise ValueError("ANALYSES_BACKEND=mongodb needs MONGODB_URL")
    return url


def _mongo(settings: Settings) -> AnalysisRepository:
    return MongoAnalysisRepository(_mongo_url(settings), settings.storage.mongodb_database)


def _mariadb(settings: Settings) -> FeedbackRepository:
    s = settings.storage
    return MariaDBFeedbackRepository(
        s.mariadb_host, s.mariadb_port, s.mariadb_user, s.mariadb_password, s.mariadb_database
    )


def _mariadb_keys(settings: Settings) -> KeyRepository:
    s = settings.storage
    return MariaDBKeyRepository(s.mariadb_host, s.mariadb_port, s.mariadb_user, s.mariadb_password, s.mariadb_database)


_ANALYSES: dict[AnalysesBackend, Callable[[Settings], AnalysisRepository]] = {
    AnalysesBackend.SQLITE: lambda s: SqliteAnalysisRepository(s.sqlite_path),
    AnalysesBackend.MONGODB: _mongo,
}

# Interviews live beside the analyses they hold.
_INTERVIEWS: dict[AnalysesBackend, Callable[[Settings], InterviewRepository]] = {
    AnalysesBackend.SQLITE: lambda s: SqliteInterviewRepository(s.sqlite_path),
    AnalysesBackend.MONGODB: lambda s: MongoInterviewRepository(_mongo_url(s), s.storage.mongodb_database),
}

_FEEDBACK: dict[FeedbackBackend, Callable[[Settings], FeedbackRepository]] = {
    FeedbackBackend.SQLITE: lambda s: SqliteFeedbackRepository(s.sqlite_path),
    FeedbackBackend.MARIADB: _mariadb,
}


# API keys follow the feedback store: MariaDB, shared by every API node, when it is configured.
_KEYS: dict[FeedbackBackend, Callable[[Settings], KeyRepository]] = {
    FeedbackBackend.SQLITE: lambda s: SqliteKeyRepository(s.sqlite_path),
    FeedbackBackend.MARIADB: _mariadb_keys,
}


def make_analysis_repository(settings: Settings) -> AnalysisRepository:
    return _ANALYSES[settings.storage.analyses_backend](settings)


def make_feedback_repository(settings: Settings) -> FeedbackRepository:
    return _FEEDBACK[settings.storage.feedback_backend](settings)


def make_key_repository(settings: Settings) -> KeyRepository:
    return _KEYS[settings.storage.feedback_backend](settings)


def make_interview_repository(settings: Settings) -> InterviewRepository:
    return _INTERVIEWS[settings.storage.analyses_backend](settings)
