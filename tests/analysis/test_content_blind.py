"""Relevance to the question and the posting, and blind-hiring risks, of Korean answers on the real Kiwi.

A blind-hiring flag is a reminder the candidate reads about their own answer, so the negatives here
matter as much as the positives: a school named as a work partner, a parent who is a role model, a
career "출신", "형제 같은 동료" and work topics about marriage or children are not flagged.
"""

from __future__ import annotations

import pytest

from interview_analysis.analysis.transcript.content import analyse_content
from interview_analysis.analysis.transcript.tagging import tag
from interview_analysis.analysis.transcript.types import Segment, Transcript, Word
from interview_analysis.results.content import BlindKind, ContentAnalysis, Quote

STEP_S = 0.5

QUESTION = "팀 프로젝트에서 갈등을 해결한 경험을 말씀해 주세요."
POSTING = (
    "[채용] 백엔드 개발자 모집. 주요 업무: 결제 시스템 개발 및 운영, 대용량 트래픽 처리. "
    "자격 요건: 파이썬 개발 경력 3년 이상, 데이터베이스 설계 경험. 우대 사항: 결제 시스템 운영 경험."
)


def timed(text: str) -> Transcript:
    words = tuple(Word(i * STEP_S, i * STEP_S + 0.4, w) for i, w in enumerate(text.split()))
    return Transcript(text, "ko", "test", (Segment(0.0, len(words) * STEP_S, text),), words)


def analysed(text: str, question: str | None = None, posting: str | None = None) -> ContentAnalysis:
    return analyse_content(tag(timed(text)), question, posting)


def flags(text: str) -> list[tuple[str, str]]:
    return [(q.kind, q.cue) for q in analysed(text).blind_hiring]


def only(quotes: list[Quote]) -> Quote:
    assert len(quotes) == 1, quotes
    return quotes[0]


# -- relevance -----------------------------------------------------------------------------------------------


def test_the_question_key_nouns_leave_out_the_interview_frame_and_score_the_share_the_answer_uses() -> None:
    answer = "졸업 프로젝트에서 일정 문제로 갈등이 생겼을 때 저는 팀원들과 일대일로 이야기를 나눴습니다."
    relevance = analysed(answer, QUESTION).relevance
    assert relevance.question_nouns == ["프로젝트", "갈등", "해결"]  # not 경험, 말씀
    assert relevance.matched == ["프로젝트", "갈등"]
    assert relevance.score == pytest.approx(2 / 3, abs=1e-3)


def test_an_answer_on_another_topic_scores_zero() -> None:
    relevance = analysed("저는 매일 아침 운동을 하며 체력을 관리합니다.", QUESTION).relevance
    assert relevance.score == 0.0
    assert relevance.matched == []


def test_without_a_question_or_with_only_generic_words_there_is_no_score() -> None:
    assert analysed("저는 꼼꼼합니다.").relevance.score is None
    generic = analysed("저는 꼼꼼합니다.", "본인 경험과 그 이유를 말씀해 주세요.").relevance
    assert (generic.score, generic.question_nouns) == (None, [])


def test_the_posting_is_scored_on_its_frequent_nouns_without_its_boilerplate() -> None:
    answer = "인턴 때 결제 시스템의 장애를 분석하고 파이썬으로 모니터링 도구를 만들었습니다."
    relevance = analysed(answer, posting=POSTING).relevance
    # the posting's 13 key nouns, most frequent first: 결제, 시스템, 개발, 운영 (twice each), then once each
    # 엔드, 개발자, 용량, 트래픽, 처리, 파이썬, 데이터, 베이스, 설계; 경력, 자격, 업무 are boilerplate
    assert relevance.posting_matched == ["결제", "시스템", "파이썬"]
    assert relevance.posting_score == pytest.approx(3 / 13, abs=1e-3)
    assert analysed(answer).relevance.posting_score is None


# -- blind hiring: what is flagged ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("저는 한국대학교 경영학과를 졸업했습니다.", (BlindKind.SCHOOL, "한국대학교")),
        ("서울대를 졸업하고 바로 입사했습니다.", (BlindKind.SCHOOL, "서울대를")),
        ("저는 부산과학고등학교를 나왔습니다.", (BlindKind.SCHOOL, "부산과학고등학교를")),
        ("아버지께서 의사이셔서 자연스럽게 의료에 관심을 가졌습니다.", (BlindKind.PARENT_JOB, "아버지께서 의사이셔서")),
        ("어머니가 교사로 일하셔서 가르치는 일이 익숙했습니다.", (BlindKind.PARENT_JOB, "어머니가 교사로")),
        (
            "어머니께서 은행에서 근무하셔서 금융에 관심이 생겼습니다.",
            (BlindKind.PARENT_JOB, "어머니께서 은행에서 근무하셔서"),
        ),
        ("제 고향은 부산입니다.", (BlindKind.HOMETOWN, "고향은 부산입니다")),
        ("저는 경상도 출신입니다.", (BlindKind.HOMETOWN, "경상도 출신입니다")),
        ("대구에서 태어나고 자랐습니다.", (BlindKind.HOMETOWN, "대구에서 태어나고")),
        ("저는 스물여섯 살입니다.", (BlindKind.AGE, "스물여섯 살입니다")),
        ("저는 97년생입니다.", (BlindKind.AGE, "97년생입니다")),
        ("제 나이가 많지만 배우려는 열정이 있습니다.", (BlindKind.AGE, "제 나이가")),
        ("저는 외동으로 자랐습니다.", (BlindKind.FAMILY, "외동으로")),
        ("가족 관계는 부모님과 저 이렇게 셋입니다.", (BlindKind.FAMILY, "가족 관계는")),
        ("저는 결혼을 해서 책임감이 큽니다.", (BlindKind.FAMILY, "결혼을")),
    ],
)
def test_a_blind_hiring_risk_is_flagged_with_its_words(text: str, flag: tuple[BlindKind, str]) -> None:
    assert (flag[0].value, flag[1]) in flags(text)


def test_a_school_flag_points_at_the_school_words() -> None:
    text = "저는 작년에 한빛대학교 컴퓨터공학과를 졸업했습니다."
    quote = only(analysed(text).blind_hiring)
    assert (quote.kind, quote.cue) == (BlindKind.SCHOOL, "한빛대학교")
    assert (quote.start, quote.end) == pytest.approx((2 * STEP_S, 2 * STEP_S + 0.4))
    assert quote.sentence == text


# -- blind hiring: what is not -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "서울대병원과 협업한 프로젝트에서 데이터 정제를 맡았습니다.",
        "대학교 산학협력 과제로 재고 관리 앱을 만들었습니다.",
        "고려대와 공동 연구를 진행했습니다.",
        "서울대 졸업생을 대상으로 설문을 진행했습니다.",
        "현대에서 인턴으로 일하며 생산 일정을 관리했습니다.",
        "저는 대학교에서 경영학을 전공했습니다.",
    ],
)
def test_a_school_named_in_a_work_context_or_without_a_name_is_not_flagged(text: str) -> None:
    assert flags(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "아버지가 제 롤모델이셨습니다.",
        "어머니는 항상 저를 응원해 주셨습니다.",
        "아버지께서 제 의사를 존중해 주셨습니다.",
        "저는 개발자 출신으로 기획을 맡았습니다.",
        "저는 삼성전자 출신입니다.",
        "고향에 계신 부모님께 자주 연락드립니다.",
        "열 살 때부터 코딩을 했습니다.",
        "나이가 많은 고객들을 응대했습니다.",
        "형제처럼 지낸 동료들이 있습니다.",
        "제가 팀의 막내였습니다.",
        "결혼 정보 회사에서 인턴을 했습니다.",
        "자녀 교육 앱을 기획했습니다.",
    ],
)
def test_family_age_and_places_said_of_others_or_of_work_are_not_flagged(text: str) -> None:
    assert flags(text) == []


def test_one_answer_can_hold_several_risks_each_quoted_once() -> None:
    text = "저는 부산 출신이고 아버지께서 공무원이십니다. 저는 삼남매 중 장녀입니다."
    kinds = [q.kind for q in analysed(text).blind_hiring]
    assert kinds == [BlindKind.HOMETOWN, BlindKind.PARENT_JOB, BlindKind.FAMILY, BlindKind.FAMILY]
