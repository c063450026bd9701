"""Helpers of the reliability tests: run the real `claimledger` command, read a ledger the
way the tests compare them, and a reader process that checks what it sees while others write.

Run as a script it is that reader:

    python tests/support/ledgerprobe.py URL EXPECTED.json OUT.json STOP_FILE

it reads the ledger through the Ledger API over and over until STOP_FILE exists, and checks
that every document it sees carries exactly the claims EXPECTED gives for its content hash
(never a document without its claims, or with part of them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from claimledger.ledger import Ledger

CLI = [sys.executable, "-m", "claimledger"]
REPO = Path(__file__).resolve().parents[2]

# content hash → (document fields, its claims as JSON dicts with subject_surface)
Snapshot = dict[str, tuple[tuple[Any, ...], list[dict[str, Any]]]]


def snapshot(url: str) -> Snapshot:
    """Every document of the ledger with its claims, keyed by content hash."""
    with Ledger.open(url, create=False) as led:
        docs = {
            rec.document.hash: (
                rec.document.id,
                rec.document.text,
                rec.document.published,
                rec.document.url,
                rec.document.title,
                rec.document.outlet,
                rec.document.language,
                rec.document.source,
            )
            for rec in led.iter_documents()
        }
        claims: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rec in led.iter_claims():
            claims[rec.document_hash].append(claim_json(rec.claim))
    return {h: (d, claims.get(h, [])) for h, d in docs.items()}


def claim_json(c: Any) -> dict[str, Any]:
    d: dict[str, Any] = c.to_dict()
    d["subject_surface"] = c.subject_surface
    return d


def row_counts(url: str) -> dict[str, int]:
    """documents, distinct content hashes, claims, distinct (document, seq): duplicates show."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            q = {
                "documents": "SELECT count(*) FROM documents",
                "hashes": "SELECT count(DISTINCT hash) FROM documents",
                "claims": "SELECT count(*) FROM claims",
                "claim_slots": "SELECT count(*) FROM (SELECT DISTINCT document_id, seq "
                "FROM claims) AS s",
            }
            return {k: int(conn.execute(text(v)).scalar_one()) for k, v in q.items()}
    finally:
        engine.dispose()


class DocCounter:
    """Counts the ledger's documents from outside (no migrations, no writes): 0 before the
    ledger's tables exist."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def __call__(self) -> int:
        try:
            with self.engine.connect() as conn:
                return int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
        except SQLAlchemyError:
            return 0

    def close(self) -> None:
        self.engine.dispose()


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float  # the process's own peak resident memory (wait4)
    cpu_seconds: float = 0.0  # the process's own user + system time (wait4)
    # The peak of the command's own memory (VmHWM, polled): wait4's figure also keeps the
    # peak of the process it was forked from (Linux carries it across exec), so a large test
    # process inflates it.
    own_peak_mb: float = 0.0


def run_cli(args: Sequence[str], *, timeout: float = 600, cwd: Path | None = None) -> Finished:
    """Run `claimledger ARGS` to its end; its peak RSS from wait4 (this child alone)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [*CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=cwd or REPO,
    )
    out: dict[str, bytes] = {}

    def drain(name: str, stream: Any) -> None:
        out[name] = stream.read()

    threads = [
        threading.Thread(target=drain, args=("out", proc.stdout)),
        threading.Thread(target=drain, args=("err", proc.stderr)),
    ]
    for t in threads:
        t.start()
    peak = [0.0]
    threads.append(threading.Thread(target=_poll_peak, args=(proc, peak)))
    for t in threads[2:]:
        t.start()
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join()
    seconds = time.monotonic() - started
    if seconds >= timeout:
        raise AssertionError(f"claimledger {' '.join(args)} did not end within {timeout} s")
    return Finished(
        proc.returncode,
        out["out"].decode("utf-8", "replace"),
        out["err"].decode("utf-8", "replace"),
        seconds,
        usage.ru_maxrss / 1024,
        usage.ru_utime + usage.ru_stime,
        peak[0],
    )


def _poll_peak(proc: subprocess.Popen[bytes], peak: list[float]) -> None:
    """The process's VmHWM (its own memory's high-water mark), read until it ends."""
    status = Path(f"/proc/{proc.pid}/status")
    while proc.returncode is None:
        try:
            text = status.read_text()
        except OSError:
            return
        for line in text.splitlines():
            if line.startswith("VmHWM:"):
                peak[0] = max(peak[0], int(line.split()[1]) / 1024)
        time.sleep(0.01)


def write_expected(snap: Snapshot, path: Path) -> None:
    path.write_text(json.dumps({h: claims for h, (_, claims) in snap.items()}, default=str))


def reader_loop(url: str, expected_path: Path, out: Path, stop: Path) -> None:
    expected: dict[str, list[dict[str, Any]]] = json.loads(expected_path.read_text())
    reads = 0
    sizes: set[int] = set()
    violations: list[str] = []
    unexpected: list[str] = []
    with Ledger.open(url, create=False) as led:
        while not stop.exists():
            docs = led.documents()  # first the documents, then the claims: any document
            claims: dict[str, list[dict[str, Any]]] = defaultdict(list)  # seen has its
            for rec in led.iter_claims():  # claims committed by now
                claims[rec.document_hash].append(claim_json(rec.claim))
            reads += 1
            sizes.add(len(docs))
            for d in docs:
                want = expected.get(d.hash)
                if want is None:
                    unexpected.append(d.id)
                    continue
                got = json.loads(json.dumps(claims.get(d.hash, []), default=str))
                if got != want:
                    violations.append(f"{d.id}: {len(got)} claims, expected {len(want)}")
    out.write_text(
        json.dumps(
            {
                "reads": reads,
                "distinct_sizes": len(sizes),
                "max_documents": max(sizes, default=0),
                "violations": violations[:50],
                "n_violations": len(violations),
                "unexpected": unexpected[:50],
            }
        )
    )


if __name__ == "__main__":
    reader_loop(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
