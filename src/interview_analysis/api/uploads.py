"""Store a posted video under DATA_DIR/uploads, bounded in size while it is written."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from fastapi import UploadFile

from interview_analysis.errors import AppError, ErrorCode

_CHUNK = 1024 * 1024


async def save_upload(upload: UploadFile, folder: Path, max_bytes: int) -> Path:
    """Copy the upload in chunks; a too large or empty file is refused and nothing is kept."""
    if upload.size is not None and upload.size > max_bytes:
        raise AppError(ErrorCode.FILE_TOO_LARGE)
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    dest = folder / f"{uuid.uuid4().hex}.video"
    written = 0
    try:
        with await asyncio.to_thread(dest.open, "wb") as out:
            while chunk := await upload.read(_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise AppError(ErrorCode.FILE_TOO_LARGE)
                await asyncio.to_thread(out.write, chunk)
        if written == 0:
            raise AppError(ErrorCode.EMPTY_FILE)
    except BaseException:
        await asyncio.to_thread(dest.unlink, True)
        raise
    return dest
