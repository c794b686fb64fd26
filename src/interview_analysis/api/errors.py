"""Every error leaves the API as ``{"error": CODE, "detail": Korean message}``."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from interview_analysis.errors import MESSAGES_KO, AppError, ErrorCode

log = structlog.get_logger(__name__)


def _body(code: ErrorCode | str, detail: str, status: int, **extra: object) -> JSONResponse:
    return JSONResponse({"error": str(code), "detail": detail, **extra}, status_code=status)


async def _app_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return _body(exc.code, exc.message, exc.status)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [{"field": ".".join(str(p) for p in err["loc"]), "problem": err["msg"]} for err in exc.errors()]
    return _body(ErrorCode.INVALID_REQUEST, MESSAGES_KO[ErrorCode.INVALID_REQUEST], 422, fields=fields)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return _body(ErrorCode.NOT_FOUND, "요청한 경로를 찾을 수 없습니다.", 404)
    if exc.status_code == 413:
        return _body(ErrorCode.REQUEST_TOO_LARGE, MESSAGES_KO[ErrorCode.REQUEST_TOO_LARGE], 413)
    return _body(ErrorCode.INVALID_REQUEST, str(exc.detail), exc.status_code)


async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("api.unhandled", exc_info=exc)
    return _body(ErrorCode.INTERNAL, MESSAGES_KO[ErrorCode.INTERNAL], 500)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
