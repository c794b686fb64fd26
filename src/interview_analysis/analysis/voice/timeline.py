"""One entry per second of audio: voiced or not, level and pitch, for the report's charts."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.voice.loudness import frame_power, to_dbfs
from interview_analysis.analysis.voice.pitch import STEP_S, PitchTrack
from interview_analysis.results import VoiceSecond

MIN_VOICED_S = 0.1  # a second with less pitched sound than this reads as unvoiced


def per_second(audio: NDArray[np.float32], sample_rate: int, pitch: PitchTrack) -> list[VoiceSecond]:
    seconds = math.ceil(audio.size / sample_rate)
    power = frame_power(audio, sample_rate)
    tail = audio[power.size * sample_rate :]
    if tail.size:  # the last, partial second
        power = np.append(power, float(np.mean(tail.astype(np.float64) ** 2)))
    levels = to_dbfs(power)
    # Frame times are sorted, so each second's frames are one slice.
    bounds = np.searchsorted(pitch.times, np.arange(seconds + 1, dtype=np.float64))
    out: list[VoiceSecond] = []
    for second in range(seconds):
        f0 = pitch.f0_hz[bounds[second] : bounds[second + 1]]
        f0 = f0[~np.isnan(f0)]
        voiced = f0.size * STEP_S >= MIN_VOICED_S
        out.append(
            VoiceSecond(
                t=second,
                voiced=bool(voiced),
                level_dbfs=round(float(levels[second]), 1),
                f0_hz=round(float(np.median(f0)), 1) if voiced else None,
            )
        )
    return out
