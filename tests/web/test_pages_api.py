"""Pages, fragments, static files and GET /users/{id}/progress against the real service (auth on and off)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.service import Service
from tests.web.seeding import new_key, seed


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, list[str]]]:
    """One service for the read-only tests: starting one costs seconds (models, Kiwi)."""
    data_dir = tmp_path_factory.mktemp("secured")
    ids = seed(
        data_dir,
        [("acme", "u1", "intro-1", 30.0), ("acme", "u1", "conflict-1", 45.0), ("other", "u2", "intro-1", 50.0)],
    )
    service = Service(data_dir, {"AUTH_ENABLED": "true", "WORKER_PROCESSES": "1"})
    service.start()
    yield service, ids
    service.stop()
    service.client.close()


def test_progress_follows_the_tenant_and_user_rules(secured: tuple[Service, list[str]]) -> None:
    service, ids = secured
    acme, other = new_key(service, "acme"), new_key(service, "other")
    assert service.client.get("/users/u1/progress").status_code == 401
    mine = service.client.get("/users/u1/progress", headers=acme).json()
    assert [s["analysis_id"] for s in mine["sessions"]] == ids[:2]
    emotion = next(m for m in mine["metrics"] if m["key"] == "emotion")
    assert (emotion["latest"], emotion["change_vs_previous"], emotion["change_vs_average"]) == (45.0, 15.0, 7.5)
    assert {c["category"] for c in mine["categories"]} == {"자기소개", "갈등 해결 경험"}
    # Another tenant's key finds nothing for the same user id, and a key for other users is refused.
    assert service.client.get("/users/u1/progress", headers=other).json()["count"] == 0
    assert service.client.get("/users/u1/progress", headers=new_key(service, "acme", "u9")).status_code == 403
    body = service.client.get("/users/u1/progress/body", headers=acme)
    assert body.status_code == 200
    assert body.headers["cache-control"] == "no-store"
    assert len(re.findall(r'data-has-data="true"', body.text)) == 4


def test_shells_need_no_key_and_hold_no_data(secured: tuple[Service, list[str]]) -> None:
    service, ids = secured
    for path in ("/", f"/analysis/{ids[0]}/report", "/users/u1", "/users/"):
        page = service.client.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert 'data-auth="on"' in page.text
        assert 'id="key-dialog"' in page.text
        assert "data-has-data" not in page.text  # no chart, so no data
    for path in (f"/analysis/{ids[0]}/report/body", f"/analysis/{ids[0]}/report/feedback"):
        assert service.client.get(path).status_code == 401


def test_report_fragments_need_the_owning_tenant(secured: tuple[Service, list[str]]) -> None:
    service, ids = secured
    acme, other = new_key(service, "acme"), new_key(service, "other")
    body = service.client.get(f"/analysis/{ids[0]}/report/body", headers=acme)
    assert body.status_code == 200
    assert body.text.count('data-has-data="true"') == 7
    assert "답변 내용" in body.text  # the transcript section
    assert service.client.get(f"/analysis/{ids[0]}/report/body", headers=other).status_code == 404
    feedback = service.client.get(f"/analysis/{ids[0]}/report/feedback", headers=acme)
    assert feedback.status_code == 200
    assert 'id="feedback"' in feedback.text


def test_static_files_have_types_and_cache_headers(service_factory: Any) -> None:
    service: Service = service_factory(WORKER_PROCESSES="1")
    service.start()
    page = service.client.get("/").text
    url = re.search(r'src="(/static/js/record\.js\?v=[0-9a-f]{12})"', page)
    assert url is not None
    versioned = service.client.get(url.group(1))
    assert versioned.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "immutable" in versioned.headers["cache-control"]
    plain = service.client.get("/static/css/site.css")
    assert plain.headers["content-type"] == "text/css; charset=utf-8"
    assert plain.headers["cache-control"] == "public, max-age=300"
    again = service.client.get("/static/css/site.css", headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304
    for missing in ("/static/nope.js", "/static/../questions.yaml", "/static/%2e%2e/questions.yaml"):
        assert service.client.get(missing).status_code == 404, missing


def test_with_auth_off_the_report_is_a_document_without_script(service_factory: Any, tmp_path: Path) -> None:
    data_dir = tmp_path / "open"
    (analysis_id,) = seed(data_dir, [("local", "u1", "vision-1", 40.0)])
    service: Service = service_factory(data_dir, WORKER_PROCESSES="1")
    service.start()
    page = service.client.get(f"/analysis/{analysis_id}/report")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.text.count('data-has-data="true"') == 7
    assert "입사 후 포부" in page.text
    assert service.client.get(f"/analysis/{'f' * 32}/report").status_code == 404
    history = service.client.get("/users/u1")
    assert "완료된 분석 1회" in history.text
    practice = service.client.get("/").text
    assert all(f'value="{q}"' in practice for q in ("intro-1", "conflict-1", "vision-3"))
