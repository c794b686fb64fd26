"""Voice delivery on the generated clips (truth.json) and on Korean speech espeak-ng makes here.

Audio from the webm clips is decoded by MediaReader, exactly as a job does. For the
espeak-ng clips the truth comes from the build itself: Hangul characters are the
syllables, and sox trims the silence espeak adds around the speech.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from interview_analysis.analysis.voice.analyzer import VoiceAnalyzer
from interview_analysis.analysis.voice.vad import SAMPLE_RATE
from interview_analysis.config import ModelSettings, Settings, VoiceSettings
from interview_analysis.media.decode import MediaReader
from interview_analysis.media.types import MediaFacts
from interview_analysis.results import SectionStatus as VoiceStatus

REPO = Path(__file__).resolve().parents[2]
RATE_TOLERANCE = 0.15
SAME_FILE_TOLERANCE = 0.05
START_TOLERANCE_S = 0.3
ESPEAK_TEXT = (
    "저는 항상 새로운 문제를 해결하는 과정에서 보람을 느낍니다. "
    "팀원들과 함께 목표를 세우고, 꾸준히 노력해서 좋은 결과를 만들었습니다. "
    "앞으로도 책임감 있게 일하겠습니다."
)
MAIN_FIGURES = (
    "speech_rate_sps",
    "articulation_rate_sps",
    "time_to_first_word_s",
    "speaking_time_s",
    "level_mean_dbfs",
    "f0_median_hz",
    "f0_variation_st",
    "speech_rate_score",
    "voice_score",
)


def settings(**voice: float) -> Settings:
    return Settings(models=ModelSettings(models_dir=REPO / "models"), voice=VoiceSettings(**voice))


def syllables(text: str) -> int:
    return sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3")


def decode(path: Path) -> tuple[MediaFacts, NDArray[np.float32]]:
    with MediaReader(path, sample_fps=15, max_duration_s=1800) as reader:
        for _ in reader.frames():
            pass
        return reader.facts, reader.audio()


def espeak(out_dir: Path, text: str, wpm: int) -> tuple[NDArray[np.float32], float]:
    """Korean speech at ``wpm`` as 16 kHz float32, and its length without espeak's lead and tail silence."""
    wav = out_dir / f"ko_{wpm}.wav"
    trimmed = out_dir / f"ko_{wpm}_trimmed.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-s", str(wpm), "-w", str(wav), text], check=True)
    trim = ["silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse"]
    subprocess.run(["sox", str(wav), str(trimmed), *trim], check=True)
    speech_s = float(subprocess.run(["soxi", "-D", str(trimmed)], capture_output=True, text=True, check=True).stdout)
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(wav), "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.float32).copy(), speech_s


@pytest.fixture(scope="module")
def analyser() -> VoiceAnalyzer:
    return VoiceAnalyzer(settings())


@pytest.fixture(scope="module")
def voice_of(media_dir: Path, analyser: VoiceAnalyzer) -> Callable[[str], dict[str, Any]]:
    """``voice_of("talk.webm")`` -> its ``voice_analysis`` section, decoded and analysed once."""

    @cache
    def run(name: str) -> dict[str, Any]:
        facts, audio = decode(media_dir / name)
        return analyser.analyse_audio(audio if facts.has_audio else audio[:0]).dump()

    return run


@pytest.fixture(scope="module")
def espeak_clips(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], tuple[NDArray[np.float32], float]]:
    out_dir = tmp_path_factory.mktemp("espeak")
    return cache(lambda wpm: espeak(out_dir, ESPEAK_TEXT, wpm))


def test_talk_speech_rate_is_within_15_percent_of_truth(
    voice_of: Callable[[str], dict[str, Any]], truth: dict[str, Any]
) -> None:
    speech = truth["files"]["talk.webm"]["speech"]
    true_rate = speech["syllables"] / speech["speech_s"]
    result = voice_of("talk.webm")
    assert result["status"] == VoiceStatus.MEASURED
    assert result["speech_rate_sps"] == pytest.approx(true_rate, rel=RATE_TOLERANCE)
    assert result["speech_rate_spm"] == pytest.approx(result["speech_rate_sps"] * 60, rel=1e-3)
    assert result["syllable_count"] == pytest.approx(speech["syllables"], rel=RATE_TOLERANCE)
    # Pauses are left out of the articulation rate, so it is never below the speaking rate.
    assert result["articulation_rate_sps"] >= result["speech_rate_sps"]


def test_speech_starts_when_truth_says(voice_of: Callable[[str], dict[str, Any]], truth: dict[str, Any]) -> None:
    speech = truth["files"]["talk.webm"]["speech"]
    result = voice_of("talk.webm")
    # truth's start is the padding before espeak's own file, which opens with a little silence of its own
    assert (
        speech["start_s"] - START_TOLERANCE_S
        <= result["time_to_first_word_s"]
        <= speech["start_s"] + 2 * START_TOLERANCE_S
    )
    assert result["speaking_time_s"] <= speech["speech_s"] + START_TOLERANCE_S


def test_no_audio_track_is_absent_with_a_korean_message(
    voice_of: Callable[[str], dict[str, Any]], truth: dict[str, Any]
) -> None:
    assert truth["files"]["no_audio.webm"]["voice"] == "absent"
    result = voice_of("no_audio.webm")
    assert result["status"] == VoiceStatus.ABSENT
    assert syllables(result["message"]) > 0
    assert result["speech_rate_sps"] is None
    assert result["voice_score"] is None


def test_digital_silence_is_no_speech_with_a_korean_message(
    voice_of: Callable[[str], dict[str, Any]], truth: dict[str, Any]
) -> None:
    assert truth["files"]["silent.webm"]["voice"] == "no speech"
    result = voice_of("silent.webm")
    assert result["status"] == VoiceStatus.NO_SPEECH
    assert syllables(result["message"]) > 0
    assert result["speech_rate_sps"] is None
    assert result["voice_score"] is None
    assert result["audio_duration_s"] == pytest.approx(truth["duration_s"], abs=0.2)
    assert len(result["timeline"]) == math.ceil(result["audio_duration_s"])
    assert not any(entry["voiced"] for entry in result["timeline"])


def test_vp9_clip_gives_the_same_figures_as_vp8(
    voice_of: Callable[[str], dict[str, Any]], truth: dict[str, Any]
) -> None:
    assert truth["files"]["talk_vp9.webm"]["same_as"] == "talk.webm"
    vp8, vp9 = voice_of("talk.webm"), voice_of("talk_vp9.webm")
    assert vp9["status"] == vp8["status"] == VoiceStatus.MEASURED
    for key in MAIN_FIGURES:
        assert vp9[key] == pytest.approx(vp8[key], rel=SAME_FILE_TOLERANCE), key


@pytest.mark.parametrize("wpm", [110, 140, 180])
def test_espeak_speech_rate_is_within_15_percent_at_each_speed(
    analyser: VoiceAnalyzer, espeak_clips: Callable[[int], tuple[NDArray[np.float32], float]], wpm: int
) -> None:
    audio, speech_s = espeak_clips(wpm)
    true_rate = syllables(ESPEAK_TEXT) / speech_s
    result = analyser.analyze(audio).result.dump()
    assert result["status"] == VoiceStatus.MEASURED
    assert result["speech_rate_sps"] == pytest.approx(true_rate, rel=RATE_TOLERANCE)


def test_faster_speech_measures_faster(
    analyser: VoiceAnalyzer, espeak_clips: Callable[[int], tuple[NDArray[np.float32], float]]
) -> None:
    rates = [analyser.analyze(espeak_clips(wpm)[0]).result.dump()["speech_rate_sps"] for wpm in (110, 140, 180)]
    assert rates == sorted(rates)


def test_long_pause_is_reported_with_its_interval(
    espeak_clips: Callable[[int], tuple[NDArray[np.float32], float]],
) -> None:
    speech, _ = espeak_clips(140)
    lead_s, gap_s = 1.0, 3.0
    lead = np.zeros(int(lead_s * SAMPLE_RATE), dtype=np.float32)
    gap = np.zeros(int(gap_s * SAMPLE_RATE), dtype=np.float32)
    audio = np.concatenate([lead, speech, gap, speech])
    # Where the gap really starts and ends: the last and first audible sample either side of it.
    audible = np.flatnonzero(np.abs(audio) > 0.01)
    gap_start = audible[audible < lead.size + speech.size][-1] / SAMPLE_RATE
    gap_end = audible[audible >= lead.size + speech.size + gap.size][0] / SAMPLE_RATE

    result = VoiceAnalyzer(settings()).analyze(audio).result.dump()
    assert len(result["long_pauses"]) == 1
    start, end = result["long_pauses"][0]
    assert start == pytest.approx(gap_start, abs=START_TOLERANCE_S)
    assert end == pytest.approx(gap_end, abs=START_TOLERANCE_S)
    assert result["pause_longest_s"] == pytest.approx(end - start)
    assert result["time_to_first_word_s"] == pytest.approx(audible[0] / SAMPLE_RATE, abs=START_TOLERANCE_S)

    relaxed = VoiceAnalyzer(settings(long_pause_s=gap_s + 2)).analyze(audio).result.dump()
    assert relaxed["long_pauses"] == []
    assert relaxed["pause_count"] == result["pause_count"]


def test_clipped_recording_is_measured_and_costs_loudness_points(
    analyser: VoiceAnalyzer, espeak_clips: Callable[[int], tuple[NDArray[np.float32], float]]
) -> None:
    audio, _ = espeak_clips(140)
    clean = analyser.analyze(audio).result.dump()
    clipped = analyser.analyze(np.clip(audio * 8.0, -1.0, 1.0)).result.dump()
    assert clean["clipping_ratio"] == 0.0
    assert clipped["clipping_ratio"] > 0.01
    loudness = clipped["score_breakdown"]["voice_score"]["components"]["loudness"]
    assert loudness["score"] < clean["score_breakdown"]["voice_score"]["components"]["loudness"]["score"]


def test_monotone_flag_follows_the_configured_threshold(
    espeak_clips: Callable[[int], tuple[NDArray[np.float32], float]],
) -> None:
    audio, _ = espeak_clips(140)
    measured = VoiceAnalyzer(settings()).analyze(audio).result.dump()["f0_variation_st"]
    assert VoiceAnalyzer(settings(monotone_max_st=measured + 1)).analyze(audio).result.dump()["monotone"] is True
    assert VoiceAnalyzer(settings(monotone_max_st=measured - 1)).analyze(audio).result.dump()["monotone"] is False


def test_result_is_plain_json_with_scores_and_their_inputs(voice_of: Callable[[str], dict[str, Any]]) -> None:
    result = voice_of("talk.webm")
    json.dumps(result, allow_nan=False)
    for key in ("speech_rate_score", "voice_score"):
        assert 0 <= result[key] <= 100
    breakdown = result["score_breakdown"]
    assert breakdown["speech_rate_score"]["inputs"]["speech_rate_spm"] == pytest.approx(
        result["speech_rate_spm"], abs=0.1
    )
    components = breakdown["voice_score"]["components"]
    assert set(components) == {"speech_rate", "pauses", "intonation", "loudness"}
    assert sum(breakdown["voice_score"]["weights"].values()) == pytest.approx(1.0)
    assert syllables(result["voice_band"]) > 0


def test_timeline_has_each_second_and_is_unvoiced_before_speech(
    voice_of: Callable[[str], dict[str, Any]], truth: dict[str, Any]
) -> None:
    speech = truth["files"]["talk.webm"]["speech"]
    result = voice_of("talk.webm")
    timeline = result["timeline"]
    assert len(timeline) == math.ceil(result["audio_duration_s"])
    assert [entry["t"] for entry in timeline] == list(range(len(timeline)))
    before = [e for e in timeline if e["t"] + 1 <= speech["start_s"]]
    during = [
        e for e in timeline if speech["start_s"] <= e["t"] and e["t"] + 1 <= speech["start_s"] + speech["speech_s"]
    ]
    assert before
    assert not any(e["voiced"] for e in before)
    assert sum(e["voiced"] for e in during) >= 0.8 * len(during)
    assert all(e["f0_hz"] is not None for e in during if e["voiced"])


def test_importing_the_analyzer_loads_no_model() -> None:
    code = (
        "import interview_analysis.analysis.voice.analyzer\n"
        "from interview_analysis.analysis.voice.vad import load_vad\n"
        "print(load_vad.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"
