"""The ``openai`` speech backend against real servers on loopback, and the transcript in the pipeline.

A real faster-whisper-server reads the human clip; a scripted server answers with word
times, a 500, a 30 s silence and malformed bodies. The pipeline tests decode a video whose
sound track is the human clip (re-encoded to Opus by ffmpeg, as a browser would), so the
whole path from container to section is exercised on speech Whisper can understand.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from interview_analysis.analysis.transcript import TranscriptAnalyzer
from interview_analysis.config import ModelSettings, Settings, TranscriptSettings
from interview_analysis.pipeline.analyse import analyse_file
from tests.analysis.test_transcript import HUMAN_CLIP, HUMAN_TEXT, MAX_CER, REPO, cer, read_wav

DURATION_S = 3.888
OTHER_SECTIONS = ("eye_tracking", "emotion_analysis", "voice_analysis", "integrity")


def settings(**transcript: Any) -> Settings:
    return Settings(
        models=ModelSettings(models_dir=REPO / "models"),
        transcript=TranscriptSettings(**transcript),
    )


def transcribe_with(**transcript: Any) -> dict[str, Any]:
    audio = read_wav(HUMAN_CLIP)
    return TranscriptAnalyzer(settings(**transcript)).analyse_audio(audio).dump()


def scripted(root: str, mode: str, **extra: Any) -> dict[str, Any]:
    return transcribe_with(asr_backend="openai", asr_base_url=f"{root}/{mode}/v1", asr_max_retries=0, **extra)


@pytest.fixture(scope="module")
def human_video(media_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """talk.webm's first seconds of picture with the human clip as its Opus sound track."""
    out = tmp_path_factory.mktemp("human") / "human.webm"
    inputs = ["-i", str(media_dir / "talk.webm"), "-i", str(HUMAN_CLIP)]
    output = ["-map", "0:v", "-map", "1:a", "-t", "3.9", "-c:v", "copy", "-c:a", "libopus", str(out)]
    subprocess.run(["ffmpeg", "-v", "error", *inputs, *output], check=True)
    return out


def test_openai_backend_reads_the_human_clip_through_a_real_faster_whisper_server(asr_server: str) -> None:
    section = transcribe_with(asr_backend="openai", asr_base_url=asr_server, asr_timeout_s=120)
    assert section["status"] == "completed", section
    assert (section["backend"], section["model"], section["language"]) == ("openai", "whisper-1", "ko")
    assert cer(HUMAN_TEXT, section["text"]) < MAX_CER
    assert section["words"] == []  # this server gives segment times only
    for segment in section["segments"]:
        assert 0.0 <= segment["start"] <= segment["end"] <= DURATION_S


def test_openai_backend_keeps_word_times_and_sends_a_wav_for_verbose_json(scripted_asr: str) -> None:
    section = scripted(scripted_asr, "words")
    assert section["status"] == "completed"
    assert section["language"] == "ko"  # OpenAI names the language ("korean"); the section uses the code
    assert [w["word"] for w in section["words"]] == ["음", "저는", "그", "회사에서", "일했습니다."]
    assert section["fillers"]["items"] == [{"word": "음", "start": 0.5, "end": 0.8}]  # 그 회사: a determiner
    sent = httpx.get(f"{scripted_asr}/_requests").json()[-1]
    assert sent["path"] == "/words/v1/audio/transcriptions"
    assert sent["content_type"].startswith("multipart/form-data")
    assert sent["has_wav"]
    assert sent["verbose_json"]


def test_a_server_error_fails_the_transcript_with_asr_failed(scripted_asr: str) -> None:
    section = scripted(scripted_asr, "server-error")
    assert (section["status"], section["code"], section["backend"]) == ("failed", "ASR_FAILED", "openai")
    assert section["message"]
    assert section["text"] == ""


def test_a_server_slower_than_asr_timeout_fails_with_asr_timeout(scripted_asr: str) -> None:
    section = scripted(scripted_asr, "slow", asr_timeout_s=1.0)
    assert (section["status"], section["code"]) == ("failed", "ASR_TIMEOUT")


@pytest.mark.parametrize("mode", ["not-json", "no-text"])
def test_a_malformed_answer_fails_with_asr_bad_response(scripted_asr: str, mode: str) -> None:
    section = scripted(scripted_asr, mode)
    assert (section["status"], section["code"]) == ("failed", "ASR_BAD_RESPONSE")


def test_an_unreachable_server_fails_with_asr_failed() -> None:
    section = transcribe_with(asr_backend="openai", asr_base_url="http://127.0.0.1:9/v1", asr_max_retries=0)
    assert (section["status"], section["code"]) == ("failed", "ASR_FAILED")


def test_the_pipeline_transcribes_the_decoded_sound_track_of_a_video(human_video: Path) -> None:
    result = analyse_file(human_video, settings(asr_backend="local"), lambda stage, progress: None).dump()
    section = result["transcript"]
    assert section["status"] == "completed"
    assert cer(HUMAN_TEXT, section["text"]) < MAX_CER
    assert all(0.0 <= w["start"] <= w["end"] <= result["media"]["duration_s"] + 0.1 for w in section["words"])


def test_a_failed_transcription_keeps_every_other_section(human_video: Path, scripted_asr: str) -> None:
    def run(**transcript: Any) -> dict[str, Any]:
        return analyse_file(human_video, settings(**transcript), lambda stage, progress: None).dump()

    failed = run(asr_backend="openai", asr_base_url=f"{scripted_asr}/server-error/v1", asr_max_retries=0)
    disabled = run(asr_backend="none")
    assert (failed["transcript"]["status"], failed["transcript"]["code"]) == ("failed", "ASR_FAILED")
    assert failed["voice_analysis"]["status"] == "measured"
    for name in OTHER_SECTIONS:
        assert failed[name] == disabled[name], name
    assert failed["media"] == disabled["media"]
