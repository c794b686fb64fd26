"""Plain data that the media layer hands to analysis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

ProgressFn = Callable[[float], None]
"""Called with a fraction 0..1 of the current step."""


@dataclass(frozen=True, slots=True)
class VideoFrame:
    """One sampled frame. ``t`` is seconds from the first frame's timestamp."""

    t: float
    index: int
    image: NDArray[np.uint8]  # H x W x 3, RGB


@dataclass(frozen=True, slots=True)
class MediaWarning:
    code: str
    message: str  # Korean, shown to people


@dataclass(slots=True)
class MediaFacts:
    """What the decode pass measured; every figure is read from the file, none assumed."""

    container: str
    size_bytes: int
    video_codec: str
    width: int
    height: int
    declared_duration_s: float | None
    duration_s: float = 0.0
    fps_measured: float = 0.0
    frames_read: int = 0
    frames_sampled: int = 0
    sample_fps: float = 0.0
    has_audio: bool = False
    audio_codec: str | None = None
    audio_sample_rate: int = 16000
    audio_duration_s: float = 0.0
    warnings: list[MediaWarning] = field(default_factory=list)
