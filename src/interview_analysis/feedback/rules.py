"""The rules-based writer: Korean feedback in the LLM's structure, from scores and their bands.

Used when no LLM is configured and whenever the LLM fails, so every completed analysis
gets feedback. Every sentence cites the figure it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

from interview_analysis.feedback.measures import unreliable
from interview_analysis.feedback.rules_answer import AnswerReview, review_answer
from interview_analysis.results import AnalysisResult, EmotionAnalysis, EyeTracking, SectionStatus, VoiceAnalysis
from interview_analysis.storage.feedback_models import CategoryScore, FeedbackContent, FeedbackPoint

STRONG = 80
WEAK = 60

_MOVEMENT_PENALTY = {"low": 0, "moderate": 10, "high": 25}
_MOVEMENT_KO = {"low": "적음", "moderate": "보통", "high": "많음"}
_EMOTION_KO = {
    "happy": "기쁨",
    "neutral": "무표정",
    "sad": "슬픔",
    "angry": "화남",
    "fear": "두려움",
    "disgust": "혐오",
    "surprise": "놀람",
}

_TIPS = {
    "시선": "카메라 렌즈 옆에 작은 표시를 붙이고, 답변하는 동안 그 표시를 바라보는 연습을 해 보세요.",
    "표정": "답변 첫 문장과 마지막 문장에서 가볍게 미소 짓는 연습을 거울 앞에서 해 보세요.",
    "음성 전달": "답변을 녹음해 들어 보며, 문장 끝에서 한 박자 쉬고 핵심 단어를 또렷하게 강조해 보세요.",
    "태도/자세": "의자에 등을 붙이고 어깨를 편 자세로, 화면 중앙에 얼굴이 오도록 카메라를 맞춘 뒤 연습해 보세요.",
    "답변 내용": "전사문을 읽어 보며, 군말 없이 상황-행동-결과 순서로 1~2분 안에 말하는 연습을 해 보세요.",
}


@dataclass(frozen=True, slots=True)
class _Category:
    name: str
    score: int
    metric: str
    value: float
    detail: str
    at_s: float | None = None


def _eye(eye: EyeTracking | None) -> _Category | None:
    if eye is None or eye.status != SectionStatus.MEASURED or eye.attention_score is None:
        return None
    score = eye.attention_score
    longest = max(eye.off_screen_episodes or [], key=lambda e: e[1] - e[0], default=None)
    detail = (
        f"시선 집중도 {score:.1f}점({eye.attention_band or ''}), "
        f"화면 응시 비율 {100 * (eye.on_screen_ratio or 0):.0f}%, "
        f"눈 깜빡임 분당 {eye.blink_frequency or 0:.0f}회"
    )
    if longest:
        detail += f", 가장 긴 시선 이탈은 {longest[0]:.0f}초부터 {longest[1] - longest[0]:.1f}초간"
    return _Category(
        "시선", round(score), "eye_tracking.attention_score", score, detail, longest[0] if longest else None
    )


def _emotion(emo: EmotionAnalysis | None) -> _Category | None:
    if emo is None or emo.status != SectionStatus.MEASURED or emo.interview_score is None:
        return None
    score = emo.interview_score
    dominant = emo.dominant_emotion or "-"
    detail = f"표정 점수 {score:.1f}/60점, 가장 많이 보인 표정은 '{_EMOTION_KO.get(dominant, dominant)}'"
    return _Category("표정", round(100 * score / 60), "emotion_analysis.interview_score", score, detail)


def _voice(voice: VoiceAnalysis | None) -> _Category | None:
    if voice is None or voice.status != SectionStatus.MEASURED or voice.voice_score is None:
        return None
    score = voice.voice_score
    detail = f"음성 전달 점수 {score:.1f}점"
    if voice.speech_rate_sps is not None:
        detail += f", 말하기 속도 초당 {voice.speech_rate_sps:.1f}음절"
    return _Category("음성 전달", round(score), "voice_analysis.voice_score", score, detail)


def _posture(eye: EyeTracking | None) -> _Category | None:
    if eye is None or eye.status != SectionStatus.MEASURED:
        return None
    level = eye.head_movement.level if eye.head_movement is not None else "low"
    presence = eye.face_presence_ratio
    score = max(0, round(100 * presence) - _MOVEMENT_PENALTY.get(level, 0))
    detail = f"얼굴이 화면에 혼자 보인 비율 {100 * presence:.0f}%, 머리 움직임 '{_MOVEMENT_KO.get(level, level)}'"
    return _Category("태도/자세", score, "eye_tracking.face_presence_ratio", presence, detail)


def _answer(review: AnswerReview | None) -> _Category | None:
    """``답변 내용`` joins the four categories only when there is a transcript to judge."""
    if review is None:
        return None
    return _Category("답변 내용", review.score, "transcript", review.value, review.detail, review.at_s)


def write_rules_feedback(result: AnalysisResult) -> FeedbackContent:
    review = review_answer(result.transcript)
    found = (
        _eye(result.eye_tracking),
        _emotion(result.emotion_analysis),
        _voice(result.voice_analysis),
        _posture(result.eye_tracking),
        _answer(review),
    )
    categories = [c for c in found if c]
    if not categories:
        return FeedbackContent(
            summary=(
                "영상에서 평가할 수 있는 측정값을 얻지 못했습니다. "
                "얼굴이 화면 중앙에 보이고 목소리가 녹음되도록 다시 녹화해 주세요."
            ),
            strengths=[],
            improvements=[],
            category_scores=[],
            keywords=["녹화", "재촬영"],
            next_practice=(
                "밝은 곳에서 얼굴이 화면 가운데 오도록 카메라를 맞추고, "
                "마이크가 켜져 있는지 확인한 뒤 다시 녹화해 보세요."
            ),
        )
    ranked = sorted(categories, key=lambda c: c.score)
    weak = [c for c in ranked if c.score < WEAK] or ranked[:1]
    strong = [c for c in reversed(ranked) if c.score >= STRONG] or ranked[-1:]
    improvements = [
        FeedbackPoint(text=f"{c.name}: {c.detail}. {_TIPS[c.name]}", metric=c.metric, value=c.value, at_s=c.at_s)
        for c in weak
    ]
    strengths = [
        FeedbackPoint(text=f"{c.name}: {c.detail}로 좋은 편입니다.", metric=c.metric, value=c.value)
        for c in strong
        if c not in weak
    ]
    best, worst = ranked[-1], ranked[0]
    summary = (
        f"{best.name}({best.score}점)이 가장 좋았고, "
        f"{worst.name}({worst.score}점)을 보완하면 전체 인상이 더 좋아집니다. "
        + " / ".join(f"{c.name} {c.score}점" for c in categories)
    )
    if review is not None:  # the counted specifics of the answer, each citing its own figure
        improvements += review.improvements
        strengths += [p for p in review.strengths if p.text not in {s.text for s in strengths}]
    quality = unreliable(result.transcript)
    if quality is not None and quality.message:  # say why the words were left alone, and nothing about them
        summary += " / " + quality.message
        improvements.append(
            FeedbackPoint(
                text=f"{quality.message} 조용한 곳에서 마이크 가까이 또렷하게 말하면 답변 내용도 분석됩니다.",
                metric="transcript.quality.coverage",
                value=quality.coverage,
            )
        )
    return FeedbackContent(
        summary=summary,
        strengths=strengths,
        improvements=improvements,
        category_scores=[CategoryScore(category=c.name, score=c.score, reason=c.detail) for c in categories],
        keywords=[c.name for c in ranked],
        next_practice=_TIPS[worst.name],
        content_points=review.content_points if review is not None else None,
    )
