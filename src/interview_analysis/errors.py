"""One error tree for the whole service.

Domain code raises ``AppError`` subclasses with a stable ``ErrorCode``; the API
renders them as ``{"error": code, "detail": message}`` and a failed analysis
stores the same code and Korean message.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    EMPTY_FILE = "EMPTY_FILE"
    NOT_A_VIDEO = "NOT_A_VIDEO"
    UNSUPPORTED_CODEC = "UNSUPPORTED_CODEC"
    S3_OBJECT_NOT_FOUND = "S3_OBJECT_NOT_FOUND"
    S3_ACCESS_DENIED = "S3_ACCESS_DENIED"
    S3_UNAVAILABLE = "S3_UNAVAILABLE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    VIDEO_TOO_LONG = "VIDEO_TOO_LONG"
    TIMEOUT = "TIMEOUT"
    WORKER_LOST = "WORKER_LOST"
    MODEL_UNAVAILABLE = "MODEL_UNAVAILABLE"
    INTERNAL = "INTERNAL"
    # Feedback writer codes (stored on the feedback, never on the analysis)
    LLM_TIMEOUT = "LLM_TIMEOUT"
    LLM_RATE_LIMITED = "LLM_RATE_LIMITED"
    LLM_UNAVAILABLE = "LLM_UNAVAILABLE"
    LLM_INVALID_OUTPUT = "LLM_INVALID_OUTPUT"
    LLM_CONTRADICTED = "LLM_CONTRADICTED"
    # API-level codes (never stored on an analysis)
    NOT_FOUND = "NOT_FOUND"
    INVALID_REQUEST = "INVALID_REQUEST"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    ANALYSIS_NOT_COMPLETED = "ANALYSIS_NOT_COMPLETED"
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN_USER = "FORBIDDEN_USER"
    RATE_LIMITED = "RATE_LIMITED"
    BUCKET_NOT_ALLOWED = "BUCKET_NOT_ALLOWED"
    REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"
    TOO_MANY_ANALYSES = "TOO_MANY_ANALYSES"
    TAKE_ALREADY_USED = "TAKE_ALREADY_USED"
    QUESTION_NOT_SKIPPABLE = "QUESTION_NOT_SKIPPABLE"
    POSTING_TOO_LARGE = "POSTING_TOO_LARGE"


MESSAGES_KO: dict[ErrorCode, str] = {
    ErrorCode.EMPTY_FILE: "업로드된 파일이 비어 있습니다. 영상을 다시 녹화해 주세요.",
    ErrorCode.NOT_A_VIDEO: "영상 파일이 아닙니다. 녹화된 면접 영상(webm/mp4)을 올려 주세요.",
    ErrorCode.UNSUPPORTED_CODEC: "지원하지 않는 영상 코덱입니다. 브라우저에서 webm(VP8/VP9)으로 다시 녹화해 주세요.",
    ErrorCode.S3_OBJECT_NOT_FOUND: "저장소에서 영상을 찾을 수 없습니다. 업로드가 끝났는지 확인해 주세요.",
    ErrorCode.S3_ACCESS_DENIED: "저장소의 영상에 접근할 권한이 없습니다.",
    ErrorCode.S3_UNAVAILABLE: "영상 저장소에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
    ErrorCode.FILE_TOO_LARGE: "영상 파일이 너무 큽니다. 더 짧게 녹화해 주세요.",
    ErrorCode.VIDEO_TOO_LONG: "영상이 너무 깁니다. 허용된 길이 이내로 녹화해 주세요.",
    ErrorCode.TIMEOUT: "분석 시간이 제한을 넘었습니다. 잠시 후 다시 시도해 주세요.",
    ErrorCode.WORKER_LOST: "분석 작업이 중단되었습니다. 다시 시도해 주세요.",
    ErrorCode.MODEL_UNAVAILABLE: "분석 모델을 불러올 수 없어 분석하지 못했습니다. 서비스 관리자에게 문의해 주세요.",
    ErrorCode.INTERNAL: "분석 중 알 수 없는 오류가 발생했습니다. 다시 시도해 주세요.",
    ErrorCode.LLM_TIMEOUT: "AI 피드백 생성이 시간 안에 끝나지 않아 기본 피드백으로 대신했습니다.",
    ErrorCode.LLM_RATE_LIMITED: "AI 피드백 요청이 많아 기본 피드백으로 대신했습니다.",
    ErrorCode.LLM_UNAVAILABLE: "AI 피드백 서버에 연결할 수 없어 기본 피드백으로 대신했습니다.",
    ErrorCode.LLM_INVALID_OUTPUT: "AI 피드백의 형식이 올바르지 않아 기본 피드백으로 대신했습니다.",
    ErrorCode.LLM_CONTRADICTED: "AI 피드백이 측정 결과와 맞지 않아 기본 피드백으로 대신했습니다.",
    ErrorCode.NOT_FOUND: "요청한 분석을 찾을 수 없습니다.",
    ErrorCode.INVALID_REQUEST: "요청 형식이 올바르지 않습니다.",
    ErrorCode.SERVICE_UNAVAILABLE: "서비스를 일시적으로 사용할 수 없습니다.",
    ErrorCode.ANALYSIS_NOT_COMPLETED: "분석이 완료된 뒤에 피드백을 다시 만들 수 있습니다.",
    ErrorCode.UNAUTHORIZED: "유효한 API 키가 필요합니다.",
    ErrorCode.FORBIDDEN_USER: "이 API 키로는 해당 사용자의 분석을 요청할 수 없습니다.",
    ErrorCode.RATE_LIMITED: "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.",
    ErrorCode.BUCKET_NOT_ALLOWED: "허용되지 않은 저장소 버킷입니다.",
    ErrorCode.REQUEST_TOO_LARGE: "요청 본문이 너무 큽니다.",
    ErrorCode.TOO_MANY_ANALYSES: "진행 중인 분석이 너무 많습니다. 앞선 분석이 끝난 뒤 다시 요청해 주세요.",
    ErrorCode.TAKE_ALREADY_USED: "실전 모드에서는 질문마다 한 번만 답변할 수 있습니다. 다음 질문으로 넘어가 주세요.",
    ErrorCode.QUESTION_NOT_SKIPPABLE: "이 질문은 건너뛸 수 없습니다. 연습 모드의 꼬리질문만 건너뛸 수 있습니다.",
    ErrorCode.POSTING_TOO_LARGE: "채용공고나 자기소개서가 너무 깁니다. 20,000자 이내로 줄여 주세요.",
}

_STATUS: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.INVALID_REQUEST: 422,
    ErrorCode.FILE_TOO_LARGE: 413,
    ErrorCode.EMPTY_FILE: 400,
    ErrorCode.NOT_A_VIDEO: 400,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.ANALYSIS_NOT_COMPLETED: 409,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.FORBIDDEN_USER: 403,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.BUCKET_NOT_ALLOWED: 422,
    ErrorCode.REQUEST_TOO_LARGE: 413,
    ErrorCode.TOO_MANY_ANALYSES: 429,
    ErrorCode.TAKE_ALREADY_USED: 409,
    ErrorCode.QUESTION_NOT_SKIPPABLE: 409,
    ErrorCode.POSTING_TOO_LARGE: 413,
}


class AppError(Exception):
    """A failure with a stable code, a Korean message for people and an HTTP status."""

    def __init__(self, code: ErrorCode, message: str | None = None, status: int | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES_KO[code]
        self.status = status or _STATUS.get(code, 500)
        super().__init__(f"{code}: {self.message}")


class MediaError(AppError):
    """The video could not be fetched or read; the analysis fails with this code."""


class NotFoundError(AppError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(ErrorCode.NOT_FOUND, message)
