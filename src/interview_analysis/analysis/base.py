"""What an analyzer looks like to the pipeline: it sees each sampled frame once, then the audio."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from interview_analysis.media.types import MediaFacts, VideoFrame


class FrameAnalyzer(Protocol):
    """Consumes the single decode pass; ``finish`` returns its result section."""

    name: str

    def consume(self, frame: VideoFrame) -> None: ...

    def finish(self, facts: MediaFacts, audio: NDArray[np.float32]) -> dict[str, Any]: ...
