"""Content measures of Korean answers: STAR, concreteness, hedging and ownership, on the real Kiwi.

Each answer is a sentence a candidate could say; the traps are the uses that look like a cue and are not
one ("그 결과" in a repeated question, "같습니다" meaning "the same", "조금씩" meaning "gradually",
"저희 회사" meaning the company). Relevance and blind-hiring risks are in ``test_content_blind.py``.
"""

from __future__ import annotations

import pytest

from interview_analysis.analysis.transcript.content import analyse_content
from interview_analysis.analysis.transcript.tagging import tag
from interview_analysis.analysis.transcript.types import Segment, Transcript, Word
from interview_analysis.results.content import ContentAnalysis, Quote, StarPart

STEP_S = 0.5  # every word of ``timed`` lasts 0.4 s and starts 0.5 s after the one before


def timed(text: str) -> Transcript:
    """The answer with word times, as faster-whisper gives them: word ``i`` starts at ``i * STEP_S``."""
    words = tuple(Word(i * STEP_S, i * STEP_S + 0.4, w) for i, w in enumerate(text.split()))
    return Transcript(text, "ko", "test", (Segment(0.0, len(words) * STEP_S, text),), words)


def analysed(text: str) -> ContentAnalysis:
    return analyse_content(tag(timed(text)))


def cues(quotes: list[Quote], kind: str | None = None) -> list[str]:
    return [q.cue for q in quotes if kind is None or q.kind == kind]


def at(text: str, word: str) -> float:
    """The start of the first word of ``text`` that begins with ``word``."""
    return next(i for i, w in enumerate(text.split()) if w.startswith(word)) * STEP_S


WHOLE_STAR = (
    "작년 여름 물류 회사에서 인턴으로 근무할 때 배송 지연 문제가 심각했습니다. "
    "제가 맡은 역할은 지연 원인을 찾아 배송 시간을 줄이는 것이었습니다. "
    "그래서 저는 석 달 치 배송 기록을 분석하고 경로 배정 방식을 개선했습니다. "
    "그 결과 평균 배송 시간이 20% 단축되었고 고객 불만도 절반으로 줄었습니다."
)


# -- STAR ----------------------------------------------------------------------------------------------------


def test_a_whole_star_answer_covers_situation_task_action_and_result_in_that_order() -> None:
    star = analysed(WHOLE_STAR).star
    assert star.covered == [StarPart.SITUATION, StarPart.TASK, StarPart.ACTION, StarPart.RESULT]
    assert star.missing == []
    assert cues(star.quotes, "result") == ["그 결과"]
    assert "역할은" in cues(star.quotes, "task") or "맡은" in cues(star.quotes, "task")


def test_an_answer_that_stops_at_the_action_misses_only_the_result() -> None:
    answer = (
        "대학교 3학년 때 학교 축제 준비위원회에서 홍보를 맡았습니다. "
        "목표는 방문객을 작년보다 늘리는 것이었습니다. "
        "그래서 제가 SNS 이벤트를 기획하고 포스터를 직접 만들었습니다. "
        "이 경험으로 홍보의 중요성을 배웠습니다."
    )
    star = analysed(answer).star
    assert star.covered == [StarPart.SITUATION, StarPart.TASK, StarPart.ACTION]
    assert star.missing == [StarPart.RESULT]


def test_a_self_description_without_a_story_covers_no_part() -> None:
    star = analysed("저는 성실하고 책임감이 강한 사람입니다. 맡은 일은 끝까지 해내려고 노력합니다.").star
    assert star.covered == []
    assert star.missing == list(StarPart)


def test_an_ambition_is_not_the_storys_task() -> None:
    assert analysed("제 목표는 최고의 개발자가 되는 것입니다.").star.covered == []


def test_the_result_quote_gives_the_words_and_times_of_그_결과() -> None:
    text = "그 결과 배송 시간이 20% 단축되었습니다."
    (quote,) = [q for q in analysed(text).star.quotes if q.kind == StarPart.RESULT]
    assert quote.cue == "그 결과"
    assert quote.sentence == text
    assert (quote.start, quote.end) == pytest.approx((0.0, STEP_S + 0.4))


@pytest.mark.parametrize(
    "text",
    [
        "면접관님께서 '그 결과가 어땠냐'고 물으신다면 저는 배움이 많았다고 답하겠습니다.",
        "면접관님께서 그 결과가 어땠냐고 물으신다면 저는 배움이 많았다고 답하겠습니다.",
        "면접관님께서 “그 결과는 무엇이었나요?”라고 물으신다면 성장이라고 답하겠습니다.",
    ],
)
def test_그_결과_inside_a_repeated_question_is_not_a_result(text: str) -> None:
    assert StarPart.RESULT not in analysed(text).star.covered


def test_a_question_sentence_is_not_a_result() -> None:
    assert analysed("그 결과는 어땠을까요?").star.covered == []
    assert analysed("그 결과 매출이 얼마나 늘었을까요").star.covered == []


def test_a_goal_to_improve_by_20_percent_is_a_task_not_a_result() -> None:
    star = analysed("처리 속도를 20% 향상시키는 것이 목표였습니다.").star
    assert star.covered == [StarPart.TASK]


def test_a_belief_about_teamwork_is_not_a_situation() -> None:
    assert analysed("팀으로 일할 때 소통이 가장 중요하다고 생각합니다.").star.covered == []


def test_a_past_when_clause_sets_the_situation() -> None:
    star = analysed("제가 카페에서 아르바이트를 했을 때 손님이 크게 늘었습니다.").star
    assert StarPart.SITUATION in star.covered
    assert StarPart.ACTION not in star.covered  # "했을 때" sets the scene, it is no act


def test_what_had_to_be_done_is_the_task_not_an_action() -> None:
    star = analysed("저는 한 달 안에 이 문제를 해결해야 했습니다.").star
    assert star.covered == [StarPart.TASK]
    assert cues(star.quotes, "task") == ["해결해야 했습니다"]


def test_an_act_of_the_candidate_is_an_action_with_or_without_a_spoken_subject() -> None:
    assert cues(analysed("제가 먼저 팀원들에게 연락했습니다.").star.quotes, "action") == ["연락했습니다"]
    assert cues(analysed("매일 로그를 분석하고 캐시를 도입했습니다.").star.quotes, "action") == ["도입했습니다"]


def test_what_would_have_happened_is_neither_an_action_nor_a_result() -> None:
    assert analysed("그때 제가 좀 더 적극적으로 나섰다면 좋았을 것 같습니다.").star.covered == []
    assert analysed("미리 준비했으면 비용이 줄었을 것입니다.").star.covered == []


def test_someone_elses_act_is_not_the_candidates_action() -> None:
    assert StarPart.ACTION not in analysed("팀장님이 새로운 시스템을 도입했습니다.").star.covered


def test_achievements_and_measured_changes_in_the_past_are_results() -> None:
    for text in ["공모전에서 최우수상을 받았습니다.", "신규 가입자가 크게 증가했습니다.", "결국 목표를 달성했습니다."]:
        assert StarPart.RESULT in analysed(text).star.covered, text


# -- concreteness --------------------------------------------------------------------------------------------


def test_numbers_with_a_counter_time_spans_and_named_results_are_concrete() -> None:
    text = "세 명의 팀원과 3개월 동안 준비해 비용을 1억 원 절감했고 신제품을 출시했습니다."
    concrete = analysed(text).concreteness
    assert [(q.kind, q.cue) for q in concrete.quotes] == [
        ("number", "세 명의"),
        ("time_span", "3개월 동안"),
        ("number", "1억 원"),
        ("result", "출시했습니다"),
    ]
    assert concrete.count == len(concrete.quotes)


def test_a_time_span_quote_points_at_its_words() -> None:
    text = "저는 이 프로젝트를 6주간 진행했습니다."
    (quote,) = analysed(text).concreteness.quotes
    assert (quote.kind, quote.cue) == ("time_span", "6주간")
    assert quote.start == pytest.approx(at(text, "6주간"))


def test_without_word_times_a_quote_takes_its_segments_times() -> None:
    text = "프로젝트를 3개월 동안 진행했습니다."
    segments = (Segment(4.0, 6.5, "안녕하십니까."), Segment(7.0, 9.0, text))
    (quote,) = analyse_content(tag(Transcript(text, "ko", "test", segments))).concreteness.quotes
    assert (quote.cue, quote.start, quote.end) == ("3개월 동안", 7.0, 9.0)


def test_percentages_and_korean_numerals_count_as_numbers() -> None:
    quotes = analysed("오류율을 20%에서 5%로 낮췄고 다섯 번의 실험을 거쳤습니다.").concreteness.quotes
    assert [q.kind for q in quotes] == ["number", "number", "number"]


def test_a_measured_change_without_a_number_is_a_named_result() -> None:
    assert cues(analysed("그 뒤로 매출이 증가했습니다.").concreteness.quotes, "result") == ["매출이 증가했습니다"]


def test_effort_and_vague_outcomes_are_not_concrete() -> None:
    for text in [
        "많은 노력을 했고 좋은 성과를 거두었습니다.",
        "한 가지 말씀드리고 싶은 점이 있습니다.",
        "매출 증가가 우리 팀의 목표였습니다.",
        "저는 스물여섯 살입니다.",
        "저는 4년제 대학교를 졸업했습니다.",
    ]:
        assert analysed(text).concreteness.count == 0, text


# -- hedging -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("제 생각에는 좋은 결과였던 것 같습니다.", "것 같습니다"),
        ("팀원들도 만족했던 거 같아요.", "거 같아요"),
        ("아마 일정이 늦어졌을 겁니다.", "아마"),
        ("저는 발표 능력이 조금 부족합니다.", "조금"),
        ("이 방식은 실패할 수도 있습니다.", "실패할 수도 있습니다"),
        ("나름대로 최선을 다했습니다.", "나름대로"),
        ("어느 정도 성과가 있었습니다.", "어느 정도"),
    ],
)
def test_a_hedge_is_quoted_with_its_words(text: str, hedge: str) -> None:
    assert hedge in cues(analysed(text).hedging.quotes)


def test_a_hedge_quote_points_at_것_같습니다() -> None:
    text = "저는 그 선택이 옳았던 것 같습니다."
    (quote,) = analysed(text).hedging.quotes
    assert quote.start == pytest.approx(at(text, "것"))
    assert quote.end == pytest.approx(at(text, "같습니다") + 0.4)


@pytest.mark.parametrize(
    "text",
    [
        "두 방법은 결과적으로 같습니다.",
        "저와 같은 신입 개발자도 빠르게 적응했습니다.",
        "조금씩 개선해 나갔습니다.",
        "저는 좀 더 빠르게 처리하려고 노력했습니다.",
        "저는 결과를 팀원들과 공유했습니다.",
    ],
)
def test_same_gradually_and_more_are_not_hedges(text: str) -> None:
    assert analysed(text).hedging.count == 0


def test_hedges_are_counted_one_by_one() -> None:
    hedging = analysed("저는 조금 부족한 것 같습니다. 아마 경험이 적어서일 겁니다.").hedging
    assert cues(hedging.quotes) == ["조금", "것 같습니다", "아마"]
    assert hedging.count == 3


# -- ownership -----------------------------------------------------------------------------------------------


def test_i_and_we_are_counted_with_the_share_of_i() -> None:
    ownership = analysed("저희 팀은 일정이 밀렸습니다. 그래서 제가 일정을 다시 짰고 저는 매일 점검했습니다.").ownership
    assert (ownership.i_count, ownership.we_count) == (2, 1)
    assert ownership.i_share == pytest.approx(2 / 3, abs=1e-3)
    assert cues(ownership.quotes) == ["저희", "제가", "저는"]


def test_an_i_quote_points_at_제가() -> None:
    text = "그때 제가 먼저 나섰습니다."
    (quote,) = analysed(text).ownership.quotes
    assert (quote.kind, quote.cue) == ("i", "제가")
    assert (quote.start, quote.end) == pytest.approx((STEP_S, STEP_S + 0.4))


def test_the_company_applied_to_and_company_names_are_not_we() -> None:
    ownership = analysed(
        "저희 회사에 지원한 이유는 성장 가능성입니다. 우리은행과 우리카드의 사례를 보며 금융에 관심이 생겼습니다."
    ).ownership
    assert (ownership.i_count, ownership.we_count, ownership.i_share) == (0, 0, None)


def test_we_as_the_team_that_acted_counts() -> None:
    ownership = analysed("우리 조는 발표를 준비했고 저희가 함께 해결했습니다.").ownership
    assert ownership.we_count == 2
    assert ownership.i_share == 0.0


def test_a_hesitation_저_and_저_as_an_object_are_not_i() -> None:
    assert analysed("음 저 그 부분은 팀장님이 결정하셨습니다.").ownership.i_count == 0
    assert analysed("팀장님께서 저를 믿고 맡겨 주셨습니다.").ownership.i_count == 0


def test_an_empty_transcript_gives_empty_measures() -> None:
    empty = analyse_content(tag(Transcript("", "ko", "test", ())))
    assert empty.star.missing == list(StarPart)
    assert (empty.concreteness.count, empty.hedging.count, empty.ownership.i_share) == (0, 0, None)
    assert empty.relevance.score is None
    assert empty.blind_hiring == []
