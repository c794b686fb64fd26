"""Eye-tracking scores, each with the measured inputs and weights that produced it."""

from __future__ import annotations

from typing import Any

ATTENTION_WEIGHTS = {"on_screen_ratio": 0.60, "face_presence_ratio": 0.25, "gaze_stability": 0.15}

BANDS = ((80.0, "매우 안정적"), (60.0, "양호"), (40.0, "보통"), (0.0, "개선 필요"))


def band(score: float) -> str:
    return next(label for floor, label in BANDS if score >= floor)


def gaze_stability(spread_deg: float, full_deg: float) -> float:
    """1 when the gaze direction does not wander, 0 when its RMS spread reaches ``full_deg``."""
    return max(0.0, min(1.0, 1.0 - spread_deg / full_deg))


def attention(inputs: dict[str, float]) -> tuple[float, dict[str, Any]]:
    """Weighted sum of ratios (0..1) scaled to 100; returns the score and its breakdown."""
    parts = {
        name: {"value": round(inputs[name], 3), "weight": weight, "points": round(100 * weight * inputs[name], 1)}
        for name, weight in ATTENTION_WEIGHTS.items()
    }
    score = round(sum(p["points"] for p in parts.values()), 1)
    return score, {
        "formula": "100 × (0.60·on_screen_ratio + 0.25·face_presence_ratio + 0.15·gaze_stability)",
        "components": parts,
        "band": band(score),
    }
