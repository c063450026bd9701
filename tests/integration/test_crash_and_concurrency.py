"""Nothing lost, nothing doubled: `claimledger ingest` killed with SIGKILL at random moments
and run again, and two ingests with a reader at once, compared with one clean run.

The corpus: thousands of synthetic articles (tests/support/synthnews.py) in text, JSONL and HTML
files, plus the FA-KES dump when ../shared holds it. One clean single run of `claimledger
ingest` on it (SQLite) is the reference every other ledger is compared with: the same
documents (id, text and metadata, by content hash) with exactly the same claims.

    CLAIMLEDGER_KILL_RUNS=20   kills per backend (default 4)
    CLAIMLEDGER_KILL_DOCS=3000 synthetic articles (default 1200; with FA-KES 2,000 documents)
    CLAIMLEDGER_KILL_SEED=N    the kill moments' random seed (default: random, printed)
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SHARED

from tests.support.ledgerprobe import (
    CLI,
    REPO,
    DocCounter,
    Snapshot,
    row_counts,
    run_cli,
    snapshot,
    write_expected,
)
from tests.support.synthnews import build_corpus

KILL_RUNS = int(os.environ.get("CLAIMLEDGER_KILL_RUNS", "4"))
KILL_DOCS = int(os.environ.get("CLAIMLEDGER_KILL_DOCS", "1200"))
SEED = int(os.environ.get("CLAIMLEDGER_KILL_SEED", str(random.randrange(1 << 30))))


@dataclass(frozen=True)
class Reference:
    inputs: list[str]
    snap: Snapshot
    seconds: float


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    root = tmp_path_factory.mktemp("corpus")
    inputs = [str(p) for p in build_corpus(root, KILL_DOCS, shared=SHARED)]
    db = root / "clean.db"
    done = run_cli(["ingest", "--db", str(db), *inputs])
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    snap = snapshot(f"sqlite:///{db}")
    assert len(snap) >= KILL_DOCS
    counts = row_counts(f"sqlite:///{db}")
    assert counts["documents"] == counts["hashes"] == len(snap)
    print(
        f"\nreference: {len(snap)} documents, {counts['claims']} claims, "
        f"clean run {done.seconds:.1f} s"
    )
    return Reference(inputs, snap, done.seconds)


def _check_whole(url: str, ref: Reference) -> int:
    """Every stored document is one of the reference's, with exactly its claims; no row is
    stored twice. Returns the number of documents stored."""
    snap = snapshot(url)
    for h, (doc, claims) in snap.items():
        assert h in ref.snap, f"a document the clean run does not have: {doc[0]}"
        want_doc, want_claims = ref.snap[h]
        assert doc == want_doc, f"document {doc[0]} differs from the clean run's"
        assert claims == want_claims, (
            f"document {doc[0]} stored with {len(claims)} claims, the clean run has "
            f"{len(want_claims)}: a half-written document"
        )
    counts = row_counts(url)
    assert counts["documents"] == counts["hashes"] == len(snap), counts
    assert counts["claims"] == counts["claim_slots"] == sum(len(c) for _, c in snap.values())
    return len(snap)


@dataclass
class Kill:
    mode: str
    waited: float
    before: int
    after: int
    killed: bool  # False: the run ended by itself before the kill moment


def _kill_once(url: str, ref: Reference, rng: random.Random, k: int, log: Path) -> Kill:
    count = DocCounter(url)
    try:
        before = count()
        total = len(ref.snap)
        with log.open("ab") as err:
            proc = subprocess.Popen(
                [*CLI, "ingest", "--db", url, *ref.inputs],
                stdout=subprocess.DEVNULL,
                stderr=err,
                stdin=subprocess.DEVNULL,
                cwd=REPO,
            )
        started = time.monotonic()
        if k % 4 == 0 or before >= total:
            # Any moment of a run: start-up, migrations, reading, writing, analysis.
            mode = "time"
            deadline = started + rng.uniform(0.05, 2.5)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.01)
        else:
            # A moment while documents are being written: after a random number of new ones
            # are committed, plus a random fraction of a batch's time.
            mode = "progress"
            step = max(10, 2 * (total - before) // max(1, KILL_RUNS - k + 1))
            target = before + rng.randint(1, step)
            while proc.poll() is None and count() < target:
                if time.monotonic() - started > 300:
                    raise AssertionError("ingest made no progress for 300 s")
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.3))
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        waited = time.monotonic() - started
        if not killed:
            assert proc.returncode == 0, f"ingest failed (see {log})"
        return Kill(mode, waited, before, count(), killed)
    finally:
        count.close()


def test_ingest_killed_at_random_moments_loses_and_doubles_nothing(
    ledger_url: str, reference: Reference, tmp_path: Path
) -> None:
    url = ledger_url
    backend = url.split(":")[0]
    rng = random.Random(SEED + backend.startswith("postgresql"))
    log = tmp_path / "ingest-stderr.log"
    kills: list[Kill] = []
    for k in range(KILL_RUNS):
        kill = _kill_once(url, reference, rng, k, log)
        kills.append(kill)
        stored = _check_whole(url, reference) if kill.after else 0
        assert stored == kill.after
    # Then one run to the end completes the ledger.
    done = run_cli(["ingest", "--db", url, *reference.inputs])
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr + log.read_text(errors="replace")
    assert _check_whole(url, reference) == len(reference.snap)
    assert snapshot(url) == reference.snap
    verify = run_cli(["verify", "--db", url])
    assert verify.returncode == 0, verify.stdout + verify.stderr
    killed = [k for k in kills if k.killed]
    mid_write = [k for k in killed if k.before < k.after < len(reference.snap)]
    print(
        f"\n{backend}: seed {SEED}; {len(killed)}/{len(kills)} runs killed "
        f"({len(mid_write)} while writing documents); stored after each: "
        + ", ".join(f"{k.after}{'' if k.killed else '(ended)'}" for k in kills)
    )
    # The kills must land while documents are being written, not only before or after.
    assert len(killed) >= min(3, KILL_RUNS)
    assert len(mid_write) >= min(2, KILL_RUNS - 1)


# -- two writers and a reader at once ---------------------------------------------------------


def test_two_ingests_and_a_reader_at_once(
    ledger_url: str, reference: Reference, tmp_path: Path
) -> None:
    """Two `ingest` processes on overlapping inputs (the second in reverse order, so that
    their transactions meet in opposite orders) into one ledger, while a third process
    reads it through the Ledger API: the ledger ends equal to one ingest of the union, and
    the reader never sees a document without all its claims."""
    url, backend = ledger_url, ledger_url.split(":")[0]
    # Part of the synthetic articles (to keep the test short): the reference restricted to
    # them is what one ingest of them gives.
    inputs = [i for i in reference.inputs if "fa-kes" not in i][:5]  # some 900 articles
    folders = tuple(f"{i}/" for i in inputs)
    want = {h: v for h, v in reference.snap.items() if str(v[0][-1]).startswith(folders)}
    third = len(inputs) // 3
    first_part, second_part = inputs[: 2 * third + 1], inputs[third:][::-1]
    assert set(first_part) | set(second_part) == set(inputs)
    assert set(first_part) & set(second_part)
    # The reader opens the ledger first (its schema is created by then).
    assert run_cli(["ingest", "--db", url, str(tmp_path / "nothing-yet")]).returncode == 1
    expected = tmp_path / "expected.json"
    write_expected(want, expected)
    stop, seen = tmp_path / "stop", tmp_path / "reader.json"
    probe = str(REPO / "tests" / "support" / "ledgerprobe.py")
    reader = subprocess.Popen(
        [sys.executable, probe, url, str(expected), str(seen), str(stop)],
        cwd=REPO,
        stderr=subprocess.PIPE,
    )
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    writers = []
    for part, log in zip((first_part, second_part), logs, strict=True):
        with log.open("wb") as err:
            writers.append(
                subprocess.Popen(
                    [*CLI, "ingest", "--db", url, *part],
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    cwd=REPO,
                )
            )
    try:
        codes = [w.wait(timeout=900) for w in writers]
    finally:
        stop.touch()
        for w in writers:
            if w.poll() is None:
                w.kill()
        _, reader_err = reader.communicate(timeout=300)
    stderr = "".join(log.read_text(errors="replace") for log in logs)
    assert codes == [0, 0], stderr[-3000:]
    assert "Traceback" not in stderr
    assert reader.returncode == 0, reader_err.decode(errors="replace")[-3000:]
    assert snapshot(url) == want
    counts = row_counts(url)
    assert counts["documents"] == counts["hashes"] == len(want)
    report = json.loads(seen.read_text())
    print(
        f"\n{backend}: reader read the ledger {report['reads']} times while it grew "
        f"({report['distinct_sizes']} different sizes); violations: {report['n_violations']}"
    )
    assert report["n_violations"] == 0, report["violations"]
    assert report["unexpected"] == []
    assert report["distinct_sizes"] >= 3  # it did read while the writers wrote


def test_a_deadlock_between_two_writers_is_retried(ledger_url: str) -> None:
    """Two processes' transactions that insert the same documents in opposite orders
    deadlock on PostgreSQL; the database aborts one, and its writer runs it again."""
    import threading

    if ledger_url.startswith("sqlite"):
        pytest.skip("SQLite transactions take the write lock first (BEGIN IMMEDIATE): no deadlock")
    pg_database = ledger_url

    from claimledger.model import Document
    from claimledger.storage import Store
    from claimledger.storage.reader import LedgerReader
    from claimledger.storage.writes import add_documents

    x, y = Document("x", "Text of document x."), Document("y", "Text of document y.")
    stores = [Store.open(pg_database), Store.open(pg_database)]
    ready = [threading.Event(), threading.Event()]
    attempts = [0, 0]
    results: list[object] = [None, None]

    def job(k: int, order: tuple[Document, Document]) -> object:
        def run(conn: object) -> int:
            attempts[k] += 1
            add_documents(conn, [(order[0], [])], None)  # type: ignore[arg-type]
            if attempts[k] == 1:  # both hold their first row before taking the other's
                ready[k].set()
                ready[1 - k].wait(10)
            return add_documents(conn, [(order[1], [])], None).documents_new  # type: ignore[arg-type]

        def call() -> None:
            try:
                results[k] = stores[k].write(run)
            except Exception as exc:
                results[k] = exc

        return call

    threads = [
        threading.Thread(target=job(0, (x, y))),
        threading.Thread(target=job(1, (y, x))),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(isinstance(r, Exception) for r in results), results
        assert sorted(attempts) == [1, 2]  # one transaction was rolled back and run again
        assert sorted(r.document.id for r in LedgerReader(stores[0]).documents()) == ["x", "y"]
    finally:
        for s in stores:
            s.close()
