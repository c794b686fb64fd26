"""eye_tracking on the generated clips, every expectation read from truth.json."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Analysed = Callable[[str], dict[str, Any]]


def _eye(analysed: Analysed, name: str) -> dict[str, Any]:
    section: dict[str, Any] = analysed(name)["eye_tracking"]
    return section


def _blinks_agree(count: int, reference: int) -> bool:
    """Two encodes of the same footage: a blink at the threshold may fall either way, so allow a couple."""
    return abs(count - reference) <= max(2, 0.15 * reference)


def test_talk_has_the_documented_fields_in_range(analysed: Analysed, truth: dict[str, Any]) -> None:
    eye = _eye(analysed, "talk.webm")
    assert eye["status"] == "measured"
    assert 0 <= eye["attention_score"] <= 100
    assert 0 <= eye["gaze_stability"] <= 1
    assert eye["blink_frequency"] >= 0
    components = eye["score_breakdown"]["components"]
    assert sum(c["points"] for c in components.values()) == pytest.approx(eye["attention_score"], abs=0.2)
    assert len(eye["timeline"]) == math.ceil(truth["duration_s"])
    assert set(eye["timeline"][0]) >= {
        "t",
        "face_count",
        "yaw",
        "pitch",
        "gaze_x",
        "gaze_y",
        "on_screen",
        "eye_openness",
    }


def test_talk_face_presence_meets_truth(analysed: Analysed, truth: dict[str, Any]) -> None:
    eye = _eye(analysed, "talk.webm")
    assert eye["face_presence_ratio"] >= truth["files"]["talk.webm"]["face_ratio_min"]
    missed_s = (1 - truth["files"]["talk.webm"]["face_ratio_min"]) * truth["duration_s"]
    assert sum(end - start for start, end in eye["no_face_intervals"]) <= missed_s
    assert eye["multiple_face_intervals"] == []


def test_face_gap_yields_one_no_face_interval_at_the_true_time(analysed: Analysed, truth: dict[str, Any]) -> None:
    expected = truth["files"]["face_gap.webm"]["no_face_interval_s"]
    intervals = _eye(analysed, "face_gap.webm")["no_face_intervals"]
    assert intervals[0][0] == pytest.approx(expected[0], abs=0.5)
    assert intervals[-1][1] == pytest.approx(expected[1], abs=0.5)
    # at most a flicker at the cut splits it: the seconds inside are the gap's
    assert sum(end - start for start, end in intervals) >= expected[1] - expected[0] - 1.0


def test_two_faces_are_flagged_for_most_of_the_clip(analysed: Analysed, truth: dict[str, Any]) -> None:
    result = analysed("two_faces.webm")
    intervals = result["eye_tracking"]["multiple_face_intervals"]
    covered = sum(end - start for start, end in intervals) / result["media"]["duration_s"]
    assert covered >= truth["files"]["two_faces.webm"]["multi_face_ratio_min"]
    assert result["eye_tracking"]["max_faces"] == truth["files"]["two_faces.webm"]["faces"]


def test_mirrored_flips_yaw_and_gaze_but_keeps_attention_and_blinks(analysed: Analysed, truth: dict[str, Any]) -> None:
    assert truth["files"]["mirrored.webm"]["mirror_of"] == "talk.webm"
    talk, mirror = _eye(analysed, "talk.webm"), _eye(analysed, "mirrored.webm")
    assert talk["head_pose"]["yaw_mean_deg"] * mirror["head_pose"]["yaw_mean_deg"] < 0
    assert talk["head_pose"]["roll_mean_deg"] * mirror["head_pose"]["roll_mean_deg"] < 0
    assert talk["gaze"]["horizontal_mean"] * mirror["gaze"]["horizontal_mean"] < 0
    assert mirror["attention_score"] == pytest.approx(talk["attention_score"], rel=0.10)
    assert _blinks_agree(mirror["blink_count"], talk["blink_count"])


def test_vp9_gives_the_same_result_as_vp8(analysed: Analysed, truth: dict[str, Any]) -> None:
    assert truth["files"]["talk_vp9.webm"]["same_as"] == "talk.webm"
    vp8, vp9 = _eye(analysed, "talk.webm"), _eye(analysed, "talk_vp9.webm")
    for key in ("attention_score", "face_presence_ratio", "on_screen_ratio"):
        assert vp9[key] == pytest.approx(vp8[key], rel=0.05), key
    assert _blinks_agree(vp9["blink_count"], vp8["blink_count"])


LABELS = json.loads((Path(__file__).parents[1] / "fixtures" / "carphone_blinks.json").read_text())
BLINK_TOLERANCE_S = 0.15
CLIP_FPS = 30.0  # make_media.sh: the forward-then-reversed loop at fps=30, one source frame per output frame


def labelled_blink_times(duration_s: float) -> list[float]:
    """Onsets of the hand-labelled carphone blinks in a clip made of the loop: each blink is seen forward
    (its first closed frame) and backward (its last closed frame comes first), once per loop."""
    frames = int(LABELS["frames"])
    period = 2 * frames / CLIP_FPS
    once = [b["closed_from"] / CLIP_FPS for b in LABELS["blinks"]]
    once += [(2 * frames - 1 - b["closed_to"]) / CLIP_FPS for b in LABELS["blinks"]]
    loops = math.ceil(duration_s / period)
    return sorted(t + k * period for k in range(loops) for t in once if t + k * period < duration_s)


@pytest.mark.parametrize("name", ["talk.webm", "talk_vp9.webm", "mirrored.webm"])
def test_blinks_are_the_labelled_blinks_of_the_real_footage(analysed: Analysed, name: str) -> None:
    eye = _eye(analysed, name)
    expected = labelled_blink_times(analysed(name)["media"]["duration_s"])
    found = list(eye["blink_times"])
    for t in expected:
        match = min(found, key=lambda f: abs(f - t), default=None)
        assert match is not None, f"labelled blink at {t:.2f} s not found"
        assert abs(match - t) <= BLINK_TOLERANCE_S, f"labelled blink at {t:.2f} s found at {match:.2f} s"
        found.remove(match)
    assert found == []  # no blink the labels do not have
    assert eye["long_eye_closures"] == 0
