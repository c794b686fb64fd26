"""The Korean messages of sections that could not be measured, by section and code (or status)."""

from __future__ import annotations

from interview_analysis.results.base import SectionCode, SectionStatus
from interview_analysis.results.content import StarPart
from interview_analysis.results.transcript import QualityReason

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

QUALITY_REASONS_KO: dict[QualityReason, str] = {
    QualityReason.LOW_COVERAGE: "말소리가 난 시간의 대부분에서 단어가 인식되지 않았습니다",
    QualityReason.FEW_CHARACTERS: "말한 시간에 비해 인식된 글자가 너무 적습니다",
    QualityReason.LOW_CONFIDENCE: "음성 인식의 확신도가 낮습니다",
    QualityReason.LIKELY_NO_SPEECH: "음성 인식기가 말소리가 아니라고 판단했습니다",
    QualityReason.TOO_LITTLE_SPEECH: "말한 시간이 너무 짧아 내용을 판단할 수 없습니다",
}
UNRELIABLE_TRANSCRIPT_KO = (
    "음성을 신뢰할 수 있게 받아 적지 못해 군말, 말 속도(글자 기준), 답변 길이와 내용은 평가하지 않았습니다"
)
STAR_PARTS_KO: dict[StarPart, str] = {
    StarPart.SITUATION: "상황",
    StarPart.TASK: "과제",
    StarPart.ACTION: "행동",
    StarPart.RESULT: "결과",
}
