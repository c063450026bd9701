"""A hard time limit for one piece of work on the main thread: a timer signal interrupts it.

The extractor checks its own time limit between stages; a stage that is slow on a hostile
document (one sentence of a million words) would still run on. `hard_deadline(seconds)` arms
SIGALRM for the block and raises `Overtime` inside it when the time is up, wherever the main
thread is in Python code. Elsewhere (another thread, no SIGALRM) it does nothing: the soft
checks remain.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Overtime(Exception):
    """The block ran past its hard deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def hard_deadline(seconds: float | None) -> Iterator[None]:
    """Raise `Overtime` in the block once `seconds` have passed (None: no limit)."""
    if seconds is None or seconds <= 0 or not available():
        yield
        return
    armed = True

    def fire(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise Overtime(seconds)

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
