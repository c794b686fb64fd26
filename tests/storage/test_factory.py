"""Settings pick the backends; nothing switches without being named."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from interview_analysis.config import AnalysesBackend, FeedbackBackend, Settings, StorageSettings
from interview_analysis.storage.factory import make_analysis_repository, make_feedback_repository
from interview_analysis.storage.mariadb_feedback import MariaDBFeedbackRepository
from interview_analysis.storage.mongo_analyses import MongoAnalysisRepository
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository
from interview_analysis.storage.sqlite_feedback import SqliteFeedbackRepository


def _settings(tmp_path: Path, **storage: object) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, storage=StorageSettings(_env_file=None, **storage))  # type: ignore[call-arg]


def test_sqlite_is_the_default_even_when_a_mongodb_url_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANALYSES_BACKEND", raising=False)
    monkeypatch.delenv("FEEDBACK_BACKEND", raising=False)
    settings = _settings(tmp_path, mongodb_url="mongodb://db:27017")
    assert isinstance(make_analysis_repository(settings), SqliteAnalysisRepository)
    assert isinstance(make_feedback_repository(settings), SqliteFeedbackRepository)


def test_named_backends_are_built(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        analyses_backend=AnalysesBackend.MONGODB,
        mongodb_url="mongodb://user:pw@db:27017",
        feedback_backend=FeedbackBackend.MARIADB,
        mariadb_host="maria",
    )
    analyses = make_analysis_repository(settings)
    feedback = make_feedback_repository(settings)
    assert isinstance(analyses, MongoAnalysisRepository)
    assert isinstance(feedback, MariaDBFeedbackRepository)
    assert analyses.describe()["url"] == "mongodb://db:27017"
    assert feedback.describe()["host"] == "maria:3306"


def test_mongodb_backend_without_url_is_rejected_at_start() -> None:
    with pytest.raises(ValidationError, match="MONGODB_URL"):
        StorageSettings(_env_file=None, analyses_backend=AnalysesBackend.MONGODB, mongodb_url=None)  # type: ignore[call-arg]
