"""The pieces of the eye pass on inputs whose answer is known by construction."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from interview_analysis.analysis.eye.blinks import detect_blinks
from interview_analysis.analysis.eye.head_pose import _INDICES, _MODEL, head_pose
from interview_analysis.analysis.intervals import flag_intervals, median_smooth


def test_one_frame_glitch_is_not_an_interval() -> None:
    counts = np.array([1] * 10 + [0] + [1] * 10 + [0] * 12 + [1] * 5)
    smoothed = median_smooth(counts, 7)
    times = np.arange(counts.size) / 15.0
    intervals = flag_intervals(times, smoothed == 0, 1 / 15, 0.5)
    assert len(intervals) == 1
    assert intervals[0][0] == pytest.approx(21 / 15, abs=0.01)
    assert intervals[0][1] == pytest.approx(33 / 15, abs=0.01)


def _landmarks_for(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    """Project the generic face, turned by known angles, the way a camera would see it."""
    width, height = 640, 480
    camera = np.array([[width, 0, width / 2], [0, width, height / 2], [0, 0, 1]], dtype=np.float64)
    # yaw>0 turns the face toward image right: rotation about the camera's y axis (pointing down).
    rot, _ = cv2.Rodrigues(np.radians([0.0, -yaw_deg, 0.0]))
    rot_p, _ = cv2.Rodrigues(np.radians([-pitch_deg, 0.0, 0.0]))
    rot_r, _ = cv2.Rodrigues(np.radians([0.0, 0.0, roll_deg]))
    rotation = rot @ rot_p @ rot_r  # roll about the face's own axis, then pitch, then yaw
    projected, _ = cv2.projectPoints(_MODEL, cv2.Rodrigues(rotation)[0], np.array([0.0, 0.0, 1500.0]), camera, None)
    points = np.zeros((478, 3), dtype=np.float32)
    points[_INDICES, :2] = projected.reshape(-1, 2)
    return points


@pytest.mark.parametrize(("yaw", "pitch", "roll"), [(0, 0, 0), (20, 0, 0), (-15, 10, 0), (0, -10, 12)])
def test_head_pose_recovers_known_angles_with_documented_signs(yaw: float, pitch: float, roll: float) -> None:
    pose = head_pose(_landmarks_for(yaw, pitch, roll), 640, 480)
    assert pose is not None
    assert pose.yaw == pytest.approx(yaw, abs=2.0)
    assert pose.pitch == pytest.approx(pitch, abs=2.0)
    assert pose.roll == pytest.approx(roll, abs=2.0)


def test_mirroring_the_landmarks_flips_yaw_and_roll() -> None:
    points = _landmarks_for(18, 5, 8)
    mirrored = points.copy()
    mirrored[:, 0] = 640 - mirrored[:, 0]
    # In a mirrored image the mesh labels swap sides: image-left points take the image-right indices.
    for a, b in ((33, 263), (61, 291)):
        mirrored[[a, b]] = mirrored[[b, a]]
    pose, flipped = head_pose(points, 640, 480), head_pose(mirrored, 640, 480)
    assert pose is not None
    assert flipped is not None
    assert flipped.yaw == pytest.approx(-pose.yaw, abs=1.0)
    assert flipped.roll == pytest.approx(-pose.roll, abs=1.0)
    assert flipped.pitch == pytest.approx(pose.pitch, abs=1.0)


def test_blinks_are_counted_against_the_persons_own_open_level() -> None:
    fps = 15.0
    times = np.arange(0, 20, 1 / fps)
    rng = np.random.default_rng(0)
    ear = 0.22 + rng.normal(0, 0.004, times.size)  # narrow eyes: a fixed 0.2 threshold would misfire
    blink_at = [2.0, 6.5, 11.0, 15.2]
    for start in blink_at:
        ear[(times >= start) & (times < start + 0.2)] = 0.09
    ear[(times >= 17.0) & (times < 18.5)] = 0.08  # eyes shut for 1.5 s: not a blink
    result = detect_blinks(times, ear, fps)
    assert result.blink_times == pytest.approx(blink_at, abs=0.1)
    assert result.long_closures == 1
