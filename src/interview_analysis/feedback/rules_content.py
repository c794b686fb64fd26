"""The rules writer's remarks on what the answer says, from ``transcript.content``.

Each remark quotes the words it rests on and when they were said; a measure that found nothing
quotable stays silent rather than guess (a wrong remark costs more trust than a missing one). The
score of ``답변 내용`` is left to ``rules_answer`` (what is counted); these remarks only explain.
"""

from __future__ import annotations

from interview_analysis.results import ContentAnalysis, Quote, StarPart
from interview_analysis.results.messages import STAR_PARTS_KO
from interview_analysis.storage.feedback_models import ContentAspect, ContentPoint, FeedbackPoint

STAR_TIPS = {
    StarPart.SITUATION: "언제, 어디서 있었던 일인지 한 문장으로 먼저 밝혀 보세요.",
    StarPart.TASK: "그때 본인이 맡은 역할이나 목표를 한 문장으로 말해 보세요.",
    StarPart.ACTION: "'제가 ~했습니다'처럼 본인이 직접 한 행동을 말해 보세요.",
    StarPart.RESULT: "'그 결과 ~'처럼 어떤 성과가 있었는지, 가능하면 수치로 덧붙여 보세요.",
}
MIN_RELEVANCE = 0.5  # at least half of the question's key nouns come back in the answer
HEDGES_OK = 2
WE_SHARE_HIGH = 0.6  # more "we" than "I" in most sentences: the candidate's own part is hard to see


def _said(quote: Quote) -> str:
    return f"'{quote.cue}'({quote.start:.0f}초)"


def _structure(content: ContentAnalysis) -> ContentPoint:
    star = content.star
    covered = ", ".join(STAR_PARTS_KO[p] for p in star.covered) or "없음"
    first = star.quotes[0] if star.quotes else None
    if not star.missing:
        text = f"상황·과제·행동·결과를 모두 말해 답변의 흐름이 분명합니다(다룬 부분: {covered})."
    else:
        missing = ", ".join(STAR_PARTS_KO[p] for p in star.missing)
        tip = STAR_TIPS[StarPart.RESULT if StarPart.RESULT in star.missing else star.missing[-1]]
        text = f"답변에서 다룬 부분은 {covered}입니다. 빠진 부분은 {missing}입니다. {tip}"
    return ContentPoint(
        aspect=ContentAspect.STRUCTURE,
        met=not star.missing,
        text=text,
        quote=first.cue if first else None,
        at_s=first.start if first else None,
    )


def _evidence(content: ContentAnalysis) -> ContentPoint:
    found = content.concreteness
    if found.count:
        first = found.quotes[0]
        text = f"숫자·기간·성과 같은 구체적 근거가 {found.count}번 나옵니다(예: {_said(first)})."
        return ContentPoint(aspect=ContentAspect.EVIDENCE, met=True, text=text, quote=first.cue, at_s=first.start)
    text = "숫자, 기간, 성과 같은 구체적 근거가 나오지 않았습니다. 결과를 수치나 기간으로 말해 보세요."
    return ContentPoint(aspect=ContentAspect.EVIDENCE, met=False, text=text)


def _relevance(content: ContentAnalysis) -> ContentPoint | None:
    found = content.relevance
    if found.score is None:
        return None
    asked = ", ".join(found.question_nouns)
    if found.score >= MIN_RELEVANCE:
        text = f"질문의 핵심어({asked}) 중 {', '.join(found.matched)}을(를) 답변에서 직접 다뤘습니다."
        return ContentPoint(aspect=ContentAspect.RELEVANCE, met=True, text=text)
    used = f" 답변에 나온 것은 {', '.join(found.matched)}뿐입니다." if found.matched else ""
    text = f"질문의 핵심어({asked})를 답변에서 충분히 다루지 않았습니다.{used} 첫 문장에서 질문에 바로 답해 보세요."
    return ContentPoint(aspect=ContentAspect.RELEVANCE, met=False, text=text)


def content_points(content: ContentAnalysis | None) -> list[ContentPoint]:
    if content is None:
        return []
    points = [_structure(content), _evidence(content)]
    relevance = _relevance(content)
    return points + ([relevance] if relevance is not None else [])


def content_improvements(content: ContentAnalysis | None) -> list[FeedbackPoint]:
    """Hedging, ownership and blind-hiring reminders: each cites its count and the first words said."""
    if content is None:
        return []
    out: list[FeedbackPoint] = []
    hedging = content.hedging
    if hedging.count > HEDGES_OK:
        out.append(
            FeedbackPoint(
                text=(
                    f"'~것 같습니다', '아마'처럼 확신을 낮추는 표현이 {hedging.count}번 나왔습니다"
                    f"(예: {_said(hedging.quotes[0])}). 본인이 한 일은 단정적으로 말해 보세요."
                ),
                metric="transcript.content.hedging.count",
                value=float(hedging.count),
                at_s=hedging.quotes[0].start,
            )
        )
    ours = content.ownership
    if ours.i_share is not None and ours.we_count >= 2 and ours.i_share < 1 - WE_SHARE_HIGH:
        we = next((q for q in ours.quotes if q.kind == "we"), None)
        out.append(
            FeedbackPoint(
                text=(
                    f"'저희/우리'가 {ours.we_count}번, '제가/저는'이 {ours.i_count}번 나왔습니다. "
                    "팀의 성과 속에서 본인이 직접 한 일을 '제가 ~했습니다'로 분명히 말해 보세요."
                ),
                metric="transcript.content.ownership.we_count",
                value=float(ours.we_count),
                at_s=we.start if we else None,
            )
        )
    for flag in content.blind_hiring[:2]:
        out.append(
            FeedbackPoint(
                text=(
                    f"참고: {_said(flag)}처럼 출신 학교, 가족, 고향, 나이 같은 정보는 공정채용(블라인드 채용) 면접에서 "
                    "말하지 않도록 안내되는 경우가 많습니다. 직무와 관련된 경험 중심으로 바꿔 말해 보세요."
                ),
                metric="transcript.content.blind_hiring",
                value=float(len(content.blind_hiring)),
                at_s=flag.start,
            )
        )
    return out
