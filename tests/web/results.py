"""A completed analysis as the API serves it, built in code so the page tests know every figure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from interview_analysis.results import (
    AnalysisResult,
    EmotionAnalysis,
    Emotions,
    EmotionSecond,
    EventSource,
    EventType,
    EyeSecond,
    EyeTracking,
    FillerItem,
    Fillers,
    HeadMovement,
    Integrity,
    IntegrityEvent,
    Media,
    ModelIdentity,
    SectionStatus,
    Transcript,
    TranscriptSegment,
    TranscriptWord,
    VoiceAnalysis,
    VoiceSecond,
)
from interview_analysis.storage.models import AnalysisRecord, JobStatus, SourceKind

DURATION_S = 12
# Every face second reads the same, so the clip's mean equals each row.
EMOTIONS = Emotions(happy=0.5, neutral=0.3, sad=0.05, angry=0.05, fear=0.05, disgust=0.0, surprise=0.05)


def media() -> Media:
    return Media(
        container="webm",
        size_bytes=1_200_000,
        video_codec="vp8",
        width=640,
        height=480,
        duration_s=float(DURATION_S),
        fps_measured=30.0,
        frames_read=30 * DURATION_S,
        frames_sampled=5 * DURATION_S,
        sample_fps=5.0,
        has_audio=True,
        audio_codec="opus",
        audio_sample_rate=48_000,
        audio_duration_s=float(DURATION_S),
    )


def result(
    emotion: float = 40.0, attention: float = 80.0, voice: float = 70.0, integrity: float = 100.0
) -> AnalysisResult:
    """Second 5 has no face; the eyes are off screen in seconds 8-9; seconds 0 and 6 are silent."""
    emotion_rows = [
        EmotionSecond(t=t, frames=0) if t == 5 else EmotionSecond(t=t, frames=5, **EMOTIONS.dump())
        for t in range(DURATION_S)
    ]
    eye_rows = [
        EyeSecond(t=t, face_count=0, yaw=None, pitch=None, on_screen=None)
        if t == 5
        else EyeSecond(t=t, face_count=1, yaw=float(t), pitch=2.0, on_screen=0.0 if t in (8, 9) else 1.0)
        for t in range(DURATION_S)
    ]
    voice_rows = [
        VoiceSecond(t=t, voiced=False, level_dbfs=-70.0, f0_hz=None)
        if t in (0, 6)
        else VoiceSecond(t=t, voiced=True, level_dbfs=-20.0, f0_hz=120.0 + t)
        for t in range(DURATION_S)
    ]
    return AnalysisResult(
        media=media(),
        warnings=[],
        emotion_analysis=EmotionAnalysis(
            status=SectionStatus.MEASURED,
            model=ModelIdentity(name="test-emotion"),
            frames_classified=55,
            face_frames=55,
            frames_seen=60,
            classify_fps=5.0,
            interview_score=emotion,
            interview_band="양호",
            emotions=EMOTIONS.model_copy(),
            score_breakdown={
                "formula": "20·min(1, happy/0.25) + …",
                "max": 60.0,
                "components": {
                    "positivity": {"label": "긍정적 표정", "value": 0.5, "full_at": 0.25, "max": 20.0, "points": 20.0}
                },
            },
            timeline=emotion_rows,
        ),
        eye_tracking=EyeTracking(
            status=SectionStatus.MEASURED,
            attention_score=attention,
            attention_band="매우 안정적",
            on_screen_ratio=0.82,
            face_presence_ratio=0.917,
            face_visible_ratio=0.917,
            no_face_intervals=[(5.0, 6.0)],
            multiple_face_intervals=[],
            max_faces=1,
            off_screen_episodes=[(8.0, 10.0)],
            head_movement=HeadMovement(mean_speed_deg_s=4.2, p90_speed_deg_s=9.0, level="low"),
            score_breakdown={
                "formula": "100 × (0.60·on_screen_ratio + …)",
                "components": {"on_screen_ratio": {"value": 0.82, "weight": 0.6, "points": 49.2}},
            },
            timeline=eye_rows,
        ),
        voice_analysis=VoiceAnalysis(
            status=SectionStatus.MEASURED,
            message="",
            audio_duration_s=float(DURATION_S),
            voice_score=voice,
            voice_band="좋음",
            pause_count=1,
            long_pauses=[(6.0, 7.0)],
            level_mean_dbfs=-20.0,
            f0_median_hz=125.0,
            f0_variation_st=2.5,
            score_breakdown={
                "voice_score": {
                    "formula": "weighted mean of the component scores",
                    "weights": {"speech_rate": 0.5, "pauses": 0.5},
                    "components": {"speech_rate": {"score": 90.0}},
                }
            },
            timeline=voice_rows,
        ),
        integrity=Integrity(
            status=SectionStatus.MEASURED,
            integrity_score=integrity,
            integrity_band="이상 없음",
            integrity_events=[
                IntegrityEvent(
                    type=EventType.NO_FACE,
                    start=5.0,
                    end=6.0,
                    confidence=1.0,
                    source=EventSource.FACES,
                    label="응시자의 얼굴이 보이지 않음",
                )
            ],
            score_breakdown={
                "formula": "100 − Σ …",
                "components": {"absence": {"checked": True, "points_lost": 0.8}},
            },
        ),
        transcript=Transcript(
            status=SectionStatus.COMPLETED,
            backend="test",
            language="ko",
            text="음 저는 어 개발자입니다",
            segments=[TranscriptSegment(start=1.0, end=4.0, text="음 저는 어 개발자입니다")],
            words=[
                TranscriptWord(start=1.0, end=1.3, word=" 음"),
                TranscriptWord(start=1.4, end=1.9, word=" 저는"),
                TranscriptWord(start=2.0, end=2.2, word=" 어"),
                TranscriptWord(start=2.3, end=3.5, word=" 개발자입니다"),
            ],
            fillers=Fillers(
                count=2,
                per_minute=10.0,
                by_word={"음": 1, "어": 1},
                items=[FillerItem(word="음", start=1.0, end=1.3), FillerItem(word="어", start=2.0, end=2.2)],
            ),
        ),
    )


def record(analysis_id: str, user_id: str, minutes: int, question_id: str | None, **scores: float) -> AnalysisRecord:
    created = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    return AnalysisRecord(
        analysis_id=analysis_id,
        user_id=user_id,
        session_id=f"s{minutes}",
        source=SourceKind.UPLOAD,
        question_id=question_id,
        question="질문",
        status=JobStatus.COMPLETED,
        created_at=created,
        updated_at=created,
        result=result(**scores),
    )


def api_view(analysis_id: str = "a" * 32) -> dict[str, Any]:
    """What ``AnalysisResponse.model_dump()`` gives the report for a completed analysis."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "analysis_id": analysis_id,
        "status": "completed",
        "stage": "done",
        "progress": 1.0,
        "created_at": now,
        "question": "1분 동안 자기소개를 해 주세요.",
        "question_id": "intro-1",
        **result().dump(),
    }
