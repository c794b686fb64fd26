"""interview_score out of 60: what a calm face, smiles, flickers and sustained negative looks earn."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from interview_analysis.analysis.emotion.labels import EMOTIONS
from interview_analysis.analysis.emotion.scoring import WEIGHTS, band, summarise


def _clip(seconds: list[str | dict[str, float]], per_second: int = 5) -> dict[str, object]:
    """A summary of a clip whose crops, second by second, read as one label or a given mixture."""
    times, rows = [], []
    for second, reading in enumerate(seconds):
        mixture = {reading: 1.0} if isinstance(reading, str) else reading
        row = np.array([mixture.get(name, 0.0) for name in EMOTIONS], dtype=np.float32)
        row /= row.sum()
        for k in range(per_second):
            times.append(second + k / per_second)
            rows.append(row)
    probs: NDArray[np.float32] = np.stack(rows)
    return summarise(np.asarray(times), probs, float(len(seconds)))


def test_a_calm_neutral_face_is_scored_good_not_poor() -> None:
    result = _clip(["neutral"] * 60)
    assert result["interview_band"] == "양호"
    assert result["interview_score"] == WEIGHTS["composure"] + WEIGHTS["steadiness"]


def test_a_neutral_face_with_occasional_smiles_reaches_the_top_band() -> None:
    seconds: list[str | dict[str, float]] = ["happy" if s % 6 == 0 else "neutral" for s in range(60)]
    result = _clip(seconds)
    assert result["interview_band"] == "우수"


def test_a_one_second_flicker_of_fear_costs_nothing_and_changes_nothing() -> None:
    seconds: list[str | dict[str, float]] = ["neutral"] * 30
    seconds[10] = seconds[20] = "fear"
    result = _clip(seconds)
    composure = result["score_breakdown"]["components"]["composure"]  # type: ignore[index]
    assert composure["points"] == WEIGHTS["composure"]
    assert result["expression_changes"] == 0


def test_a_neutral_face_with_fear_leaning_readings_is_not_scored_poor() -> None:
    # What a FER2013 classifier does with a calm face: neutral first, fear and sadness close behind.
    leaning = {"neutral": 0.4, "fear": 0.3, "sad": 0.3}
    assert _clip([leaning] * 60)["interview_band"] != "개선 필요"


def test_sustained_negative_expression_costs_composure() -> None:
    half = _clip(["neutral"] * 30 + ["sad"] * 30)
    assert half["score_breakdown"]["components"]["composure"]["points"] == 0.0  # type: ignore[index]
    frightened = _clip(["fear"] * 60)
    assert frightened["interview_band"] == "개선 필요"
    assert frightened["interview_score"] == pytest.approx(WEIGHTS["steadiness"])


def test_smiles_throughout_score_full_marks() -> None:
    assert _clip(["happy"] * 30)["interview_score"] == 60.0


def test_breakdown_names_every_input_weight_and_threshold() -> None:
    result = _clip(["neutral"] * 20 + ["happy"] * 5)
    breakdown = result["score_breakdown"]
    assert isinstance(breakdown, dict)
    points = sum(part["points"] for part in breakdown["components"].values())
    assert points == pytest.approx(result["interview_score"], abs=0.05)
    assert result["interview_band"] == band(float(result["interview_score"]))  # type: ignore[arg-type]
    for name, part in breakdown["components"].items():
        assert part["max"] == WEIGHTS[name]
        assert {"label", "input", "value", "points"} <= set(part)
        assert "full_at" in part or "zero_at" in part
    assert breakdown["smoothing_s"] == 3
    assert breakdown["seconds_scored"] == 25
    assert [b["label"] for b in breakdown["bands"]] == ["우수", "양호", "보통", "개선 필요"]


def test_seconds_across_a_face_gap_are_not_smoothed_together() -> None:
    times = np.array([0.0, 1.0, 2.0, 10.0, 11.0, 12.0])
    rows = [EMOTIONS.index(n) for n in ("fear", "fear", "fear", "neutral", "neutral", "neutral")]
    probs = np.eye(len(EMOTIONS), dtype=np.float32)[rows]
    result = summarise(times, probs, 13.0)
    assert result["score_breakdown"]["components"]["composure"]["value"] == 0.5
    assert result["expression_changes"] == 1
