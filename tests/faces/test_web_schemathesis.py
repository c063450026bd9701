"""Property-based tests of the JSON API from its own OpenAPI schema (schemathesis), against the
live server (uvicorn in a subprocess on a free loopback port): no input gives a server error,
and every answer matches the schema. Bounded: a fixed number of examples per operation."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger import Ledger
from tests.support.webhelp import EXAMPLES, SYNDICATION, Server, hostile_items, serve, small_ua_mod

schemathesis = pytest.importorskip("schemathesis", reason="needs schemathesis (the test extra)")
from hypothesis import HealthCheck, settings  # noqa: E402

EXAMPLES_PER_OPERATION = int(os.environ.get("CLAIMLEDGER_API_EXAMPLES", "60"))


@pytest.fixture
def api_server(ledger_url: str, tmp_path: Path) -> Iterator[Server]:
    """The server over a SQLite and over a PostgreSQL ledger."""
    with Ledger.open(ledger_url) as led:
        led.ingest(sorted(EXAMPLES.glob("*.txt")))
        led.ingest([SYNDICATION])
        led.add(hostile_items())
        led.load_reference("ua-mod", small_ua_mod(tmp_path / "ua-mod"))
    with serve(ledger_url) as server:
        yield server


def test_the_api_answers_every_request_as_its_schema_says(api_server: Server) -> None:
    from hypothesis import given

    api = schemathesis.openapi.from_url(api_server.base + "/openapi.json")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 11
    failures: dict[str, str] = {}
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            case.call_and_validate()

        try:
            run()
        except Exception as exc:  # gather every operation's first failure, then report all
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:3000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
