"""A Korean job posting as short noun phrases: its duties (주요업무), skills (자격요건) and extras (우대사항).

A posting is untrusted text pasted by a user: it may carry HTML or lines written to steer a language
model ("이전 지시를 무시하고…", "system:", "{{…}}"). So the parser drops tags and every such line, and
nothing of the posting leaves it but Kiwi noun runs of at most ``MAX_PHRASE_CHARS`` characters drawn
from a small character set (Hangul, Latin letters, digits, spaces, ``+ # . & -``): a quoted phrase can
hold no markup, no template braces and no instruction.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any, Literal

from interview_analysis.analysis.transcript.keywords import kiwi
from interview_analysis.interview.models import ParsedPosting

MAX_INPUT_CHARS = 20_000  # a real posting is a few thousand characters; more is noise or an attack
MAX_PHRASE_CHARS = 30
MAX_PHRASES = 8  # per field

Section = Literal["duties", "skills", "preferred"]


def _words(text: str) -> list[str]:
    return text.split()


# Headings without spaces. A known heading of another kind (복리후생…) closes the section before it.
_HEADINGS: dict[str, Section | None] = {
    **dict.fromkeys(
        _words(
            "주요업무 담당업무 업무내용 업무 주요직무 직무내용 수행업무 담당직무 하는일 이런일을해요 이런일을합니다"
            " 주요업무및역할 업무소개"
        ),
        "duties",
    ),
    **dict.fromkeys(
        _words(
            "자격요건 지원자격 필수요건 필수조건 자격조건 필요역량 필수역량 응시자격 이런분을찾아요 이런분을찾습니다"
            " 필수사항 지원요건"
        ),
        "skills",
    ),
    **dict.fromkeys(
        _words("우대사항 우대조건 우대요건 우대 가산점 이런분이면더좋아요 이런분이면더좋습니다"), "preferred"
    ),
    **dict.fromkeys(
        _words(
            "복리후생 근무조건 근무환경 근무지 근무지역 근무형태 전형절차 채용절차 접수방법 제출서류 기타사항 회사소개"
            " 기업소개 모집부문 고용형태 급여 혜택 참고사항 유의사항 접수기간 모집인원 근무시간 채용정보 모집분야"
        ),
        None,
    ),
}
# A marked line ending in one of these opens a section of no interest ("■ 회사 소개").
_OTHER_SECTIONS = tuple(_words("사항 조건 소개 절차 방법 안내 정보 혜택 환경 복지 기간 서류 형태"))
_MARKERS = "■□●○◆◇▶▷►▣★☆※#◎"
_OPEN, _CLOSE = "[【「『(<", "]】」』)>"
_BRACKETED = re.compile(rf"^[{re.escape(_OPEN)}]\s*([^{re.escape(_CLOSE)}]{{1,20}})[{re.escape(_CLOSE)}][\s:：]*(.*)$")
_COLON = re.compile(r"^([가-힣 ]{1,20}?)\s*[:：]\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[-–•·*◦○▪‣✓✔➤]|\d{1,2}[.)]|[①-⑳]|[가-하][.)])\s*")

# Lines that address a language model rather than describe a job. Korean is matched without spaces (a
# pasted line may be spaced any way), English lower-cased on word boundaries ("impact assessment" is fine).
_INJECTION_KO = re.compile(
    r"(이전|앞의|앞선|위의|기존|모든|지금까지).{0,8}(지시|지침|명령|프롬프트).{0,8}(무시|잊|따르지)"
    r"|(지시|지침|명령|프롬프트).{0,4}(무시|잊어)|시스템프롬프트|너는이제|당신은이제|역할을바꿔"
    r"|(만점|합격|점수|\d+점).{0,8}(줘|주세요|주십시오|처리해|부여해|매겨)"
)
_INJECTION_EN = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,30}\b(instructions?|prompts?|rules|above|previous|everything)\b"
    r"|\byou are now\b|\bsystem prompt\b|\bjailbreak\b|^(system|assistant|user|developer)\s*[:：]"
    r"|<\||\{\{|\}\}|\{%|\$\{|`"  # chat-template and code markers
)
_SAFE = re.compile(r"^[가-힣A-Za-z0-9 +#.&-]+$")
_DROP_BLOCKS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAK_TAGS = re.compile(r"<\s*(br|/p|/li|li|/div|/h[1-6]|/tr|hr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_CHUNK = re.compile(r"[,/·;|、]|\s및\s|\s또는\s|\s혹은\s")

_NOUNS = frozenset({"NNG", "NNP", "SL", "SH", "XPN"})  # XPN: 대 of "대용량"
_ATTACHED = frozenset({"XSN", "SW"})  # "자동화", "C++": part of a noun only when written without a space
_BREAKS = frozenset({"기반", "등", "및", "또는", "때", "당시", "시절"})  # "React 기반 웹 개발" is two phrases
# Words around a skill that say how much of it is wanted, not what it is ("SQL 활용 능력" is "SQL").
EDGE_WORDS = frozenset(
    {"능력", "경험", "경험자", "경력", "경력자", "보유", "보유자", "소지", "소지자", "우대", "이상", "가능"}
    | {"가능자", "역량", "활용", "사용", "관련", "지식", "이해", "이해도", "능숙", "능숙자", "능통", "능통자"}
    | {"숙련", "숙련자", "전공자", "필수", "우선", "수준", "신입", "주요", "분", "자", "업무", "담당", "해당"}
    | {"예정자", "포함", "취득", "이하", "내외", "년차"}
)
# An action noun alone says nothing of this job ("…구축 및 운영" leaves "운영").
_BARE = frozenset(
    {"운영", "관리", "개발", "기획", "지원", "수행", "작성", "분석", "설계", "구축", "개선", "유지", "유지보수"}
)


def clean_lines(text: str) -> list[str]:
    """The text without HTML and without injection-like lines, one stripped line each."""
    text = _DROP_BLOCKS.sub("\n", text[:MAX_INPUT_CHARS])
    text = _TAG.sub(" ", _BREAK_TAGS.sub("\n", text))
    text = html.unescape(text).replace("\xa0", " ")
    text = _TAG.sub(" ", _DROP_BLOCKS.sub("\n", text))  # "&lt;script&gt;" unescapes to a tag
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line and not looks_like_injection(line)]


def looks_like_injection(line: str) -> bool:
    spaced = re.sub(r"\s+", " ", line).strip().lower()
    return bool(_INJECTION_KO.search(spaced.replace(" ", "")) or _INJECTION_EN.search(spaced))


def safe_phrase(text: str | None) -> str | None:
    """``text`` if it may be quoted in a question as it is (a job title), else None."""
    if not text or len([line for line in text.splitlines() if line.strip()]) != 1:
        return None  # a title is one line; a second one is something else
    lines = clean_lines(text)
    phrase = lines[0] if lines else ""
    return phrase if 2 <= len(phrase) <= MAX_PHRASE_CHARS and _SAFE.match(phrase) else None


def _heading(line: str) -> tuple[str, str] | None:
    """``(name without spaces, text after it)`` when the line opens a section."""
    marked = line.lstrip(_MARKERS + " ")
    match = _BRACKETED.match(marked)
    if match:
        name, rest = re.sub(r"\s+", "", match[1]), match[2]
        return (name, rest) if name in _HEADINGS or not rest else None  # "[필수] Python" is an item
    match = _COLON.match(marked) or re.match(r"^([가-힣 ]{1,20})()$", marked)
    if match and re.sub(r"\s+", "", match[1]) in _HEADINGS:
        return re.sub(r"\s+", "", match[1]), match[2]
    if marked != line and re.fullmatch(r"[가-힣 ]{2,20}", marked) and marked.endswith(_OTHER_SECTIONS):
        return re.sub(r"\s+", "", marked), ""  # "■ 회사 소개": a section of no interest, skipped
    return None


def sections(lines: Iterable[str]) -> dict[Section, list[str]]:
    """Item lines by section, bullets stripped. Without any heading, bulleted lines count as duties."""
    found: dict[Section, list[str]] = {"duties": [], "skills": [], "preferred": []}
    current: Section | None = None
    headed = False
    bullets: list[str] = []
    for line in lines:
        heading = _heading(line)
        if heading is not None:
            headed = True
            current = _HEADINGS.get(heading[0])
            line = heading[1]
        if _BULLET.match(line):
            bullets.append(_BULLET.sub("", line))
        item = _BULLET.sub("", line).strip()
        if item and current is not None:
            found[current].append(item)
    if not headed:
        found["duties"] = [b for b in bullets if b.strip()]
    return found


def noun_runs(tokens: list[Any], text: str) -> Iterable[list[Any]]:
    """Noun tokens written next to each other (only spaces between), split at ``_BREAKS``. A number joins
    only when written onto a noun ("1급", "GA4"), never as a quantity ("2년 이상")."""
    run: list[Any] = []
    for i, token in enumerate(tokens):
        gap = text[run[-1].start + run[-1].len : token.start] if run else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        glued = after is not None and after.start == token.start + token.len and after.tag in ("NNG", "SL")
        attached = bool(run) and gap == "" and (token.tag in _ATTACHED or (token.tag == "SN" and run[-1].tag == "SL"))
        noun = (token.tag in _NOUNS or attached or (token.tag == "SN" and glued)) and token.form not in _BREAKS
        if noun and (not run or not gap.strip()):
            run.append(token)
            continue
        if run:
            yield run
        run = [token] if noun else []
    if run:
        yield run


def span(run: list[Any], text: str) -> str:
    return text[run[0].start : run[-1].start + run[-1].len]


def tidy(run: list[Any], text: str, edges: frozenset[str] = EDGE_WORDS, tail: bool = True) -> str | None:
    """The run as a quotable phrase: edge words off (the tail's only when ``tail``), at most
    ``MAX_PHRASE_CHARS`` (dropping words from the front: a Korean phrase's head is its last word),
    safe characters only, more than a number or a bare action noun."""
    while run and run[0].form in edges:
        run = run[1:]
    while tail and run and run[-1].form in edges:
        run = run[:-1]
    while run and len(span(run, text)) > MAX_PHRASE_CHARS:
        run = run[1:]
    phrase = span(run, text).strip() if run else ""
    if len(phrase) < 2 or not _SAFE.match(phrase) or phrase in _BARE or all(t.tag == "SN" for t in run):
        return None
    return phrase


def chunks(line: str) -> list[str]:
    """A line cut at list separators (", / · 및 또는"): each part names one thing."""
    return [part for part in _CHUNK.split(line) if part.strip()]


def noun_phrases(line: str) -> list[str]:
    """Short noun phrases of one posting line ("Python, SQL 활용 능력" gives Python and SQL)."""
    analyser: Any = kiwi()
    phrases: list[str] = []
    for chunk in chunks(line):
        for run in noun_runs(list(analyser.tokenize(chunk)), chunk):
            phrase = tidy(run, chunk)
            if phrase is not None:
                phrases.append(phrase)
    return phrases


def key(phrase: str) -> str:
    """Phrases that differ only in spacing or case are one."""
    return re.sub(r"\s+", "", phrase).lower()


def parse_posting(text: str | None) -> ParsedPosting:
    """Duties, skills and preferred extras, each at most ``MAX_PHRASES`` phrases, none repeated across fields."""
    if not text or not text.strip():
        return ParsedPosting()
    seen: set[str] = set()
    fields: dict[Section, list[str]] = {}
    for section, items in sections(clean_lines(text)).items():
        phrases: list[str] = []
        for item in items:
            for phrase in noun_phrases(item):
                if key(phrase) not in seen and len(phrases) < MAX_PHRASES:
                    seen.add(key(phrase))
                    phrases.append(phrase)
        fields[section] = phrases
    return ParsedPosting(duties=fields["duties"], skills=fields["skills"], preferred=fields["preferred"])
