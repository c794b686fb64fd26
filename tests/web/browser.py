"""Debian's Chromium driven by Playwright, with a fake camera and microphone fed from a generated clip."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FAKE_CLIP_S = 12  # Chromium loops the file; a short clip keeps the y4m small


def fake_media(source: Path, folder: Path) -> tuple[Path, Path]:
    """A y4m and a wav made from a generated webm, as Chromium's fake capture devices read them."""
    video, audio = folder / "camera.y4m", folder / "microphone.wav"
    if not video.exists():
        run = ["ffmpeg", "-v", "error", "-y", "-i", str(source), "-t", str(FAKE_CLIP_S)]
        subprocess.run([*run, "-vf", "fps=15", "-pix_fmt", "yuv420p", str(video)], check=True, timeout=120)
        subprocess.run(
            [*run, "-vn", "-ac", "1", "-ar", "48000", "-c:a", "pcm_s16le", str(audio)], check=True, timeout=60
        )
    return video, audio


def camera_args(video: Path, audio: Path, allow: bool = True) -> list[str]:
    args = [
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
        f"--use-file-for-fake-audio-capture={audio}",
        "--autoplay-policy=no-user-gesture-required",
    ]
    return [*args, "--use-fake-ui-for-media-stream"] if allow else args


@dataclass
class Console:
    """What the page reported: console errors and uncaught exceptions."""

    errors: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> Any:
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        return page


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Any]:
    """Per module: the sync driver runs an event loop on this thread while it lives, which would stop
    any asyncio test collected after it."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (run_tests.sh installs it with apt)")
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is needed to feed the fake camera")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in requirements-dev.txt")
    with sync_api.sync_playwright() as driver:
        yield driver


def launch(driver: Any, args: list[str]) -> Any:
    return driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", *args])
