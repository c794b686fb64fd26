"""The pieces of the eye pass on inputs whose answer is known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from interview_analysis.analysis.eye.blinks import detect_blinks
from interview_analysis.analysis.eye.canonical_face import INDICES, MODEL
from interview_analysis.analysis.eye.head_pose import head_pose
from interview_analysis.analysis.eye.smoothing import one_euro
from interview_analysis.analysis.intervals import flag_intervals, median_smooth


def test_one_frame_glitch_is_not_an_interval() -> None:
    counts = np.array([1] * 10 + [0] + [1] * 10 + [0] * 12 + [1] * 5)
    smoothed = median_smooth(counts, 7)
    times = np.arange(counts.size) / 15.0
    intervals = flag_intervals(times, smoothed == 0, 1 / 15, 0.5)
    assert len(intervals) == 1
    assert intervals[0][0] == pytest.approx(21 / 15, abs=0.01)
    assert intervals[0][1] == pytest.approx(33 / 15, abs=0.01)


def _rotation(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    """In the canonical face's axes (x right, y up, z toward the camera): roll about the face's own axis,
    then pitch, then yaw, each with the documented sign."""
    y, p, r = np.radians([yaw_deg, pitch_deg, roll_deg])
    turn = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    tilt = np.array([[1, 0, 0], [0, np.cos(p), np.sin(p)], [0, -np.sin(p), np.cos(p)]])
    lean = np.array([[np.cos(r), np.sin(r), 0], [-np.sin(r), np.cos(r), 0], [0, 0, 1]])
    return turn @ tilt @ lean


def _landmarks_for(yaw_deg: float, pitch_deg: float, roll_deg: float, noise_px: float = 0.0) -> np.ndarray:
    """The canonical face turned by known angles, as the mesh reports it: pixels, y down, z away."""
    face = MODEL @ _rotation(yaw_deg, pitch_deg, roll_deg).T * 12.0  # about 12 px a centimetre
    points = np.zeros((478, 3), dtype=np.float32)
    points[INDICES] = face * np.array([1.0, -1.0, -1.0]) + np.array([320.0, 240.0, 0.0])
    points[INDICES] += np.random.default_rng(0).normal(0, noise_px, (len(INDICES), 3)).astype(np.float32)
    return points


@pytest.mark.parametrize(("yaw", "pitch", "roll"), [(0, 0, 0), (20, 0, 0), (-15, 10, 0), (0, -10, 12), (40, 0, 0)])
def test_head_pose_recovers_known_angles_with_documented_signs(yaw: float, pitch: float, roll: float) -> None:
    pose = head_pose(_landmarks_for(yaw, pitch, roll), 640, 480)
    assert pose is not None
    assert pose.yaw == pytest.approx(yaw, abs=1.0)
    assert pose.pitch == pytest.approx(pitch, abs=1.0)
    assert pose.roll == pytest.approx(roll, abs=1.0)
    assert pose.confidence > 0.99  # a perfectly rigid face


def test_a_torn_mesh_fits_with_low_confidence() -> None:
    assert head_pose(_landmarks_for(10, 5, 0, noise_px=30.0), 640, 480).confidence < 0.3  # type: ignore[union-attr]


def test_mirroring_the_landmarks_flips_yaw_and_roll() -> None:
    points = _landmarks_for(18, 5, 8)
    mirrored = points.copy()
    mirrored[:, 0] = 640 - mirrored[:, 0]
    # In a mirrored image the mesh labels swap sides: image-left points take the image-right indices.
    for a, b in ((33, 263), (133, 362), (127, 356), (93, 323)):
        mirrored[[a, b]] = mirrored[[b, a]]
    pose, flipped = head_pose(points, 640, 480), head_pose(mirrored, 640, 480)
    assert pose is not None
    assert flipped is not None
    assert flipped.yaw == pytest.approx(-pose.yaw, abs=0.5)
    assert flipped.roll == pytest.approx(-pose.roll, abs=0.5)
    assert flipped.pitch == pytest.approx(pose.pitch, abs=0.5)


def test_the_pose_filter_keeps_a_real_turn_and_stills_jitter() -> None:
    fps = 15.0
    times = np.arange(0, 6, 1 / fps)
    rng = np.random.default_rng(2)
    turn = np.clip((times - 2.0) / 0.5, 0, 1) * 30.0  # 30° in half a second, then held
    noisy = np.column_stack([turn + rng.normal(0, 0.5, times.size), rng.normal(0, 0.5, (times.size, 2))])
    smooth = one_euro(times, noisy, max_gap_s=0.5)
    still = times < 1.5
    assert np.ptp(smooth[still], axis=0).max() < 0.6 * np.ptp(noisy[still], axis=0).max()
    held = times > 3.0
    assert smooth[held, 0].mean() == pytest.approx(30.0, abs=0.5)
    assert smooth[times > 2.5, 0][0] > 25.0  # half a second into the turn it has not lagged behind


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
    (closure,) = result.long_closures
    assert closure == pytest.approx((17.0, 18.5), abs=0.1)


def test_a_blink_while_glancing_down_is_a_blink_not_a_long_closure() -> None:
    """The lids lower slowly for a glance down and stay lowered; a blink inside still closes and opens
    fast against that lowered level."""
    fps = 15.0
    times = np.arange(0, 12, 1 / fps)
    rng = np.random.default_rng(1)
    ear = 0.28 + rng.normal(0, 0.004, times.size)
    glance = (times >= 4.0) & (times < 8.0)
    ear[glance] = 0.28 - 0.1 * np.clip((times[glance] - 4.0) / 0.4, 0, 1)  # lids down over 0.4 s, held
    ear[(times >= 7.6) & (times < 8.0)] = 0.28 - 0.1 * (1 - (times[(times >= 7.6) & (times < 8.0)] - 7.6) / 0.4)
    blink_at = [2.0, 5.5, 6.8, 10.0]
    for start in blink_at:
        ear[(times >= start) & (times < start + 0.14)] = 0.06
    result = detect_blinks(times, ear, fps)
    assert result.blink_times == pytest.approx(blink_at, abs=0.1)
    assert result.long_closures == []
