#!/usr/bin/env bash
# Makes models/yolo11n-seg.onnx when it is missing, so the YOLO integrity check runs without torch at run time.
# With the dev venv's torch the export takes seconds; otherwise a throw-away venv with the CPU torch is built
# for the export and removed (a few minutes, once). Failing here only means the object check is reported
# as skipped; the service still starts.
set -uo pipefail
cd "$(dirname "$0")/.."
[[ -s models/yolo11n-seg.onnx ]] && exit 0
if .venv/bin/python -c "import torch" 2>/dev/null; then
  exec .venv/bin/python scripts/export_yolo.py
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "exporting YOLO11n to ONNX in a temporary venv (once) ..." >&2
python3 -m venv "$tmp/venv" \
  && "$tmp/venv/bin/pip" install -q torch==2.13.0 numpy==1.26.4 onnx==1.22.0 opencv-contrib-python==4.11.0.86 \
       pillow==13.0.0 PyYAML==6.0.4 \
  && .venv/bin/python scripts/export_yolo.py --python "$tmp/venv/bin/python"
