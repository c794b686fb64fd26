"""Blinks from the eye aspect ratio with a per-person, slowly adapting threshold.

A fixed EAR threshold (the classic 0.2) fails on narrow or wide eyes and when the
head turns; instead the "open" level is the candidate's own running upper
percentile, and a blink is a dip below a fraction of it followed by a reopening
above a higher fraction (hysteresis), within a blink's length. A closure longer
than that is counted as a long closure, not a blink.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

OPEN_PERCENTILE = 80.0
BASELINE_WINDOW_S = 6.0
CLOSE_FRACTION = 0.75  # below this share of the open level, the eye is closing
REOPEN_FRACTION = 0.88  # back above this share, it has reopened
MAX_BLINK_S = 0.6


@dataclass(frozen=True, slots=True)
class BlinkResult:
    blink_times: list[float]
    long_closures: int
    open_level: float  # median of the running open level, for the breakdown
    openness: NDArray[np.float64]  # EAR / open level per sample (1 = as open as usual)


def _running_percentile(values: NDArray[np.float64], window: int, q: float) -> NDArray[np.float64]:
    half = max(1, window // 2)
    padded = np.pad(values, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    running: NDArray[np.float64] = np.percentile(windows, q, axis=1)[: values.size]
    return running


def detect_blinks(times: NDArray[np.float64], ear: NDArray[np.float64], sample_fps: float) -> BlinkResult:
    """``times``/``ear`` hold only face-visible samples; a gap longer than a blink ends any open dip."""
    if ear.size == 0:
        return BlinkResult([], 0, 0.0, np.zeros(0))
    baseline = _running_percentile(ear, int(BASELINE_WINDOW_S * sample_fps), OPEN_PERCENTILE)
    openness = np.divide(ear, baseline, out=np.ones_like(ear), where=baseline > 0)
    blinks: list[float] = []
    long_closures = 0
    closed_at: float | None = None
    last_t = float(times[0])
    for t, ratio in zip(times.tolist(), openness.tolist(), strict=True):
        if closed_at is not None and t - last_t > MAX_BLINK_S:
            closed_at = None  # the face was lost mid-dip: we cannot tell what happened
        if closed_at is None:
            if ratio < CLOSE_FRACTION:
                closed_at = t
        elif ratio > REOPEN_FRACTION:
            if t - closed_at <= MAX_BLINK_S:
                blinks.append(round(closed_at, 2))
            else:
                long_closures += 1
            closed_at = None
        last_t = t
    return BlinkResult(blinks, long_closures, float(np.median(baseline)), openness)
