"""Storage backends as data: the setting names a builder, no if-chains elsewhere."""

from __future__ import annotations

from collections.abc import Callable

from interview_analysis.config import AnalysesBackend, Settings
from interview_analysis.storage.analyses import AnalysisRepository
from interview_analysis.storage.sqlite_analyses import SqliteAnalysisRepository

_ANALYSES: dict[AnalysesBackend, Callable[[Settings], AnalysisRepository]] = {
    AnalysesBackend.SQLITE: lambda s: SqliteAnalysisRepository(s.sqlite_path),
}


def make_analysis_repository(settings: Settings) -> AnalysisRepository:
    return _ANALYSES[settings.storage.analyses_backend](settings)
