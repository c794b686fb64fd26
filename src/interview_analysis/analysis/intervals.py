"""Per-sample flags to smoothed ``[start_s, end_s]`` intervals, shared by presence, gaze and integrity."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

N = TypeVar("N", np.int_, np.float64)


def median_smooth(values: NDArray[N], window: int) -> NDArray[N]:
    """Running median over an odd window: a one-frame glitch disappears, a real change stays sharp."""
    if window <= 1 or values.size == 0:
        return values.copy()
    half = window // 2
    padded = np.pad(values, half, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1)
    smoothed: NDArray[N] = np.median(windows, axis=1).astype(values.dtype)
    return smoothed


def flag_intervals(
    times: NDArray[np.float64], flags: NDArray[np.bool_], step_s: float, min_len_s: float
) -> list[list[float]]:
    """Runs of True as ``[start_s, end_s]``; each sample covers ``step_s``; runs shorter than ``min_len_s`` drop."""
    intervals: list[list[float]] = []
    if flags.size == 0:
        return intervals
    edges = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        begin = float(times[start])
        end = float(times[stop - 1]) + step_s
        if end - begin >= min_len_s:
            intervals.append([round(begin, 2), round(end, 2)])
    return intervals
