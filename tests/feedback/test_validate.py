"""The validator on the points a real model wrote (a Qwen2.5-Coder-1.5B on llama.cpp, recorded in FACTS.md):
each contradiction is caught, and grounded points pass."""

from __future__ import annotations

from typing import Any

import pytest

from interview_analysis.feedback.measures import collect_measures
from interview_analysis.feedback.prompts import load_prompts
from interview_analysis.feedback.validate import Checker, build_checker
from interview_analysis.results import (
    AnalysisResult,
    FillerItem,
    Fillers,
    SectionStatus,
    TranscriptSegment,
    VoiceAnalysis,
)
from interview_analysis.storage.feedback_models import FeedbackPoint, LLMFeedback
from tests.feedback.sections import analysis, eye_measured, transcript

NORM = {"speech_rate_score": {"norm": {"mean_spm": 252.87, "sd_spm": 40.86}}}


def _voice(spm: float, band: str = "매우 좋음") -> VoiceAnalysis:
    return VoiceAnalysis(
        status=SectionStatus.MEASURED,
        message="음성",
        audio_duration_s=60.0,
        speech_rate_spm=spm,
        speech_rate_sps=round(spm / 60, 3),
        speech_rate_band=band,
        voice_score=91.9,
        voice_band="매우 좋음",
        score_breakdown=NORM,
    )


def _result(spm: float = 236.6, fillers: int = 12) -> AnalysisResult:
    items = [FillerItem(word="음", start=2.0 + 4 * i, end=2.3 + 4 * i) for i in range(fillers)]
    return analysis(
        eye_tracking=eye_measured(88.2, attention_band="매우 안정적", gaze_stability=0.42),
        voice_analysis=_voice(spm),
        transcript=transcript(
            text="음 저는 음 데이터 분석 프로젝트를 했습니다",
            segments=[TranscriptSegment(start=1.0, end=60.0, text="음 저는 음 데이터 분석 프로젝트를 했습니다")],
            speech_s=60.0,
        ).model_copy(
            update={"fillers": Fillers(count=fillers, per_minute=float(fillers), by_word={"음": fillers}, items=items)}
        ),
    )


def _checker(result: AnalysisResult) -> Checker:
    return build_checker(result, collect_measures(result), load_prompts().system)


def _feedback(strengths: list[dict[str, Any]], improvements: list[dict[str, Any]], summary: str = "") -> LLMFeedback:
    return LLMFeedback(
        summary=summary or "시선이 안정적입니다.",
        strengths=[FeedbackPoint(**p) for p in strengths],
        improvements=[FeedbackPoint(**p) for p in improvements],
        keywords=[],
        next_practice="첫 문장을 카메라를 보며 말해 보세요.",
    )


GROUNDED_STRENGTH = {"text": "화면을 꾸준히 봤습니다(88.2점).", "metric": "eye_tracking.attention_score", "value": 88.2}
GROUNDED_IMPROVEMENT = {"text": "군말이 12번 나왔습니다.", "metric": "transcript.fillers.count", "value": 12}


def test_points_that_cite_measured_figures_as_measured_pass() -> None:
    checker = _checker(_result())
    assert checker.check(_feedback([GROUNDED_STRENGTH], [GROUNDED_IMPROVEMENT])) == []
    # a bare field name is the unique measured field it names; a ratio may be quoted as a percentage
    gaze = {"text": "시선 안정도 42%입니다.", "metric": "gaze_stability", "value": 0.42}
    assert checker.check(_feedback([GROUNDED_STRENGTH], [gaze])) == []


@pytest.mark.parametrize(
    ("kind", "point", "reason"),
    [
        # "35/60" where no measurement said 35
        ("improvements", {"text": "표정 점수는 35/60입니다.", "metric": "eye_tracking.gaze_stability"}, "35"),
        # "speak faster" to a candidate at 236 syllables a minute, inside the norm
        ("improvements", {"text": "말하기 속도를 높이세요.", "metric": "voice_analysis.speech_rate_spm"}, "빠르게"),
        # twelve fillers praised as a strength
        ("strengths", {"text": "군말이 12번으로 자연스럽습니다.", "metric": "transcript.fillers.count"}, "칭찬"),
        # a gaze score of 100 invented from an attention of 88
        ("strengths", {"text": "시선 점수 100점입니다.", "metric": "eye_tracking.gaze_score", "value": 100}, "측정된"),
        ("strengths", {"text": "집중도가 높습니다.", "metric": "eye_tracking.attention_score", "value": 100}, "88.2"),
        ("strengths", {"text": "좋습니다."}, "metric"),
        # asked to improve what is already in the top band
        ("improvements", {"text": "화면을 더 보세요.", "metric": "eye_tracking.attention_score"}, "가장 좋은"),
    ],
)
def test_each_contradiction_a_real_model_wrote_is_caught_with_its_reason(
    kind: str, point: dict[str, Any], reason: str
) -> None:
    strengths = [point] if kind == "strengths" else [GROUNDED_STRENGTH]
    improvements = [point] if kind == "improvements" else [GROUNDED_IMPROVEMENT]
    (problem,) = _checker(_result()).check(_feedback(strengths, improvements))
    assert problem.where == f"{kind}[0]"
    assert reason in problem.reason


def test_the_pace_advice_must_point_the_way_the_norm_says() -> None:
    slow = {"text": "조금 더 천천히 말해 보세요.", "metric": "voice_analysis.speech_rate_spm"}
    fast = {"text": "조금 더 빠르게 말해 보세요.", "metric": "voice_analysis.speech_rate_spm"}
    above, below = _checker(_result(spm=320.0)), _checker(_result(spm=180.0))
    assert above.check(_feedback([GROUNDED_STRENGTH], [slow])) == []
    assert len(above.check(_feedback([GROUNDED_STRENGTH], [fast]))) == 1
    assert below.check(_feedback([GROUNDED_STRENGTH], [fast])) == []
    assert len(below.check(_feedback([GROUNDED_STRENGTH], [slow]))) == 1


def test_a_summary_may_quote_only_figures_from_the_input() -> None:
    checker = _checker(_result())
    assert checker.check(_feedback([GROUNDED_STRENGTH], [GROUNDED_IMPROVEMENT], "분당 237음절, 88점입니다.")) == []
    (problem,) = checker.check(_feedback([GROUNDED_STRENGTH], [GROUNDED_IMPROVEMENT], "종합 점수 73점입니다."))
    assert problem.where == "summary"
    assert "73" in problem.reason


def test_few_fillers_may_be_praised_and_not_be_asked_to_drop() -> None:
    checker = _checker(_result(fillers=1))
    praise = {"text": "군말이 거의 없습니다.", "metric": "transcript.fillers.count", "value": 1}
    assert checker.check(_feedback([praise], [{"text": "시선을 고정하세요.", "metric": "gaze_stability"}])) == []
    drop = {"text": "군말을 줄이세요.", "metric": "transcript.fillers.per_minute"}
    assert len(checker.check(_feedback([GROUNDED_STRENGTH], [drop]))) == 1
