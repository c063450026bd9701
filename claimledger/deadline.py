"""A hard time limit for one piece of work on the main thread: a timer signal interrupts it.

The extractor checks its own time limit between stages; a stage that is slow on a hostile
document (one sentence of a million words) would still run on. `hard_deadline(seconds)` arms
a timer for the block and raises `Overtime` inside it when the time is up, wherever the main
thread is in Python code. Elsewhere (another thread, no timer signals) it does nothing: the
soft checks remain.

The time is CPU time (ITIMER_VIRTUAL: the process's user time), not the wall clock: reading a
page and extracting claims do no I/O, so a pathological input burns CPU and is stopped, while
a machine that stalls or is busy with other work (a long crawl on a shared server) does not
make ordinary documents fail. In a 1 GB crawl on a loaded machine a page that takes a
millisecond failed once at 30 s of wall clock.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Overtime(BaseException):
    """The block ran past its hard deadline.

    A BaseException, like KeyboardInterrupt: libraries catch `Exception` around their own
    steps (trafilatura catches a failed lxml parse and parses the page again), and an
    overtime they swallowed would let the work run on, twice as long, past its limit.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def available() -> bool:
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGVTALRM")
        and threading.current_thread() is threading.main_thread()
    )


@contextmanager
def hard_deadline(seconds: float | None) -> Iterator[None]:
    """Raise `Overtime` in the block once it has used `seconds` of CPU (None: no limit)."""
    if seconds is None or seconds <= 0 or not available():
        yield
        return
    armed = True

    def fire(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise Overtime(seconds)

    previous = signal.signal(signal.SIGVTALRM, fire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
