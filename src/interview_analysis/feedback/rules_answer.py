"""The rules writer's view of the answer itself, when there is a transcript.

Without an LLM nothing can judge whether the answer fits the question or is well built,
so this comments only on what is counted: filler words, repetitions and restarts, pace
in syllables per minute, and length against the 1-2 minute norm of a spoken answer.
Every sentence cites its figure and, where there is one, the moment.

Score of the ``답변 내용`` category, out of 100 (docs/transcript.md):
``100 - fillers - length - pace - repetitions`` with
fillers ``min(40, 5 * max(0, per_minute - FILLERS_OK_PER_MIN))``,
length ``min(30, 30 * distance outside 60-120 s / 60 s)``,
pace 15 when syllables per minute are outside ``PACE_NORM_SPM``,
repetitions ``min(15, 5 * max(0, count - REPETITIONS_OK))``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_analysis.feedback.measures import answer_seconds, answered
from interview_analysis.feedback.rules_content import content_improvements, content_points
from interview_analysis.results import Transcript
from interview_analysis.storage.feedback_models import ContentAspect, ContentPoint, FeedbackPoint

LENGTH_NORM_S = (60.0, 120.0)
FILLERS_OK_PER_MIN = 3.0
# The Korean adult norm of 252.87 +- 40.86 syllables per minute, as for the acoustic rate (docs/voice.md).
PACE_NORM_SPM = (212.0, 294.0)
REPETITIONS_OK = 2


@dataclass(slots=True)
class AnswerReview:
    score: int
    detail: str
    value: float
    at_s: float | None
    improvements: list[FeedbackPoint] = field(default_factory=list)
    strengths: list[FeedbackPoint] = field(default_factory=list)
    content_points: list[ContentPoint] = field(default_factory=list)


def _fillers(t: Transcript, review: AnswerReview) -> float:
    count, rate = t.fillers.count, t.fillers.per_minute
    if rate <= FILLERS_OK_PER_MIN:
        review.strengths.append(
            FeedbackPoint(
                text=f"군말(음, 어 등)이 분당 {rate:.1f}회로 적어 답변이 깔끔하게 들립니다.",
                metric="transcript.fillers.per_minute",
                value=rate,
            )
        )
        return 0.0
    top_word, top_count = next(iter((t.fillers.by_word or {"음": count}).items()))
    first = t.fillers.items[0].start if t.fillers.items else None
    moment = f" 처음 나온 것은 {first:.0f}초 무렵입니다." if first is not None else ""
    review.improvements.append(
        FeedbackPoint(
            text=(
                f"군말이 {count}회, 분당 {rate:.1f}회 나왔고 "
                f"가장 많이 쓴 말은 '{top_word}'({top_count}회)입니다.{moment} "
                "말이 막힐 때는 군말 대신 잠깐 멈추고 다음 문장을 시작해 보세요."
            ),
            metric="transcript.fillers.per_minute",
            value=rate,
            at_s=first,
        )
    )
    return min(40.0, 5.0 * (rate - FILLERS_OK_PER_MIN))


def _length(answer_s: float, review: AnswerReview) -> float:
    low, high = LENGTH_NORM_S
    if low <= answer_s <= high:
        text = f"답변 길이는 {answer_s:.0f}초로, 면접 답변에 흔히 권하는 1~2분 안에 들어옵니다."
        review.strengths.append(FeedbackPoint(text=text, metric="transcript.answer_s", value=answer_s))
        review.content_points.append(ContentPoint(aspect=ContentAspect.LENGTH, met=True, text=text))
        return 0.0
    short = answer_s < low
    text = f"답변 길이가 {answer_s:.0f}초로, 면접 답변에 흔히 권하는 1~2분보다 " + (
        "짧습니다. 상황과 본인의 행동, 결과를 한 문장씩 더해 보세요."
        if short
        else "깁니다. 핵심 사례 하나에 집중해 줄여 보세요."
    )
    review.improvements.append(FeedbackPoint(text=text, metric="transcript.answer_s", value=answer_s))
    review.content_points.append(ContentPoint(aspect=ContentAspect.LENGTH, met=False, text=text))
    distance = (low - answer_s) if short else (answer_s - high)
    return min(30.0, 30.0 * distance / 60.0)


def _pace(t: Transcript, review: AnswerReview) -> float:
    spm = t.syllables_per_minute
    if spm is None:
        return 0.0
    low, high = PACE_NORM_SPM
    if low <= spm <= high:
        return 0.0
    verdict = (
        "빠른 편이니 문장 끝에서 한 박자 쉬어 보세요."
        if spm > high
        else "느린 편이니 문장을 끊지 말고 이어 말해 보세요."
    )
    review.improvements.append(
        FeedbackPoint(
            text=f"전사문 기준 말하기 속도는 분당 {spm:.0f}음절로 {verdict}",
            metric="transcript.syllables_per_minute",
            value=spm,
        )
    )
    return 15.0


def _repetitions(t: Transcript, review: AnswerReview) -> float:
    found = t.repetitions
    if not found:
        return 0.0
    first = found[0]
    review.improvements.append(
        FeedbackPoint(
            text=(
                f"같은 말을 되풀이하거나 말을 고쳐 시작한 곳이 {len(found)}번 있었습니다"
                f"(예: {first.start:.0f}초 '{first.text}'). 문장을 시작하기 전에 첫 단어를 정해 두세요."
            ),
            metric="transcript.repetitions",
            value=float(len(found)),
            at_s=first.start,
        )
    )
    return min(15.0, 5.0 * max(0, len(found) - REPETITIONS_OK))


def review_answer(transcript: Transcript | None) -> AnswerReview | None:
    t = answered(transcript)
    if t is None:
        return None
    answer_s = answer_seconds(t)  # as the LLM sees it: from the segment times rounded to 0.1 s
    review = AnswerReview(score=100, detail="", value=0.0, at_s=None)
    penalty = _fillers(t, review) + _length(answer_s, review) + _pace(t, review) + _repetitions(t, review)
    review.score = max(0, round(100 - penalty))
    review.value = float(review.score)
    review.detail = (
        f"답변 {answer_s:.0f}초, 군말 분당 {t.fillers.per_minute:.1f}회, 반복·고쳐 말하기 {len(t.repetitions)}회"
    )
    review.at_s = t.fillers.items[0].start if t.fillers.items else None
    review.content_points = content_points(t.content) + review.content_points
    review.improvements += content_improvements(t.content)
    return review
