"""The One-Euro filter (Casiez, Roussel and Vogel, CHI 2012) over a track of angles.

A low-pass filter whose cutoff rises with the speed of the signal: a head held still is smoothed hard
(landmark jitter of half a degree disappears), while a real turn passes with little lag. A gap in the
track (the face lost for longer than ``max_gap_s``) starts the filter afresh, so a pose before a gap
never bleeds into the one after it.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

MIN_CUTOFF_HZ = 1.0  # the cutoff of a still head
BETA = 0.05  # how fast the cutoff rises with speed (per degree a second)
DERIVATIVE_CUTOFF_HZ = 1.0


def _alpha(cutoff_hz: float, dt: float) -> float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt)


def one_euro(
    times: NDArray[np.float64],
    values: NDArray[np.float64],
    max_gap_s: float,
    min_cutoff_hz: float = MIN_CUTOFF_HZ,
    beta: float = BETA,
) -> NDArray[np.float64]:
    """``values`` (N, K): K signals sampled at ``times`` (rising), filtered forward and then backward.

    The whole track is known when it is filtered, so a second, backward pass costs nothing in latency and
    takes away the forward pass's lag and its start-up: MediaPipe's first frame after it finds a face (full
    detection, before tracking) sits about a degree off the frames that follow, and a forward filter alone
    would carry that into the next second."""
    forward = _one_euro_pass(times, values, max_gap_s, min_cutoff_hz, beta)
    backward = _one_euro_pass(-times[::-1], forward[::-1], max_gap_s, min_cutoff_hz, beta)
    return backward[::-1].copy()


def _one_euro_pass(
    times: NDArray[np.float64],
    values: NDArray[np.float64],
    max_gap_s: float,
    min_cutoff_hz: float = MIN_CUTOFF_HZ,
    beta: float = BETA,
) -> NDArray[np.float64]:
    """One causal pass; returns a new array."""
    out = np.array(values, dtype=np.float64, copy=True)
    if out.shape[0] < 2:
        return out
    previous = out[0].copy()
    speed = np.zeros(out.shape[1])
    for i in range(1, out.shape[0]):
        dt = float(times[i] - times[i - 1])
        if dt <= 0 or dt > max_gap_s:
            previous, speed = out[i].copy(), np.zeros(out.shape[1])
            continue
        raw_speed = (values[i] - previous) / dt
        speed += _alpha(DERIVATIVE_CUTOFF_HZ, dt) * (raw_speed - speed)
        cutoff = min_cutoff_hz + beta * np.abs(speed)
        tau = 1.0 / (2.0 * np.pi * cutoff)
        alpha = 1.0 / (1.0 + tau / dt)
        previous = previous + alpha * (values[i] - previous)
        out[i] = previous
    return out
