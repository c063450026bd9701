"""Helpers for the web tests: ledgers to serve, `claimledger serve` in a subprocess on a free
loopback port, and headless Chromium (Debian's package, driven by Playwright; never
`playwright install`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
SYNDICATION = REPO / "tests" / "corpus" / "syndication" / "pages"
SCREENSHOTS = REPO / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CLAIMLEDGER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
TOKEN = "test-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_command(db: str, port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "claimledger", "serve", "--db", db, "--port", str(port), *extra]


@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)
    verify: Any = True  # for HTTPS: an SSLContext trusting the test's certificate

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30, verify=self.verify, **kwargs)

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


@contextmanager
def serve(
    db: str,
    *extra: str,
    host: str = "127.0.0.1",
    env: dict[str, str] | None = None,
    connect: str = "127.0.0.1",
    verify: Any = True,
) -> Iterator[Server]:
    """`claimledger serve` (uvicorn) in a subprocess; yields once it answers on `connect`
    (over HTTPS when --ssl-certfile is among the options)."""
    port = free_port()
    cmd = serve_command(db, port, "--host", host, *extra)
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    scheme = "https" if "--ssl-certfile" in extra else "http"
    base = f"{scheme}://{connect}:{port}"
    server = Server(base, proc, verify=verify)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read() if proc.stdout else ""
                raise AssertionError(f"claimledger serve exited {proc.returncode}: {out}")
            try:
                httpx.get(base + "/favicon.ico", timeout=1, verify=verify)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError("claimledger serve did not start in 30 s") from None
                time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# -- Chromium ----------------------------------------------------------------------------------


def chromium_or_skip() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (scripts/test.sh installs Debian's chromium)")
    pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")


@dataclass
class Watch:
    """What a page did that it must not: dialogs, console errors, uncaught exceptions."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        def on_dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)
        page.on(
            "console",
            lambda m: (
                self.errors.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# -- hostile content -----------------------------------------------------------------------------

XSS_MARK = "__claimledger_xss"
SCRIPT = f"<script>window.{XSS_MARK}=1;alert('xss-script')</script>"
IMG = f"<img src=x onerror=\"window.{XSS_MARK}=2;alert('xss-img')\" id=injected>"
SVG = f'<svg onload="window.{XSS_MARK}=3"><a id=injected-svg></a></svg>'
JS_LINK = f'<a id=injected-link href="javascript:window.{XSS_MARK}=4">click</a>'
BREAKOUT = f"</script><script>window.{XSS_MARK}=5</script>"
PAYLOAD = f"{SCRIPT} {IMG} {SVG} {JS_LINK} {BREAKOUT}"


def hostile_items() -> list[tuple[Any, list[Any]]]:
    """A document whose every field carries markup and script, with claims whose every text
    field does too (as a compromised extractor or source could store them)."""
    from claimledger.model import Claim, Claimant, Document, Evidence, Period, Value

    text = (
        f"Officials said 40 {SCRIPT} soldiers were killed near Bakhmut on 12 March. "
        f"Later {IMG} the ministry said more than 60 were killed. {SVG} {JS_LINK} {BREAKOUT} "
        "A spokesman said 75 soldiers were killed, while another put it at 30."
    )
    doc = Document(
        id=f"hostile-{IMG}",
        text=text,
        published=date(2023, 3, 13),
        url=f"javascript:window.{XSS_MARK}=6",
        title=f"Title {SCRIPT} {IMG}",
        outlet=f"Outlet {IMG} <b onmouseover=alert(1)>x</b>",
        source=f"source {SCRIPT}",
    )

    def claim(low: float, high: float, claimant: str, at: int, **kw: Any) -> Claim:
        s = text.index(str(int(low))) if str(int(low)) in text else at
        return Claim(
            doc_id=doc.id,
            metric="personnel.killed",
            subject="Russia",
            value=Value(low, high, kw.pop("qualifier", "exact" if low == high else "range")),
            rate=None,
            claimant=Claimant(claimant, kw.pop("affiliation", f"Ukraine {SCRIPT}")),
            period=Period(date(2023, 3, 12), date(2023, 3, 12), False),
            location=kw.pop("location", f"Bakhmut {IMG}"),
            group="military",
            evidence=Evidence(s, min(len(text), s + 80), text[s : s + 80]),
        )

    claims = [
        claim(40, 40, f"Spokesman {SCRIPT}", 0),
        claim(60, 60, f"Ministry {IMG}", 0, qualifier="more_than"),
        # The same claimant, period and place, different figures: a finding on /checks too.
        claim(75, 75, f"Spokesman {SCRIPT}", 0),
        # A range whose low bound is above its high bound (range_inverted).
        claim(30, 20, f"Officer {SVG}", text.index("30"), location=f"Soledar {JS_LINK}"),
    ]
    return [(doc, claims)]


def hostile_html_page() -> str:
    """An article page (read by the HTML source) with markup in its title, body and metadata."""
    return f"""<!doctype html><html lang="en"><head>
<title>Siege report {SCRIPT}</title>
<meta property="og:title" content="Siege report &lt;script&gt;window.{XSS_MARK}=7&lt;/script&gt;">
<meta property="og:site_name" content="Evil Outlet &lt;img src=x onerror=alert(8)&gt;">
<meta property="article:published_time" content="2023-03-14">
<link rel="canonical" href="javascript:alert(9)">
</head><body><article>
<h1>Siege report</h1>
<p>Ukraine's General Staff said 420 Russian soldiers were killed in the past day near Bakhmut.
&lt;script&gt;window.{XSS_MARK}=10&lt;/script&gt; &lt;img src=x onerror="alert(11)"&gt;</p>
<p>Russia's defence ministry said 150 Ukrainian servicemen were killed. &lt;a
href="javascript:alert(12)"&gt;more&lt;/a&gt; &lt;svg onload=alert(13)&gt;</p>
</article></body></html>
"""


def small_ua_mod(folder: Path) -> Path:
    """A ua-mod-like personnel series for 2023-03-08 … 2023-03-16 (Russia's losses)."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {"date": f"2023-03-{d:02d}", "day": 370 + d, "personnel": 160_000 + 500 * d}
        for d in range(8, 17)
    ]
    (folder / "russia_losses_personnel.json").write_text(json.dumps(rows), "utf-8")
    return folder
