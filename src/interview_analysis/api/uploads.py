"""Store a posted video under DATA_DIR/uploads, bounded in size while it is written."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path
from typing import BinaryIO

from fastapi import UploadFile

from interview_analysis.errors import AppError, ErrorCode

_CHUNK = 1024 * 1024


async def save_upload(upload: UploadFile, folder: Path, max_bytes: int) -> Path:
    """Copy the upload in chunks; a too large or empty file is refused and nothing is kept."""
    if upload.size is not None and upload.size > max_bytes:
        raise AppError(ErrorCode.FILE_TOO_LARGE)
    await asyncio.to_thread(folder.mkdir, mode=0o700, parents=True, exist_ok=True)
    dest = folder / f"{uuid.uuid4().hex}.video"  # a random name: nothing the client sent reaches the path
    written = 0
    try:
        with await asyncio.to_thread(_private_file, dest) as out:
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


def _private_file(path: Path) -> BinaryIO:
    """Readable by the service's user only: an interview video is personal data."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
