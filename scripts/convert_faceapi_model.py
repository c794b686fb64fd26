#!/usr/bin/env python3
"""Builds MODELS_DIR/face_expression.onnx from face-api's TF.js weights in its npm tarball.

``npm pack @vladmandic/face-api@1.7.15`` fetches the published tarball (nothing is
installed, no package script runs); the tarball, the weights and the manifest are checked
against the sha256s pinned below, and a file that differs is refused. The weights are
rebuilt as ONNX with numpy and onnx alone (``interview_analysis.convert.faceapi``); the package's MIT licence
is written beside the model. A no-op when the ONNX is present with the expected sha256.

    python scripts/convert_faceapi_model.py [--dest models]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from interview_analysis.checksums import sha256_file
from interview_analysis.model_files import FACEAPI_ONNX, PINNED_SHA256

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "@vladmandic/face-api"
VERSION = "1.7.15"
TARBALL_SHA256 = "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031"
MEMBERS = {  # path inside the tarball -> sha256
    "package/model/face_expression_model.bin": "9a9840f2cf1f4c7eab95f197512569345c00d2426754d4608b92af30e0300f3d",
    "package/model/face_expression_model-weights_manifest.json": (
        "5b349c17c7836da506e03422cd6461c74085d8bb2713ad4114647dc5d28174c8"
    ),
    "package/LICENSE": None,  # copied verbatim into the licence file; the tarball's checksum covers it
}
# The converter is deterministic, so the same weights always give the pinned bytes; a changed
# converter shows up here as a mismatch and the file is rebuilt rather than trusted.
ONNX_NAME = FACEAPI_ONNX
ONNX_SHA256 = PINNED_SHA256[FACEAPI_ONNX]
LICENCE_NAME = "face_expression.LICENSE.txt"


def npm_pack(workdir: Path) -> Path:
    """The published tarball, fetched by npm's own client into ``workdir``."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed; it is needed once to fetch face-api's weights (apt-get install npm)")
    subprocess.run(
        [npm, "pack", "--silent", "--ignore-scripts", f"{PACKAGE}@{VERSION}"],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarballs = list(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise SystemExit(f"npm pack {PACKAGE}@{VERSION}: expected one tarball, got {tarballs}")
    return tarballs[0]


def extract(tarball: Path, workdir: Path) -> dict[str, Path]:
    """Only the members we need, each checked; the tarball's own checksum is checked first."""
    actual = sha256_file(tarball)
    if actual != TARBALL_SHA256:
        raise SystemExit(f"{tarball.name}: sha256 {actual} does not match the expected {TARBALL_SHA256}; refusing it")
    out: dict[str, Path] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for member, expected in MEMBERS.items():
            handle = archive.extractfile(member)
            if handle is None:
                raise SystemExit(f"{tarball.name}: {member} is missing or not a file")
            path = workdir / Path(member).name
            path.write_bytes(handle.read())
            if expected is not None and sha256_file(path) != expected:
                raise SystemExit(f"{member}: sha256 {sha256_file(path)} does not match the expected {expected}")
            out[member] = path
    return out


def build(dest: Path) -> Path:
    """Converts in a temporary folder and moves the model in only once its checksum is the pinned one."""
    from interview_analysis.convert.faceapi import convert

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        files = extract(npm_pack(workdir), workdir)
        weights = "package/model/face_expression_model"
        built = convert(files[f"{weights}-weights_manifest.json"], files[f"{weights}.bin"], workdir / ONNX_NAME)
        actual = sha256_file(built)
        if actual != ONNX_SHA256:
            raise SystemExit(
                f"{ONNX_NAME}: sha256 {actual} differs from the pinned {ONNX_SHA256}; "
                "if convert/faceapi.py changed on purpose, pin the new checksum after checking the port's test"
            )
        licence = files["package/LICENSE"].read_text()
        dest.mkdir(parents=True, exist_ok=True)
        notice = (
            f"{ONNX_NAME} is converted from {PACKAGE}@{VERSION} (npm), model/face_expression_model.bin and\n"
            f"model/face_expression_model-weights_manifest.json (tarball sha256 {TARBALL_SHA256}),\n"
            f"by scripts/convert_faceapi_model.py. The package's licence follows.\n\n{licence}"
        )
        for name, data in ((LICENCE_NAME, notice.encode()), (ONNX_NAME, built.read_bytes())):
            partial = dest / f".{name}.part"  # same folder as the target, so the rename is atomic
            partial.write_bytes(data)
            partial.replace(dest / name)
    return dest / ONNX_NAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dest", type=Path, default=REPO / "models")
    args = parser.parse_args(argv)
    dest: Path = args.dest.resolve()
    target = dest / ONNX_NAME
    present = target.is_file() and (dest / LICENCE_NAME).is_file() and sha256_file(target) == ONNX_SHA256
    print(target if present else build(dest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
