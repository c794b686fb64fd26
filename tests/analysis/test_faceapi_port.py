"""The ONNX port of face-api's expression net against the same weights evaluated directly in numpy.

The oracle below is written from face-api's TypeScript (``FaceFeatureExtractor.ts``,
``denseBlock.ts``, ``depthwiseSeparableConv.ts``, ``FaceProcessor.ts``) with its own weight
reader and naive window loops with TF's ``same`` padding, so it shares nothing with the graph
builder in ``convert.faceapi`` but the files it reads. One row measured from face-api itself
(tfjs in Node) anchors both to the original.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from interview_analysis.analysis.emotion import BACKENDS, EMOTIONS
from interview_analysis.analysis.emotion.classifier_api import ClassifierConfig
from interview_analysis.analysis.emotion.faceapi import ONNX_NAME, FaceApiExpression, normalise

REPO = Path(__file__).resolve().parents[2]
FACE_BOX = (slice(70, 190), slice(165, 285))  # astronaut(): brows to chin, a tight square
Array = NDArray[np.float64]
# face-api 1.7.15 itself (tfjs 4.22 cpu backend, predictExpressions) on the random crop below, measured once.
FACEAPI_ON_NOISE = (0.35220870, 0.04912110, 0.40506256, 0.05330101, 0.01038439, 0.02676360, 0.10315862)


@pytest.fixture(scope="session")
def faceapi_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The converted model (a checksum-checked no-op when present) and the raw weights, unpacked again."""
    script = REPO / "scripts" / "convert_faceapi_model.py"
    subprocess.run([sys.executable, str(script)], check=True, stdout=subprocess.DEVNULL)
    spec = importlib.util.spec_from_file_location("convert_faceapi_model", script)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)  # its verified npm fetch, to give the oracle the raw files
    workdir = tmp_path_factory.mktemp("faceapi")
    files = tool.extract(tool.npm_pack(workdir), workdir)
    return {
        "onnx": REPO / "models" / ONNX_NAME,
        "manifest": files["package/model/face_expression_model-weights_manifest.json"],
        "bin": files["package/model/face_expression_model.bin"],
    }


def _weights(manifest: Path, data: bytes) -> dict[str, Array]:
    """TF.js's decodeWeights for this file: uint8 * scale + min, else raw little-endian float32."""
    out: dict[str, Array] = {}
    offset = 0
    for spec in json.loads(manifest.read_text())[0]["weights"]:
        n = int(np.prod(spec["shape"]))
        if "quantization" in spec:
            q = spec["quantization"]
            assert q["dtype"] == "uint8"
            raw = np.frombuffer(data, np.uint8, n, offset).astype(np.float64)
            values = (raw * q["scale"] + q["min"]).astype(np.float32)  # JS: doubles into a Float32Array
            offset += n
        else:
            values = np.frombuffer(data, "<f4", n, offset)
            offset += 4 * n
        out[spec["name"]] = values.astype(np.float64).reshape(spec["shape"])
    assert offset == len(data)
    return out


def _windows(a: Array, stride: int) -> Iterator[tuple[int, int, Array]]:
    """3×3 windows of NHWC ``a`` with TF's ``same`` padding: the odd pixel goes after."""

    def pads(n: int) -> tuple[int, int]:
        total = max((-(-n // stride) - 1) * stride + 3 - n, 0)
        return total // 2, total - total // 2

    a = np.pad(a, ((0, 0), pads(a.shape[1]), pads(a.shape[2]), (0, 0)))
    h, w = (a.shape[1] - 3) // stride + 1, (a.shape[2] - 3) // stride + 1
    for i in range(3):
        for j in range(3):
            yield i, j, a[:, i : i + stride * (h - 1) + 1 : stride, j : j + stride * (w - 1) + 1 : stride]


def _faceapi_reference(weights: dict[str, Array], x: Array) -> Array:
    """FaceExpressionNet in NHWC float64: x is RGB 0..255, (N, 112, 112, 3)."""

    def conv(a: Array, p: str, stride: int) -> Array:
        out: Any = sum(patch @ weights[f"{p}/filters"][i, j] for i, j, patch in _windows(a, stride))
        return np.asarray(out + weights[f"{p}/bias"])

    def separable(a: Array, p: str, stride: int) -> Array:
        depthwise: Any = sum(
            patch * weights[f"{p}/depthwise_filter"][i, j, :, 0] for i, j, patch in _windows(a, stride)
        )
        return np.asarray(depthwise @ weights[f"{p}/pointwise_filter"][0, 0] + weights[f"{p}/bias"])

    def relu(a: Array) -> Array:
        return np.maximum(a, 0)

    out = (x - np.array([122.782, 117.001, 104.298])) / 255
    for block in ("dense0", "dense1", "dense2", "dense3"):
        first = conv(out, f"{block}/conv0", 2) if block == "dense0" else separable(out, f"{block}/conv0", 2)
        out1 = relu(first)
        out2 = separable(out1, f"{block}/conv1", 1)
        out3 = separable(relu(out1 + out2), f"{block}/conv2", 1)
        out4 = separable(relu(out1 + out2 + out3), f"{block}/conv3", 1)
        out = relu(out1 + out2 + out3 + out4)
    assert out.shape[1:] == (7, 7, 256)
    pooled = out.mean(axis=(1, 2))  # avgPool 7×7, stride 2, valid, over a 7×7 map: one window
    logits = pooled @ weights["fc/weights"] + weights["fc/bias"]
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Array = e / e.sum(axis=1, keepdims=True)
    return result


@pytest.fixture(scope="session")
def crops() -> NDArray[np.uint8]:
    """astronaut()'s face cut by a fixed box and area-averaged to 112, and a random crop."""
    from skimage import data

    face = cv2.resize(np.ascontiguousarray(data.astronaut()[FACE_BOX]), (112, 112), interpolation=cv2.INTER_AREA)
    noise = np.random.default_rng(0).integers(0, 256, (112, 112, 3), np.uint8)
    return np.stack([face, noise])


@pytest.fixture(scope="session")
def classifier(faceapi_files: dict[str, Path]) -> FaceApiExpression:
    config = ClassifierConfig(
        model="faceapi",
        models_dir=faceapi_files["onnx"].parent,
        model_path=None,
        labels=None,
        input_size=None,
        batch_size=32,
        threads=1,
        flip_average=False,
    )
    loaded = BACKENDS["faceapi"](config)
    assert isinstance(loaded, FaceApiExpression)
    loaded.warm_up()
    return loaded


def test_weights_are_dequantised_as_the_manifest_says(faceapi_files: dict[str, Path]) -> None:
    from interview_analysis.convert.faceapi import read_weights

    data = faceapi_files["bin"].read_bytes()
    ours = _weights(faceapi_files["manifest"], data)
    # By hand: the first byte is dense0/conv0/filters[0, 0, 0, 0]; fc/bias is the file's last 28 bytes.
    assert data[0] == 120
    assert ours["dense0/conv0/filters"][0, 0, 0, 0] == pytest.approx(120 * 0.0057930146946626555 - 0.7125408074435067)
    assert ours["fc/bias"][0] == np.frombuffer(data[-28:-24], "<f4")[0]
    converted = read_weights(faceapi_files["manifest"], faceapi_files["bin"])
    assert converted.keys() == ours.keys()
    for name, value in ours.items():
        np.testing.assert_array_equal(converted[name], value.astype(np.float32), err_msg=name)


def test_onnx_port_matches_the_typescript_evaluated_directly(
    faceapi_files: dict[str, Path], classifier: FaceApiExpression, crops: NDArray[np.uint8]
) -> None:
    weights = _weights(faceapi_files["manifest"], faceapi_files["bin"].read_bytes())
    reference = _faceapi_reference(weights, crops.astype(np.float64))
    port = classifier.model_probabilities(crops)
    assert port.shape == (2, 7)
    np.testing.assert_allclose(port, reference, atol=1e-4)
    np.testing.assert_allclose(port[1], FACEAPI_ON_NOISE, atol=1e-5)
    assert normalise(crops).shape == (2, 3, 112, 112)


def test_astronaut_is_happy_first_and_rows_sum_to_one(classifier: FaceApiExpression, crops: NDArray[np.uint8]) -> None:
    probs = classifier.predict(crops)
    assert probs.shape == (2, len(EMOTIONS))
    assert EMOTIONS[int(np.argmax(probs[0]))] == "happy"
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
