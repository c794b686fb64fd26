"""The ``emotions`` command and labelled still faces, through the service's landmark, crop and classifier code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from interview_analysis.analysis.emotion import EMOTIONS, load_classifier
from interview_analysis.analysis.emotion.images import image_emotions
from interview_analysis.analysis.emotion.scoring import summarise
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.config import ModelSettings, Settings
from tests.fixtures.ckplus import ckplus_faces, emopy_wheel

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def models_dir() -> Path:
    subprocess.run([sys.executable, str(REPO / "scripts" / "convert_faceapi_model.py")], check=True)
    return REPO / "models"


def _save(path: Path, rgb: np.ndarray) -> Path:
    assert cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return path


def test_emotions_command_prints_one_json_line_per_image(models_dir: Path, tmp_path: Path) -> None:
    from skimage import data

    face = _save(tmp_path / "astronaut.png", data.astronaut())
    cup = _save(tmp_path / "coffee.jpg", data.coffee())
    missing = tmp_path / "missing.png"
    env = {**os.environ, "MODELS_DIR": str(models_dir)}
    run = subprocess.run(
        [sys.executable, "-m", "interview_analysis", "emotions", str(face), str(cup), str(missing)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,  # the models are found through MODELS_DIR, not the working directory
        check=False,
    )
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(face), str(cup), str(missing)]
    emotions = lines[0]["emotions"]
    assert list(emotions) == list(EMOTIONS)
    assert sum(emotions.values()) == pytest.approx(1.0, abs=1e-3)
    assert max(emotions, key=emotions.get) == "happy"
    assert lines[1] == {"path": str(cup), "error": "NO_FACE"}
    assert lines[2] == {"path": str(missing), "error": "UNREADABLE"}
    assert run.returncode == 2  # not every image could be read


@pytest.fixture(scope="module")
def neutral_readings(models_dir: Path) -> np.ndarray:
    """The default classifier's readings of the 80 neutral CK+ frames (onsets of 40 sequences)."""
    classifier = load_classifier(Settings(models=ModelSettings(models_dir=models_dir)).models)
    rows = []
    with FaceLandmarker(max_faces=1, static_image_mode=True) as marks:
        for _, label, image in ckplus_faces(emopy_wheel()):
            if label == "neutral":
                reading = image_emotions(image, marks, classifier)
                assert reading is not None
                rows.append([reading[name] for name in EMOTIONS])
    return np.asarray(rows, dtype=np.float32)


def test_neutral_faces_are_mostly_read_as_neutral(neutral_readings: np.ndarray) -> None:
    assert len(neutral_readings) == 80
    recall = float(np.mean(neutral_readings.argmax(axis=1) == EMOTIONS.index("neutral")))
    assert recall >= 0.8


def _held(readings: np.ndarray, seconds: int) -> dict[str, object]:
    """The summary of a clip showing each reading for ``seconds`` at five crops a second."""
    probs = np.repeat(readings, 5 * seconds, axis=0)
    times = np.arange(len(probs)) / 5.0
    return summarise(times, probs, float(times[-1] + 1))


def test_neutral_faces_are_not_scored_poor_for_fear_or_sadness(neutral_readings: np.ndarray) -> None:
    # The 80 neutral faces one after another, two seconds each: a few misreadings must not sink the clip.
    assert _held(neutral_readings, 2)["interview_band"] in {"양호", "우수"}
    # Each face read neutral first, held alone for ten seconds, whatever fear and sadness hold of the rest.
    read_neutral = neutral_readings[neutral_readings.argmax(axis=1) == EMOTIONS.index("neutral")]
    assert {_held(row[None], 10)["interview_band"] for row in read_neutral} <= {"양호", "우수"}
