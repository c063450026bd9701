"""Fetching http(s) URLs: bounded in time and size, every failure one `SourceError` line."""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import TracebackType

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
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.limits.timeout),
                follow_redirects=True,
                max_redirects=self.limits.max_redirects,
                headers={"User-Agent": USER_AGENT},
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
