"""``python -m interview_analysis analyze VIDEO``: the worker's pipeline on a local file, no server.

The result JSON goes to stdout, a progress bar to stderr, so the output pipes cleanly into jq.
``emotions IMAGE...`` reads facial expressions of photos; ``keys`` manages API keys.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from interview_analysis import emotions_cli, keys_cli
from interview_analysis.config import Settings
from interview_analysis.errors import AppError, ErrorCode
from interview_analysis.log_setup import configure_logging
from interview_analysis.pipeline.analyse import analyse_file
from interview_analysis.storage.models import Stage


class ProgressBar:
    """A one-line bar redrawn in place; silent when stderr is not a terminal unless forced."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream = stream
        self._width = width
        self._last = ""

    def __call__(self, stage: Stage, progress: float) -> None:
        filled = int(progress * self._width)
        line = f"\r[{'#' * filled}{'.' * (self._width - filled)}] {progress * 100:5.1f}% {stage.value:<12}"
        if line != self._last:
            self._stream.write(line)
            self._stream.flush()
            self._last = line

    def close(self) -> None:
        if self._last:
            self._stream.write("\n")
            self._stream.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m interview_analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="analyse one local video and print the result JSON")
    analyze.add_argument("video", type=Path)
    analyze.add_argument("--sample-fps", type=float, default=None, help="frames per second to analyse")
    analyze.add_argument("--compact", action="store_true", help="one-line JSON")
    analyze.add_argument("--no-progress", action="store_true")
    keys_cli.add_parser(commands)
    emotions_cli.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "keys":
        return keys_cli.run(args)
    settings = Settings()
    if args.command == "emotions":
        configure_logging("WARNING", None, process="cli")
        return emotions_cli.run(args, settings)
    if args.sample_fps is not None:
        settings.media.sample_fps = args.sample_fps
    configure_logging("WARNING", None, process="cli")
    bar = ProgressBar(sys.stderr)
    report = (lambda stage, progress: None) if args.no_progress else bar
    indent = None if args.compact else 2
    try:
        result = analyse_file(args.video, settings, report)
    except AppError as exc:
        bar.close()
        print(
            json.dumps(
                {"status": "failed", "error": {"code": exc.code.value, "message": exc.message}},
                ensure_ascii=False,
                indent=indent,
            )
        )
        return 2 if exc.code is not ErrorCode.INTERNAL else 1
    bar.close()
    print(json.dumps({"status": "completed", **result.dump()}, ensure_ascii=False, indent=indent))
    return 0
