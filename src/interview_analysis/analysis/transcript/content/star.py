"""Which parts of STAR (상황, 과제, 행동, 결과) the answer tells, each shown by its first cue in a sentence.

A sentence may tell several parts ("인턴으로 근무할 때 재고 관리를 맡았습니다" sets the scene and names the
task). Scenes and actions need the past tense, as a told story has it: "팀으로 일할 때 소통이 중요하다고
생각합니다" is a belief, not a situation. A question sentence is never a result, and a reported question
("그 결과가 어땠냐고 물으신다면") is already left out of every sentence (``said``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from interview_analysis.analysis.transcript.content import cues
from interview_analysis.analysis.transcript.content.claims import named_results, numbers
from interview_analysis.analysis.transcript.content.said import Said, ends_a_when_clause, past_from, stems
from interview_analysis.results.content import Quote, Star, StarPart

Span = tuple[int, int]


def _situation(said: Said) -> Iterator[Span]:
    for i in range(len(said.morphs)):
        if said.has(i, ("NNG",), cues.SITUATION_NOUNS) and not said.has(i + 1, forms=cues.COMPARED):
            yield (i - 1 if said.has(i - 1, ("NNG", "MM")) else i), i  # "그 당시", "인턴 시절"
        elif not said.past:
            continue
        elif said.has(i, ("NNG",), ("때",)) and said.has(i - 1, ("ETM",)):
            yield i - 1, i  # "근무할 때", "입사했을 때"
        elif _setting(said, i) and (said.has(i + 1, ("JKB",), ("에서",)) or said.has(i + 1, ("NNB",), ("중",))):
            yield i, i + 1  # "프로젝트에서", "준비위원회에서", "카카오에서", "인턴 중"
        elif said.has(i, ("NNG",), cues.ROLES) and said.has(i + 1, ("JKB",), ("으로", "로")):
            yield i, i + 1  # "인턴으로", "부회장으로"
        elif said.has(i, ("NNB",), ("적",)) and said.has(i - 1, ("ETM",)) and said.has(i + 2, forms=("있",)):
            yield i - 1, i + 2  # "일한 적이 있습니다"


def _setting(said: Said, i: int) -> bool:
    if said.has(i, ("NNP",)):
        return True
    return said.has(i, ("NNG",)) and (
        said.morphs[i].form in cues.SETTINGS or said.morphs[i].form.endswith(cues.SETTING_ENDINGS)
    )


def _task(said: Said) -> Iterator[Span]:
    """Past-tense only: "제 목표는 최고의 개발자가 되는 것입니다" is an ambition, not the story's task."""
    if not said.past:
        return
    for i in range(len(said.morphs)):
        if said.has(i, ("VV",), cues.TASK_VERBS):
            yield i, i
        elif said.has(i, ("NNG",), cues.TASK_NOUNS) and said.has(i + 1, ("JX", "JKS", "VCP", "JKB", "XSV")):
            yield i, i  # "목표는", "제 역할이었습니다", "담당했습니다"
        elif (
            said.has(i, ("EC",), cues.OBLIGATION)
            and said.has(i + 1, ("VX", "VV"), ("하", "되"))
            and past_from(said, i + 1)
        ):
            yield _predicate_start(said, i), i + 1  # "해결해야 했습니다"


def _predicate_start(said: Said, i: int) -> int:
    """The stem before ending ``i``: 해결 of "해결해야"."""
    while i > 0 and said.morphs[i - 1].tag in ("XSV", "XSA", "EP"):
        i -= 1
    return i - 1 if i > 0 and said.morphs[i - 1].tag in ("NNG", "VV", "VA") else i


def _action(said: Said) -> Iterator[Span]:
    """An act of the candidate's: with 제가/저는 as its subject, or with no subject at all, as Korean
    often leaves it ("매일 로그를 분석해 캐시를 도입했습니다"); another subject ("팀장님이", "저희는") is
    someone else's act, or the team's (ownership counts those)."""
    marked = [i for i in range(len(said.morphs)) if said.has(i + 1, ("JKS", "JX"))]
    subjects = [i for i in marked if said.first_person(i)]
    if len(subjects) < len(marked):
        return
    for i in subjects:
        if said.has(i - 1, ("MAJ",), cues.ACTION_LEADS):
            yield i - 1, i + 1  # "그래서 제가"
    agent = any(said.has(i + 1, ("JKS",)) for i in subjects)  # 제가: the one who did it, not a topic (저는)
    for first, stem, lemma in stems(said):
        if first < min(subjects, default=0) or not past_from(said, stem) or ends_a_when_clause(said, stem):
            continue
        if said.has(stem, ("XSV",)) and said.morphs[stem].form not in ("하", "시키"):
            continue  # "개선되었습니다" tells what happened, not what the candidate did
        if lemma in cues.ACTION_NOUNS or lemma in cues.ACTION_VERBS or (agent and lemma not in cues.NOT_ACTIONS):
            yield first, stem


def _result(said: Said) -> Iterator[Span]:
    if said.question:
        return
    for i in range(len(said.morphs)):
        if said.has(i, ("MM",), ("그",)) and said.has(i + 1, ("NNG",), ("결과",)):
            yield i, i + 1  # "그 결과"
        elif said.has(i, ("NNG",), ("결과",)) and said.has(i + 1, ("XSN",), ("적",)):
            yield i, i + 1  # "결과적으로"
        elif said.has(i, ("NNG",), cues.RESULT_LEADS) and said.has(i + 1, ("JKB", "VCP")):
            yield i, i  # "덕분에", "덕분입니다"
        elif (
            said.has(i, ("NNG",), cues.OUTCOME_NOUNS)
            and said.has(i + 1, ("JKO",))
            and said.has(i + 2, ("VV",), cues.OUTCOME_VERBS)
            and past_from(said, i + 2)
        ):
            yield i, i + 2  # "성과를 거두었습니다"
    for number in numbers(said):
        for first, stem, lemma in stems(said):
            changed = lemma in cues.CHANGE_NOUNS or lemma in cues.CHANGE_VERBS
            if number.last < first <= number.last + 6 and changed and past_from(said, stem):
                yield number.first, stem  # "20% 단축되었고", "15%에서 8%로 낮췄고"
                break
    yield from named_results(said)


_CUES: dict[StarPart, Callable[[Said], Iterator[Span]]] = {
    StarPart.SITUATION: _situation,
    StarPart.TASK: _task,
    StarPart.ACTION: _action,
    StarPart.RESULT: _result,
}


def star(sentences: list[Said]) -> Star:
    quotes: list[Quote] = []
    for said in sentences:
        for part, find in _CUES.items():
            spans = sorted(find(said))
            if spans:
                quotes.append(said.quote(part.value, *spans[0]))
    covered = [part for part in StarPart if any(q.kind == part.value for q in quotes)]
    missing = [part for part in StarPart if part not in covered]
    return Star(covered=covered, missing=missing, quotes=quotes)
