"""The audio track decoded on its own (before the video pass) is the track the video pass decodes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interview_analysis.errors import ErrorCode, MediaError
from interview_analysis.media.audio import decode_audio
from interview_analysis.media.decode import MediaReader

MAX_S = 1800.0


def _in_pass(path: Path, *, early: bool) -> tuple[np.ndarray, list[str], bool]:
    with MediaReader(path, sample_fps=1.0, max_duration_s=MAX_S) as reader:
        if early:
            reader.audio_from(lambda: decode_audio(path, max_duration_s=MAX_S))
        for _ in reader.frames():
            pass
        return reader.audio(), [w.code for w in reader.facts.warnings], reader.facts.has_audio


@pytest.mark.parametrize("name", ["talk.webm", "talk_vp9.webm", "truncated.webm", "no_audio.webm", "silent.webm"])
def test_early_audio_is_the_pass_audio_sample_for_sample(media_dir: Path, name: str) -> None:
    path = media_dir / name
    alone = decode_audio(path, max_duration_s=MAX_S)
    in_pass, warnings, has_audio = _in_pass(path, early=False)
    np.testing.assert_array_equal(alone, in_pass)
    # Taking the early track instead changes neither the facts nor the warnings (a cut-off file still says so).
    early, early_warnings, early_has_audio = _in_pass(path, early=True)
    np.testing.assert_array_equal(early, in_pass)
    assert (early_warnings, early_has_audio) == (warnings, has_audio)


def test_audio_longer_than_the_limit_is_refused_before_decoding(media_dir: Path) -> None:
    with pytest.raises(MediaError) as info:
        decode_audio(media_dir / "talk.webm", max_duration_s=10.0)
    assert info.value.code is ErrorCode.VIDEO_TOO_LONG
