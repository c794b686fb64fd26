"""Signal level: frame power, speech level in dBFS and its variation, clipping.

dBFS here is RMS relative to a full-scale square wave (a full-scale sine reads -3 dB).
Long recordings are scanned in blocks so no full-length float64 copy is ever made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.voice.spans import Span, covers

FLOOR_DBFS = -100.0  # digital silence reads as this instead of -inf, so results stay valid JSON
CLIP_LEVEL = 0.99  # a lossy codec rounds flat tops, so "clipped" is anything this close to full scale
VARIATION_FRAME_S = 0.1  # level changes shorter than this are syllable structure, not delivery
_CHUNK = 1 << 18  # samples per float64 block: 2 MB at a time, whatever the length of the track


@dataclass(frozen=True, slots=True)
class LoudnessStats:
    mean_dbfs: float
    variation_db: float
    clipping_ratio: float  # share of samples at or beyond CLIP_LEVEL


def to_dbfs(power: NDArray[np.float64]) -> NDArray[np.float64]:
    floor = 10.0 ** (FLOOR_DBFS / 10.0)
    return np.asarray(10.0 * np.log10(np.maximum(power, floor)), dtype=np.float64)


def frame_power(audio: NDArray[np.float32], hop: int) -> NDArray[np.float64]:
    """Mean square of each ``hop``-sample frame (the last, partial frame dropped)."""
    count = audio.size // hop
    out = np.empty(count, dtype=np.float64)
    step = max(1, _CHUNK // hop)
    for first in range(0, count, step):
        last = min(count, first + step)
        block = audio[first * hop : last * hop].astype(np.float64).reshape(last - first, hop)
        out[first:last] = np.einsum("ij,ij->i", block, block) / hop
    return out


def clipping_ratio(audio: NDArray[np.float32]) -> float:
    if audio.size == 0:
        return 0.0
    clipped = sum(
        int(np.count_nonzero(np.abs(audio[i : i + _CHUNK]) >= CLIP_LEVEL)) for i in range(0, audio.size, _CHUNK)
    )
    return clipped / audio.size


def loudness_stats(audio: NDArray[np.float32], sample_rate: int, speech: Sequence[Span]) -> LoudnessStats:
    """Energy-average level of the speech, and the spread of its 100 ms levels."""
    hop = int(VARIATION_FRAME_S * sample_rate)
    power = frame_power(audio, hop)
    centres = (np.arange(power.size) + 0.5) * VARIATION_FRAME_S
    inside = power[covers(speech, centres)]
    if inside.size == 0:
        inside = power
    mean_dbfs = float(to_dbfs(np.array([inside.mean()]))[0]) if inside.size else FLOOR_DBFS
    variation = float(to_dbfs(inside).std()) if inside.size > 1 else 0.0
    return LoudnessStats(mean_dbfs=mean_dbfs, variation_db=variation, clipping_ratio=clipping_ratio(audio))
