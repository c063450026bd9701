"""Scaling: extraction on a Dask LocalCluster of 1 and of 2 workers (and local processes), on
the same corpus, in one run; the speed-up is the ratio of wall times.

    python benchmarks/engine_scaling.py [--mb 10] [--claims-share 0.1] [--partition 100]
                                        [--ingest] [--json]

The corpus is benchmarks/corpus.py in memory (every copy of an article distinct). Each engine
is started first (its start-up — a LocalCluster takes a couple of seconds — is reported apart),
then the documents are extracted through it (`claimledger.engines.extract_documents`: the
partitions go to the workers, the claims come back in order), as `extract --engine` does.
`--ingest` also times `ingest --engine` of the corpus written as files into fresh SQLite
ledgers, up to the analysis (which runs in the client after the workers are done: the ingest
speed-up is bounded by it and by the one writer).

Wall-clock seconds: the speed-up needs the machine's cores free (the load average is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate
from ingest_rate import _Unanalysed, write_corpus

from claimledger.engines import extract_documents, open_engine
from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import load_lexicon
from claimledger.storage import Store

CONFIGS = [("local", 1), ("processes", 1), ("processes", 2), ("dask", 1), ("dask", 2)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--claims-share", type=float, default=0.1)
    ap.add_argument("--partition", type=int, default=100)
    ap.add_argument("--ingest", action="store_true", help="also time ingest into SQLite")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/claimledger-bench"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    docs = list(generate(args.mb, args.claims_share, distinct=True))
    size = sum(len(d.text.encode()) for d in docs) / 1e6
    extractor = Extractor(load_lexicon())
    results: dict[str, dict[str, Any]] = {}
    load_before = os.getloadavg()
    for kind, workers in CONFIGS:
        t0 = time.perf_counter()
        with open_engine(kind, extractor, workers=workers) as engine:
            started = time.perf_counter() - t0
            # One partition first: every worker's lexicon tables are built before the timing.
            for _ in extract_documents(docs[: args.partition * workers], engine, args.partition):
                pass
            t1 = time.perf_counter()
            claims = sum(
                len(o) if isinstance(o, list) else 0
                for _, o in extract_documents(docs, engine, args.partition)
            )
            seconds = time.perf_counter() - t1
        results[f"{kind} ×{workers}"] = {
            "start_s": round(started, 2),
            "seconds": round(seconds, 2),
            "mb_per_s": round(size / seconds, 2),
            "claims": claims,
        }
        print(f"{kind} ×{workers}: {results[f'{kind} ×{workers}']}", file=sys.stderr)
    speedup = results["dask ×1"]["seconds"] / results["dask ×2"]["seconds"]
    report: dict[str, Any] = {
        "corpus_mb": round(size, 2),
        "documents": len(docs),
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "extract": results,
        "dask_speedup_2_over_1": round(speedup, 2),
        "processes_speedup_2_over_1": round(
            results["processes ×1"]["seconds"] / results["processes ×2"]["seconds"], 2
        ),
    }
    if args.ingest:
        corpus = args.dir / f"ingest-corpus-{args.mb:g}MB-{args.claims_share:g}"
        if not corpus.is_dir():
            write_corpus(corpus, args.mb, args.claims_share)
        timings = {}
        for workers in (1, 2):
            db = args.dir / f"scaling-{workers}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            with (
                open_engine("dask", extractor, workers=workers) as engine,
                _Unanalysed(Store.open(db)) as ledger,
            ):
                t0 = time.perf_counter()
                done = ledger.ingest([corpus], engine=engine, partition_size=args.partition)
                timings[workers] = time.perf_counter() - t0
            print(
                f"ingest dask ×{workers}: {timings[workers]:.1f} s, {done.counts}", file=sys.stderr
            )
        report["ingest_before_analysis_s"] = {f"dask ×{w}": round(s, 2) for w, s in timings.items()}
        report["ingest_speedup_2_over_1"] = round(timings[1] / timings[2], 2)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"corpus: {size:.2f} MB, {len(docs):,} documents; load average before"
        f" {load_before[0]:.1f}, after {report['load_average_after'][0]:.1f}"
    )
    print(f"{'engine':14s}{'start s':>9s}{'extract s':>11s}{'MB/s':>8s}{'claims':>9s}")
    for name, r in results.items():
        print(
            f"{name:14s}{r['start_s']:9.2f}{r['seconds']:11.2f}{r['mb_per_s']:8.2f}{r['claims']:9,}"
        )
    print(f"dask speed-up, 2 workers over 1: {speedup:.2f}×")
    print(f"processes speed-up, 2 over 1: {report['processes_speedup_2_over_1']:.2f}×")
    if args.ingest:
        print(
            "ingest (before analysis) speed-up, dask 2 over 1:"
            f" {report['ingest_speedup_2_over_1']}×"
        )


if __name__ == "__main__":
    main()
