"""Shared fixtures: real servers on loopback and generated media with ground truth."""

pytest_plugins = [
    "tests.fixtures.media",
    "tests.fixtures.servers",
    "tests.fixtures.service",
    "tests.fixtures.databases",
    "tests.fixtures.llm",
    "tests.fixtures.redis_queue",
]
