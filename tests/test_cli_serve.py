"""`claimledger serve`: loopback by default; any other address only with a token, checked on
every request; a missing ledger or a weak token is a one-line error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimledger.ledger import Ledger
from tests.webhelp import EXAMPLES, REPO, TOKEN, serve


def run_serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "CLAIMLEDGER_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "claimledger", "serve", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**clean, **(env or {})},
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("serve") / "ledger.db"
    with Ledger.open(path) as led:
        led.ingest(sorted(EXAMPLES.glob("*.txt")))
    return str(path)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_a_public_address_without_a_token_is_refused(db: str, host: str) -> None:
    r = run_serve("--db", db, "--host", host, "--port", "0")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith(f"claimledger: refusing to serve on {host} without a token")
    assert "--token" in lines[0] and "CLAIMLEDGER_TOKEN" in lines[0]
    assert r.stdout == ""


def test_a_weak_token_is_refused(db: str) -> None:
    r = run_serve("--db", db, "--host", "0.0.0.0", "--token", "secret")
    assert r.returncode == 2
    assert r.stderr.strip() == "claimledger: the token must be at least 16 characters long"


def test_a_missing_ledger_is_one_line(tmp_path: Path) -> None:
    r = run_serve("--db", str(tmp_path / "none.db"))
    assert r.returncode == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "no ledger here yet" in r.stderr
    assert not (tmp_path / "none.db").exists()  # serving never creates a ledger


@pytest.mark.parametrize("how", ["option", "environment"])
def test_with_a_token_any_address_and_every_request_needs_it(db: str, how: str) -> None:
    extra = ("--token", TOKEN) if how == "option" else ()
    env = {"CLAIMLEDGER_TOKEN": TOKEN} if how == "environment" else None
    with serve(db, *extra, host="0.0.0.0", env=env) as server:
        for path in ("/api/claims", "/", "/openapi.json", "/static/app.css"):
            assert server.get(path).status_code == 401, path
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert server.get("/api/claims", headers=auth).json()["total"] > 0
        assert server.get("/api/claims", headers={"Authorization": "Bearer x"}).status_code == 401
        page = server.get("/timeline", params={"token": TOKEN}, follow_redirects=False)
        assert page.status_code == 303 and "claimledger_token=" in page.headers["set-cookie"]
        # Any Host is answered when a token guards the server (it is reached by its address).
        assert server.get("/api/metrics", headers={**auth, "Host": "ledger.example"}).is_success


def test_on_loopback_no_token_is_needed(db: str) -> None:
    with serve(db) as server:
        assert server.get("/api/claims").json()["total"] > 0
        assert server.get("/").status_code == 200
        plotly = server.get("/static/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip"})
        assert plotly.status_code == 200 and plotly.headers["content-encoding"] == "gzip"
        etag = plotly.headers["etag"]
        again = server.get("/static/vendor/plotly.min.js", headers={"If-None-Match": etag})
        assert again.status_code == 304
