"""What an analyzer looks like to the pipeline: a frame pass sees each sampled frame once, an audio
pass the whole 16 kHz track; each returns its typed result section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.media.types import MediaFacts, VideoFrame
from interview_analysis.results import ResultModel


class ModelUnavailable(RuntimeError):
    """A model file the configuration needs is missing, corrupt or of the wrong kind: a deployment fault,
    reported as ``MODEL_UNAVAILABLE`` on the analysis, never as an internal error."""


@dataclass(frozen=True, slots=True)
class AnswerContext:
    """What the answer responds to, for the measures that hold the words against it (relevance)."""

    question: str | None = None
    posting: str | None = None  # the job posting, when the answer belongs to an interview that has one


class FrameAnalyzer(Protocol):
    """Consumes the single decode pass; ``finish`` returns its result section, keyed by ``name``.

    ``faces`` comes from the one landmark pass per frame, shared by every analyzer. Models are taken
    from the per-process cache, never loaded here per job.
    """

    name: str

    def consume(self, frame: VideoFrame, faces: FrameFaces) -> None: ...

    def finish(self, facts: MediaFacts, audio: NDArray[np.float32]) -> ResultModel: ...


class AudioAnalyzer(Protocol):
    """An analyzer of the audio track alone, run as soon as the track is decoded, beside the video pass.
    An empty track is a file without audio."""

    name: str

    def analyse_audio(self, audio: NDArray[np.float32]) -> ResultModel: ...
