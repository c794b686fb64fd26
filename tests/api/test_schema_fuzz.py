"""Schemathesis against the OpenAPI spec of a running service: no 500, no response outside its schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.fixtures.service import Service, s3_env

EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def fuzzed_service(tmp_path_factory: pytest.TempPathFactory, s3_server: str) -> Iterator[tuple[Service, str]]:
    service = Service(
        tmp_path_factory.mktemp("fuzz"), {**s3_env(s3_server), "AUTH_ENABLED": "true", "WORKER_PROCESSES": "1"}
    )
    created = subprocess.run(
        [sys.executable, "-m", "interview_analysis", "keys", "create", "--tenant", "fuzz"],
        env={**os.environ, "DATA_DIR": str(service.data_dir)},
        check=True,
        capture_output=True,
        text=True,
    )
    service.start()
    yield service, json.loads(created.stdout)["api_key"]
    service.stop()
    service.client.close()


def test_no_server_error_and_every_response_matches_its_schema(fuzzed_service: tuple[Service, str]) -> None:
    """Every operation of the spec, EXAMPLES_PER_OPERATION generated requests each (schemathesis' pytest
    plugin does not run under pytest 9 yet, so the operations are driven through Hypothesis directly)."""
    service, api_key = fuzzed_service
    schema = schemathesis.openapi.from_url(f"http://127.0.0.1:{service.port}/openapi.json")
    headers = {"Authorization": f"Bearer {api_key}"}
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    calls: list[int] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def call(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=checks)
            calls.append(1)

        call()
    assert len(calls) >= 5 * len(operations)  # Hypothesis really generated cases for every operation
