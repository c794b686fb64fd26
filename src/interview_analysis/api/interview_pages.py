"""The mock-interview pages: the interview itself and its report, served as pages.py serves the others.

The interview page is a shell for its scripts (camera, recorder, uploads) and holds no data, so it
needs no key. The report follows the report page's pattern: with auth off it is rendered into the
page; with auth on the shell's script fetches ``.../report/body`` with the key.
"""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from interview_analysis.api.auth import LOCAL, Principal, PrincipalDep
from interview_analysis.api.deps import AnyServicesDep, Services, ServicesDep
from interview_analysis.api.interview_service import warm_planner
from interview_analysis.api.interviews import load_summary
from interview_analysis.api.pages import _html, _inline, _page
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.web.interview_view import interview_report_context, setup_form
from interview_analysis.web.render import render

router = APIRouter()

# The id lands in the page's fragment URL, so anything but an id is a missing interview, not a path.
_INTERVIEW_ID = re.compile(r"^[0-9a-f]{32}$")


@router.get("/interview", include_in_schema=False)
async def interview(services: AnyServicesDep) -> HTMLResponse:
    warm_planner()
    return _html(_page("interview.html", services, "interview", form=setup_form()), private=False)


async def _report_body(services: Services, principal: Principal, interview_id: str) -> str:
    summary = await load_summary(services, principal, interview_id)
    return render("_interview_report_body.html", **interview_report_context(summary))


def _missing(services: Services, interview_id: str) -> HTMLResponse:
    page = _page("interview_report.html", services, "interview", interview_id=interview_id, body=None, missing=True)
    return _html(page, private=False, status=404)


@router.get("/interviews/{interview_id}/report", include_in_schema=False)
async def interview_report(interview_id: str, services: AnyServicesDep) -> HTMLResponse:
    if not _INTERVIEW_ID.fullmatch(interview_id):
        return _missing(services, interview_id)
    body = None
    if _inline(services):
        try:
            body = await _report_body(services, LOCAL, interview_id)
        except AppError as exc:
            if exc.code is not ErrorCode.NOT_FOUND:
                raise
            return _missing(services, interview_id)
    page = _page("interview_report.html", services, "interview", interview_id=interview_id, body=body, missing=False)
    return _html(page, private=body is not None)


@router.get("/interviews/{interview_id}/report/body", include_in_schema=False)
async def interview_report_body(interview_id: str, services: ServicesDep, principal: PrincipalDep) -> HTMLResponse:
    return _html(await _report_body(services, principal, interview_id), private=True)
