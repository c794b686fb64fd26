"""The transcript quality gate: the human clip's words are trusted, the espeak clip's are not, and then
neither writer says a word about fillers, pace by transcript, length or content."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from interview_analysis.analysis.transcript import TranscriptAnalyzer
from interview_analysis.analysis.transcript.coverage import Voiced, coverage, uncovered, voiced_runs
from interview_analysis.analysis.transcript.guards import cap_repeats, cap_runs
from interview_analysis.analysis.transcript.quality import judge
from interview_analysis.analysis.transcript.types import Segment, Transcript, Word
from interview_analysis.analysis.voice.spans import Span
from interview_analysis.analysis.voice.vad import WINDOW_S
from interview_analysis.feedback.measures import collect_measures
from interview_analysis.feedback.prompts import load_prompts
from interview_analysis.feedback.rules import write_rules_feedback
from interview_analysis.feedback.validate import build_checker
from interview_analysis.media.audio import decode_audio
from interview_analysis.results import QualityReason
from interview_analysis.results import Transcript as TranscriptSection
from interview_analysis.storage.feedback_models import FeedbackPoint, LLMFeedback
from tests.analysis.test_transcript import HUMAN_CLIP, read_wav, settings
from tests.feedback.sections import analysis, eye_measured

FILLER_WORDS = ("군말", "습관어")


@pytest.fixture(scope="module")
def espeak_section(media_dir: Path) -> TranscriptSection:
    audio = decode_audio(media_dir / "talk.webm", max_duration_s=600.0)
    return TranscriptAnalyzer(settings()).analyse_audio(audio)


def test_the_human_clip_is_usable_with_its_words_covering_the_voice() -> None:
    section = TranscriptAnalyzer(settings()).analyse_audio(read_wav(HUMAN_CLIP))
    quality = section.quality
    assert quality is not None
    assert quality.usable, quality.reasons
    assert quality.reasons == []
    assert quality.coverage is not None
    assert quality.coverage >= 0.8
    assert quality.chars_per_speech_s is not None
    assert quality.chars_per_speech_s > 4.0  # 20 characters in about three voiced seconds
    assert quality.avg_logprob is not None
    assert quality.voiced_s > 2.0
    assert section.content is not None  # content measures run on trusted words


def test_the_espeak_clip_is_marked_unusable_with_its_reasons(espeak_section: TranscriptSection) -> None:
    quality = espeak_section.quality
    assert espeak_section.status == "completed"
    assert quality is not None
    assert not quality.usable
    assert quality.voiced_s > 10.0  # plenty of voice ...
    # ... of which Whisper covers too little, or with too few characters (measured: both, 0.46 and 3.1 /s)
    assert quality.reasons
    assert set(quality.reasons) <= {QualityReason.LOW_COVERAGE, QualityReason.FEW_CHARACTERS}
    assert quality.message
    assert quality.message.startswith("음성을 신뢰할 수 있게 받아 적지 못해")
    assert espeak_section.content is None


def test_with_an_unusable_transcript_the_rules_writer_says_why_and_nothing_about_the_words(
    espeak_section: TranscriptSection,
) -> None:
    result = analysis(eye_tracking=eye_measured(85.0), transcript=espeak_section)
    feedback = write_rules_feedback(result)
    assert feedback.content_points is None
    assert all(c.category != "답변 내용" for c in feedback.category_scores)
    notice = espeak_section.quality.message if espeak_section.quality else None
    assert notice
    assert notice in feedback.summary
    points = feedback.strengths + feedback.improvements
    assert [p.metric for p in points if p.metric and p.metric.startswith("transcript")] == [
        "transcript.quality.coverage"
    ]
    said = [p.text.replace(notice, "") for p in points] + [feedback.summary.replace(notice, ""), feedback.next_practice]
    assert not [text for text in said if any(word in text for word in FILLER_WORDS)]


def test_with_an_unusable_transcript_the_llm_sees_only_the_notice_and_may_not_judge_the_words(
    espeak_section: TranscriptSection,
) -> None:
    result = analysis(eye_tracking=eye_measured(85.0), transcript=espeak_section)
    measures = collect_measures(result, question="자기소개를 해 주세요.")
    assert measures["transcript"]["status"] == "unreliable"
    assert set(measures["transcript"]) == {"status", "message", "reasons"}
    checker = build_checker(result, measures, load_prompts().system)
    relayed = LLMFeedback(
        summary=f"시선은 안정적입니다. {measures['transcript']['message']}",
        strengths=[FeedbackPoint(text="화면을 잘 봤습니다.", metric="eye_tracking.attention_score", value=85.0)],
        improvements=[],
        keywords=[],
        next_practice="조용한 곳에서 마이크 가까이 말해 보세요.",
    )
    assert checker.check(relayed) == []
    praised = relayed.model_copy(update={"summary": "군말이 거의 없어 깔끔합니다."})
    assert [p.where for p in checker.check(praised)] == ["summary"]
    cited = relayed.model_copy(
        update={"improvements": [FeedbackPoint(text="군말을 줄이세요.", metric="transcript.fillers.count", value=3)]}
    )
    assert {p.where for p in checker.check(cited)} == {"improvements[0]"}


def _voiced(*spans: tuple[float, float]) -> Voiced:
    return Voiced(tuple(Span(a, b) for a, b in spans))


def _said(text: str, start: float, end: float, **signals: float) -> Transcript:
    words = tuple(Word(start + i * 0.5, start + i * 0.5 + 0.4, w) for i, w in enumerate(text.split()))
    return Transcript(text, "ko", "t", (Segment(start, end, text, **signals),), words)  # type: ignore[arg-type]


def test_each_gate_figure_has_its_own_reason() -> None:
    fluent = _said("저는 데이터 분석 프로젝트를 맡았습니다", 0.0, 2.5, avg_logprob=-0.3, no_speech_prob=0.01)
    assert judge(fluent, _voiced((0.0, 2.5))).usable
    assert judge(fluent, _voiced((0.0, 0.6))).reasons == [QualityReason.TOO_LITTLE_SPEECH]
    sparse = _said("기간을", 0.0, 0.4)
    assert judge(sparse, _voiced((0.0, 18.0))).reasons == [QualityReason.LOW_COVERAGE, QualityReason.FEW_CHARACTERS]
    unsure = _said("저는 데이터 분석 프로젝트를 맡았습니다", 0.0, 2.5, avg_logprob=-1.7)
    assert judge(unsure, _voiced((0.0, 2.5))).reasons == [QualityReason.LOW_CONFIDENCE]
    noise = _said("저는 데이터 분석 프로젝트를 맡았습니다", 0.0, 2.5, avg_logprob=-1.2, no_speech_prob=0.9)
    assert judge(noise, _voiced((0.0, 2.5))).reasons == [QualityReason.LIKELY_NO_SPEECH]
    # Whisper's own rule: a high no-speech probability counts only with a low log-probability.
    confident = _said("저는 데이터 분석 프로젝트를 맡았습니다", 0.0, 2.5, avg_logprob=-0.4, no_speech_prob=0.9)
    assert judge(confident, _voiced((0.0, 2.5))).usable
    # Without a voice track only the recogniser's own signals count; an empty text never passes.
    assert judge(fluent, None).usable
    assert judge(Transcript("", "ko", "t", ()), None).reasons == [QualityReason.FEW_CHARACTERS]


def test_coverage_is_the_share_of_voiced_time_inside_words_widened_by_their_slack() -> None:
    voiced = voiced_runs(np.array([0, 1, 1, 1, 1, 0, 0, 1, 1, 0], dtype=np.float32))
    assert [(round(r.start_s, 3), round(r.end_s, 3)) for r in voiced.runs] == [
        (round(WINDOW_S, 3), round(5 * WINDOW_S, 3)),
        (round(7 * WINDOW_S, 3), round(9 * WINDOW_S, 3)),
    ]
    words = [Word(0.032, 0.16, "저는")]
    # The word, widened by 0.1 s, covers the first run and the second up to 0.26 s: 0.028 s of 0.192 s missed.
    assert coverage(voiced, words) == pytest.approx(1 - (9 * WINDOW_S - 0.26) / (6 * WINDOW_S), abs=0.002)
    assert uncovered(voiced, words, slack_s=0.0)[0] == Span(7 * WINDOW_S, 9 * WINDOW_S)
    assert coverage(_voiced(), words) is None


def test_a_loop_inside_one_word_is_cut_like_a_loop_of_words() -> None:
    assert cap_runs("이제 오우우우우우우우우우", 4) == "이제 오우우우우"
    assert cap_runs("ㅋㅋ 정말 좋아요", 4) == "ㅋㅋ 정말 좋아요"
    looped = Transcript(
        "이제 오" + "우" * 300,
        "ko",
        "t",
        (Segment(0.0, 2.0, "이제 오" + "우" * 300),),
        (Word(0.5, 2.0, "오" + "우" * 300),),
    )
    capped = cap_repeats(looped, 4)
    assert capped.text == "이제 오우우우우"
    assert [w.word for w in capped.words] == ["오우우우우"]
