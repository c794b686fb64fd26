"""Offline model converters: build the runtime ONNX files from the weights a registry package ships.
Run once by ``scripts/`` (and lazily by a back-end whose file is missing), never per analysis."""
