"""The offline (rules) interview plan: 자기소개 first, then posting, 자기소개서 and bank questions in turn.

Deterministic: the same input gives the same plan, ids included (a bank id, or the source and a hash of
the question text), so a plan can be rebuilt and compared. Posting and 자기소개서 phrases reach a question
only as quoted short noun phrases (``posting.parse_posting``, ``self_intro.claimed_experiences``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from interview_analysis.interview.bank import Question, load_bank
from interview_analysis.interview.models import PlannedQuestion, QuestionSource
from interview_analysis.interview.posting import key, parse_posting, safe_phrase
from interview_analysis.interview.self_intro import claimed_experiences

MAX_QUESTIONS = 10
OPENING_CATEGORY = "자기소개"
POSTING_CATEGORY = "직무 역량"  # the bank's name for job questions, so progress by category groups them
SELF_INTRO_CATEGORY = "자기소개서"

_POSTS = ("인턴", "인턴십", "아르바이트")  # experiences that are a post held, not a place
_PAIRS = {"이/가": ("이", "가"), "을/를": ("을", "를"), "은/는": ("은", "는"), "과/와": ("과", "와")}


def has_final_consonant(word: str) -> bool | None:
    """Whether the last syllable has a 받침; None when the word does not end in a Hangul syllable."""
    last = word.rstrip()[-1:]
    if not "가" <= last <= "힣":
        return None
    return (ord(last) - ord("가")) % 28 != 0


def particle(word: str, pair: str) -> str | None:
    """The form of ``pair`` ("이/가", "을/를", "은/는", "과/와", "으로/로") that follows ``word``;
    None after a non-Hangul ending ("Python"), where the caller phrases around the particle."""
    final = has_final_consonant(word)
    if final is None:
        return None
    if pair == "으로/로":
        return "으로" if final and (ord(word.rstrip()[-1]) - ord("가")) % 28 != 8 else "로"  # 8: ㄹ takes 로
    with_final, without = _PAIRS[pair]
    return with_final if final else without


def _posting_text(field: str, phrase: str) -> str:
    subject = particle(phrase, "이/가")
    if field == "skills":
        return f"자격요건에 나온 '{phrase}' 관련 역량을 어떻게 갖추었는지 실제 경험을 들어 말씀해 주세요."
    if field == "preferred":
        if subject is None:
            return f"우대사항에 나온 '{phrase}' 관련 경험이나 준비한 것이 있다면 말씀해 주세요."
        return f"우대사항에 '{phrase}'{subject} 있습니다. 이와 관련해 해 본 것이 있다면 말씀해 주세요."
    if subject is None:
        return f"공고에 나온 '{phrase}' 관련 경험을 구체적으로 말씀해 주세요."
    return f"공고에 '{phrase}'{subject} 있습니다. 관련 경험을 구체적으로 말씀해 주세요."


def _question(
    source: QuestionSource, category: str, text: str, cue: str, prep_s: int, answer_s: int
) -> PlannedQuestion:
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    prefix = "posting" if source is QuestionSource.POSTING else "self-intro"
    return PlannedQuestion(
        id=f"{prefix}-{digest}", text=text, category=category, source=source, cue=cue, prep_s=prep_s, answer_s=answer_s
    )


def _posting_questions(posting: str | None, job_title: str | None, prep_s: int, answer_s: int) -> list[PlannedQuestion]:
    """Duties, skills and extras in turn (one of each before a second of any), the job title last."""
    parsed = parse_posting(posting)
    fields = [("duties", parsed.duties), ("skills", parsed.skills), ("preferred", parsed.preferred)]
    texts: list[tuple[str, str]] = []
    for i in range(max(len(phrases) for _, phrases in fields)):
        texts += [(_posting_text(name, phrases[i]), phrases[i]) for name, phrases in fields if i < len(phrases)]
    title = safe_phrase(job_title)
    if title:
        texts.append((f"'{title}' 직무에서 가장 중요한 역량은 무엇이며, 본인은 그 역량을 어떻게 갖추었나요?", title))
    return [_question(QuestionSource.POSTING, POSTING_CATEGORY, t, cue, prep_s, answer_s) for t, cue in texts]


def _role_text(phrase: str) -> str:
    """ "'마케팅 인턴'으로 일하며…" for a post held, "'물류 자동화 프로젝트'에서…" for anything else."""
    as_ = particle(phrase, "으로/로")
    if phrase.endswith(_POSTS) and as_ is not None:
        return f"자기소개서에 쓰신 '{phrase}'{as_} 일하며 맡은 업무는 무엇이었나요?"
    return f"자기소개서에 쓰신 '{phrase}'에서 맡은 역할은 무엇이었나요?"


def _self_intro_questions(self_intro: str | None, prep_s: int, answer_s: int) -> list[PlannedQuestion]:
    """The role in each named experience, then each action, then the hardest moment of each named one."""
    experiences = claimed_experiences(self_intro)
    named = [e.phrase for e in experiences if e.named]
    texts = [(_role_text(p), p) for p in named]
    for e in experiences:
        if not e.named:
            topic = particle(e.phrase, "은/는")
            ask = f"'{e.phrase}'{topic}" if topic else f"'{e.phrase}' 경험은"
            texts.append((f"자기소개서에 쓰신 {ask} 어떤 문제를 풀기 위한 것이었고, 결과는 어땠나요?", e.phrase))
    texts += [(f"'{p}'에서 가장 어려웠던 점은 무엇이었고, 어떻게 극복했나요?", p) for p in named]
    return [_question(QuestionSource.SELF_INTRO, SELF_INTRO_CATEGORY, t, cue, prep_s, answer_s) for t, cue in texts]


def _bank_questions(prep_s: int, answer_s: int) -> tuple[PlannedQuestion, list[PlannedQuestion]]:
    """The opening 자기소개 and the rest of the bank, one question of each category per round (file order)."""
    categories = load_bank().categories
    opening = next(c for c in categories if c.name == OPENING_CATEGORY).questions[0]
    others = [c.questions for c in categories if c.name != OPENING_CATEGORY]
    rounds = max(len(questions) for questions in others)
    ordered = [questions[i] for i in range(rounds) for questions in others if i < len(questions)]

    def planned(q: Question) -> PlannedQuestion:
        return PlannedQuestion(
            id=q.id, text=q.text, category=q.category, source=QuestionSource.BANK, prep_s=prep_s, answer_s=answer_s
        )

    return planned(opening), [planned(q) for q in ordered]


def _in_turn(queues: list[list[PlannedQuestion]]) -> Iterator[PlannedQuestion]:
    for i in range(max(len(q) for q in queues)):
        yield from (q[i] for q in queues if i < len(q))


def plan_questions(
    question_count: int = 5,
    job_title: str | None = None,
    posting: str | None = None,
    self_intro: str | None = None,
    prep_s: int = 30,
    answer_s: int = 90,
) -> list[PlannedQuestion]:
    """``question_count`` questions (1..``MAX_QUESTIONS``), 자기소개 first, none asked twice: the rest taken
    in turn from the posting, the 자기소개서 and the bank. Without a posting or a 자기소개서 (or with ones
    that yield no phrase) it is a bank interview."""
    if not 1 <= question_count <= MAX_QUESTIONS:
        raise ValueError(f"question_count must be 1..{MAX_QUESTIONS}, got {question_count}")
    opening, bank = _bank_questions(prep_s, answer_s)
    queues = [
        _posting_questions(posting, job_title, prep_s, answer_s),
        _self_intro_questions(self_intro, prep_s, answer_s),
        bank,
    ]
    plan = [opening]
    texts = {opening.text}
    for question in _in_turn(queues):
        if len(plan) == question_count:
            break
        if question.text not in texts and not _repeats_cue(question, plan):
            plan.append(question)
            texts.add(question.text)
    return plan


def _repeats_cue(question: PlannedQuestion, plan: list[PlannedQuestion]) -> bool:
    """One question per phrase across sources (a posting phrase the 자기소개서 also names), except the
    second, deeper question on the same 자기소개서 experience."""
    if question.cue is None:
        return False
    same = [q for q in plan if q.cue is not None and key(q.cue) == key(question.cue)]
    return any(q.source is not question.source for q in same)
