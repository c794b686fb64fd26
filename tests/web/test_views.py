"""The pages' pure parts: question bank, SVG charts, report view, transcript marks, progress figures."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from interview_analysis.api.schemas import AnalysisResponse
from interview_analysis.interview.bank import UNCATEGORISED, load_bank, parse_bank
from interview_analysis.results import (
    AnalysisResult,
    Concreteness,
    ContentAnalysis,
    Fillers,
    Hedging,
    Ownership,
    QualityReason,
    Quote,
    Relevance,
    SectionCode,
    SectionStatus,
    Star,
    StarPart,
    Transcript,
    TranscriptQuality,
    VoiceAnalysis,
)
from interview_analysis.storage.models import JobStatus
from interview_analysis.web.charts import Axis, Lane, Series, clock, lanes, lines, stacked_area, trend
from interview_analysis.web.progress import compute_progress
from interview_analysis.web.progress_charts import signed, trend_figures
from interview_analysis.web.render import render, static_files, static_url
from interview_analysis.web.report import report_context
from interview_analysis.web.scores import score_cards
from interview_analysis.web.transcript_view import transcript_view
from tests.web.results import DURATION_S, api_view, media, record, result

REQUIRED_CATEGORIES = {"자기소개", "지원동기", "성격의 장단점", "갈등 해결 경험", "실패 경험", "입사 후 포부"}


def _svg(markup: str) -> ElementTree.Element:
    return ElementTree.fromstring(markup)


def test_the_shipped_bank_has_the_common_categories_and_unique_ids() -> None:
    bank = load_bank()
    assert {c.name for c in bank.categories} >= REQUIRED_CATEGORIES
    questions = bank.by_id()
    assert all(q.suggested_s >= 10 and q.text and q.category for q in questions.values())
    assert bank.category_of("conflict-1") == "갈등 해결 경험"
    assert bank.category_of("no-such-question") == bank.category_of(None) == UNCATEGORISED


def test_a_bank_with_a_duplicate_id_is_rejected() -> None:
    text = "version: 1\ncategories:\n  - name: A\n    questions:\n      - {id: q-1, text: x, suggested_s: 30}\n" * 1
    text += "  - name: B\n    questions:\n      - {id: q-1, text: y, suggested_s: 30}\n"
    with pytest.raises(ValueError, match="duplicate"):
        parse_bank(text)


def test_time_charts_share_one_axis_and_leave_unmeasured_seconds_as_gaps() -> None:
    axis = Axis(30.0)
    assert [t.label for t in axis.ticks()] == ["0:00", "0:05", "0:10", "0:15", "0:20", "0:25", "0:30"]
    rows = [{"t": 0, "a": 0.25, "b": 0.75}, {"t": 1, "a": None, "b": None}, {"t": 2, "a": 1.0, "b": 0.0}]
    area = stacked_area(axis, rows, [("a", "A", "s-a"), ("b", "B", "s-b")])
    svg = _svg(area.svg)
    assert svg.get("data-t1") == "30"
    paths = {p.get("class"): p.get("d", "") for p in svg.iter() if p.tag == "path"}
    assert paths["s-a"].count("M") == 2  # seconds 0 and 2; second 1 has no face
    assert paths["s-b"].count("M") == 1  # second 2 has no "b" share at all
    line = lines(axis, [Series("x", [(0, 1.0), (1, 2.0), (2, None), (3, 4.0)], "s-x")], 0, 10)
    polylines = [e for e in _svg(line.svg).iter() if e.tag.endswith("polyline")]
    assert len(polylines) == 2  # broken at the None


def test_lanes_draw_each_interval_and_trends_label_each_point() -> None:
    chart = lanes(
        Axis(20.0), [Lane("얼굴 없음", [(5.0, 6.0), (10.0, 12.5)], "b-none"), Lane("여러 얼굴", [], "b-many")]
    )
    bars = [e for e in _svg(chart.svg).iter() if e.tag.endswith("rect") and e.get("class") == "b-none"]
    assert [float(b.get("x", 0)) for b in bars] == [250.0, 500.0]
    assert [t.label for t in chart.y_ticks] == ["얼굴 없음", "여러 얼굴"]
    scores = trend([40.0, None, 55.5], ["1회", "2회", "3회"], 60.0)
    assert [m.label for m in scores.marks] == ["40", "55.5"]
    assert [t.label for t in scores.x_ticks] == ["1회", "2회", "3회"]
    assert clock(65) == "1:05"


def test_the_report_context_has_cards_every_timeline_and_the_transcript() -> None:
    context = report_context(api_view())
    assert [c.spec.key for c in context["cards"]] == ["emotion", "attention", "voice", "integrity"]
    voice = next(c for c in context["cards"] if c.spec.key == "voice")
    assert voice.formula == "weighted mean of the component scores"
    assert any(row.term == "가중치" for row in voice.why)
    figures = {f.id: f for f in context["figures"]}
    assert set(figures) == {"emotion", "gaze", "presence", "head", "level", "pitch", "integrity"}
    assert all(f.has_data for f in figures.values())
    assert "0:08–0:10" in figures["gaze"].caption  # the off-screen episode, in words
    assert "0:05–0:06" in figures["presence"].caption
    assert context["axis"].duration_s == DURATION_S
    assert context["category"] == "자기소개"


def test_the_report_reads_the_api_view_and_the_record_alike() -> None:
    stored = record("a" * 32, "u1", 0, "intro-1")
    assert stored.result is not None
    from_api = render("_report_body.html", feedback_html=None, **report_context(api_view()))
    served = AnalysisResponse.from_record(stored).model_dump()  # what the report page hands it
    view = {**served, "created_at": api_view()["created_at"], "question": api_view()["question"]}
    assert render("_report_body.html", feedback_html=None, **report_context(view)) == from_api
    with_record = report_context(view, stored.result)
    assert render("_report_body.html", feedback_html=None, **with_record) == from_api


def test_a_failed_or_running_analysis_has_no_charts() -> None:
    failed = report_context({"analysis_id": "b" * 32, "status": "failed", "error": {"message": "영상이 아닙니다."}})
    assert failed["error_message"] == "영상이 아닙니다."
    assert "figures" not in failed
    running = report_context({"analysis_id": "b" * 32, "status": "processing", "stage": "analysing", "progress": 0.4})
    assert running["percent"] == 40
    assert running["stage_ko"] == "분석 중"


def test_fillers_are_marked_with_their_times() -> None:
    view = transcript_view(result())
    assert view is not None
    assert view.filler_count == 2
    marked = [(t.text, t.start) for s in view.segments for t in s.tokens if t.filler]
    assert marked == [("음", 1.0), ("어", 2.0)]
    skipped = Transcript(
        status=SectionStatus.SKIPPED, code=SectionCode.ASR_DISABLED, backend="none", language="ko", fillers=Fillers()
    )
    assert transcript_view(result().model_copy(update={"transcript": skipped})) is None
    assert transcript_view(AnalysisResult(media=media())) is None


def test_the_rendered_report_escapes_text_and_captions_every_chart() -> None:
    view = api_view()
    view["question"] = "<script>alert(1)</script>"
    html = render("_report_body.html", feedback_html=None, **report_context(view))
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    figures = re.findall(r'<figure id="fig-[a-z]+".*?</figure>', html, re.S)
    assert len(figures) == 7
    assert all("<figcaption>" in f and 'role="img"' in f and "aria-label=" in f for f in figures)
    assert html.count('<mark title="군말">') == 2
    assert 'data-t="1.0"' in html  # the transcript line links to its moment


def test_progress_orders_sessions_and_compares_with_previous_and_average() -> None:
    bank = load_bank()
    records = [
        record("c" * 32, "u1", 30, "conflict-1", emotion=50.0, attention=90.0),
        record("a" * 32, "u1", 10, "intro-1", emotion=30.0, attention=70.0),
        record("b" * 32, "u1", 20, "intro-2", emotion=40.0, attention=80.0),
    ]
    failed = record("d" * 32, "u1", 40, "intro-1").model_copy(update={"status": JobStatus.FAILED})
    progress = compute_progress("u1", [*records, failed], bank)
    assert [s.analysis_id for s in progress.sessions] == ["a" * 32, "b" * 32, "c" * 32]
    emotion = next(m for m in progress.metrics if m.key == "emotion")
    assert (emotion.latest, emotion.average, emotion.best) == (50.0, 40.0, 50.0)
    assert (emotion.change_vs_previous, emotion.change_vs_average) == (10.0, 10.0)
    assert progress.sessions[0].change_vs_previous["emotion"] is None
    assert progress.sessions[0].change_vs_average["attention"] == -10.0
    by_category = {c.category: c for c in progress.categories}
    assert by_category["자기소개"].sessions == 2
    assert by_category["자기소개"].average["emotion"] == 35.0
    assert by_category["갈등 해결 경험"].latest["attention"] == 90.0
    figures = trend_figures(progress)
    assert len(figures) == 4
    assert "최근 50점" in figures[0].caption
    assert "이전 대비 +10" in figures[0].caption
    assert signed(-2.0) == "−2"
    assert signed(None) == "–"


def test_score_cards_skip_sections_that_are_absent() -> None:
    voice = VoiceAnalysis(
        status=SectionStatus.NO_SPEECH,
        message="말소리가 없습니다.",
        audio_duration_s=float(DURATION_S),
        voice_score=None,
    )
    cards = score_cards(AnalysisResult(media=media(), voice_analysis=voice))
    assert [(c.spec.key, c.score, c.message) for c in cards] == [("voice", None, "말소리가 없습니다.")]


def test_static_files_are_versioned_by_content() -> None:
    files = static_files()
    assert {"js/api.js", "js/record.js", "js/upload.js", "js/report.js", "js/fragment.js", "css/site.css"} <= set(files)
    assert files["js/api.js"].media_type.startswith("text/javascript")
    assert static_url("css/site.css") == f"/static/css/site.css?v={files['css/site.css'].version}"


def _with_transcript(**update: object) -> dict[str, object]:
    view = api_view()
    transcript = result().transcript
    assert transcript is not None
    view["transcript"] = transcript.model_copy(update=update).dump()
    return view


def test_an_unreliable_transcript_shows_its_notice_in_place_of_the_filler_figures() -> None:
    notice = "음성을 신뢰할 수 있게 받아 적지 못해 …: 말소리가 난 시간의 대부분에서 단어가 인식되지 않았습니다."
    quality = TranscriptQuality(
        usable=False, coverage=0.3, chars_per_speech_s=1.2, voiced_s=18.0, reasons=["low_coverage"], message=notice
    )
    html = render("_report_body.html", feedback_html=None, **report_context(_with_transcript(quality=quality)))
    assert notice in html
    assert "분당 10.0회" not in html  # the figures drawn from the words are not shown
    assert "<details><summary>인식된 글 보기(신뢰도 낮음)</summary>" in html
    assert "답변 구성" not in html


def test_content_measures_show_the_star_parts_and_jump_to_the_quoted_words() -> None:
    said = Quote(kind="result", cue="그 결과 20% 단축", sentence="그 결과 20% 단축했습니다.", start=2.3, end=3.5)
    content = ContentAnalysis(
        star=Star(
            covered=[StarPart.SITUATION, StarPart.RESULT], missing=[StarPart.TASK, StarPart.ACTION], quotes=[said]
        ),
        concreteness=Concreteness(count=1, quotes=[said.model_copy(update={"kind": "number"})]),
        hedging=Hedging(),
        ownership=Ownership(i_count=1, we_count=0, i_share=1.0),
        relevance=Relevance(score=0.5, question_nouns=["자기소개", "개발자"], matched=["개발자"]),
        blind_hiring=[Quote(kind="school", cue="한국대학교를 졸업", sentence="…", start=1.4, end=1.9)],
    )
    quality = TranscriptQuality(usable=True, coverage=0.97, chars_per_speech_s=6.1, voiced_s=3.0)
    html = render(
        "_report_body.html", feedback_html=None, **report_context(_with_transcript(content=content, quality=quality))
    )
    assert '<span class="chip on">상황</span>' in html
    assert '<span class="chip off">과제 빠짐</span>' in html
    assert "“그 결과 20% 단축”" in html
    assert 'data-t="2.3"' in html
    assert "한국대학교를 졸업" in html
    assert "분당 10.0회" in html  # a trusted transcript keeps its figures


def test_the_report_offers_one_follow_up_question_citing_the_words_it_reacts_to() -> None:
    said = Quote(
        kind="action", cue="제가 회의를 제안했습니다", sentence="제가 회의를 제안했습니다.", start=2.3, end=3.5
    )
    content = ContentAnalysis(
        star=Star(
            covered=[StarPart.ACTION], missing=[StarPart.SITUATION, StarPart.TASK, StarPart.RESULT], quotes=[said]
        ),
        concreteness=Concreteness(),
        hedging=Hedging(),
        ownership=Ownership(i_count=1, we_count=0, i_share=1.0),
        relevance=Relevance(),
    )
    quality = TranscriptQuality(usable=True, coverage=0.97, chars_per_speech_s=6.1, voiced_s=3.0)
    html = render(
        "_report_body.html", feedback_html=None, **report_context(_with_transcript(content=content, quality=quality))
    )
    assert "그 결과는 어땠나요? 수치로 말씀해 주실 수 있나요?" in html
    assert "“제가 회의를 제안했습니다”에 대한 질문입니다." in html
    unusable = quality.model_copy(update={"usable": False, "reasons": [QualityReason.LOW_COVERAGE], "message": "…"})
    html = render(
        "_report_body.html", feedback_html=None, **report_context(_with_transcript(content=content, quality=unusable))
    )
    assert "꼬리질문" not in html  # never asked from words that cannot be trusted
