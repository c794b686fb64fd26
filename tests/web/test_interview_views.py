"""The interview pages' pure parts: the report body rendered from hand-built summaries, and the page shell."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from interview_analysis.api.interview_schemas import CreateInterviewRequest
from interview_analysis.interview.models import QuestionSource
from interview_analysis.interview.report_models import (
    CardScore,
    CardTranscript,
    Change,
    HistoryRow,
    InterviewSummary,
    OverallScore,
    QuestionCard,
)
from interview_analysis.web.interview_view import (
    FAILED_KO,
    change_view,
    interview_report_context,
    number,
    setup_form,
    transcript_card,
)
from interview_analysis.web.render import STATIC_DIR, render, static_files

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
SCORES = (("emotion", "표정", 60.0), ("attention", "시선", 100.0), ("voice", "음성 전달", 100.0))
_VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    text_parts: list[str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return " ".join(" ".join([*self.text_parts, *(c.text() for c in self.children)]).split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes()):
                found.append(child)
            found.extend(child.all(tag, cls))
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        (found,) = self.all(tag, cls)
        return found


class _Tree(HTMLParser):
    """Just enough of a DOM to walk the rendered markup (the standard library only)."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#root", {})
        self.at = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), parent=self.at)
        self.at.children.append(node)
        if tag not in _VOID:
            self.at = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.at
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"unbalanced </{tag}>"
        assert node.parent is not None, f"unbalanced </{tag}>"
        self.at = node.parent

    def handle_data(self, data: str) -> None:
        self.at.text_parts.append(data)


def parse(markup: str) -> Node:
    tree = _Tree()
    tree.feed(markup)
    tree.close()
    assert tree.at is tree.root, f"unclosed <{tree.at.tag}>"
    return tree.root


def scores(base: float) -> list[CardScore]:
    return [CardScore(key=k, title=t, value=base, max=m, band="보통") for k, t, m in SCORES]


def card(number: str, status: str = "completed", **extra: object) -> QuestionCard:
    qid = "q" + number.replace("-1", "f")
    defaults: dict[str, object] = {
        "question_id": qid,
        "number": number,
        "text": f"{number}번 질문입니다. 가장 어려웠던 협업 경험을 말씀해 주세요.",
        "category": "협업",
        "source": QuestionSource.BANK,
        "source_ko": "기본 질문",
        "status": status,
        "analysis_id": f"{int(number[0]):032x}" if status != "unanswered" else None,
        "takes": 1,
    }
    if status == "completed":
        defaults |= {
            "scores": scores(40.0 + int(number[0])),
            "transcript": CardTranscript(
                text="음 저는 물류 프로젝트에서 그 배송 경로를 바꿨습니다. 그것이 제 일이었습니다.",
                usable=True,
                filler_count=2,
                fillers=["음", "그"],
                words_per_min=112.44,
            ),
            "points": ["결과를 수치로 말해 보세요.", "시선을 화면에 두세요.", "군말을 줄여 보세요."],
        }
    return QuestionCard(**(defaults | extra))


def summary(cards: list[QuestionCard], **extra: object) -> InterviewSummary:
    when = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)
    values: dict[str, object] = {
        "interview_id": "a" * 32,
        "user_id": "u-1",
        "job_title": "데이터 엔지니어",
        "company": "한빛물류",
        "mode": "practice",
        "created_at": when,
        "status": "completed",
        "answered": sum(c.status in ("completed", "failed", "processing") for c in cards),
        "failed": sum(c.status == "failed" for c in cards),
        "cards": cards,
        "overall": [OverallScore(key=k, title=t, value=42.25, max=m, answers=3) for k, t, m in SCORES],
        "changes": [
            Change(key="voice", title="음성 전달", first=60, last=72.5, delta=12.5, unit="점", better=True),
            Change(key="fillers", title="군말", first=3.0, last=5.0, delta=2.0, unit="회/분", better=False),
            Change(key="attention", title="시선", first=80, last=80, delta=0, unit="점", better=True),
        ],
        "practise_next": ["결과를 수치로 말하기", "군말 줄이기", "시선을 화면에 두기"],
        "history": [
            HistoryRow(
                interview_id="a" * 32,
                created_at=when,
                job_title="데이터 엔지니어",
                answered=4,
                scores={"emotion": 42.25, "attention": None, "voice": 70.0},
                current=True,
            ),
            HistoryRow(
                interview_id="b" * 32,
                created_at=datetime(2025, 2, 1, tzinfo=UTC),
                job_title=None,
                answered=2,
                scores={"emotion": 30.0, "voice": 65.5, "pace": 3.0},
                current=False,
            ),
        ],
    }
    return InterviewSummary(**(values | extra))


def body(s: InterviewSummary) -> str:
    return str(render("_interview_report_body.html", **interview_report_context(s)))


def full_interview() -> InterviewSummary:
    follow = card(
        "1-1",
        question_id="q1f",
        text="그 결과는 어땠나요? 수치로 말씀해 주실 수 있나요?",
        category="꼬리질문",
        source=QuestionSource.FOLLOW_UP,
        source_ko="꼬리질문",
        cue="팀원들과 매일 회의를 했습니다",
        parent_id="q1",
    )
    first = card("1", follow_up=follow.text, takes=2)
    return summary([first, follow, card("2"), card("3")])


def test_every_answered_card_shows_its_question_scores_words_and_points() -> None:
    root = parse(body(full_interview()))
    report = root.one("article", "iv-report")
    assert "data-pending" not in report.attrs
    cards = root.all("article", "iv-card")
    assert [c.attrs["data-question"] for c in cards] == ["q1", "q1f", "q2", "q3"]
    for c in cards:
        title = c.one("h3").text()
        assert re.match(r"질문 \d(-1)? \S", title), title
        assert c.one(cls="iv-status").text() == "분석 완료"
        values = [s.one("strong").text() for s in c.all("li", "iv-score")]
        assert len(values) == 3
        assert all(re.fullmatch(r"\d+(\.\d)?", v) for v in values), values
        assert len(c.one("ul", "iv-points").all("li")) == 3
        marks = [m.text() for m in c.one(cls="iv-words").all("mark")]
        assert marks == ["음", "그"]  # whole words only: "그것이" is not a filler
        assert (c.one(tag="a").attrs["href"] or "").startswith("/analysis/")  # the answer's own full report
        replay = c.one("button")
        assert replay.attrs["data-replay"] == c.attrs["data-question"]
        assert "hidden" in replay.attrs  # shown by script only where the page holds the take
    follow = cards[1]
    assert follow.one("h3").text().startswith("질문 1-1 ")
    assert "꼬리질문" in follow.one(cls="iv-meta").text()
    assert "팀원들과 매일 회의를 했습니다" in follow.one(cls="iv-cue").text()
    assert "그 결과는 어땠나요?" in cards[0].one(cls="iv-follow-up").text()
    assert "2번 촬영" in cards[0].one(cls="iv-meta").text()
    assert "분당 112.4단어" in cards[0].one(cls="iv-transcript").text()


def test_the_summary_parts_are_all_there() -> None:
    root = parse(body(full_interview()))
    head = root.one("header", "report-head")
    assert "한빛물류 · 데이터 엔지니어" in head.text()
    assert "연습 모드" in head.text()
    overall = root.one(cls="iv-overall").all("article", "card")
    assert [o.one("strong").text() for o in overall] == ["42.2", "42.2", "42.2"]  # one decimal
    changes = root.one("ul", "iv-changes").all("li")
    assert [c.attrs["class"] for c in changes] == ["better", "worse", "same"]
    assert "60점 → 72.5점" in changes[0].text()
    assert "+12.5점 (좋아짐)" in changes[0].text()
    assert "+2회/분 (나빠짐)" in changes[1].text()
    assert "0점 (변화 없음)" in changes[2].text()
    assert [li.text() for li in root.one(cls="iv-next").all("li")] == [
        "결과를 수치로 말하기",
        "군말 줄이기",
        "시선을 화면에 두기",
    ]
    table = root.one("table", "iv-history")
    header = [th.text() for th in table.one("thead").all("th")]
    assert header == ["날짜 (UTC)", "직무", "답변", "표정", "시선", "음성 전달", "pace"]
    current, previous = table.one("tbody").all("tr")
    assert current.attrs.get("aria-current") == "true"
    assert "이번 면접" in current.text()
    assert [td.text() for td in current.all("td")] == ["데이터 엔지니어", "4", "42.2", "–", "70", "–"]
    assert previous.one("a").attrs["href"] == "/interviews/" + "b" * 32 + "/report"
    assert [td.text() for td in previous.all("td")] == ["직무 미입력", "2", "30", "–", "65.5", "3"]


def test_a_failed_card_shows_its_korean_error_and_no_scores() -> None:
    message = "영상을 읽을 수 없습니다. 다른 파일로 다시 시도해 주세요."
    failed = card("2", status="failed", error_message=message)
    silent = card("3", status="failed")
    root = parse(body(summary([card("1"), failed, silent])))
    cards = {c.attrs["data-question"]: c for c in root.all("article", "iv-card")}
    alert = cards["q2"].one(cls="error")
    assert alert.attrs["role"] == "alert"
    assert alert.text() == message
    assert cards["q2"].one(cls="iv-status").text() == "분석 실패"
    assert cards["q2"].all(cls="iv-scores") == []
    assert cards["q2"].all(tag="a") == []  # no full report for a failed analysis
    assert cards["q3"].one(cls="error").text() == FAILED_KO
    assert "분석 실패 2개" in root.one("header", "report-head").text()


def test_an_unfinished_interview_is_marked_pending_and_shows_what_is_left() -> None:
    s = summary(
        [card("1"), card("2", status="processing"), card("3", status="unanswered"), card("4", status="skipped")],
        status="analysing",
        changes=[],
        history=[],
    )
    root = parse(body(s))
    report = root.one("article", "iv-report")
    assert "data-pending" in report.attrs  # fragment.js and interview_report.js poll while it is there
    status = report.one("header").one(cls="iv-wait")
    assert "답변 2개 중 1개의 분석이 끝났습니다" in status.text()
    cards = {c.attrs["data-question"]: c for c in root.all("article", "iv-card")}
    assert cards["q2"].one(cls="iv-wait").text() == "답변을 분석하는 중입니다…"
    assert cards["q3"].one(cls="iv-status").text() == "답변하지 않음"
    assert cards["q4"].one(cls="iv-status").text() == "건너뜀"
    assert root.all("ul", "iv-changes") == []
    assert "두 개 이상이면" in root.text()
    assert root.all("table") == []  # no earlier interview: nothing to compare with
    assert "첫 모의면접" in root.text()


def test_an_unusable_transcript_is_folded_behind_its_notice() -> None:
    notice = "인식된 글을 믿기 어렵습니다: 인식된 글자가 너무 적음."
    distrusted = card("1", transcript=CardTranscript(text="네", usable=False, notice=notice))
    root = parse(body(summary([distrusted])))
    transcript = root.one(cls="iv-transcript")
    assert transcript.one("p", "notice").text() == notice
    assert transcript.one("details").one("summary").text() == "인식된 글 보기(신뢰도 낮음)"


def test_hostile_text_from_the_posting_or_the_answer_is_escaped() -> None:
    hostile = card(
        "1",
        text=HOSTILE,
        category=HOSTILE,
        cue=HOSTILE,
        points=[HOSTILE],
        follow_up=HOSTILE,
        error_message=HOSTILE,
        transcript=CardTranscript(text=f"음 {HOSTILE}", usable=True, fillers=["음", HOSTILE]),
        scores=[CardScore(key=HOSTILE, title=HOSTILE, value=1.0, max=2.0, band=HOSTILE)],
    )
    s = summary(
        [hostile],
        job_title=HOSTILE,
        company=HOSTILE,
        practise_next=[HOSTILE],
        changes=[Change(key="x", title=HOSTILE, first=1, last=2, delta=1, unit=HOSTILE, better=None)],
        overall=[OverallScore(key=HOSTILE, title=HOSTILE, value=1.0, max=2.0, answers=1)],
    )
    markup = body(s)
    assert "<script" not in markup
    assert "<img" not in markup
    assert "onerror=" not in markup.replace("onerror=alert(2)&gt;", "")  # only as escaped text
    assert markup.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 10
    parse(markup)  # and it is still balanced markup


def test_the_report_body_is_built_for_a_phone_width() -> None:
    markup = body(full_interview())
    root = parse(markup)
    for table in root.all("table"):
        assert table.parent is not None
        assert "table-wrap" in table.parent.classes()  # the table scrolls, not the page
    styles = re.findall(r'style="([^"]*)"', markup)
    assert styles
    assert all(re.fullmatch(r"width: \d+(\.\d)?%", s) for s in styles), styles
    assert not re.search(r"\swidth=", markup)
    css = (STATIC_DIR / "css" / "interview.css").read_text(encoding="utf-8")
    fixed = [int(px) for prop, px in re.findall(r"(?<![-\w])(min-width|width):\s*(\d+)px", css) if prop]
    assert all(px <= 375 for px in fixed), fixed  # max-width caps are fine; nothing wider than a phone
    assert "@media (max-width: 600px)" in css


def test_the_interview_page_is_labelled_and_scripted_only_from_static_files() -> None:
    page = str(render("interview.html", auth_enabled=False, page="interview", form=setup_form()))
    root = parse(page)
    ids = {n.attrs.get("id") for n in root.all()}
    labelled = {n.attrs.get("for") for n in root.all("label")}
    for control in root.all("input") + root.all("textarea") + root.all("meter") + root.all("select"):
        wrapped = control.parent is not None and control.parent.tag == "label"
        assert wrapped or control.attrs.get("id") in labelled, control.attrs
    for button in root.all("button"):
        assert button.text() or button.attrs.get("aria-label"), button.attrs
    for video in root.all("video"):
        assert video.attrs.get("aria-label"), video.attrs
    scripts = root.all("script")
    assert scripts
    assert all((s.attrs.get("src") or "").startswith("/static/js/") and not s.text() for s in scripts)
    for s in scripts + root.all("link"):
        url = s.attrs.get("src") or s.attrs.get("href") or ""
        if url.startswith("/static/"):
            assert url.split("?")[0].removeprefix("/static/") in static_files()
    assert {"iv-setup", "iv-devices", "iv-run", "iv-finish", "iv-report", "iv-uploads"} <= ids
    nav = root.one("nav")
    current = [a for a in nav.all("a") if a.attrs.get("aria-current") == "page"]
    assert [a.attrs["href"] for a in current] == ["/interview"]
    assert "style=" not in page
    assert "onclick" not in page.lower()


def test_the_set_up_form_follows_the_request_model() -> None:
    form = setup_form()
    fields = CreateInterviewRequest.model_fields
    assert (form["count"].default, form["count"].min, form["count"].max) == (fields["question_count"].default, 1, 10)
    assert (form["prep"].default, form["prep"].min) == (30, 0)
    assert (form["answer"].default, form["answer"].min) == (90, 10)
    page = str(render("interview.html", auth_enabled=False, page="interview", form=form))
    assert (
        'id="iv-answer" name="answer_s" type="number" inputmode="numeric" required min="10" max="600" value="90"'
        in page
    )


@pytest.mark.parametrize(("value", "text"), [(None, "–"), (72.0, "72"), (3.456, "3.5"), (0.04, "0"), (-1.25, "-1.2")])
def test_numbers_are_short(value: float | None, text: str) -> None:
    assert number(value) == text


def test_a_change_says_its_direction_in_words_not_only_arrows() -> None:
    worse_down = change_view(Change(key="a", title="시선", first=80, last=70, delta=-10, unit="점", better=False))
    assert (worse_down.arrow, worse_down.verdict, worse_down.delta) == ("▼", "나빠짐", "−10점")
    better_down = change_view(Change(key="f", title="군말", first=5, last=2, delta=-3, unit="회/분", better=True))
    assert (better_down.arrow, better_down.verdict, better_down.css) == ("▼", "좋아짐", "better")
    neutral = change_view(Change(key="p", title="속도", first=100, last=120, delta=20, unit="", better=None))
    assert (neutral.arrow, neutral.verdict, neutral.css) == ("▲", "달라짐", "same")


def test_an_empty_transcript_gives_no_section() -> None:
    assert transcript_card(None) is None
    assert transcript_card(CardTranscript(text="  ", usable=True)) is None
