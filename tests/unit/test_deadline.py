"""The hard time limit (claimledger.deadline) counts CPU time: a pathological input that burns
CPU is stopped; a block that only waits (a busy or stalled machine) is not."""

from __future__ import annotations

import threading
import time

import pytest

from claimledger.deadline import Overtime, available, hard_deadline
from claimledger.extraction import pipeline
from claimledger.model import Document


def test_cpu_burnt_past_the_limit_is_stopped() -> None:
    assert available()
    started = time.monotonic()
    with pytest.raises(Overtime, match=r"longer than 0\.2 s"), hard_deadline(0.2):
        while time.monotonic() - started < 30:  # the guard: 30 s without a signal fails
            sum(range(1000))
    assert time.monotonic() - started < 30


def test_waiting_is_not_cpu_and_is_not_stopped() -> None:
    with hard_deadline(0.1):
        time.sleep(0.4)  # four times the limit in wall-clock time, next to none in CPU


def test_the_timer_is_disarmed_after_the_block() -> None:
    with hard_deadline(0.1):
        pass
    started = time.monotonic()
    while time.monotonic() - started < 0.4:  # CPU past the old limit: no stray Overtime
        sum(range(1000))


def test_off_the_main_thread_it_does_nothing() -> None:
    outcome: list[str] = []

    def work() -> None:
        with hard_deadline(0.05):
            started = time.monotonic()
            while time.monotonic() - started < 0.2:
                sum(range(1000))
        outcome.append("finished")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert outcome == ["finished"]


def test_overtime_is_not_swallowed_by_a_librarys_except_exception() -> None:
    """trafilatura catches `Exception` around lxml's parse and parses again: an overtime it
    swallowed let a hostile page run on past its limit (issue #14)."""
    started = time.process_time()
    swallowed = 0
    with pytest.raises(Overtime), hard_deadline(0.2):
        while time.process_time() - started < 10:  # the guard: a swallowed signal fails
            try:
                sum(range(1000))
            except Exception:
                swallowed += 1
    assert swallowed == 0
    assert time.process_time() - started < 1


def test_the_extraction_limit_reads_the_cpu_clock_only_past_the_limit_in_wall_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A thread's CPU time grows no faster than the wall clock: until `limit` wall seconds have
    passed the CPU limit cannot have, and the (slow) CPU clock is not read."""
    clock = {"wall": 100.0, "cpu": 5.0}
    reads: list[float] = []

    def cpu() -> float:
        reads.append(clock["cpu"])
        return clock["cpu"]

    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: clock["wall"])
    monkeypatch.setattr(pipeline.time, "thread_time", cpu)
    check = pipeline._Deadline(Document(id="d", text="x"), 2.0)
    assert reads == [5.0]  # the start
    clock["wall"], clock["cpu"] = 101.9, 6.9
    check()
    assert reads == [5.0]  # under the limit in wall time: the CPU clock is not read
    clock["wall"] = 102.5
    check()
    assert reads == [5.0, 6.9]  # read, and under the limit
    clock["wall"], clock["cpu"] = 103.0, 7.1
    with pytest.raises(pipeline.ExtractionLimit, match="longer than 2 s"):
        check()
    unlimited = pipeline._Deadline(Document(id="d", text="x"), None)
    clock["wall"], clock["cpu"] = 1e9, 1e9
    unlimited()
    assert reads == [5.0, 6.9, 7.1]
