#!/usr/bin/env python3
"""Converts emotion models to ONNX once, so workers run them on ONNX Runtime.

    python scripts/convert_emotion_model.py [--models-dir models]
        mini-Xception: MODELS_DIR/emotion_model.hdf5 (from scripts/fetch_models.py)
        -> MODELS_DIR/emotion_minixception.onnx; a no-op when the ONNX is newer than the HDF5.

    python scripts/convert_emotion_model.py efficientnet IN.pth OUT.onnx [--size 224]
        a torchvision-layout EfficientNet state dict -> ONNX (needs torch, only for this step).

No TensorFlow: the Keras file is read with h5py and rebuilt with the onnx package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def minixception(models_dir: Path) -> int:
    from interview_analysis.analysis.emotion.minixception import H5_NAME, ONNX_NAME
    from interview_analysis.convert.minixception import convert

    source, target = models_dir / H5_NAME, models_dir / ONNX_NAME
    if not source.is_file():
        print(f"{source} is missing; run scripts/fetch_models.py first", file=sys.stderr)
        return 1
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        print(f"{target}: up to date")
        return 0
    print(f"{convert(source, target)}: converted from {source.name}")
    return 0


def efficientnet(source: Path, target: Path, size: int | None) -> int:
    from interview_analysis.analysis.emotion.efficientnet_torch import export_onnx, load_state_dict

    net = load_state_dict(source)
    print(f"{export_onnx(net, target, size)}: EfficientNet-{net.variant.upper()}, {size or net.input_size} px")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models-dir", type=Path, default=REPO / "models")
    sub = parser.add_subparsers(dest="kind")
    eff = sub.add_parser("efficientnet", help="a .pth state dict to ONNX")
    eff.add_argument("source", type=Path)
    eff.add_argument("target", type=Path)
    eff.add_argument("--size", type=int, default=None, help="input side in pixels (default: the variant's)")
    args = parser.parse_args(argv)
    if args.kind == "efficientnet":
        return efficientnet(args.source, args.target, args.size)
    return minixception(args.models_dir)


if __name__ == "__main__":
    sys.exit(main())
