"""Blinks from the eye aspect ratio, against the eye's own *local* open level.

A fixed EAR threshold (the classic 0.2) fails on narrow or wide eyes and when the head turns. A level
taken over several seconds fails on a glance down: the lids lower slowly and stay lowered, a blink in
that stretch never climbs back to the far-off open level, and the dip reads as one long closure. So
the open level is the upper percentile of a short window around each sample (``BASELINE_WINDOW_S``):
it follows a slow lowering of the lids but not the blink itself, which fills a small part of the
window. It never falls below ``FLOOR_SHARE`` of the level over ``LONG_WINDOW_S``: lids lowered for a
glance stay well above that, eyes kept shut fall well below it, and must not become the new "open".
A blink is a dip below a fraction of that level followed by a reopening above a higher
fraction (hysteresis), within a blink's length.

Every closure is then searched for fast dips: a blink is fast and symmetric (the lids close and open
again within ``DIP_HALF_WIDTH_S`` either side), a lowering of the lids is not (it stays down on one
side). A closure with no fast dip is a long closure when it outlasts a blink, and otherwise only a
movement of the lids. Long closures keep their times, as blinks do, so each can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

OPEN_PERCENTILE = 80.0
BASELINE_WINDOW_S = 1.5  # longer than a blink (0.1-0.4 s), shorter than a glance down (a second or more)
LONG_WINDOW_S = 6.0
FLOOR_SHARE = 0.6
CLOSE_FRACTION = 0.75  # below this share of the open level, the eye is closing
REOPEN_FRACTION = 0.88  # back above this share, it has reopened
MAX_BLINK_S = 0.6
DIP_HALF_WIDTH_S = 0.3  # a blink's lids are open again this soon on both sides of its deepest point
MIN_BLINK_GAP_S = 0.2  # two dips closer than this are one blink


@dataclass(frozen=True, slots=True)
class BlinkResult:
    blink_times: list[float]
    long_closures: list[tuple[float, float]]  # [start, end] of each closure that held no blink
    open_level: float  # median of the running open level, for the breakdown
    openness: NDArray[np.float64]  # EAR / open level per sample (1 = as open as usual)


def _running_percentile(values: NDArray[np.float64], window: int, q: float) -> NDArray[np.float64]:
    half = max(1, window // 2)
    padded = np.pad(values, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    running: NDArray[np.float64] = np.percentile(windows, q, axis=1)[: values.size]
    return running


def _fast_dips(times: NDArray[np.float64], ear: NDArray[np.float64], start: int, end: int) -> list[float]:
    """Blinks inside samples ``start..end``: local minima with lids open again (``REOPEN_FRACTION`` of
    the higher side's level) within ``DIP_HALF_WIDTH_S`` before and after."""
    found: list[float] = []
    for i in range(start, end + 1):
        near = (times >= times[i] - DIP_HALF_WIDTH_S) & (times <= times[i] + DIP_HALF_WIDTH_S)
        if ear[i] > ear[near].min():
            continue
        before = ear[near & (times < times[i])]
        after = ear[near & (times > times[i])]
        if before.size == 0 or after.size == 0:
            continue
        # Both sides must rise clearly above the dip: a lowering of the lids rises on one side only.
        level = min(before.max(), after.max())
        if ear[i] < CLOSE_FRACTION * level and (not found or times[i] - found[-1] >= MIN_BLINK_GAP_S):
            found.append(float(times[i]))
    return found


def detect_blinks(times: NDArray[np.float64], ear: NDArray[np.float64], sample_fps: float) -> BlinkResult:
    """``times``/``ear`` hold only face-visible samples; a gap longer than a blink ends any open dip."""
    if ear.size == 0:
        return BlinkResult([], [], 0.0, np.zeros(0))
    local = _running_percentile(ear, max(3, round(BASELINE_WINDOW_S * sample_fps)), OPEN_PERCENTILE)
    overall = _running_percentile(ear, max(3, round(LONG_WINDOW_S * sample_fps)), OPEN_PERCENTILE)
    baseline = np.maximum(local, FLOOR_SHARE * overall)
    openness = np.divide(ear, baseline, out=np.ones_like(ear), where=baseline > 0)
    blinks: list[float] = []
    long_closures: list[tuple[float, float]] = []
    closed_at: int | None = None
    for i, ratio in enumerate(openness.tolist()):
        if closed_at is not None and times[i] - times[i - 1] > MAX_BLINK_S:
            closed_at = None  # the face was lost mid-dip: we cannot tell what happened
        if closed_at is None:
            if ratio < CLOSE_FRACTION:
                closed_at = i
        elif ratio > REOPEN_FRACTION:
            dips = _fast_dips(times, ear, closed_at, i - 1)
            if dips:
                # A short closure is one blink, timed at its start as it always was; a long one holds its dips.
                blinks.extend([float(times[closed_at])] if times[i] - times[closed_at] <= MAX_BLINK_S else dips)
            elif times[i] - times[closed_at] > MAX_BLINK_S:
                long_closures.append((round(float(times[closed_at]), 2), round(float(times[i]), 2)))
            closed_at = None
    return BlinkResult([round(t, 2) for t in blinks], long_closures, float(np.median(baseline)), openness)
