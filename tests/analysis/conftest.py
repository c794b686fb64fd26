"""Runs the real pipeline once per clip and shares the result across the analysis tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from interview_analysis.config import Settings
from interview_analysis.pipeline.analyse import analyse_file

_cache: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="session")
def analysed(media_dir: Path) -> Callable[[str], dict[str, Any]]:
    """``analysed("talk.webm")`` -> the full result, computed once per session."""

    def run(name: str) -> dict[str, Any]:
        if name not in _cache:
            _cache[name] = analyse_file(media_dir / name, Settings(), lambda stage, progress: None).dump()
        return _cache[name]

    return run
