"""A bound on request bodies, enforced while they arrive (a missing or lying Content-Length included)."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from interview_analysis.errors import MESSAGES_KO, ErrorCode

UPLOAD_PATH = "/analyze/upload"
INTERVIEWS_PATH = "/interviews"
_MULTIPART_OVERHEAD = 1024 * 1024
# A new interview carries a posting and a 자기소개서 (20,000 characters each, up to 3 bytes a character in
# UTF-8): its own bound, so the route can answer an over-long posting with its own 413 and message.
_INTERVIEW_BODY = 192 * 1024


def is_upload(path: str) -> bool:
    """A route that takes a video: ``/analyze/upload`` and an interview answer."""
    return path == UPLOAD_PATH or (path.startswith(INTERVIEWS_PATH + "/") and path.endswith("/answer"))


class _TooLarge(HTTPException):
    """An HTTPException so that FastAPI's body parsing passes it on instead of calling it a parse error."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_body: int, max_upload: int) -> None:
        self._app = app
        self._max_body = max_body
        self._max_upload = max_upload + _MULTIPART_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path = scope["path"]
        limit = self._max_body
        if is_upload(path):
            limit = self._max_upload
        elif path == INTERVIEWS_PATH:
            limit = max(limit, _INTERVIEW_BODY)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send)
            return
        seen = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._app(scope, bounded_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _refuse(send)


async def _refuse(send: Send) -> None:
    body = json.dumps(
        {"error": ErrorCode.REQUEST_TOO_LARGE.value, "detail": MESSAGES_KO[ErrorCode.REQUEST_TOO_LARGE]},
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
