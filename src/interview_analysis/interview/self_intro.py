"""The experiences a 자기소개서 claims, as short phrases an interviewer can quote back.

Only sentences told as the candidate's own past ("…프로젝트에서 모델을 개발했습니다") count: plans and
beliefs ("데이터 엔지니어가 되고 싶습니다") claim nothing to ask about. Two kinds come out, named ones
first: a named experience ending in a word such as 프로젝트, 공모전 or 인턴 ("물류 자동화 프로젝트"), and
an action with its object ("재고 예측 모델 개발"). The text is as untrusted as a posting, so it passes the
same cleaning and the same phrase limits (``posting.clean_lines``, ``posting.tidy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_analysis.analysis.transcript.content.cues import I_FORMS, PAST, WE_FORMS
from interview_analysis.analysis.transcript.keywords import kiwi
from interview_analysis.interview.posting import (
    EDGE_WORDS,
    MAX_PHRASE_CHARS,
    chunks,
    clean_lines,
    key,
    noun_runs,
    tidy,
)

MAX_EXPERIENCES = 6
EXPERIENCE_HEADS = frozenset(
    {"프로젝트", "공모전", "대회", "인턴", "인턴십", "동아리", "봉사", "봉사활동", "해커톤", "연구", "캡스톤"}
    | {"아르바이트", "학회", "스터디", "창업", "서포터즈", "실습", "캠프", "부트캠프", "대외활동", "졸업작품"}
    | {"교환학생", "현장실습", "경진대회", "논문", "과제"}
)
_HEADS = tuple(sorted(EXPERIENCE_HEADS))
_ALONE = frozenset({"인턴", "인턴십", "교환학생", "창업", "현장실습", "부트캠프", "해커톤", "아르바이트"})
# Where or when it happened, not what it was: "○○기업 마케팅 인턴" is quoted as "마케팅 인턴".
_LEADING = EDGE_WORDS | {"기업", "회사", "대학교", "대학", "학교", "학년", "교내", "재학", "귀사", "당사"}


@dataclass(frozen=True, slots=True)
class Experience:
    phrase: str
    named: bool  # True: "물류 자동화 프로젝트" (asked for the role in it); False: "재고 예측 모델 개발"


def _told_as_own_past(tokens: list[Any]) -> bool:
    """Past tense, and no one but the candidate (or their team) as the subject."""
    if not any(t.tag == "EP" and t.form in PAST for t in tokens):
        return False
    subjects = [t for i, t in enumerate(tokens[:-1]) if tokens[i + 1].tag == "JKS"]
    return all(t.tag == "NP" and t.form in I_FORMS | WE_FORMS for t in subjects)


def _actions(tokens: list[Any], text: str) -> list[str]:
    """From "재고 예측 모델을 개발했습니다": the object's noun run and the action noun, done in the past."""
    found: list[str] = []
    position = {id(t): i for i, t in enumerate(tokens)}
    for run in noun_runs(tokens, text):
        last = position[id(run[-1])]
        rest = tokens[last + 1 : last + 5]
        shape = [t.tag for t in rest[:3]]
        if shape == ["JKO", "NNG", "XSV"] and any(t.tag == "EP" and t.form in PAST for t in rest[3:]):
            target = tidy(run, text, _LEADING)
            phrase = f"{target} {rest[1].form}" if target else ""
            if phrase and len(phrase) <= MAX_PHRASE_CHARS:
                found.append(phrase)
    return found


def claimed_experiences(text: str | None) -> list[Experience]:
    """Named experiences in text order, then actions; no phrase twice; at most ``MAX_EXPERIENCES``."""
    if not text or not text.strip():
        return []
    analyser: Any = kiwi()
    named: list[str] = []
    actions: list[str] = []
    for line in clean_lines(text):
        for sentence in analyser.split_into_sents(line):
            tokens = list(analyser.tokenize(sentence.text))
            if not _told_as_own_past(tokens):
                continue
            for part in chunks(sentence.text):
                part_tokens = list(analyser.tokenize(part))
                for run in noun_runs(part_tokens, part):
                    phrase = tidy(run, part, _LEADING, tail=False)
                    # Kiwi may split a head ("해커"+"톤"), so the text decides; a bare "프로젝트" names nothing.
                    if phrase and phrase.endswith(_HEADS) and (phrase not in EXPERIENCE_HEADS or phrase in _ALONE):
                        named.append(phrase)
                actions += _actions(part_tokens, part)
    experiences: dict[str, Experience] = {}
    for phrase, is_named in [(p, True) for p in named] + [(p, False) for p in actions]:
        experiences.setdefault(key(phrase), Experience(phrase, is_named))
    return list(experiences.values())[:MAX_EXPERIENCES]
