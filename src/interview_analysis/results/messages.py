"""The Korean messages of sections that could not be measured, by section and code (or status)."""

from __future__ import annotations

from interview_analysis.results.base import SectionCode, SectionStatus

EYE_NO_FACE_KO = "영상에서 얼굴을 찾지 못해 시선을 분석할 수 없습니다. 얼굴이 화면 중앙에 보이도록 녹화해 주세요."
EMOTION_NO_FACE_KO = (
    "영상에서 얼굴이 충분히 보이지 않아 표정을 분석할 수 없습니다. 얼굴이 화면 중앙에 잘 보이도록 다시 녹화해 주세요."
)
INTEGRITY_NO_FRAMES_KO = "분석할 영상 프레임이 없어 부정행위 점검을 할 수 없습니다."
OBJECTS_SKIPPED_KO = (
    "휴대전화·인원 검사에 필요한 객체 인식 모델을 사용할 수 없어 이 검사는 건너뛰었습니다. "
    "얼굴 기반 항목(얼굴 없음, 여러 얼굴)은 정상적으로 분석되었습니다."
)
VOICE_MESSAGES_KO: dict[SectionStatus, str] = {
    SectionStatus.ABSENT: "영상에 오디오 트랙이 없어 음성 분석을 하지 않았습니다. 마이크를 켜고 다시 녹화해 주세요.",
    SectionStatus.NO_SPEECH: (
        "오디오에서 말소리가 감지되지 않았습니다. 마이크가 켜져 있는지, 음소거 상태가 아닌지 확인해 주세요."
    ),
}
TRANSCRIPT_MESSAGES_KO: dict[SectionCode, str] = {
    SectionCode.ASR_DISABLED: "음성 인식이 꺼져 있어 답변 내용을 분석하지 않았습니다.",
    SectionCode.ASR_MODEL_MISSING: (
        "음성 인식 모델이 설치되어 있지 않아 답변 내용을 분석하지 않았습니다. 다른 분석 결과는 그대로 제공됩니다."
    ),
    SectionCode.ASR_TIMEOUT: "음성 인식 서버가 제한 시간 안에 응답하지 않아 답변 내용을 분석하지 못했습니다.",
    SectionCode.ASR_FAILED: (
        "음성 인식 중 오류가 발생해 답변 내용을 분석하지 못했습니다. 다른 분석 결과는 그대로 제공됩니다."
    ),
    SectionCode.ASR_BAD_RESPONSE: "음성 인식 서버의 응답을 해석할 수 없어 답변 내용을 분석하지 못했습니다.",
    SectionCode.NO_AUDIO: "영상에 오디오 트랙이 없어 답변 내용을 분석하지 않았습니다.",
}
