"""From per-frame probabilities to the result: mean emotions, variability, timeline and the score out of 60.

interview_score = positivity (20) + composure (30) + steadiness (10):
- positivity = 20 × min(1, happy / 0.25): a candidate who smiles a quarter of the time earns it all;
- composure = 30 × (1 − min(1, negative / 0.5)), negative = angry + disgust + fear + sad;
- steadiness = 10 × (1 − min(1, variability / 0.5)).
Bands, as the service has always shown them: 50–60 우수, 40–49 양호, 30–39 보통, under 30 개선 필요.
Surprise counts as neither: raised brows while talking read as surprise, and they are no fault.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.labels import EMOTIONS

MAX_SCORE = 60.0
HAPPY_FULL = 0.25
NEGATIVE = ("angry", "disgust", "fear", "sad")
NEGATIVE_ZERO = 0.5
VARIABILITY_ZERO = 0.5
CLOCK_SLACK_S = 0.002
BANDS = ((50.0, "우수"), (40.0, "양호"), (30.0, "보통"), (0.0, "개선 필요"))
FORMULA = "20·min(1, happy/0.25) + 30·(1 − min(1, (angry+disgust+fear+sad)/0.5)) + 10·(1 − min(1, variability/0.5))"


def band(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


def _r(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def whole_seconds(times: NDArray[np.float64]) -> NDArray[np.int64]:
    # webm clocks count whole milliseconds, so a frame due at 1.000 s may read 0.999 s.
    return np.asarray(np.floor(times + CLOCK_SLACK_S), dtype=np.int64)


def per_second(times: NDArray[np.float64], probs: NDArray[np.float32]) -> dict[int, NDArray[np.float64]]:
    """Mean distribution of each whole second that has classified frames."""
    seconds = whole_seconds(times)
    return {int(s): probs[seconds == s].astype(np.float64).mean(axis=0) for s in np.unique(seconds)}


def variability(seconds: dict[int, NDArray[np.float64]]) -> float:
    """Mean total-variation distance of each second's distribution from the whole clip's (0..1).

    0: the same expression throughout; 0.5: on average half the probability mass sits on other
    classes than usual. Per-second means, not frames, so classifier jitter does not count as expression.
    """
    if len(seconds) < 2:
        return 0.0
    rows = np.stack(list(seconds.values()))
    return float(np.mean(0.5 * np.abs(rows - rows.mean(axis=0)).sum(axis=1)))


def interview_score(emotions: dict[str, float], spread: float) -> tuple[float, dict[str, Any]]:
    """The score out of 60 and a breakdown holding every input, weight and threshold."""
    happy = emotions["happy"]
    negative = sum(emotions[name] for name in NEGATIVE)
    points = {
        "positivity": round(20.0 * min(1.0, happy / HAPPY_FULL), 1),
        "composure": round(30.0 * (1.0 - min(1.0, negative / NEGATIVE_ZERO)), 1),
        "steadiness": round(10.0 * (1.0 - min(1.0, spread / VARIABILITY_ZERO)), 1),
    }
    parts = {
        "positivity": {"label": "긍정적 표정", "value": _r(happy), "full_at": HAPPY_FULL, "max": 20.0},
        "composure": {"label": "부정적 표정 절제", "value": _r(negative), "zero_at": NEGATIVE_ZERO, "max": 30.0},
        "steadiness": {"label": "표정 안정성", "value": _r(spread), "zero_at": VARIABILITY_ZERO, "max": 10.0},
    }
    for name, part in parts.items():
        part["points"] = points[name]
    score = round(sum(points.values()), 1)
    bands = [{"min": floor, "label": label} for floor, label in BANDS]
    return score, {"formula": FORMULA, "max": MAX_SCORE, "components": parts, "band": band(score), "bands": bands}


def timeline(
    seconds: dict[int, NDArray[np.float64]], counts: dict[int, int], duration_s: float
) -> list[dict[str, Any]]:
    """One row per second of video; probabilities are null in a second with no classified face."""
    last = max([*seconds, -1]) + 1
    rows: list[dict[str, Any]] = []
    for second in range(max(last, math.ceil(duration_s - CLOCK_SLACK_S))):
        mean = seconds.get(second)
        row: dict[str, Any] = {"t": second, "frames": counts.get(second, 0)}
        row.update({name: None if mean is None else _r(mean[i], 3) for i, name in enumerate(EMOTIONS)})
        row["dominant"] = None if mean is None else EMOTIONS[int(np.argmax(mean))]
        rows.append(row)
    return rows


def summarise(times: NDArray[np.float64], probs: NDArray[np.float32], duration_s: float) -> dict[str, Any]:
    """The measured part of ``emotion_analysis``; ``probs`` is (N, 7) in ``EMOTIONS`` order."""
    mean = probs.astype(np.float64).mean(axis=0)
    mean /= mean.sum()
    emotions = {name: _r(mean[i]) for i, name in enumerate(EMOTIONS)}
    seconds = per_second(times, probs)
    second_ids, frame_counts = np.unique(whole_seconds(times), return_counts=True)
    counts = {int(s): int(n) for s, n in zip(second_ids, frame_counts, strict=True)}
    spread = variability(seconds)
    score, breakdown = interview_score(emotions, spread)
    return {
        "emotions": emotions,
        "dominant_emotion": EMOTIONS[int(np.argmax(mean))],
        "interview_score": score,
        "interview_band": band(score),
        "score_breakdown": breakdown,
        "expression_variability": _r(spread),
        "timeline": timeline(seconds, counts, duration_s),
    }
