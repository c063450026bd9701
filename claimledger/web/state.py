"""What the web app holds while it runs: the ledger opened read-only and its reader, the
lexicon it is analysed with, the limits, and results computed from the whole ledger (checks,
reference check) kept until the ledger changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from claimledger.lexicon import Lexicon
from claimledger.storage.engine import sqlite_file
from claimledger.storage.reader import LedgerReader

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    claims_page: int = 500  # claims per page at most
    documents_page: int = 100
    max_offset: int = 10_000  # documents, compare, checks: deeper pages are refused
    list_page: int = 1000  # claimants, findings, comparison periods, reference lines
    text_param: int = 200  # characters of a filter value or search
    query_timeout: float = 10.0  # seconds a statement may run


class WebState:
    def __init__(self, reader: LedgerReader, lexicon: Lexicon, limits: Limits | None = None):
        self.reader = reader
        self.store = reader.store
        self.lexicon = lexicon
        self.limits = limits or Limits()
        self._cache: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._background = ThreadPoolExecutor(2, thread_name_prefix="claimledger-web")

    def close(self) -> None:
        self._background.shutdown(wait=False, cancel_futures=True)

    @property
    def ledger_label(self) -> str:
        """The ledger as pages show it: its file name or database name, never a host or user."""
        url = self.store.url
        path = sqlite_file(url)
        if path is not None:
            return Path(path).name
        return f"{url.get_backend_name()}: {url.database or ''}"

    def stamp(self) -> tuple[Any, ...]:
        return self.reader.stamp()

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, or its result from an earlier call made on the same state of the ledger;
        one computation per key at a time."""
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            stamp = self.stamp()
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]  # type: ignore[no-any-return]
            value = compute()
            self._cache[key] = (stamp, value)
            return value

    def soon(self, key: str, compute: Callable[[], T], wait: float) -> T | None:
        """`cached(key, compute)` computed in the background: its result if ready within
        `wait` seconds, else None (a page shows "being computed" and the next request gets
        it). Also how the app starts the slow whole-ledger results when it starts."""
        future = self._background.submit(self.cached, key, compute)
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            return None

    def peek(self, key: str) -> Any | None:
        """The cached result for `key` if it is for the ledger as it is now, else None."""
        hit = self._cache.get(key)
        if hit is None or hit[0] != self.stamp():
            return None
        return hit[1]
