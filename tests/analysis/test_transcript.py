"""What the candidate said: the local Whisper backend on human Korean speech, fillers, measures, settings.

The content checks use ``tests/data/test_ko.wav``, a clean human Korean sentence with an
exact transcript (Picovoice Leopard, Apache-2.0, see ``tests/data/LICENSE-leopard.txt``);
espeak clips are unintelligible to Whisper and are never used for content here.
"""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from pydantic import ValidationError

from interview_analysis.analysis.transcript import TranscriptAnalyzer, load_transcriber
from interview_analysis.analysis.transcript.guards import cap_repeats
from interview_analysis.analysis.transcript.measures import transcript_measures
from interview_analysis.analysis.transcript.types import Segment, Transcript, Word
from interview_analysis.config import AsrBackend, ModelSettings, Settings, TranscriptSettings

REPO = Path(__file__).resolve().parents[2]
HUMAN_CLIP = REPO / "tests" / "data" / "test_ko.wav"
HUMAN_TEXT = "그는 이리저리 피하면서 길 한 옆으로 걸어갔다"
HUMAN_LAST_WORD_END_S = 3.23  # from the clip's own word timings (resources/.test/test_data.json)
MAX_CER = 0.35
STUTTER = "제가 제가 프로 프로젝트를 저 저는 음 음 맡았습니다."


def read_wav(path: Path) -> NDArray[np.float32]:
    with wave.open(str(path)) as clip:
        assert (clip.getframerate(), clip.getnchannels(), clip.getsampwidth()) == (16000, 1, 2)
        pcm = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
    return (pcm.astype(np.float32) / 32768.0).astype(np.float32)


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: Levenshtein distance over characters, spaces and punctuation removed."""
    ref = re.sub(r"[\W_]+", "", reference)
    hyp = re.sub(r"[\W_]+", "", hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1] / len(ref)


def settings(**transcript: object) -> Settings:
    return Settings(
        models=ModelSettings(models_dir=REPO / "models"),
        transcript=TranscriptSettings(**{"asr_backend": "local", **transcript}),  # type: ignore[arg-type]
    )


def said(text: str, words: list[tuple[float, float, str]] | None = None, end: float = 10.0) -> Transcript:
    return Transcript(text, "ko", "test", (Segment(0.0, end, text),), tuple(Word(*w) for w in words or []))


def test_local_whisper_reads_the_human_korean_clip_with_cer_below_035_and_word_times_inside_it() -> None:
    audio = read_wav(HUMAN_CLIP)
    duration = audio.size / 16000
    transcriber = load_transcriber(settings().transcript, REPO / "models")
    assert transcriber is not None
    transcript = transcriber.transcribe(audio, duration)
    assert cer(HUMAN_TEXT, transcript.text) < MAX_CER
    assert transcript.language == "ko"
    assert transcript.words, "faster-whisper gives word times for Korean"
    for word in transcript.words:
        assert 0.0 <= word.start <= word.end <= duration
        assert word.probability is not None  # follow-ups quote only words heard with confidence
        assert 0.0 <= word.probability <= 1.0
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    assert transcript.words[-1].end >= HUMAN_LAST_WORD_END_S - 0.5


def test_with_the_service_vad_speech_after_silence_keeps_its_place_on_the_track_and_silence_costs_no_decoding() -> None:
    """The service's own VAD cuts the speech out for Whisper; the words come back at their times in the track."""
    vad = REPO / "models" / "silero_vad.onnx"
    transcriber = load_transcriber(settings().transcript, REPO / "models", vad)
    assert transcriber is not None
    lead = 8.0
    audio = np.concatenate([np.zeros(int(lead * 16000), np.float32), read_wav(HUMAN_CLIP), np.zeros(48000, np.float32)])
    transcript = transcriber.transcribe(audio, audio.size / 16000)
    assert cer(HUMAN_TEXT, transcript.text) < MAX_CER
    assert lead - 0.5 <= transcript.words[0].start <= lead + 1.0  # the clip's first word starts about 0.3 s in
    assert transcript.words[-1].end == pytest.approx(lead + HUMAN_LAST_WORD_END_S, abs=0.5)
    silent = transcriber.transcribe(np.zeros(10 * 16000, np.float32), 10.0)
    assert (silent.text, silent.segments, silent.words) == ("", (), ())


def test_the_transcript_section_has_every_field_of_the_schema_for_the_human_clip() -> None:
    audio = read_wav(HUMAN_CLIP)
    section = TranscriptAnalyzer(settings()).analyse_audio(audio).dump()
    assert section["status"] == "completed"
    assert (section["code"], section["backend"], section["model"], section["language"]) == (
        None,
        "local",
        "whisper-base",
        "ko",
    )
    assert cer(HUMAN_TEXT, section["text"]) < MAX_CER
    assert section["segments"]
    assert section["words"]
    assert set(section["fillers"]) == {"count", "per_minute", "by_word", "items"}
    assert section["fillers"]["count"] == 0  # a read sentence has no hesitations
    assert section["syllables"] >= 15
    assert section["speech_s"] > 2.0
    assert section["syllables_per_minute"] == pytest.approx(section["syllables"] * 60 / section["speech_s"], rel=0.01)
    assert section["longest_sentence"]["chars"] == section["char_count"]
    # The answer's nouns of two or more syllables, weighted in the worker (so the API never loads Kiwi); this
    # sentence's own nouns (길, 옆) are single syllables, so expect few or none (the weighting: tests/llm).
    assert isinstance(section["keywords"], dict)
    assert all(len(word) >= 2 and 0 < weight <= 1 for word, weight in section["keywords"].items())


def test_a_missing_model_skips_the_transcript_with_asr_model_missing(tmp_path: Path) -> None:
    audio = read_wav(HUMAN_CLIP)
    section = TranscriptAnalyzer(settings(asr_model_dir=tmp_path)).analyse_audio(audio).dump()
    assert (section["status"], section["code"]) == ("skipped", "ASR_MODEL_MISSING")
    assert section["message"]
    assert section["text"] == ""
    assert section["fillers"]["count"] == 0


def test_asr_none_and_a_video_without_audio_skip_without_loading_a_model() -> None:
    none = TranscriptAnalyzer(settings(asr_backend="none")).analyse_audio(read_wav(HUMAN_CLIP)).dump()
    assert (none["status"], none["code"], none["backend"]) == ("skipped", "ASR_DISABLED", "none")
    mute = TranscriptAnalyzer(settings()).analyse_audio(np.zeros(0, dtype=np.float32)).dump()
    assert (mute["status"], mute["code"]) == ("skipped", "NO_AUDIO")


def test_hesitation_sounds_are_fillers_with_their_word_times() -> None:
    words = [(0.0, 0.3, "음"), (0.5, 0.9, "저는"), (1.0, 1.2, "어"), (1.3, 1.5, "그"), (1.6, 2.4, "회사에서")]
    words += [(2.5, 3.3, "일했습니다.")]
    measures = transcript_measures(said("음 저는 어 그 회사에서 일했습니다.", words))
    fillers = measures["fillers"]
    assert fillers["by_word"] == {"음": 1, "어": 1, "그": 1}
    assert [(f["word"], f["start"], f["end"]) for f in fillers["items"]] == [
        ("음", 0.0, 0.3),
        ("어", 1.0, 1.2),
        ("그", 1.3, 1.5),
    ]
    assert fillers["per_minute"] == pytest.approx(3 / (10.0 / 60.0), rel=0.01)


def test_geu_as_a_determiner_before_a_noun_is_not_a_filler() -> None:
    measures = transcript_measures(said("그 회사는 좋았습니다. 저는 그 일을 좋아했습니다."))
    assert measures["fillers"]["count"] == 0


def test_discourse_markers_count_only_inside_a_hesitation() -> None:
    plain = transcript_measures(said("저는 이제 졸업했습니다. 좀 더 노력하겠습니다. 사실을 말씀드리겠습니다."))
    assert plain["fillers"]["count"] == 0
    hesitant = transcript_measures(said("음 이제 제가 그러니까 막 열심히 했습니다."))
    assert hesitant["fillers"]["by_word"] == {"음": 1, "이제": 1, "그러니까": 1, "막": 1}
    paused = [(0.0, 0.4, "이제"), (1.2, 1.6, "제가"), (1.7, 2.4, "했습니다.")]
    assert transcript_measures(said("이제 제가 했습니다.", paused))["fillers"]["by_word"] == {"이제": 1}


def test_filler_times_fall_back_to_the_segment_without_word_times() -> None:
    transcript = Transcript(
        "좋습니다. 음 그렇습니다.", "ko", "test", (Segment(0.0, 2.0, "좋습니다."), Segment(4.0, 6.5, "음 그렇습니다."))
    )
    items = transcript_measures(transcript)["fillers"]["items"]
    assert items == [{"word": "음", "start": 4.0, "end": 6.5}]


def test_repeated_words_and_restarts_are_listed_but_repeated_hesitations_are_not() -> None:
    words = [(float(i), i + 0.5, w) for i, w in enumerate(STUTTER.split(" "))]
    found = transcript_measures(said(" ".join(w for _, _, w in words), words))["repetitions"]
    assert found == [
        {"text": "제가 제가", "start": 0.0},
        {"text": "프로 프로젝트를", "start": 2.0},
        {"text": "저 저는", "start": 4.0},
    ]


def test_syllables_speech_time_length_and_the_longest_sentence() -> None:
    transcript = Transcript(
        "안녕하세요. 저는 지원자 김민수입니다. 열심히 하겠습니다.",
        "ko",
        "test",
        (
            Segment(0.0, 1.0, "안녕하세요."),
            Segment(1.5, 4.0, "저는 지원자 김민수입니다."),
            Segment(3.5, 5.0, "열심히 하겠습니다."),
        ),
    )
    measures = transcript_measures(transcript)
    assert measures["syllables"] == 5 + 2 + 3 + 6 + 3 + 5
    assert measures["speech_s"] == pytest.approx(1.0 + 3.5)  # the overlap of the last two counts once
    assert measures["syllables_per_minute"] == pytest.approx(24 * 60 / 4.5, rel=0.01)
    assert measures["char_count"] == len(transcript.text.replace(" ", ""))
    longest = measures["longest_sentence"]
    assert longest["text"] == "저는 지원자 김민수입니다."
    assert (longest["start"], longest["end"], longest["chars"]) == (1.5, 4.0, 12)


def test_a_runaway_loop_is_cut_across_segments_but_a_stutter_stays() -> None:
    loop = tuple(Segment(float(i), i + 1.0, "그의 그의") for i in range(10))
    capped = cap_repeats(Transcript("", "ko", "t", (Segment(0.0, 0.5, "제가 제가 했습니다"), *loop)), max_repeats=4)
    assert capped.text == "제가 제가 했습니다 그의 그의 그의 그의"
    assert [s.start for s in capped.segments] == [0.0, 0.0, 1.0]


def test_settings_reject_impossible_combinations_at_start_up() -> None:
    with pytest.raises(ValidationError, match="ASR_BASE_URL"):
        TranscriptSettings(asr_backend=AsrBackend.OPENAI)
    with pytest.raises(ValidationError, match="needs a GPU"):
        TranscriptSettings(asr_device="cpu", asr_compute_type="float16")
    with pytest.raises(ValidationError, match="http"):
        TranscriptSettings(asr_backend=AsrBackend.OPENAI, asr_base_url="ftp://example.org")
    default = TranscriptSettings(asr_backend=AsrBackend.LOCAL)
    assert default.model_dir(Path("models")) == Path("models/whisper-base")
    assert (default.asr_vad_filter, default.asr_compression_ratio_threshold, default.asr_no_speech_threshold) == (
        True,
        2.4,
        0.6,
    )
    assert default.asr_condition_on_previous_text is False
    assert (default.asr_beam_size, default.asr_temperature_fallback) == (1, False)  # bounded cost on CPU
