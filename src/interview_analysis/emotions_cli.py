"""``python -m interview_analysis emotions IMAGE...``: the service's expression reading of still photos.

One JSON object per image and line on stdout, in the order given:
``{"path": ..., "emotions": {label: prob}}``, or ``{"path": ..., "error": "NO_FACE"}`` (or
``"UNREADABLE"``). The exit status is 0 when every image was read, 2 otherwise.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from interview_analysis.config import Settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    emotions = commands.add_parser("emotions", help="classify the facial expression on still images (JSON lines)")
    emotions.add_argument("images", nargs="+", type=Path)
    emotions.add_argument("--model", default=None, help="EMOTION_MODEL to use instead of the configured one")


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Imported here: mediapipe and the runtimes are heavy, and `keys` never needs them.
    from interview_analysis.analysis.emotion import load_classifier
    from interview_analysis.analysis.emotion.images import UnreadableImage, image_emotions, read_rgb
    from interview_analysis.analysis.landmarks import FaceLandmarker

    models = settings.models if args.model is None else settings.models.model_copy(update={"emotion_model": args.model})
    classifier = load_classifier(models)
    failures = 0
    with FaceLandmarker(max_faces=2, static_image_mode=True) as landmarker:
        for path in args.images:
            line: dict[str, object] = {"path": str(path)}
            try:
                emotions = image_emotions(read_rgb(path), landmarker, classifier)
            except UnreadableImage:
                emotions, line["error"] = None, "UNREADABLE"
            if emotions is not None:
                line["emotions"] = emotions
            elif "error" not in line:
                line["error"] = "NO_FACE"
            failures += "error" in line
            print(json.dumps(line, ensure_ascii=False), flush=True)
    return 2 if failures else 0
