"""Time spans (speech, pauses) and the membership test every voice measure shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Span:
    """Seconds from the start of the audio track."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def covers(spans: Sequence[Span], times: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Which ``times`` fall inside one of ``spans`` (sorted, not overlapping)."""
    out = np.zeros(times.shape, dtype=np.bool_)
    if not spans:
        return out
    starts = np.array([s.start_s for s in spans])
    ends = np.array([s.end_s for s in spans])
    idx = np.searchsorted(starts, times, side="right") - 1
    inside = idx >= 0
    out[inside] = times[inside] <= ends[idx[inside]]
    return out


def merge_gaps(spans: Sequence[Span], min_gap_s: float) -> list[Span]:
    """Join spans whose gap is shorter than ``min_gap_s``: a stop closure is not a pause."""
    merged: list[Span] = []
    for span in spans:
        if merged and span.start_s - merged[-1].end_s < min_gap_s:
            merged[-1] = Span(merged[-1].start_s, max(merged[-1].end_s, span.end_s))
        else:
            merged.append(span)
    return merged
