"""From per-frame probabilities to the result: mean emotions, variability, timeline and the score out of 60.

The score reads seconds, not frames. Each second's crops are averaged, then a centred
``SMOOTH_S``-second window averages neighbouring seconds, so a one-frame flicker of the
classifier neither costs points nor counts as an expression change; only an expression held
for seconds does. interview_score = positivity (15) + composure (35) + steadiness (10):
- positivity = 15 × min(1, smile_share / 0.15): smile_share is the share of face seconds whose
  crops read happy on average (≥ 0.5); smiling in one second out of seven earns it all;
- composure = 35 × (1 − clip((negative_share − 0.1) / 0.4, 0, 1)): negative_share is the share of
  face seconds whose smoothed angry + disgust + fear + sad is at least 0.5 and whose most likely
  expression is one of those four, i.e. a negative look held for seconds (a calm face that the
  classifier reads neutral first never counts, however its remaining mass spreads). The first
  tenth is free: a frown while thinking is part of any answer, and classifiers misread a few
  calm seconds; a negative look over half the answer costs all 35;
- steadiness = 10 × (1 − min(1, variability / 0.5)), variability over the smoothed seconds.
A calm neutral face keeps composure and steadiness (about 45, 양호); occasional smiles reach 우수;
negative expressions sustained over much of the answer fall to 개선 필요.
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
NEGATIVE = ("angry", "disgust", "fear", "sad")
SMOOTH_S = 3  # centred window, in seconds with a face
SMILE_SECOND = 0.5  # a second with a smile: its crops' mean happy probability
NEGATIVE_SECOND = 0.5  # a negative second: smoothed angry + disgust + fear + sad
WEIGHTS = {"positivity": 15.0, "composure": 35.0, "steadiness": 10.0}
SMILE_FULL = 0.15
NEGATIVE_FREE = 0.1
NEGATIVE_ZERO = 0.5
VARIABILITY_ZERO = 0.5
CLOCK_SLACK_S = 0.002
BANDS = ((50.0, "우수"), (40.0, "양호"), (30.0, "보통"), (0.0, "개선 필요"))
FORMULA = (
    "15·min(1, smile_share/0.15) + 35·(1 − clip((negative_share − 0.1)/0.4, 0, 1))"
    " + 10·(1 − min(1, variability/0.5)); "
    "seconds smoothed over 3 s"
)
_NEG = np.array([EMOTIONS.index(name) for name in NEGATIVE])
_HAPPY = EMOTIONS.index("happy")


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


def smooth(keys: list[int], rows: NDArray[np.float64]) -> NDArray[np.float64]:
    """(S, 7): each face second (``rows[i]`` is second ``keys[i]``) averaged with its neighbours in a
    centred ``SMOOTH_S`` window.

    Neighbours are the adjacent seconds that have a face; a face gap is not bridged, so the
    window never mixes an expression before a gap with one after it.
    """
    half = SMOOTH_S // 2
    out = np.empty_like(rows)
    for i, key in enumerate(keys):
        window = [j for j in range(i - half, i + half + 1) if 0 <= j < len(keys) and abs(keys[j] - key) <= half]
        out[i] = rows[window].mean(axis=0)
    return out


def variability(rows: NDArray[np.float64]) -> float:
    """Mean total-variation distance of each (smoothed) second's distribution from their mean (0..1).

    0: the same expression throughout; 0.5: on average half the probability mass sits on other
    classes than usual.
    """
    if len(rows) < 2:
        return 0.0
    return float(np.mean(0.5 * np.abs(rows - rows.mean(axis=0)).sum(axis=1)))


def expression_changes(rows: NDArray[np.float64]) -> int:
    """How often the dominant expression of the smoothed seconds changes."""
    dominant = rows.argmax(axis=1)
    return int(np.count_nonzero(dominant[1:] != dominant[:-1]))


def interview_score(raw: NDArray[np.float64], smoothed: NDArray[np.float64]) -> tuple[float, dict[str, Any]]:
    """The score out of 60 from per-second rows (raw and smoothed) and a breakdown of every input and threshold."""
    smile_share = float(np.mean(raw[:, _HAPPY] >= SMILE_SECOND)) if len(raw) else 0.0
    negative = (smoothed[:, _NEG].sum(axis=1) >= NEGATIVE_SECOND) & np.isin(smoothed.argmax(axis=1), _NEG)
    negative_share = float(np.mean(negative)) if len(raw) else 0.0
    spread = variability(smoothed)
    fractions = {
        "positivity": min(1.0, smile_share / SMILE_FULL),
        "composure": 1.0 - min(1.0, max(0.0, negative_share - NEGATIVE_FREE) / (NEGATIVE_ZERO - NEGATIVE_FREE)),
        "steadiness": 1.0 - min(1.0, spread / VARIABILITY_ZERO),
    }
    points = {name: round(WEIGHTS[name] * fraction, 1) for name, fraction in fractions.items()}
    parts: dict[str, dict[str, Any]] = {
        "positivity": {
            "label": "긍정적 표정",
            "input": "smile_share",
            "value": _r(smile_share),
            "second_threshold": {"happy": SMILE_SECOND},
            "full_at": SMILE_FULL,
        },
        "composure": {
            "label": "부정적 표정 절제",
            "input": "negative_share",
            "value": _r(negative_share),
            "second_threshold": {"+".join(NEGATIVE): NEGATIVE_SECOND, "dominant": "negative", "smoothed_s": SMOOTH_S},
            "free_up_to": NEGATIVE_FREE,
            "zero_at": NEGATIVE_ZERO,
        },
        "steadiness": {
            "label": "표정 안정성",
            "input": "expression_variability",
            "value": _r(spread),
            "zero_at": VARIABILITY_ZERO,
        },
    }
    for name, part in parts.items():
        part["max"] = WEIGHTS[name]
        part["points"] = points[name]
    score = round(sum(points.values()), 1)
    bands = [{"min": floor, "label": label} for floor, label in BANDS]
    breakdown = {
        "formula": FORMULA,
        "max": MAX_SCORE,
        "seconds_scored": len(raw),
        "smoothing_s": SMOOTH_S,
        "components": parts,
        "band": band(score),
        "bands": bands,
    }
    return score, breakdown


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
    keys = sorted(seconds)
    raw = np.stack([seconds[k] for k in keys])
    smoothed = smooth(keys, raw)
    score, breakdown = interview_score(raw, smoothed)
    changes = expression_changes(smoothed)
    return {
        "emotions": emotions,
        "dominant_emotion": EMOTIONS[int(np.argmax(mean))],
        "interview_score": score,
        "interview_band": band(score),
        "score_breakdown": breakdown,
        "expression_variability": breakdown["components"]["steadiness"]["value"],
        "expression_changes": changes,
        "expression_changes_per_min": round(changes * 60.0 / max(len(raw), 1), 2),
        "timeline": timeline(seconds, counts, duration_s),
    }
