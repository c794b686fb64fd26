"""Templates and static files of the pages, both read from the package (no build step).

The Jinja environment and the static file table are immutable once built, so each is built
once per process on first use. Static URLs carry a content hash (``?v=...``), which lets a
matching request be cached for a year while a new release is fetched at once.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from interview_analysis.results.messages import STAR_PARTS_KO
from interview_analysis.web.charts import clock
from interview_analysis.web.progress_charts import signed

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


@dataclass(frozen=True, slots=True)
class StaticFile:
    body: bytes
    media_type: str
    version: str  # first 12 hex digits of the sha256 of the body

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


@cache
def static_files() -> dict[str, StaticFile]:
    """Every file under static/, by its path relative to it; nothing outside it can be named."""
    table: dict[str, StaticFile] = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            body = path.read_bytes()
            kind = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            table[path.relative_to(STATIC_DIR).as_posix()] = StaticFile(
                body, kind, hashlib.sha256(body).hexdigest()[:12]
            )
    return table


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_files()[name].version}"


def delta_class(value: float | None) -> str:
    if value is None or value == 0:
        return "delta"
    return "delta up" if value > 0 else "delta down"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a missing variable is a bug, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        static_url=static_url,
        clock=clock,
        signed=signed,
        delta_class=delta_class,
        star_parts=list(STAR_PARTS_KO.items()),
    )
    return env


def render(template: str, **context: Any) -> Markup:
    return Markup(environment().get_template(template).render(**context))
