"""What 공정채용 (blind hiring) guidance tells candidates to leave out: school, a parent's job, hometown, age, family.

A wrong flag costs the candidate's trust, so each rule asks for the revealing use and stays silent
otherwise: a school only beside an education word ("서울대를 졸업했습니다", not "서울대병원과 협업한
프로젝트" nor "고려대와 공동 연구"), a parent only with a named occupation, a place only with 출신,
고향 or 태어나다, 결혼/자녀 only said of oneself ("결혼 정보 회사", "자녀 교육 앱" are work topics).
"""

from __future__ import annotations

from collections.abc import Iterator

from interview_analysis.analysis.transcript.content import cues
from interview_analysis.analysis.transcript.content.said import Said
from interview_analysis.results.content import BlindKind, Quote

Span = tuple[int, int]
_REGION_FORMS = frozenset(region + suffix for region in cues.REGIONS for suffix in cues.REGION_SUFFIXES)


def _educational(said: Said) -> bool:
    """An education word of the speaker's own: 졸업생 (graduates, others) is a population, not a history."""
    return any(
        said.has(i, ("NNG",), cues.EDUCATION) and not said.has(i + 1, ("XSN",), ("생",))
        for i in range(len(said.morphs))
    ) or any(m.tag == "VV" and m.form in cues.EDUCATION_VERBS for m in said.morphs)


def _school_name(form: str) -> bool:
    ending = next((e for e in cues.SCHOOL_NAME_ENDINGS if form.endswith(e)), None)
    return ending is not None and len(form) > len(ending) and form not in cues.NOT_SCHOOLS


def _named(said: Said, school: int) -> int | None:
    """Where the name before school noun ``school`` begins: an NNP word before it ("한국 대학교"), or the
    morphemes of its own word ("한빛대학교" however Kiwi splits 한빛) unless they name a kind of school."""
    morphs = said.morphs
    first = school
    while first > 0 and morphs[first - 1].unit == morphs[school].unit:
        first -= 1
    if first == school:
        return school - 1 if said.has(school - 1, ("NNP",)) else None
    name = morphs[first:school]
    if any(m.tag == "NNP" for m in name):
        return first
    kind = "".join(m.form for m in name)
    return first if all(m.tag in ("NNG", "MM", "XPN") for m in name) and kind not in cues.SCHOOL_KINDS else None


def _schools(said: Said) -> Iterator[Span]:
    if not _educational(said):
        return
    named: list[Span] = []
    for i, morph in enumerate(said.morphs):
        if morph.tag == "NNP" and _school_name(morph.form):
            named.append((i, i))  # "서울대", "경북대학교"
        elif said.has(i, ("NNG",), cues.SCHOOL_NOUNS) and (first := _named(said, i)) is not None:
            named.append((first, i))  # "한국 대학교", "부산과학고등학교", "한빛대를"
    for first, last in named:
        if not said.has(last + 1, ("NNG",), cues.INSTITUTIONS):
            yield first, last


def _parent_jobs(said: Said) -> Iterator[Span]:
    morphs = said.morphs
    for i in range(len(morphs)):
        if not said.has(i, ("NNG",), cues.PARENTS):
            continue
        for j in range(i + 1, min(i + 12, len(morphs))):
            if morphs[j].tag in ("EF", "SF") or said.has(j, ("NNG",), cues.PARENTS):
                break
            after = j + 2 if said.has(j + 1, ("XSN",), ("님",)) else j + 1  # "선생님이셨습니다"
            if said.has(j, ("NNG",), cues.OCCUPATIONS) and (
                said.has(after, ("VCP",)) or said.has(after, ("JKB",), ("로", "으로", "로서", "으로서"))
            ):
                yield i, j  # "아버지께서 의사이셔서", "어머니가 교사로"
                break
            if said.has(j, ("NNG", "VV"), cues.WORKING) and said.has(j - 1, ("JKB",), ("에서",)) and _honoured(said, j):
                yield i, j  # "어머니께서 은행에서 근무하셔서"
                break


def _honoured(said: Said, stem: int) -> bool:
    """A predicate with the honorific 시: said of the parent, not of the candidate."""
    return any(said.has(k, ("EP",), ("시", "으시")) for k in range(stem + 1, min(stem + 3, len(said.morphs))))


def _hometowns(said: Said) -> Iterator[Span]:
    morphs = said.morphs
    for i in range(len(morphs)):
        if said.has(i, ("NNG",), ("고향",)) and said.has(i + 1, ("JX", "JKS", "VCP")):
            place = next((k for k in range(i + 2, min(i + 5, len(morphs))) if morphs[k].tag == "NNP"), i)
            yield i, place  # "고향은 부산입니다", "고향인 대구에서"
        elif said.has(i, ("NNP", "NNG"), _REGION_FORMS) and said.has(i + 1, ("NNG",), ("출신",)):
            yield i, i + 1  # "부산 출신"; "삼성전자 출신", "개발자 출신" are careers
        elif said.has(i, ("NNP",)) and said.has(i + 1, ("JKB",), ("에서",)) and _born(said, i):
            yield i, i + 2  # "부산에서 태어나", "대구에서 자랐습니다"


def _born(said: Said, place: int) -> bool:
    return said.has(place + 2, ("VV",), cues.BIRTH) or (
        said.has(place + 2, ("VV",), cues.GROWING) and said.morphs[place].form in _REGION_FORMS
    )


def _ages(said: Said) -> Iterator[Span]:
    morphs = said.morphs
    speaker = any(said.first_person(i) for i in range(len(morphs)))
    for i in range(len(morphs)):
        if said.has(i, ("SN", "NR")) and not said.has(i - 1, ("SN", "NR")):
            last = i
            while said.has(last + 1, ("NR",)):
                last += 1  # "스물 여섯"
            unit = last + 1
            if said.has(unit, ("NNB",), ("살",)) and (
                said.has(unit + 1, ("VCP",)) or said.has(i - 1, forms=("올해", "현재", "나이"))
            ):
                yield i, unit  # "스물여섯 살입니다"; "열 살 때부터" is no age
            elif said.has(unit, ("NNB",), ("년",)) and said.has(unit + 1, ("XSN",), ("생",)):
                yield i, unit + 1  # "97년생"
            elif said.has(unit, ("NNG",), ("학번",)):
                yield i, unit  # "17학번"
            elif speaker and said.has(unit, ("NNB",), ("대",)) and said.has(unit + 1, ("NNG",), cues.AGE_PERIODS):
                yield i, unit + 1  # "20대 후반"
        elif said.first_person(i):
            age = next((k for k in range(i + 1, min(i + 4, len(morphs))) if said.has(k, ("NNG",), ("나이",))), None)
            if age is not None:
                yield i, age  # "제 나이가", "저는 나이가"


def _families(said: Said) -> Iterator[Span]:
    morphs = said.morphs
    speaker = said.i_subject
    for i in range(len(morphs)):
        if said.has(i, ("NNG", "NNP"), cues.FAMILY_WORDS):
            if not (said.has(i + 1, ("NNG",)) or said.has(i + 1, forms=cues.LIKENESS)):
                yield i, i  # "외동입니다", "장녀로"; "형제 같은 동료", "자매 회사" are not family
        elif said.has(i, ("NNG",), ("가족",)) and said.has(i + 1, ("NNG",), ("관계",)):
            yield i, i + 1
        elif said.first_person(i) and said.has(i + 1, ("JKG",)) and said.has(i + 2, ("NNG",), cues.MY_FAMILY):
            yield i, i + 2  # "제 아이가"
        elif (
            speaker
            and said.has(i, ("NNG",), cues.LIFE_EVENTS)
            and (said.has(i + 1, ("JKO", "JKS", "JX", "XSV")) or said.has(i + 1, ("VV",), ("하",)))
        ):
            yield i, i + 1  # "저는 결혼을 해서", "저는 자녀가 둘 있습니다"


_RULES = (
    (BlindKind.SCHOOL, _schools),
    (BlindKind.PARENT_JOB, _parent_jobs),
    (BlindKind.HOMETOWN, _hometowns),
    (BlindKind.AGE, _ages),
    (BlindKind.FAMILY, _families),
)


def blind_hiring(sentences: list[Said]) -> list[Quote]:
    quotes: list[Quote] = []
    for said in sentences:
        found = sorted((span, kind) for kind, find in _RULES for span in find(said))
        quotes += [said.quote(kind.value, *span) for span, kind in found]
    return quotes
