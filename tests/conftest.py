"""Shared fixtures: real servers on loopback and generated media with ground truth."""

import os

# Speech recognition is off unless a test asks for it (ASR_BACKEND=local or openai): the generated
# clips speak espeak-ng Korean, which Whisper cannot understand (CER near 1) and decodes slowly
# (temperature fallback, 1-2x real time on 2 cores), so it would only add minutes to every analysis.
os.environ.setdefault("ASR_BACKEND", "none")

pytest_plugins = [
    "tests.fixtures.media",
    "tests.fixtures.servers",
    "tests.fixtures.service",
    "tests.fixtures.databases",
    "tests.fixtures.llm",
    "tests.fixtures.local_llm",
    "tests.fixtures.llm_peer",
    "tests.fixtures.redis_queue",
    "tests.fixtures.asr_server",
]
