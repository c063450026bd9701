"""Ingest documents per second into SQLite and PostgreSQL, side by side in one run.

    python benchmarks/ingest_rate.py [--mb 10] [--claims-share 0.1] [--dir /tmp/claimledger-bench]
                                     [--pg URL] [--engine local] [--json]

The corpus is benchmarks/corpus.py written as text files (every copy of an article distinct,
so that each is stored, as syndicated copies are), or `--input` (the FA-KES JSONL dump, say).
Each backend gets a fresh ledger and:

- ingest: `Ledger.ingest` of the folder (what `claimledger ingest` runs), timed in its two
  parts — reading, extracting and writing; then the analysis (near-duplicate groups, entries)
  that brings the new documents into the ledger's entries;
- writes: the same documents and their claims, extracted beforehand, written again into
  another fresh ledger through the writer alone (`Store.submit`): the database's share.

PostgreSQL: `--pg` (a server URL; a database is made and dropped) or $CLAIMLEDGER_TEST_PG.
Wall-clock seconds; the machine's load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

from claimledger.engines import open_engine
from claimledger.extraction.pipeline import Extractor
from claimledger.ledger import Ledger
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Document
from claimledger.sources import iter_documents
from claimledger.storage import Store


def write_corpus(folder: Path, megabytes: float, share: float) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for doc in generate(megabytes, share, distinct=True):
        header = f"date {doc.published.isoformat()}\n" if doc.published else ""
        (folder / f"{doc.id.replace('~', '_')}.txt").write_text(header + doc.text)
        n += 1
    return n


@contextmanager
def fresh(backend: str, where: Path, pg: str | None) -> Iterator[str]:
    if backend == "sqlite":
        path = where / f"ingest-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    assert pg is not None
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    name = f"claimledger_ingest_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


class _Unanalysed(Ledger):
    """A ledger whose ingest leaves the analysis for later, so each part is timed alone."""

    def analyse(self) -> Any:
        return None


def run_ingest(url: str, corpus: Path, engine: str, workers: int | None) -> dict[str, Any]:
    with _Unanalysed(Store.open(url)) as ledger:
        t0 = time.perf_counter()
        if engine == "local":
            report = ledger.ingest([corpus])
        else:
            with open_engine(engine, Extractor(load_lexicon()), workers=workers) as pool:
                t0 = time.perf_counter()  # the workers' start-up is not ingest
                report = ledger.ingest([corpus], engine=pool)
        t1 = time.perf_counter()
        Ledger.analyse(ledger)
        t2 = time.perf_counter()
    c = report.counts
    read = c.documents_new + c.documents_present
    return {
        "documents": read,
        "documents_new": c.documents_new,
        "claims": c.claims_added,
        "read_extract_write_s": t1 - t0,
        "analysis_s": t2 - t1,
        "total_s": t2 - t0,
        "documents_per_s": read / (t2 - t0),
        "documents_per_s_before_analysis": read / (t1 - t0),
    }


def run_writes(url: str, items: list[tuple[Document, list[Claim]]]) -> dict[str, Any]:
    with Store.open(url) as store:
        t0 = time.perf_counter()
        pending = [store.submit(items[i : i + 200]) for i in range(0, len(items), 200)]
        for f in pending:
            store.wait(f)
        seconds = time.perf_counter() - t0
    claims = sum(len(c) for _, c in items)
    return {
        "seconds": seconds,
        "documents_per_s": len(items) / seconds,
        "claims_per_s": claims / seconds,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--claims-share", type=float, default=0.1)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/claimledger-bench"))
    ap.add_argument("--pg", default=os.environ.get("CLAIMLEDGER_TEST_PG"))
    ap.add_argument("--engine", default="local", choices=["local", "processes", "dask"])
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument(
        "--input", type=Path, help="ingest this instead of the generated corpus (any format)"
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = args.input or args.dir / f"ingest-corpus-{args.mb:g}MB-{args.claims_share:g}"
    if not corpus.exists():
        write_corpus(corpus, args.mb, args.claims_share)
    extractor = Extractor(load_lexicon())
    # What the ledger would store: each text once.
    items = list({d.hash: (d, extractor.extract(d)) for d in iter_documents([corpus])}.values())
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    if not args.pg:
        print("no PostgreSQL (--pg or CLAIMLEDGER_TEST_PG): SQLite only", file=sys.stderr)
    report: dict[str, Any] = {
        "corpus": str(corpus),
        "documents": len(items),
        "corpus_mb": round(sum(len(d.text.encode()) for d, _ in items) / 1e6, 2),
        "engine": args.engine,
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "load_average": os.getloadavg(),
        "backends": {},
    }
    for backend in backends:
        with fresh(backend, args.dir, args.pg) as url:
            ingest = run_ingest(url, corpus, args.engine, args.workers)
        with fresh(backend, args.dir, args.pg) as url:
            writes = run_writes(url, items)
        report["backends"][backend] = {"ingest": ingest, "writes": writes}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"corpus: {report['documents']:,} documents, {report['corpus_mb']} MB; engine"
        f" {args.engine}; load average {report['load_average'][0]:.1f}"
    )
    for backend, r in report["backends"].items():
        i, w = r["ingest"], r["writes"]
        print(
            f"{backend:11s} ingest {i['documents']:,} documents ({i['claims']:,} claims) in"
            f" {i['total_s']:.1f} s = {i['documents_per_s']:.0f} docs/s"
            f" (read+extract+write {i['read_extract_write_s']:.1f} s ="
            f" {i['documents_per_s_before_analysis']:.0f} docs/s; analysis {i['analysis_s']:.1f} s)"
        )
        print(
            f"{'':11s} writes alone: {w['documents_per_s']:.0f} docs/s,"
            f" {w['claims_per_s']:.0f} claims/s"
        )


if __name__ == "__main__":
    main()
