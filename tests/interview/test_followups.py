"""Follow-up questions to Korean answers, each transcript measured as the transcript pass measures it."""

import pytest

from interview_analysis.interview import FollowUpReason, follow_up
from interview_analysis.interview.followups import heard
from interview_analysis.results import SectionCode, SectionStatus
from interview_analysis.results import Transcript as TranscriptSection
from interview_analysis.results.transcript import Fillers, QualityReason, TranscriptQuality
from tests.fixtures.transcripts import timed_section

QUESTION = "프로젝트에서 문제를 해결한 경험을 말씀해 주세요."

NO_RESULT = [
    "대학교 때 물류 자동화 프로젝트에서 재고 관리를 맡았습니다.",
    "제가 매일 출고 데이터를 분석해서 예측 모델을 만들었습니다.",
]
ONLY_WE = [
    "저희 팀은 물류 창고 재고 관리 프로젝트를 진행했습니다.",
    "저희는 매일 재고 데이터를 분석했습니다.",
    "그 결과 재고 오차가 30% 줄었습니다.",
]
NO_EVIDENCE = [
    "동아리에서 행사를 준비할 때 홍보가 부족했습니다.",
    "제가 SNS 홍보를 새로 기획했습니다.",
    "그 결과 반응이 좋았습니다.",
]
COMPLETE = [
    "작년 여름 물류센터 인턴으로 근무할 때 출고 지연이 잦았습니다.",
    "제 목표는 지연을 줄이는 것이었습니다.",
    "그래서 제가 출고 데이터를 매일 분석해 피킹 동선을 바꿨습니다.",
    "그 결과 한 달 만에 출고 지연이 20% 줄었습니다.",
]


def section(
    sentences: list[str], quality: TranscriptQuality | None = None, unsure: frozenset[str] | None = None
) -> TranscriptSection:
    return timed_section(sentences, QUESTION, quality, unsure)


def word_start(transcript: TranscriptSection, word: str) -> float:
    return next(w.start for w in transcript.words if w.word.startswith(word))


def test_a_story_without_its_result_is_asked_for_the_result_citing_the_last_step() -> None:
    answer = section(NO_RESULT)
    asked = follow_up(QUESTION, answer)
    assert asked is not None
    assert asked.reason is FollowUpReason.MISSING_RESULT
    assert asked.text == "그 결과는 어땠나요? 수치로 말씀해 주실 수 있나요?"
    assert asked.cue == "제가 매일 출고 데이터를 분석해서 예측 모델을 만들었습니다"
    assert asked.at_s == word_start(answer, "만들었습니다")


def test_an_answer_told_only_as_we_is_asked_for_the_candidates_own_role() -> None:
    answer = section(ONLY_WE)
    asked = follow_up(QUESTION, answer)
    assert asked is not None
    assert asked.reason is FollowUpReason.MISSING_ROLE
    assert asked.text == "그때 본인이 맡은 역할은 무엇이었나요?"
    assert asked.cue == "저희 팀은 물류 창고 재고 관리 프로젝트를 진행했습니다"
    assert asked.at_s == 0.5  # the first 저희


def test_an_action_with_no_figure_is_asked_for_evidence_quoting_the_claim() -> None:
    answer = section(NO_EVIDENCE)
    asked = follow_up(QUESTION, answer)
    assert asked is not None
    assert asked.reason is FollowUpReason.CLAIM_WITHOUT_EVIDENCE
    assert asked.cue == "제가 SNS 홍보를 새로 기획했습니다"
    assert asked.text == (
        "'제가 SNS 홍보를 새로 기획했습니다'라고 하셨는데, 이를 보여 주는 구체적인 사례나 수치를 말씀해 주실 수 있나요?"
    )
    assert asked.at_s == word_start(answer, "기획했습니다")


def test_a_complete_star_answer_with_numbers_is_asked_about_its_key_noun() -> None:
    answer = section(COMPLETE)
    assert answer.content is not None
    assert answer.content.star.missing == []
    asked = follow_up(QUESTION, answer)
    assert asked is not None
    assert asked.reason is FollowUpReason.KEY_NOUN
    assert asked.cue == next(iter(answer.keywords)) == "출고"
    assert asked.text == "말씀하신 '출고'에 대해 조금 더 구체적으로 설명해 주시겠어요?"
    assert asked.at_s == word_start(answer, "출고")


def test_the_key_noun_skips_the_questions_own_words() -> None:
    answer = section(COMPLETE)
    asked = follow_up("출고 지연을 줄인 경험을 말씀해 주세요.", answer)
    assert asked is not None
    assert asked.cue == "물류"  # 출고, 지연: the question's; 작년, 여름: when it happened
    assert asked.at_s == word_start(answer, "물류센터")


def test_a_transcript_the_quality_gate_distrusts_gets_no_follow_up() -> None:
    distrusted = TranscriptQuality(
        usable=False, reasons=[QualityReason.LOW_CONFIDENCE], message="인식 신뢰도가 낮습니다"
    )
    assert follow_up(QUESTION, section(NO_RESULT, quality=distrusted)) is None


def test_a_failed_or_empty_transcript_gets_no_follow_up() -> None:
    failed = TranscriptSection(
        status=SectionStatus.FAILED, code=SectionCode.ASR_TIMEOUT, backend="local", language="ko", fillers=Fillers()
    )
    assert follow_up(QUESTION, failed) is None
    blank = section(COMPLETE).model_copy(update={"text": "  "})
    assert follow_up(QUESTION, blank) is None


def test_a_row_from_before_the_quality_gate_and_without_content_still_gets_a_key_noun_question() -> None:
    old = section(NO_RESULT).model_copy(update={"quality": None, "content": None})
    asked = follow_up(QUESTION, old)
    assert asked is not None
    assert asked.reason is FollowUpReason.KEY_NOUN
    assert asked.cue == "물류"  # the heaviest noun but 대학교, where it happened


def test_an_answer_that_tells_no_story_is_not_asked_for_a_result() -> None:
    answer = section(["저는 꼼꼼한 성격입니다.", "일정을 꼼꼼하게 관리하는 것을 좋아합니다."])
    asked = follow_up("본인 성격의 장점을 말씀해 주세요.", answer)
    assert asked is not None
    assert asked.reason is FollowUpReason.KEY_NOUN
    assert asked.cue == "일정"  # 성격: the question's own word


def test_with_word_probabilities_a_sure_sentence_is_quoted_whole() -> None:
    asked = follow_up(QUESTION, section(NO_RESULT, unsure=frozenset()))
    assert asked is not None
    assert asked.cue == "제가 매일 출고 데이터를 분석해서 예측 모델을 만들었습니다"


def test_a_sentence_with_a_misheard_word_is_quoted_by_its_sure_trigger_words_only() -> None:
    asked = follow_up(QUESTION, section(NO_RESULT, unsure=frozenset({"예측"})))
    assert asked is not None
    assert asked.reason is FollowUpReason.MISSING_RESULT
    assert asked.cue == "만들었습니다"  # the step's own words, without the unsure 예측


def test_a_story_step_heard_without_confidence_gives_way_to_the_latest_step_heard() -> None:
    answer = section(NO_RESULT, unsure=frozenset(NO_RESULT[1].split()))
    asked = follow_up(QUESTION, answer)
    assert asked is not None
    assert asked.reason is FollowUpReason.MISSING_RESULT
    assert asked.cue == "대학교 때 물류 자동화 프로젝트에서 재고 관리를 맡았습니다"
    assert asked.at_s == word_start(answer, "맡았습니다")


def test_when_no_story_step_was_heard_with_confidence_the_key_noun_asks() -> None:
    unsure = frozenset(NO_RESULT[1].split()) | {"프로젝트에서", "맡았습니다."}
    asked = follow_up(QUESTION, section(NO_RESULT, unsure=unsure))
    assert asked is not None
    assert asked.reason is FollowUpReason.KEY_NOUN
    assert asked.cue == "물류"


def test_the_key_noun_skips_a_noun_heard_only_without_confidence() -> None:
    asked = follow_up(QUESTION, section(COMPLETE, unsure=frozenset({"출고", "출고를", "출고가", "출고의"})))
    assert asked is not None
    assert asked.reason is FollowUpReason.KEY_NOUN
    assert asked.cue not in {"출고"}
    assert asked.cue in " ".join(COMPLETE)


def test_nothing_heard_with_confidence_gets_no_follow_up() -> None:
    everything = frozenset(w for s in NO_RESULT for w in s.split())
    assert follow_up(QUESTION, section(NO_RESULT, unsure=everything)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("분석해서 예측", False), ("출고 데이터를", True), ("모델을 만들었", True), ("없는 말", False)],
)
def test_heard_is_true_only_for_words_found_and_each_sure(text: str, expected: bool) -> None:
    answer = section(NO_RESULT, unsure=frozenset({"예측"}))
    assert heard(answer, text) is expected
