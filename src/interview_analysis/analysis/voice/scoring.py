"""Speech-rate and voice scores (0-100), each with the measured inputs and thresholds behind it.

The speech-rate norm is Korean adults' spontaneous talking, 252.87 ± 40.86 syllables per
minute (31 adults aged 18-30, a one-minute talk about their daily routine; "The Study of
Speech Rate in Normal-Speaking Adults and Children", Journal of Speech Sciences 9(4):93-103,
2002). Reading in the same study was 308.29 ± 22.57 SPM; an interview answer is talk, not
reading. The other thresholds are plain heuristics, written out in every breakdown.
"""

from __future__ import annotations

from typing import Any

NORM_SPM_MEAN = 252.87
NORM_SPM_SD = 40.86
NORM_SOURCE = "Journal of Speech Sciences 9(4):93-103 (2002), 성인 말하기 과제 252.87 ± 40.86 SPM"
RATE_POINTS_PER_SD = 30.0  # lost per standard deviation beyond the first

PAUSE_RATIO_OK = 0.30  # a quarter to a third of spontaneous speech time is pausing
PAUSE_RATIO_ZERO = 0.70
LONG_PAUSE_POINTS = 10.0  # per long pause per minute of answer
LONG_PAUSE_MAX_POINTS = 50.0

PITCH_SD_ZERO_ST = 1.0
PITCH_SD_FULL_ST = 3.0

LEVEL_OK_DBFS = (-30.0, -10.0)
LEVEL_POINTS_PER_DB = 5.0
CLIP_POINTS_PER_PERCENT = 25.0
CLIP_MAX_POINTS = 50.0

WEIGHTS = {"speech_rate": 0.35, "pauses": 0.25, "intonation": 0.25, "loudness": 0.15}

BANDS = ((80.0, "매우 좋음"), (60.0, "좋음"), (40.0, "보통"), (20.0, "개선 필요"), (0.0, "많이 개선 필요"))


def band(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def rate_label(z: float) -> str:
    """Where the rate sits against the norm, in words."""
    if abs(z) <= 1.0:
        return "적정"
    side = "빠름" if z > 0 else "느림"
    return side if abs(z) > 2.0 else f"다소 {side}"


def speech_rate_score(spm: float) -> tuple[float, dict[str, Any]]:
    z = (spm - NORM_SPM_MEAN) / NORM_SPM_SD
    score = round(_clamp(100.0 - RATE_POINTS_PER_SD * max(0.0, abs(z) - 1.0)), 1)
    return score, {
        "inputs": {"speech_rate_spm": round(spm, 1)},
        "norm": {"mean_spm": NORM_SPM_MEAN, "sd_spm": NORM_SPM_SD, "source": NORM_SOURCE},
        "z": round(z, 2),
        "formula": f"100 within ±1 SD of the norm, minus {RATE_POINTS_PER_SD:g} per SD beyond",
        "label": rate_label(z),
        "score": score,
        "band": band(score),
    }


def pause_score(silence_ratio: float, long_pauses: int, speaking_s: float) -> tuple[float, dict[str, Any]]:
    over = max(0.0, silence_ratio - PAUSE_RATIO_OK) / (PAUSE_RATIO_ZERO - PAUSE_RATIO_OK)
    per_minute = long_pauses / (speaking_s / 60.0) if speaking_s > 0 else 0.0
    penalty = min(LONG_PAUSE_MAX_POINTS, LONG_PAUSE_POINTS * per_minute)
    score = round(_clamp(100.0 * (1.0 - over) - penalty), 1)
    return score, {
        "inputs": {"silence_ratio": round(silence_ratio, 3), "long_pauses_per_minute": round(per_minute, 2)},
        "thresholds": {"silence_ratio_full_marks": PAUSE_RATIO_OK, "silence_ratio_zero": PAUSE_RATIO_ZERO},
        "formula": f"linear in silence_ratio, minus {LONG_PAUSE_POINTS:g} per long pause per minute",
        "score": score,
    }


def intonation_score(variation_st: float) -> tuple[float, dict[str, Any]]:
    share = (variation_st - PITCH_SD_ZERO_ST) / (PITCH_SD_FULL_ST - PITCH_SD_ZERO_ST)
    score = round(_clamp(100.0 * share), 1)
    return score, {
        "inputs": {"f0_variation_st": round(variation_st, 2)},
        "thresholds": {"zero_at_st": PITCH_SD_ZERO_ST, "full_marks_at_st": PITCH_SD_FULL_ST},
        "formula": "linear in the F0 standard deviation (semitones)",
        "score": score,
    }


def loudness_score(mean_dbfs: float, clipping: float) -> tuple[float, dict[str, Any]]:
    low, high = LEVEL_OK_DBFS
    outside = max(0.0, low - mean_dbfs, mean_dbfs - high)
    clip_penalty = min(CLIP_MAX_POINTS, CLIP_POINTS_PER_PERCENT * clipping * 100.0)
    score = round(_clamp(100.0 - LEVEL_POINTS_PER_DB * outside - clip_penalty), 1)
    return score, {
        "inputs": {"level_mean_dbfs": round(mean_dbfs, 1), "clipping_ratio": round(clipping, 5)},
        "thresholds": {"level_ok_dbfs": list(LEVEL_OK_DBFS)},
        "formula": (
            f"100 inside the level range, minus {LEVEL_POINTS_PER_DB:g} per dB outside it"
            f" and {CLIP_POINTS_PER_PERCENT:g} per percent of clipped samples"
        ),
        "score": score,
    }


def voice_score(parts: dict[str, tuple[float, dict[str, Any]]]) -> tuple[float, dict[str, Any]]:
    """Weighted mean of the components that could be measured (weights renormalised over them)."""
    used = {name: WEIGHTS[name] for name in parts}
    total = sum(used.values())
    score = round(sum(parts[name][0] * weight for name, weight in used.items()) / total, 1)
    return score, {
        "formula": "weighted mean of the component scores",
        "weights": {name: round(weight / total, 3) for name, weight in used.items()},
        "components": {name: detail for name, (_, detail) in parts.items()},
        "score": score,
        "band": band(score),
    }
