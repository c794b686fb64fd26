"""The candidate's side in a real browser: record with a fake camera, upload, report, phone width, progress.

Chromium records a real browser webm (no duration in its header) through MediaRecorder; the real
service analyses it. Expected figures come from the generated clip's truth.json.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.media import REPO
from tests.fixtures.service import Service
from tests.web.browser import Console, camera_args, fake_media, launch
from tests.web.seeding import new_key, seed

ARTIFACTS = REPO / "test-artifacts"
RECORD_MS = 10_000
ANALYSIS_MS = 300_000  # an upper bound on a slow machine, never an expectation


@pytest.fixture(scope="module")
def web_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    service = Service(tmp_path_factory.mktemp("web"), {"WORKER_PROCESSES": "1"})
    service.start()
    yield service
    service.stop()
    service.client.close()


@pytest.fixture(scope="module")
def browser(playwright_driver: Any, media_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    video, audio = fake_media(media_dir / "talk.webm", tmp_path_factory.mktemp("camera"))
    browser = launch(playwright_driver, camera_args(video, audio))
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def candidate(browser: Any) -> Iterator[Any]:
    """One browser profile: its localStorage keeps the same user id across the tests of this module."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ko-KR")
    yield context
    context.close()


def wait_for_report(page: Any) -> None:
    page.wait_for_selector("#report article.report", timeout=ANALYSIS_MS)


@pytest.fixture(scope="module")
def recorded(candidate: Any, web_service: Service) -> dict[str, Any]:
    """Open the practice page, choose a question, record about ten seconds, upload, land on the report."""
    console = Console()
    page = console.watch(candidate.new_page())
    page.goto(f"http://127.0.0.1:{web_service.port}/")
    page.select_option("#question", "motive-1")
    page.click("#camera-on")
    page.wait_for_selector("#rec-start:enabled")
    page.click("#rec-start")
    page.wait_for_selector("#rec-stop:enabled", timeout=10_000)  # after the 3-2-1 countdown
    page.wait_for_timeout(RECORD_MS)
    page.click("#rec-stop")
    page.wait_for_selector("#send:enabled")
    page.click("#send")
    wait_for_report(page)
    page.wait_for_selector("#feedback:not([data-pending])", timeout=60_000)
    analysis_id = page.url.split("/")[-2]
    return {"page": page, "console": console, "analysis_id": analysis_id, "user_id": page.evaluate("IA.userId()")}


def test_a_recorded_answer_is_analysed_and_reported(recorded: dict[str, Any], web_service: Service, truth: Any) -> None:
    page = recorded["page"]
    assert page.url.endswith(f"/analysis/{recorded['analysis_id']}/report")
    figures = page.locator("#report figure.tl")
    assert figures.count() == 7
    for i in range(figures.count()):
        figure = figures.nth(i)
        assert figure.get_attribute("data-has-data") == "true", figure.get_attribute("id")
        marks = figure.locator("svg path, svg polyline, svg rect:not(.lane-bg)")
        assert marks.count() > 0, figure.get_attribute("id")
        assert figure.locator("figcaption").inner_text().strip()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#report").screenshot(path=str(ARTIFACTS / "report.png"))
    # A moment plays the recording this page still holds, from that time.
    assert page.locator("#replay").get_attribute("src").startswith("blob:")
    moment = page.locator("#report .moment").first
    if moment.count():
        moment.click()
        page.wait_for_function("document.querySelector('#report .cursor').getAttribute('visibility') === 'visible'")
    assert recorded["console"].errors == []
    body = web_service.client.get(f"/analysis/{recorded['analysis_id']}").json()
    assert body["status"] == "completed"
    assert body["question_id"] == "motive-1"
    assert body["media"]["declared_duration_s"] is None  # as browsers write webm
    assert body["eye_tracking"]["face_presence_ratio"] >= truth["files"]["talk.webm"]["face_ratio_min"]
    assert body["voice_analysis"]["status"] == "measured"
    assert body["voice_analysis"]["speaking_time_s"] > 0


def test_the_report_fits_a_phone(recorded: dict[str, Any], candidate: Any, web_service: Service) -> None:
    console = Console()
    page = console.watch(candidate.new_page())
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"http://127.0.0.1:{web_service.port}/analysis/{recorded['analysis_id']}/report")
    page.wait_for_selector("article.report")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("figure.tl[data-has-data='true']").count() == 7
    assert page.locator(".replay").is_hidden()  # no recording in this page: nothing to play
    assert console.errors == []
    page.close()


def test_progress_after_two_analyses(
    recorded: dict[str, Any], candidate: Any, web_service: Service, media_dir: Path
) -> None:
    console = Console()
    page = console.watch(candidate.new_page())
    base = f"http://127.0.0.1:{web_service.port}"
    page.goto(f"{base}/")
    page.select_option("#question", "failure-1")
    page.set_input_files("#file", str(media_dir / "talk.webm"))  # the other way in: a chosen file
    page.click("#send")
    wait_for_report(page)
    page.goto(f"{base}/users/")  # the script sends the browser to its own user's page
    page.wait_for_url(f"{base}/users/{recorded['user_id']}")
    page.wait_for_selector(".progress-body")
    assert page.locator(".progress-body").get_attribute("data-count") == "2"
    trends = page.locator("figure.tl")
    assert trends.count() == 4
    for i in range(trends.count()):
        assert trends.nth(i).locator(".mark").count() == 2
    assert "실패 경험" in page.locator("body").inner_text()
    assert console.errors == []
    progress = web_service.client.get(f"/users/{recorded['user_id']}/progress").json()
    assert [s["question_id"] for s in progress["sessions"]] == ["motive-1", "failure-1"]
    page.close()


def test_a_denied_camera_says_so_in_korean_and_offers_a_retry(
    playwright_driver: Any, media_dir: Path, web_service: Service, tmp_path: Path
) -> None:
    video, audio = fake_media(media_dir / "talk.webm", tmp_path)
    browser = launch(playwright_driver, camera_args(video, audio, allow=False))
    try:
        page = browser.new_context(permissions=[]).new_page()
        page.goto(f"http://127.0.0.1:{web_service.port}/")
        page.click("#camera-on")
        error = page.locator("#camera-error")
        error.wait_for(state="visible")
        assert "거부" in error.inner_text()
        retry = page.locator("#camera-retry")
        assert retry.is_visible()
        assert page.evaluate("document.activeElement.id") == "camera-retry"
        assert page.locator("#file").is_enabled()  # the file route stays open
    finally:
        browser.close()


def test_every_control_is_reachable_by_tab_and_labelled(candidate: Any, web_service: Service) -> None:
    page = candidate.new_page()
    page.goto(f"http://127.0.0.1:{web_service.port}/")
    reached = set()
    for _ in range(15):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()"))
    assert {"question", "camera-on", "file"} <= reached
    unlabelled = page.evaluate(
        """() => Array.from(document.querySelectorAll('button, select, input, a[href], video')).filter(e => {
            const name = (e.getAttribute('aria-label') || e.textContent || '').trim();
            return !name && !(e.labels && e.labels.length);
        }).map(e => e.outerHTML)"""
    )
    assert unlabelled == []
    page.close()


def test_with_keys_on_the_pages_ask_once_and_send_the_key(
    playwright_driver: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    data_dir = tmp_path_factory.mktemp("keys")
    (analysis_id,) = seed(data_dir, [("acme", "u1", "intro-1", 40.0)])
    service = Service(data_dir, {"AUTH_ENABLED": "true", "WORKER_PROCESSES": "1"})
    service.start()
    browser = launch(playwright_driver, [])
    try:
        key = new_key(service, "acme")["X-API-Key"]
        console = Console()
        page = console.watch(browser.new_page())
        base = f"http://127.0.0.1:{service.port}"
        page.goto(f"{base}/analysis/{analysis_id}/report")
        page.locator("#key-dialog").wait_for(state="visible")
        page.fill("#key-input", "ia_wrong_wrong")
        page.click("#key-form button[type=submit]")
        page.locator("#key-error").wait_for(state="visible")  # refused: asked again, with a reason
        page.fill("#key-input", key)
        page.click("#key-form button[type=submit]")
        page.wait_for_selector("article.report")
        assert page.locator("figure.tl[data-has-data='true']").count() == 7
        assert key not in page.url
        page.goto(f"{base}/users/u1")  # the same tab keeps the key: no second question
        page.wait_for_selector(".progress-body[data-count='1']")
        assert page.locator("#key-dialog").is_hidden()
        # 401s of the refused key are the only errors the console may show.
        assert [e for e in console.errors if "401" not in e] == []
    finally:
        browser.close()
        service.stop()
        service.client.close()
