"""Person/phone detector speed per frame: the ultralytics ``.pt`` on torch against the ONNX export on ONNX Runtime.

    .venv/bin/python bench/objects.py [CLIP] [--threads N] [--frames N]

CLIP defaults to the generated talk.webm; frames are taken at 1 fps, as the integrity pass does.
Both backends run the same letterbox, decoding and NMS, so the figures differ only by the runtime.
ms/frame is the median over repeated passes, including pre- and post-processing, for:

- ``640 rect``: the service's default, a 640x480 frame at 640x480 (dynamic axes, no padding rows);
- ``640 square``: the same frame padded to 640x640, what a static export or ultralytics' ONNX default runs;
- ``320 rect``: the integrity pass's extra person-only pass;
- batch 1 and batch 4 (OBJECT_BATCH_SIZE).

Last, the whole integrity pass over CLIP with default settings (ONNX, 1 check a second at 640 plus
the 320 person pass): what it adds to a job, decoding and landmarks not counted.

The ``.pt`` rows need ultralytics. When it is not importable but torch is (the dev venv), it is
installed with ``--no-deps`` into a temporary folder for this run only, as scripts/export_yolo.py does.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from interview_analysis.analysis.faces import FrameFaces
from interview_analysis.analysis.objects import IntegrityAnalyzer
from interview_analysis.analysis.objects.detector_api import DetectorConfig, ObjectDetector
from interview_analysis.analysis.objects.onnx_backend import OnnxDetector
from interview_analysis.config import ObjectSettings, Settings
from interview_analysis.media.decode import MediaReader

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "models"


def _export_script() -> Any:
    spec = importlib.util.spec_from_file_location("export_yolo", REPO / "scripts" / "export_yolo.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("export_yolo", module)
    spec.loader.exec_module(module)
    return module


def ensure_ultralytics(tmp: Path) -> str | None:
    """None when ultralytics imports (installing it into ``tmp`` for this run if torch is here), else why not."""
    if importlib.util.find_spec("ultralytics") is not None:
        return None
    if importlib.util.find_spec("torch") is None:
        return "neither ultralytics nor torch is installed"
    import torch

    export = _export_script()
    packages = [export.ULTRALYTICS]
    if importlib.util.find_spec("torchvision") is None:
        packages.append(export.torchvision_for(torch.__version__))
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp)]
    subprocess.run([*pip, *packages], check=True)
    sys.path.insert(0, str(tmp))
    return None


def ms_per_frame(run: Callable[[list[np.ndarray]], Any], frames: list[np.ndarray], seconds: float) -> float:
    run(frames)
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(times) < 3:
        start = time.perf_counter()
        run(frames)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times)) / len(frames)


def config(weights: Path, threads: int, batch: int) -> DetectorConfig:
    return DetectorConfig(
        backend="onnx" if weights.suffix == ".onnx" else "ultralytics-pt",
        weights=weights,
        imgsz=640,
        person_imgsz=320,
        batch_size=batch,
        threads=threads,
        person_conf=0.5,
        phone_conf=0.35,
        iou=0.45,
    )


def square(detector: ObjectDetector) -> ObjectDetector:
    """The same network made to pad to a square, as a static-shape runtime would."""
    detector.rect = False
    return detector


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clip", nargs="?", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0, help="timing budget per row")
    args = parser.parse_args(argv)
    clip = args.clip or next((REPO / ".cache" / "media").glob("*/talk.webm"))
    with MediaReader(clip, sample_fps=1.0, max_duration_s=1800.0) as reader:
        frames = [frame.image for _, frame in zip(range(args.frames), reader.frames(), strict=False)]
    height, width = frames[0].shape[:2]
    print(f"{clip.name}: {len(frames)} frames of {width}x{height}, {args.threads} thread(s)")

    onnx_path, pt_path = MODELS / "yolo11n-seg.onnx", MODELS / "yolo11n-seg.pt"
    rows: list[tuple[str, Callable[[int], ObjectDetector]]] = [
        ("onnx", lambda batch: OnnxDetector(config(onnx_path, args.threads, batch))),
    ]
    with tempfile.TemporaryDirectory(prefix="bench-ultralytics-") as tmp:
        why_not = ensure_ultralytics(Path(tmp))
        if why_not is None:
            import torch

            from interview_analysis.analysis.objects.ultralytics_backend import UltralyticsDetector

            def pt(batch: int) -> ObjectDetector:
                return UltralyticsDetector(config(pt_path, args.threads, batch))

            rows.insert(0, (f"pt (torch {torch.__version__})", pt))
        else:
            print(f".pt: not measured ({why_not})")
        print(f"{'backend':<26}{'input':<14}{'batch':>6}{'ms/frame':>10}")
        for name, make in rows:
            for batch in (1, 4):
                detector = make(batch)
                cases = [("640 rect", 640, detector), ("320 rect", 320, detector)]
                if batch == 1:
                    cases.insert(1, ("640 square", 640, square(make(batch))))
                for label, size, det in cases:
                    ms = ms_per_frame(lambda f, d=det, s=size: d.detect(f, s), frames, args.seconds)
                    print(f"{name:<26}{label:<14}{batch:>6}{ms:>10.1f}")
    integrity_pass(clip, onnx_path, args.threads)
    return 0


def integrity_pass(clip: Path, weights: Path, threads: int) -> None:
    settings = Settings(objects=ObjectSettings(yolo_weights=weights, object_threads=threads))
    analyzer = IntegrityAnalyzer(settings)  # loads and warms up the detector: not timed, as in a worker
    spent = 0.0
    with MediaReader(clip, sample_fps=settings.media.sample_fps, max_duration_s=1800.0) as reader:
        for frame in reader.frames():
            faces = FrameFaces(frame.t, frame.image.shape[1], frame.image.shape[0], ())
            start = time.perf_counter()
            analyzer.consume(frame, faces)
            spent += time.perf_counter() - start
        start = time.perf_counter()
        result = analyzer.finish(reader.facts, reader.audio())
        spent += time.perf_counter() - start
        duration = reader.facts.duration_s
    assert result.object_check is not None
    checked = result.object_check.frames_checked
    rtf = spent / duration
    print(f"integrity pass: {spent:.2f} s for {duration:.1f} s of video ({checked} frames checked), RTF {rtf:.3f}")


if __name__ == "__main__":
    sys.exit(main())
