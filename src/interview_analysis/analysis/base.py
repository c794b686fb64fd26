"""What an analyzer looks like to the pipeline: it sees each sampled frame once, then the audio."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.media.types import MediaFacts, VideoFrame


class ModelUnavailable(RuntimeError):
    """A model file the configuration needs is missing, corrupt or of the wrong kind: a deployment fault,
    reported as ``MODEL_UNAVAILABLE`` on the analysis, never as an internal error."""


class FrameAnalyzer(Protocol):
    """Consumes the single decode pass; ``finish`` returns its result section, keyed by ``name``.

    ``faces`` comes from the one landmark pass per frame, shared by every analyzer; an
    analyzer that needs no pixels or faces (voice) ignores them. Models are taken from
    the per-process cache, never loaded here per job.
    """

    name: str

    def consume(self, frame: VideoFrame, faces: FrameFaces) -> None: ...

    def finish(self, facts: MediaFacts, audio: NDArray[np.float32]) -> dict[str, Any]: ...


@runtime_checkable
class AudioAnalyzer(FrameAnalyzer, Protocol):
    """An analyzer of the audio track alone: ``analyse_audio`` may run as soon as the track is decoded,
    beside the video pass; ``finish`` gives the same section from the pass's own facts and track."""

    def analyse_audio(self, audio: NDArray[np.float32]) -> dict[str, Any]: ...
