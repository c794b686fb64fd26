"""Whether the answer speaks to the question (and to the job posting): the key nouns they share.

Key nouns are Kiwi's NNG/NNP of two or more characters, less the words every question frames itself
with ("경험을 말씀해 주세요") and every posting is built of ("자격 요건", "우대 사항"): they would match
any answer and say nothing of its topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from interview_analysis.analysis.transcript.content import cues
from interview_analysis.analysis.transcript.keywords import kiwi
from interview_analysis.analysis.transcript.tagging import Tagged
from interview_analysis.results.content import Relevance

_NOUN_TAGS = frozenset({"NNG", "NNP"})


def _nouns(tokens: Iterable[tuple[str, str]], generic: frozenset[str]) -> list[str]:
    return [form for form, tag in tokens if tag in _NOUN_TAGS and len(form) >= 2 and form not in generic]


def _tokens(text: str) -> list[tuple[str, str]]:
    analyser: Any = kiwi()
    return [(token.form, token.tag) for token in analyser.tokenize(text)]


def _share(wanted: list[str], said: set[str]) -> tuple[float | None, list[str]]:
    matched = [noun for noun in wanted if noun in said]
    return (round(len(matched) / len(wanted), 3) if wanted else None), matched


def relevance(tagged: Tagged, question: str | None, posting: str | None) -> Relevance:
    said = set(_nouns(((m.form, m.tag) for m in tagged.morphs), frozenset()))
    asked = list(dict.fromkeys(_nouns(_tokens(question), cues.GENERIC_NOUNS))) if question else []
    score, matched = _share(asked, said)
    wanted: list[str] = []
    if posting:
        counts = Counter(_nouns(_tokens(posting), cues.GENERIC_NOUNS | cues.POSTING_NOUNS))
        wanted = [noun for noun, _ in counts.most_common(cues.POSTING_TOP)]
    posting_score, posting_matched = _share(wanted, said)
    return Relevance(
        score=score,
        question_nouns=asked,
        matched=matched,
        posting_score=posting_score,
        posting_matched=posting_matched,
    )
