"""The HTTP protocol claimledger serve runs: uvicorn's h11 one, with two bounds it lacks.

- A deadline for each request head: uvicorn waits for headers as long as a client keeps the
  connection open, so a few dozen clients sending a byte now and then held a public server's
  connections for minutes before any login. Here a request whose head has not arrived within
  `header_timeout` seconds of its first byte (of the connection, for the first request) has
  its connection closed.
- A cap on open connections: past `max_connections`, a new connection is closed at once, so
  idle sockets cannot pile up without end.

Keep-alive between requests stays uvicorn's (--timeout-keep-alive, 5 s).
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from claimledger.web import DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_CONNECTIONS


class BoundedH11Protocol(H11Protocol):
    header_timeout = DEFAULT_HEADER_TIMEOUT
    max_connections = DEFAULT_MAX_CONNECTIONS
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.close()
            return
        self._watch_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _watch_head(self) -> None:
        """Arm the deadline while a request head is awaited, disarm it once one has come.
        Between requests uvicorn's keep-alive timer runs; the first byte of the next request
        stops it (in data_received) and starts this one."""
        waiting = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
        if not waiting:
            self._stop_head_timer()
        elif self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_expired)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_expired(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def bounded_protocol(header_timeout: float, max_connections: int) -> type[H11Protocol]:
    """The protocol class to give uvicorn (`http=`), with these bounds."""
    return type(
        "BoundedH11Protocol",
        (BoundedH11Protocol,),
        {"header_timeout": header_timeout, "max_connections": max_connections},
    )
