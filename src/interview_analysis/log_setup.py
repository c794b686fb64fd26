"""Structured logs: event names with bound fields, JSON lines in LOG_DIR, readable lines on stderr."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

import structlog

_SHARED: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]

# Libraries whose debug output carries payloads: SQL parameters (a stored result holds the transcript),
# HTTP bodies to the LLM and transcription servers, S3 and MongoDB commands. An analysis is personal
# data, so they stay at WARNING even with LOG_LEVEL=DEBUG.
_PAYLOAD_LOGGERS = (
    "aiosqlite",
    "aiomysql",
    "pymongo",
    "openai",
    "httpx",
    "httpcore",
    "botocore",
    "boto3",
    "urllib3",
    "s3transfer",
    "faster_whisper",
)


def configure_logging(level: str, log_dir: Path | None, process: str = "api") -> None:
    """Route structlog and stdlib (uvicorn) logs through the same handlers; safe to call again."""
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_SHARED,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.dev.ConsoleRenderer(colors=False),
            ],
        )
    )
    root.addHandler(console)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.handlers.WatchedFileHandler(log_dir / f"{process}.log", encoding="utf-8")
        file_handler.setFormatter(
            structlog.stdlib.ProcessorFormatter(
                foreign_pre_chain=_SHARED,
                processors=[
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    structlog.processors.JSONRenderer(ensure_ascii=False),
                ],
            )
        )
        root.addHandler(file_handler)
    root.setLevel(level)
    for name in _PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)))
