"""A mock interview in a real browser: set-up, device check, three questions and a follow-up, the report.

Chromium records from its fake camera and microphone (the generated talk clip) and the real service
analyses every take. Speech comes from the scripted transcription server's ``story`` mode (a story
without its result) so the quality gate trusts it and each main answer earns a MISSING_RESULT
follow-up; the test answers the first follow-up offered and skips the others, as practice mode allows.

``KEEP_SCREENSHOT=1`` also copies the report's screenshot to docs/images/interview-report.png.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from tests.fixtures.media import REPO
from tests.fixtures.service import Service
from tests.web.browser import Console, camera_args, fake_media, launch
from tests.web.seeding import new_key

QUESTIONS = 3
PREP_S = 5  # long enough to press 건너뛰기 on a slow machine; 바로 답변 skips it
ANSWER_S = 10  # the shortest answer the API accepts; the first answer runs to it and stops by itself
EARLY_STOP_MS = 6_000
ANALYSIS_MS = 300_000  # an upper bound on a slow machine, never an expectation
SCREENSHOT = REPO / "docs" / "images" / "interview-report.png"
VISIBLE = "e => !!e && !e.hidden && !e.closest('[hidden]')"


@pytest.fixture(scope="module")
def interview_service(tmp_path_factory: pytest.TempPathFactory, scripted_asr: str) -> Iterator[Service]:
    env = {
        "WORKER_PROCESSES": "1",
        "ASR_BACKEND": "openai",
        "ASR_BASE_URL": f"{scripted_asr}/story/v1",
        "ASR_API_KEY": "test",
        "LLM_BACKEND": "rules",  # no language model: questions and feedback from the rules
        "SAMPLE_FPS": "5",
    }
    service = Service(tmp_path_factory.mktemp("interview-web"), env)
    service.start()
    yield service
    service.stop()
    service.client.close()


@pytest.fixture(scope="module")
def camera(media_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return fake_media(media_dir / "talk.webm", tmp_path_factory.mktemp("interview-camera"))


@pytest.fixture(scope="module")
def browser(playwright_driver: Any, camera: tuple[Path, Path]) -> Iterator[Any]:
    browser = launch(playwright_driver, camera_args(*camera))
    yield browser
    browser.close()


def visible(page: Any, selector: str) -> bool:
    return bool(page.eval_on_selector(selector, VISIBLE))


def poll(page: Any, expression: str, timeout: float) -> None:
    """``page.wait_for_function`` builds its predicate with eval, which the pages' CSP refuses; evaluate is not."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout / 1000:g} s: {expression}")
        page.wait_for_timeout(100)


def wait_visible(page: Any, selector: str, timeout: float) -> None:
    poll(page, f"({VISIBLE})(document.querySelector({selector!r}))", timeout)


def set_up(page: Any, base: str) -> None:
    page.goto(f"{base}/interview")
    page.fill("#iv-job", "물류 데이터 분석가")
    page.fill("#iv-company", "한빛물류")
    page.fill("#iv-count", str(QUESTIONS))
    page.fill("#iv-prep", str(PREP_S))
    page.fill("#iv-answer", str(ANSWER_S))
    page.check("#iv-mode-practice")
    page.click("#iv-setup-next")
    page.wait_for_selector("#iv-start:enabled", timeout=30_000)  # camera frames and a heard microphone
    assert page.eval_on_selector("#iv-level", "m => m.value") > 0
    assert page.locator("#iv-preview").evaluate("v => v.videoWidth") > 0
    page.click("#iv-start")


def next_step(page: Any) -> str:
    """Waits for the next question's preparation or for the report; returns "question" or "report"."""
    poll(
        page,
        f"({VISIBLE})(document.getElementById('iv-answer-now')) || !!document.querySelector('#iv-report article')",
        ANALYSIS_MS,
    )
    return "report" if page.locator("#iv-report article").count() else "question"


def record(page: Any, *, by_itself: bool) -> None:
    wait_visible(page, "#iv-stop", 10_000)
    if by_itself:  # the answer timer stops the recording at ANSWER_S
        wait_visible(page, "#iv-next", ANSWER_S * 1000 + 10_000)
    else:
        page.wait_for_timeout(EARLY_STOP_MS)
        page.click("#iv-stop")  # 답변 완료
        wait_visible(page, "#iv-next", 10_000)


def interview(page: Any) -> dict[str, list[str]]:
    """Answers every main question and the first follow-up offered, skips the other follow-ups."""
    seen: dict[str, list[str]] = {"answered": [], "follow_ups": [], "skipped": []}
    while next_step(page) == "question":
        heading = page.inner_text("#iv-q-progress")
        follow_up = heading.startswith("꼬리질문")
        if follow_up:
            assert "결과" in page.inner_text("#iv-q-text")  # MISSING_RESULT: the story had no outcome
            assert page.inner_text("#iv-q-cue").startswith("앞 답변의")
            assert visible(page, "#iv-skip")
            seen["follow_ups"].append(heading)
            if len(seen["follow_ups"]) > 1:
                page.click("#iv-skip")
                seen["skipped"].append(heading)
                continue
        else:
            assert not visible(page, "#iv-skip")  # a main question cannot be skipped
        first = not seen["answered"]
        if not first:
            page.click("#iv-answer-now")  # 바로 답변; the first waits out its preparation
        record(page, by_itself=first)
        if first:  # practice mode: look at the take, record it again, then go on
            assert page.locator("#iv-take").get_attribute("src").startswith("blob:")
            page.click("#iv-retake")
            page.click("#iv-answer-now")
            record(page, by_itself=False)
        page.click("#iv-next")
        seen["answered"].append(heading)
    return seen


def test_a_mock_interview_with_a_follow_up_ends_in_a_filled_report(
    browser: Any, interview_service: Service, tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{interview_service.port}"
    console = Console()
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ko-KR")
    page = console.watch(context.new_page())
    try:
        set_up(page, base)
        seen = interview(page)
        assert [h for h in seen["answered"] if not h.startswith("꼬리질문")] == [
            f"질문 {n} / {QUESTIONS}" for n in range(1, QUESTIONS + 1)
        ]
        assert len(seen["follow_ups"]) >= 1
        assert len(seen["answered"]) == QUESTIONS + 1

        interview_id = re.fullmatch(rf"{re.escape(base)}/interviews/([0-9a-f]{{32}})/report", page.url)
        assert interview_id is not None, page.url
        page.wait_for_selector("#iv-report article.iv-report:not([data-pending])", timeout=ANALYSIS_MS)
        assert page.locator("#iv-uploads li[data-state='done']").count() == QUESTIONS + 1

        cards = page.locator("#iv-report article.iv-card")
        statuses = [cards.nth(i).get_attribute("data-status") for i in range(cards.count())]
        assert statuses.count("completed") == QUESTIONS + 1, statuses
        assert statuses.count("skipped") == len(seen["skipped"]), statuses
        for i in range(cards.count()):
            card = cards.nth(i)
            if card.get_attribute("data-status") != "completed":
                continue
            assert re.match(r"질문 \d(-\d)? \S", card.locator("h3").inner_text()), card.locator("h3").inner_text()
            assert card.locator(".iv-score strong").count() >= 1  # at least one measured score
            assert 1 <= card.locator(".iv-points li").count() <= 3
            assert card.locator(".iv-words").inner_text().strip()  # the transcript, as recognised
            assert card.locator("[data-replay]").is_visible()  # this page still holds the take
        assert page.locator("#iv-report .iv-card[data-question$='f'] .iv-cue").first.inner_text()
        assert page.locator("#iv-report .iv-overall strong").count() >= 1
        assert page.locator("#iv-report .iv-next li").count() >= 1

        replay = page.locator("#iv-report [data-replay]").first
        replay.click()
        src = page.locator("#iv-report video.iv-replay").get_attribute("src")
        assert src.startswith("blob:")
        poll(page, "document.querySelector('video.iv-replay').readyState >= 1", 10_000)
        replay.click()  # closes it again
        assert page.locator("#iv-report video.iv-replay").count() == 0

        shot = tmp_path / "interview-report.png"
        page.locator("#iv-report").screenshot(path=str(shot))
        if os.environ.get("KEEP_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, SCREENSHOT)
        assert console.errors == []

        state = interview_service.client.get(f"/interviews/{interview_id.group(1)}").json()
        assert state["status"] == "completed"
        assert sum(q["status"] == "completed" for q in state["questions"]) == QUESTIONS + 1
        assert [q["takes"] for q in state["questions"] if q["status"] == "completed"] == [1] * (QUESTIONS + 1)

        # The same report at phone width, opened on its own: no replay (the takes stayed in the other page).
        phone = console.watch(context.new_page())
        phone.set_viewport_size({"width": 375, "height": 812})
        phone.goto(page.url)
        phone.wait_for_selector("article.iv-report:not([data-pending])")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        assert phone.locator("article.iv-card").count() == cards.count()
        assert phone.locator("[data-replay]:visible").count() == 0
        assert console.errors == []
    finally:
        context.close()


def test_a_denied_camera_says_so_in_korean_and_offers_a_retry(
    playwright_driver: Any, camera: tuple[Path, Path], interview_service: Service
) -> None:
    browser = launch(playwright_driver, camera_args(*camera, allow=False))
    try:
        page = browser.new_context(permissions=[], viewport={"width": 375, "height": 812}).new_page()
        page.goto(f"http://127.0.0.1:{interview_service.port}/interview")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the form fits a phone
        page.click("#iv-setup-next")  # 직무 is required: said in Korean, and the field gets the focus
        assert "직무" in page.inner_text("#iv-setup-error")
        assert page.evaluate("document.activeElement.id") == "iv-job"
        page.fill("#iv-job", "백엔드 개발자")
        page.press("#iv-job", "Enter")  # the form submits from the keyboard
        error = page.locator("#iv-cam-error")
        error.wait_for(state="visible")
        assert "거부" in error.inner_text()
        assert page.evaluate("document.activeElement.id") == "iv-cam-retry"
        assert page.locator("#iv-start").is_disabled()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        browser.close()


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def tab_to(page: Any, element_id: str, presses: int = 15) -> None:
    """Moves the focus with Tab alone until ``element_id`` has it: every control is in the tab order."""
    for _ in range(presses):
        if focused(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reached by Tab (the focus is on #{focused(page)})")


def enter_when_focused(page: Any, element_id: str, timeout: float) -> None:
    """Each step moves the focus to its first button, so Enter alone goes on."""
    poll(page, f"document.activeElement && document.activeElement.id === {element_id!r}", timeout)
    page.keyboard.press("Enter")


def test_a_whole_interview_runs_from_the_keyboard_alone(browser: Any, interview_service: Service) -> None:
    console = Console()
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ko-KR")
    page = console.watch(context.new_page())
    try:
        page.goto(f"http://127.0.0.1:{interview_service.port}/interview")
        for element_id, value in [("iv-job", "물류 데이터 분석가"), ("iv-count", "1"), ("iv-prep", str(PREP_S))]:
            tab_to(page, element_id)
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
        tab_to(page, "iv-setup-next")
        page.keyboard.press("Enter")
        page.wait_for_selector("#iv-start:enabled", timeout=30_000)
        tab_to(page, "iv-start")
        page.keyboard.press("Enter")

        enter_when_focused(page, "iv-answer-now", 10_000)  # 바로 답변
        poll(page, "document.activeElement.id === 'iv-stop'", 10_000)
        page.wait_for_timeout(EARLY_STOP_MS)
        page.keyboard.press("Enter")  # 답변 완료
        enter_when_focused(page, "iv-next", 10_000)  # 다음 질문: the practice review

        poll(page, "document.activeElement.id === 'iv-answer-now'", ANALYSIS_MS)  # the follow-up is offered
        assert page.inner_text("#iv-q-progress").startswith("꼬리질문")
        tab_to(page, "iv-skip")
        page.keyboard.press("Enter")  # 건너뛰기

        page.wait_for_selector("#iv-report article.iv-report:not([data-pending])", timeout=ANALYSIS_MS)
        assert focused(page) == "iv-report"  # the report takes the focus, so it is read next
        statuses = page.eval_on_selector_all("#iv-report article.iv-card", "cs => cs.map(c => c.dataset.status)")
        assert statuses == ["completed", "skipped"]
        assert console.errors == []
    finally:
        context.close()


def test_the_pages_answer_without_a_key_and_unknown_reports_are_404(interview_service: Service) -> None:
    client = interview_service.client
    shell = client.get("/interview")
    assert shell.status_code == 200
    assert "script-src 'self'" in shell.headers["content-security-policy"]
    assert shell.headers["cache-control"] == "no-cache"
    for missing in ("/interviews/" + "0" * 32 + "/report", "/interviews/not-an-id/report"):
        page = client.get(missing)
        assert page.status_code == 404, missing
        assert "모의면접 결과를 찾을 수 없습니다" in page.text
    assert client.get("/interviews/" + "0" * 32 + "/report/body").status_code == 404


def test_a_report_page_renders_inline_with_auth_off(interview_service: Service) -> None:
    created = interview_service.client.post("/interviews", json={"user_id": "u-inline", "question_count": 2})
    assert created.status_code == 201, created.text
    interview_id = created.json()["interview_id"]
    page = interview_service.client.get(f"/interviews/{interview_id}/report")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"  # it holds the interview's data
    assert page.text.count('class="card iv-card"') == 2
    assert "답변하지 않음" in page.text
    body = interview_service.client.get(f"/interviews/{interview_id}/report/body")
    assert body.status_code == 200
    assert body.headers["cache-control"] == "no-store"
    assert "data-pending" in body.text  # nothing answered yet: the interview is still in progress
    assert interview_service.client.delete(f"/interviews/{interview_id}").status_code == 204
    assert interview_service.client.get(f"/interviews/{interview_id}/report").status_code == 404


def test_a_lost_upload_is_retried_until_it_lands_and_a_refusal_is_final(
    browser: Any, interview_service: Service
) -> None:
    """Real mode, two answers: the first upload is cut off, then refused with 503, then goes through;
    the second is refused with 409, which no retry can fix, so it is shown and not sent again."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ko-KR")
    page = context.new_page()
    sent: dict[str, int] = {}

    def answer(route: Any) -> None:
        question = route.request.url.rsplit("/", 2)[-2]
        sent[question] = sent.get(question, 0) + 1
        if question == "q1" and sent[question] == 1:
            route.abort("connectionreset")
        elif question == "q1" and sent[question] == 2:
            route.fulfill(status=503, json={"error": "SERVICE_UNAVAILABLE", "detail": "잠시 후 다시 시도해 주세요."})
        elif question == "q2":
            route.fulfill(status=409, json={"error": "TAKE_ALREADY_USED", "detail": "이미 답변한 질문입니다."})
        else:
            route.continue_()

    try:
        page.route("**/interviews/*/questions/*/answer", answer)
        page.goto(f"http://127.0.0.1:{interview_service.port}/interview")
        page.fill("#iv-job", "백엔드 개발자")
        page.fill("#iv-count", "2")
        page.fill("#iv-prep", "0")
        page.check("#iv-mode-real")
        page.click("#iv-setup-next")
        page.wait_for_selector("#iv-start:enabled", timeout=30_000)
        page.click("#iv-start")
        for _ in range(2):  # real mode: no preparation asked for, no review, straight on
            wait_visible(page, "#iv-stop", 10_000)
            assert not visible(page, "#iv-answer-now")
            page.wait_for_timeout(3_000)
            page.click("#iv-stop")
            assert not visible(page, "#iv-retake")
        first = page.locator("#iv-uploads li[data-question='q1']")
        second = page.locator("#iv-uploads li[data-question='q2']")
        page.wait_for_selector("#iv-uploads li[data-question='q1'][data-state='done']", timeout=30_000)
        assert sent["q1"] == 3
        page.wait_for_selector("#iv-uploads li[data-question='q2'][data-state='failed']", timeout=30_000)
        assert "이미 답변한 질문입니다." in second.inner_text()
        assert "보냄" in first.inner_text()
        page.wait_for_timeout(3_000)
        assert sent["q2"] == 1  # final: never sent again
    finally:
        context.close()


def test_with_keys_the_shells_hold_no_data_and_the_body_needs_the_key(tmp_path: Path) -> None:
    service = Service(tmp_path / "keys", {"AUTH_ENABLED": "true", "WORKER_PROCESSES": "1"})
    service.data_dir.mkdir()
    service.start()
    try:
        acme, other = new_key(service, "acme"), new_key(service, "other")
        created = service.client.post("/interviews", json={"user_id": "u1", "question_count": 1}, headers=acme)
        assert created.status_code == 201, created.text
        interview_id = created.json()["interview_id"]
        question = str(escape(created.json()["questions"][0]["text"]))
        for path in ("/interview", f"/interviews/{interview_id}/report"):
            shell = service.client.get(path)
            assert shell.status_code == 200, path
            assert 'data-auth="on"' in shell.text
            assert question not in shell.text  # the data comes with the key, through the fragment
        body = f"/interviews/{interview_id}/report/body"
        assert f'data-fragment="{body}"' in service.client.get(f"/interviews/{interview_id}/report").text
        assert service.client.get(body).status_code == 401
        assert service.client.get(body, headers=other).status_code == 404  # another tenant's: not even there
        mine = service.client.get(body, headers=acme)
        assert mine.status_code == 200
        assert question in mine.text
    finally:
        service.stop()
        service.client.close()
