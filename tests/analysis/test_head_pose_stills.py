"""Head pose on real faces that do not move: photos held still as two-second webcam-like videos.

The true movement is zero, so any spread is the method's own. CK+ frames (research licence: read from
the cached EmoPy wheel, never stored) and ``skimage.data.astronaut()``; each photo also mirrored, which
must turn the face the other way by the same amount.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from skimage import data

from interview_analysis.analysis.eye.analyzer import POSE_MAX_GAP_S, EyeTrackingAnalyzer
from interview_analysis.analysis.eye.head_pose import head_pose
from interview_analysis.analysis.eye.smoothing import one_euro
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.config import Settings
from interview_analysis.media.decode import MediaReader
from tests.fixtures.ckplus import ckplus_faces, emopy_wheel

SAMPLE_FPS = 15.0
MAX_SPREAD_DEG = 1.0
MIRROR_TOLERANCE_DEG = 2.0  # Face Mesh itself is not exactly mirror-symmetric
TURNED_DEG = 2.0  # faces turned at least this far must turn the other way when mirrored
STILLS = 8


@pytest.fixture(scope="module")
def still_videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """name -> (video, mirrored video), each a photo held for two seconds and encoded as VP8."""
    folder = tmp_path_factory.mktemp("stills")
    photos: dict[str, NDArray[np.uint8]] = {"astronaut": data.astronaut()}
    faces = ckplus_faces(emopy_wheel())
    for member, _, image in faces[:: max(1, len(faces) // STILLS)][:STILLS]:
        photos[Path(member).stem] = image
    videos: dict[str, tuple[Path, Path]] = {}
    for name, image in photos.items():
        png = folder / f"{name}.png"
        even = image[: image.shape[0] // 2 * 2, : image.shape[1] // 2 * 2]
        cv2.imwrite(str(png), cv2.cvtColor(even, cv2.COLOR_RGB2BGR))
        pair = []
        for suffix, flip in (("", []), ("_mirrored", ["-vf", "hflip"])):
            video = folder / f"{name}{suffix}.webm"
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", "-loop", "1", "-i", str(png), "-t", "2", "-r", "30", *flip,
                 "-c:v", "libvpx", "-b:v", "1M", "-pix_fmt", "yuv420p", "-threads", "1", str(video)],
                check=True,
            )  # fmt: skip
            pair.append(video)
        videos[name] = (pair[0], pair[1])
    return videos


def _poses(video: Path) -> NDArray[np.float64]:
    """(N, 3) yaw, pitch, roll per sampled frame, smoothed as the eye pass smooths them."""
    times, angles = [], []
    with MediaReader(video, sample_fps=SAMPLE_FPS, max_duration_s=60.0) as reader, FaceLandmarker() as landmarker:
        for frame in reader.frames():
            faces = landmarker.detect(frame.image, frame.t)
            pose = head_pose(faces.primary.landmarks, faces.width, faces.height) if faces.primary else None
            if pose is not None:
                times.append(frame.t)
                angles.append((pose.yaw, pose.pitch, pose.roll))
    assert len(times) >= SAMPLE_FPS  # the face is found on (nearly) every frame
    return one_euro(np.asarray(times), np.asarray(angles), POSE_MAX_GAP_S)


def test_a_still_face_holds_its_pose_within_a_degree_on_every_axis(
    still_videos: dict[str, tuple[Path, Path]],
) -> None:
    for name, (video, _) in still_videos.items():
        spread = np.ptp(_poses(video), axis=0)
        assert spread.max() < MAX_SPREAD_DEG, f"{name}: spread {spread.round(2)}"


def test_a_mirrored_face_turns_the_other_way_by_the_same_amount(still_videos: dict[str, tuple[Path, Path]]) -> None:
    turned = []
    for name, (video, mirrored) in still_videos.items():
        yaw, pitch, roll = _poses(video).mean(axis=0)
        m_yaw, m_pitch, m_roll = _poses(mirrored).mean(axis=0)
        assert m_yaw == pytest.approx(-yaw, abs=MIRROR_TOLERANCE_DEG), name
        assert m_roll == pytest.approx(-roll, abs=MIRROR_TOLERANCE_DEG), name
        assert m_pitch == pytest.approx(pitch, abs=MIRROR_TOLERANCE_DEG), name
        if abs(yaw) >= TURNED_DEG:
            turned.append(round(float(yaw), 1))
            assert np.sign(m_yaw) == -np.sign(yaw), name
    assert len(turned) >= 2, turned  # the set holds turned faces, not only frontal ones


def test_the_eye_pass_reports_no_head_movement_for_a_still_face(
    still_videos: dict[str, tuple[Path, Path]],
) -> None:
    video, _ = still_videos["astronaut"]
    analyzer = EyeTrackingAnalyzer(Settings())
    with MediaReader(video, sample_fps=SAMPLE_FPS, max_duration_s=60.0) as reader, FaceLandmarker() as landmarker:
        for frame in reader.frames():
            analyzer.consume(frame, landmarker.detect(frame.image, frame.t))
        section = analyzer.finish(reader.facts, reader.audio())
    assert section.head_movement is not None
    assert section.head_pose is not None
    assert section.head_movement.mean_speed_deg_s < 1.0
    assert section.head_movement.level == "low"
    assert max(section.head_pose.yaw_std_deg, section.head_pose.pitch_std_deg, section.head_pose.roll_std_deg) < 0.5
    assert section.head_pose.frames_left_out == 0
