"""What every response of claimledger serve goes through: the token check, the Host check, the
security headers (a strict Content-Security-Policy among them), and read-only methods.

- Token (given with --token or CLAIMLEDGER_TOKEN; required to bind a non-loopback address):
  every request must carry it — `Authorization: Bearer TOKEN`, or the `claimledger_token`
  cookie (Secure over TLS) a browser gets by opening any page once with `?token=TOKEN`
  (answered with a redirect to this server that drops the token from the address). Compared in
  constant time (hmac.compare_digest). Tokens are ASCII a cookie carries unquoted.
  Without it: 401 (an HTML page with a token form for pages, JSON for the API).
- Host: without a token the server only answers requests addressed to a loopback name (or the
  loopback address it is bound to), so a web page elsewhere cannot reach it through DNS
  rebinding.
- Methods: GET and HEAD only (the web app never writes).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
import string
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "claimledger_token"
TOKEN_ENV = "CLAIMLEDGER_TOKEN"
MIN_TOKEN_CHARS = 16

# Scripts only from the app itself (Plotly included); no inline script, no eval. Inline styles
# are allowed because Plotly sets its SVG styles that way; every string from a document is
# escaped, so nothing a document holds can become a style or an element.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def host_names(host: str) -> list[str]:
    """How a Host header names the address `host` (an IPv6 one in brackets)."""
    h = host.strip().strip("[]").lower()
    return [h, f"[{h}]"] if ":" in h else [h]


def is_loopback(host: str) -> bool:
    """Whether binding `host` only accepts connections from this machine."""
    h = host.strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


# What a token may be made of: the characters a cookie value may hold unquoted (RFC 6265's
# cookie-octet), all ASCII, so the same token works in the cookie, in an Authorization header
# (decoded as latin-1) and typed in the login form. No space, quote, comma, semicolon or
# backslash, nothing beyond ASCII.
TOKEN_PUNCTUATION = "".join(c for c in string.punctuation if c not in '",;\\')
TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + TOKEN_PUNCTUATION)


def token_problem(token: str) -> str | None:
    """Why a token is not good enough, or None."""
    if len(token) < MIN_TOKEN_CHARS:
        return f"the token must be at least {MIN_TOKEN_CHARS} characters long"
    if not TOKEN_CHARS.issuperset(token):
        return (
            "the token may only contain ASCII letters, digits and the punctuation "
            f"{TOKEN_PUNCTUATION} (no spaces, quotes, commas, semicolons, backslashes or "
            "other characters)"
        )
    return None


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


class Guard:
    """ASGI middleware in front of the whole app."""

    def __init__(
        self,
        app: ASGIApp,
        token: str | None,
        allowed_hosts: Iterable[str] | None,
        secure_cookie: bool = False,
    ) -> None:
        self.app = app
        self.token = token
        self.hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}
        self.secure_cookie = secure_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.hosts is not None and _host_name(headers.get("host", "")) not in self.hosts:
            await _plain(send_secured, 400, "This server only answers requests to localhost.")
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _plain(
                send_secured, 405, "Read only: GET and HEAD only.", [(b"allow", b"GET, HEAD")]
            )
            return
        if self.token is not None:
            path: str = scope["path"]
            api = path.startswith("/api/") or path == "/openapi.json"
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
            given = [v for k, v in query if k == "token"]
            if given and not api:
                if _same(given[0], self.token):
                    await _set_cookie_redirect(
                        send_secured, path, query, self.token, self.secure_cookie
                    )
                else:
                    await _unauthorized(send_secured, api, "wrong token")
                return
            if not self._authorised(headers):
                await _unauthorized(send_secured, api, "a token is needed")
                return
        if scope["method"] == "HEAD":
            # Answered as GET without the body (the routes are GET routes).
            scope = {**scope, "method": "GET"}

            async def send_head(message: Message) -> None:
                if message["type"] == "http.response.body":
                    if message.get("more_body", False):
                        return
                    message = {"type": "http.response.body", "body": b""}
                await send_secured(message)

            await self.app(scope, receive, send_head)
            return
        await self.app(scope, receive, send_secured)

    def _authorised(self, headers: dict[str, str]) -> bool:
        assert self.token is not None
        auth = headers.get("authorization", "")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and _same(value.strip(), self.token):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and _same(morsel.value, self.token)


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


async def _plain(
    send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *(extra or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# Browsers drop tabs and newlines from a URL before reading it ("/\t/host" is "//host"): every
# control character goes, before the leading slashes are looked at (a space stays, encoded).
_URL_DROPPED = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def local_location(path: str, query: list[tuple[str, str]]) -> str:
    """Where a page opened with ?token= is sent: the same path and query without the token,
    always on this server ("//host/…", "/\\host" or "/\t/host" would send the browser
    elsewhere), percent-encoded so that the header holds nothing but ASCII."""
    path = _URL_DROPPED.sub("", path).lstrip("/\\")
    rest = urlencode([(k, v) for k, v in query if k != "token"])
    return "/" + quote(path, safe="/:@!$&'()*+,;=~") + (f"?{rest}" if rest else "")


async def _set_cookie_redirect(
    send: Send, path: str, query: list[tuple[str, str]], token: str, secure: bool
) -> None:
    location = local_location(path, query)
    # Secure when served over TLS: the browser then never sends the token in clear text.
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("ascii")),
                (b"set-cookie", cookie.encode()),
                (b"cache-control", b"no-store"),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})


_LOGIN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>claimledger: token needed</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/app.css"></head>
<body><main class="narrow"><h1>claimledger</h1><p>This ledger is served with a token
(<code>--token</code> or <code>CLAIMLEDGER_TOKEN</code>). Enter it to read.</p>
<form method="get" action=""><label>Token <input type="password" name="token"
autocomplete="current-password" required></label> <button type="submit">Open</button></form>
</main></body></html>
"""


async def _unauthorized(send: Send, api: bool, reason: str) -> None:
    if api:
        body = json.dumps({"detail": f"unauthorized: {reason} (Authorization: Bearer TOKEN)"})
        ctype = b"application/json"
    else:
        body, ctype = _LOGIN, b"text/html; charset=utf-8"
    data = body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", ctype),
                (b"content-length", str(len(data)).encode()),
                (b"www-authenticate", b'Bearer realm="claimledger"'),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})
