"""The candidate's pages: practice, report and history, server-rendered; and their static files.

The HTML shells are served without a key: with AUTH_ENABLED they hold no data, and their
script fetches the data parts (``.../body``, ``.../feedback``) with the key the browser keeps.
With auth off the same parts are rendered into the page, so it reads as a document without
script. Routes only gather and render; the views live in ``web/``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from interview_analysis.api import progress
from interview_analysis.api.auth import LOCAL, Principal, PrincipalDep, visible_record
from interview_analysis.api.deps import AnyServicesDep, Services, ServicesDep
from interview_analysis.api.feedback import load_feedback
from interview_analysis.api.progress import UserIdPath, user_progress
from interview_analysis.api.schemas import AnalysisResponse
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.interview.bank import load_bank
from interview_analysis.web.progress_charts import trend_figures
from interview_analysis.web.render import LONG_CACHE, SHORT_CACHE, render, static_files
from interview_analysis.web.report import report_context

router = APIRouter()
router.include_router(progress.router)  # the JSON beside the page it feeds; main.py includes one router

# No inline script and nothing from elsewhere; blob: plays back the recording kept in the page.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "media-src 'self' blob: mediastream:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_PAGE_HEADERS = {"Content-Security-Policy": _CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _html(markup: str, *, private: bool, status: int = 200) -> HTMLResponse:
    """``private``: it holds analysis data, so no cache may keep it."""
    headers = {**_PAGE_HEADERS, "Cache-Control": "no-store" if private else "no-cache"}
    return HTMLResponse(markup, status_code=status, headers=headers)


def _inline(services: Services) -> bool:
    """Render data into the page itself: only when no key is needed and the stores are open."""
    return not services.settings.security.auth_enabled and services.readiness.ready


def _page(template: str, services: Services, page: str, **context: object) -> str:
    auth = services.settings.security.auth_enabled
    return render(template, auth_enabled=auth, page=page, **context)


@router.get("/", include_in_schema=False)
async def practice(services: AnyServicesDep) -> HTMLResponse:
    return _html(_page("practice.html", services, "practice", bank=load_bank()), private=False)


@router.get("/static/{name:path}", include_in_schema=False)
async def static(name: str, request: Request, v: str | None = None) -> Response:
    file = static_files().get(name)
    if file is None:
        raise AppError(ErrorCode.NOT_FOUND, "요청한 파일을 찾을 수 없습니다.")
    headers = {
        "Cache-Control": LONG_CACHE if v == file.version else SHORT_CACHE,
        "ETag": file.etag,
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == file.etag:
        return Response(status_code=304, headers=headers)
    return Response(file.body, media_type=file.media_type, headers=headers)


async def _report_body(services: Services, principal: Principal, analysis_id: str) -> str:
    record = await visible_record(services, principal, analysis_id)
    context = report_context(AnalysisResponse.from_record(record).model_dump(), record.result)
    feedback_html = None
    if context["status"] == "completed":
        feedback_html = await _feedback(services, principal, analysis_id)
    return render("_report_body.html", feedback_html=feedback_html, **context)


async def _feedback(services: Services, principal: Principal, analysis_id: str) -> str:
    feedback = await load_feedback(services, principal, analysis_id)
    return render("_feedback.html", feedback=feedback)


@router.get("/analysis/{analysis_id}/report", include_in_schema=False)
async def report_page(analysis_id: str, services: AnyServicesDep) -> HTMLResponse:
    body = None
    if _inline(services):
        try:
            body = await _report_body(services, LOCAL, analysis_id)
        except AppError as exc:
            if exc.code is not ErrorCode.NOT_FOUND:
                raise
            page = _page("report.html", services, "report", analysis_id=analysis_id, body=None, missing=True)
            return _html(page, private=False, status=404)
    page = _page("report.html", services, "report", analysis_id=analysis_id, body=body, missing=False)
    return _html(page, private=body is not None)


@router.get("/analysis/{analysis_id}/report/body", include_in_schema=False)
async def report_body(analysis_id: str, services: ServicesDep, principal: PrincipalDep) -> HTMLResponse:
    return _html(await _report_body(services, principal, analysis_id), private=True)


@router.get("/analysis/{analysis_id}/report/feedback", include_in_schema=False)
async def report_feedback(analysis_id: str, services: ServicesDep, principal: PrincipalDep) -> HTMLResponse:
    return _html(await _feedback(services, principal, analysis_id), private=True)


async def _progress_body(services: Services, principal: Principal, user_id: str) -> str:
    found = await user_progress(services, principal, user_id)
    return render("_progress_body.html", progress=found, figures=trend_figures(found))


@router.get("/users/", include_in_schema=False)
async def my_history(services: AnyServicesDep) -> HTMLResponse:
    """The browser's own history: its script knows the user id (kept in localStorage) and goes there."""
    return _html(_page("history.html", services, "history", user_id=None, body=None), private=False)


@router.get("/users/{user_id}", include_in_schema=False)
async def history(user_id: UserIdPath, services: AnyServicesDep) -> HTMLResponse:
    body = await _progress_body(services, LOCAL, user_id) if _inline(services) else None
    page = _page("history.html", services, "history", user_id=user_id, body=body)
    return _html(page, private=body is not None)


@router.get("/users/{user_id}/progress/body", include_in_schema=False)
async def progress_body(user_id: UserIdPath, services: ServicesDep, principal: PrincipalDep) -> HTMLResponse:
    return _html(await _progress_body(services, principal, user_id), private=True)
