"""The job queue contract the API talks to; backends are chosen by QUEUE_BACKEND."""

from __future__ import annotations

from typing import Any, Protocol


class JobQueue(Protocol):
    async def start(self) -> None:
        """Start workers and put back every analysis a crash left unfinished."""

    async def stop(self) -> None: ...

    async def enqueue(self, analysis_id: str) -> None:
        """Call only after the analysis is stored (enqueue after commit)."""

    def pending(self) -> int:
        """Jobs waiting or running, for the completion estimate."""

    @property
    def concurrency(self) -> int: ...

    def describe(self) -> dict[str, Any]:
        """Queue health for /health."""
