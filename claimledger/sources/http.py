"""Fetching http(s) URLs: bounded in time and size, every failure one `SourceError` line.

Only public addresses are fetched unless the caller allows others: a feed or a page is
untrusted text, and a link in it to http://127.0.0.1:8000/api, 10.x or 169.254.169.254 would
otherwise make a run read (and store) what only the machine running it can reach. Every
connection is checked where it is made, to the address it is made to: after each redirect,
and with no second DNS answer between the check and the connection.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpcore
import httpx

from claimledger.errors import SourceError

USER_AGENT = "claimledger (news claim ledger)"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    # Whole-request deadline in seconds (connect + all reads), so a server that drips bytes
    # cannot hold a run; and a size cap, since a news page is never tens of megabytes.
    timeout: float = 30.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    # Loopback, private networks, link-local (cloud metadata) and other non-public addresses
    # are refused unless allowed (a crawler inside a private network, a test server).
    allow_private_addresses: bool = False


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    media_type: str  # "text/html", lower case, without parameters; "" when not given


def is_url(s: str) -> bool:
    return s.lower().startswith(("http://", "https://"))


class Fetcher:
    """One HTTP client for a run, so pages from one site reuse their connection."""

    def __init__(self, limits: FetchLimits | None = None) -> None:
        self.limits = limits or FetchLimits()
        self._client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _get_client(self) -> httpx.Client:
        # Created on first use: most runs read only files and need no client.
        if self._client is None:
            public_only: dict[str, Any] = {}
            if not self.limits.allow_private_addresses:
                public_only = {
                    "transport": _public_transport(),
                    # Requests through a proxy (HTTP_PROXY) connect to the proxy, not to the
                    # host: their host is checked by name before each request and redirect.
                    "event_hooks": {"request": [_check_request]},
                }
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.limits.timeout),
                follow_redirects=True,
                max_redirects=self.limits.max_redirects,
                headers={"User-Agent": USER_AGENT},
                **public_only,
            )
        return self._client

    def fetch(self, url: str) -> Fetched:
        """GET `url`; raise SourceError(url, reason) on any failure."""
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        try:
            with self._get_client().stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise SourceError(url, f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limits.max_bytes:
                    raise SourceError(url, _too_large(limits.max_bytes))
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limits.max_bytes:
                        raise SourceError(url, _too_large(limits.max_bytes))
                    if time.monotonic() > deadline:
                        raise SourceError(url, f"timed out after {limits.timeout:g} s")
                    chunks.append(chunk)
                media_type = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                return Fetched(str(resp.url), b"".join(chunks), media_type)
        except PrivateAddress as exc:
            raise SourceError(url, str(exc)) from None
        except httpx.TimeoutException:
            raise SourceError(url, f"timed out after {limits.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise SourceError(url, f"more than {limits.max_redirects} redirects") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise SourceError(url, f"invalid URL ({_one_line(exc)})") from None
        except httpx.ConnectError as exc:
            raise SourceError(url, f"cannot connect ({_one_line(exc)})") from None
        except httpx.HTTPError as exc:
            raise SourceError(url, _one_line(exc) or type(exc).__name__) from None


def _too_large(limit: int) -> str:
    return f"response larger than the {limit:,}-byte limit"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


class PrivateAddress(Exception):
    """A URL's host is (or resolves to) an address that is not public."""

    def __init__(self, host: str, address: str) -> None:
        shown = host if host == address else f"{host} ({address})"
        super().__init__(
            f"refused: {shown} is not a public address (--allow-private-addresses fetches it)"
        )


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to; PrivateAddress when any of them is not public (a
    name with one public and one private address could be steered to the private one);
    OSError when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError as exc:
        raise OSError(f"cannot resolve {host} ({exc})") from None
    addresses: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if not _is_public(address):
            raise PrivateAddress(host, address)
        if address not in addresses:
            addresses.append(address)
    return addresses


def _is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])  # without an IPv6 zone ("%eth0")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback
    return ip.is_global and not ip.is_multicast


class _PublicBackend(httpcore.SyncBackend):
    """Connects only to public addresses: the name is resolved here, checked, and the
    connection made to the checked address (DNS cannot answer differently in between)."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = public_addresses(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from None
        for n, address in enumerate(addresses, 1):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError:
                if n == len(addresses):
                    raise
        raise httpcore.ConnectError(f"{host} has no address")


def _public_transport() -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport()
    # httpx passes no network backend through; its pool is rebuilt with one (the defaults
    # HTTPTransport gives its own pool, and the same SSL context).
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # httpx's own
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=5.0,
        network_backend=_PublicBackend(),
    )
    return transport


def _check_request(request: httpx.Request) -> None:
    host = request.url.host
    port = request.url.port or (443 if request.url.scheme == "https" else 80)
    if host:
        with contextlib.suppress(OSError):  # a name that does not resolve fails to connect
            public_addresses(host, port)
