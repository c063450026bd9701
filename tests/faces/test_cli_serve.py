"""`claimledger serve`: loopback by default; any other address only with a token, checked on
every request; a missing ledger or a weak token is a one-line error."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from claimledger.ledger import Ledger
from tests.support.webhelp import EXAMPLES, REPO, TOKEN, serve


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


def test_a_loopback_address_other_than_127_0_0_1_is_served(db: str) -> None:
    with serve(db, host="127.0.0.2", connect="127.0.0.2") as server:
        assert server.get("/api/claims").json()["total"] > 0
        assert server.get("/").status_code == 200
        assert server.get("/api/claims", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    "token", ["0123456789abcdef;x", '0123456789abcdef"x', "0123456789abcdefé", "0123456789abcdef,x"]
)
@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_token_no_client_could_send_is_refused_in_one_line(db: str, token: str, how: str) -> None:
    if how == "option":
        r = run_serve("--db", db, "--host", "0.0.0.0", "--port", "0", "--token", token)
    else:
        r = run_serve(
            "--db", db, "--host", "0.0.0.0", "--port", "0", env={"CLAIMLEDGER_TOKEN": token}
        )
    assert r.returncode == 2
    [line] = r.stderr.strip().splitlines()
    assert line.startswith("claimledger: the token may only contain ASCII letters, digits and ")
    assert "!#$%&'()*+-./:<=>?@[]^_`{|}~" in line


def raw_request(port: int, request: bytes, host: str = "127.0.0.1") -> bytes:
    """Send bytes as they are (no client library would send these) and read the answer."""
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(request)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# Paths a browser (or an attacker's page) may ask for with ?token=: control characters that
# browsers drop from URLs, header injection, bytes that are no UTF-8, backslashes, bidi.
HOSTILE_TARGETS = [
    b"/%0a/x",
    b"/%0d%0aSet-Cookie:%20a=b",
    b"/%09/127.0.0.3:18999/",
    b"/%00",
    b"/%ff%fe",
    b"/%5c%5cevil.example",
    b"/documents/%E2%80%AE",
]


def test_no_request_makes_a_traceback_and_redirects_stay_here(db: str) -> None:
    env = {"CLAIMLEDGER_TOKEN": TOKEN}
    with serve(db, env=env) as server:
        for target in HOSTILE_TARGETS:
            head = b"GET " + target + b"?token=" + TOKEN.encode() + b" HTTP/1.1\r\n"
            answer = raw_request(
                server.port, head + b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            status, _, rest = answer.partition(b"\r\n")
            assert status == b"HTTP/1.1 303 See Other", (target, answer[:200])
            headers = dict(
                line.split(b": ", 1) for line in rest.split(b"\r\n\r\n")[0].split(b"\r\n")
            )
            assert b"set-cookie" in headers and headers[b"location"].startswith(b"/")
            assert not headers[b"location"].startswith((b"//", b"/\\")), target
            assert all(32 < c < 127 for c in headers[b"location"]), target
        assert server.get("/api/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).is_success
    log = server.process.stdout.read() if server.process.stdout else ""
    assert "Traceback" not in log and "LocalProtocolError" not in log, log


def test_a_request_head_sent_too_slowly_is_cut_off(db: str) -> None:
    with serve(db, "--header-timeout", "0.5") as server:
        for trickle in (False, True):
            start = time.monotonic()
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                s.sendall(b"GET /api/metrics HTTP/1.1\r\n")
                closed = False
                for i in range(40):  # a header byte every 0.1 s for 4 s, unless cut off
                    if trickle:
                        try:
                            s.sendall(b"X"[:1] if i else b"X-Slow: ")
                        except OSError:
                            closed = True
                            break
                    s.settimeout(0.1)
                    try:
                        if s.recv(100) == b"":
                            closed = True
                            break
                    except TimeoutError:
                        continue
                    except OSError:
                        closed = True
                        break
            assert closed, "the connection was still open after 4 s"
            assert time.monotonic() - start < 3.0
        # A client that sends its request at once is served as ever.
        assert server.get("/api/metrics").is_success


def test_connections_past_the_cap_are_closed_at_once(db: str) -> None:
    with serve(db, "--max-connections", "3", "--header-timeout", "30") as server:
        idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(3)]
        try:
            time.sleep(0.3)
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as extra:
                assert extra.recv(100) == b""  # closed without an answer
        finally:
            for s in idle:
                s.close()
        deadline = time.monotonic() + 10
        while True:  # the server notices the closed sockets, then has room again
            try:
                if server.get("/api/metrics").is_success:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "no room after the idle connections closed"
            time.sleep(0.1)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made now with openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def test_tls_serves_https_with_a_secure_cookie(db: str, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    trust = ssl.create_default_context(cafile=str(cert))
    options = ("--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    with serve(db, *options, env={"CLAIMLEDGER_TOKEN": TOKEN}, verify=trust) as server:
        assert server.base.startswith("https://")
        page = server.get("/timeline", params={"token": TOKEN}, follow_redirects=False)
        assert page.status_code == 303
        cookie = page.headers["set-cookie"]
        assert "; Secure" in cookie and "HttpOnly" in cookie
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert server.get("/api/claims", headers=auth).json()["total"] > 0
        with pytest.raises(httpx.HTTPError):  # no plain HTTP on that port
            httpx.get(f"http://127.0.0.1:{server.port}/api/claims", headers=auth, timeout=5)


def test_tls_files_that_cannot_serve_are_one_line(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "none.pem"
    r = run_serve("--db", db, "--port", "0", "--ssl-certfile", str(missing))
    assert r.returncode == 2
    [line] = r.stderr.strip().splitlines()
    assert line.startswith(f"claimledger: cannot serve TLS with {missing}")
    r = run_serve("--db", db, "--port", "0", "--ssl-keyfile", str(missing))
    assert (
        r.returncode == 2 and r.stderr.strip() == "claimledger: --ssl-keyfile needs --ssl-certfile"
    )


def test_a_token_on_the_command_line_is_discouraged(db: str) -> None:
    r = run_serve("--db", db, "--host", "0.0.0.0", "--port", "0", "--token", "x" * 8)
    assert r.returncode == 2  # too short: refused before any note
    with serve(db, "--token", TOKEN) as server:
        pass
    log = server.process.stdout.read() if server.process.stdout else ""
    assert "note: other users of this machine can read --token (ps); set CLAIMLEDGER_TOKEN" in log
    with serve(db, env={"CLAIMLEDGER_TOKEN": TOKEN}) as server:
        pass
    log = server.process.stdout.read() if server.process.stdout else ""
    assert "note:" not in log
