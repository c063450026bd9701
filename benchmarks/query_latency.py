"""Query latency on a large ledger: the `claims` filters and the timeline, p50/p95, SQLite and
PostgreSQL side by side.

    python benchmarks/query_latency.py [--claims 1000000] [--dir /tmp/claimledger-bench]
                                       [--pg URL] [--runs 200] [--json]

Builds (once; reused while it holds the claims asked for) a ledger of generated claims on each
backend: documents of 10 claims each, written through the ledger's writer (`Store.submit`, the
bulk path ingest uses) and put into ledger entries by the analysis (`update_entries`). A third
of the claims repeat a claim of an earlier document (copies of one report: entries with several
documents). 14 metrics, 7 subjects, 240 claimants of six affiliations, 400 places, periods over
three years from 2022-02-24, a third of them running totals — skewed as news is (a few metrics,
subjects and claimants carry most claims).

Then times, one query at a time on the query layer the CLI and the web API share
(claimledger.storage.browse, claimledger.analysis.timeline), after a warm-up:

- claims:   the first page (100 claims, what `claims` shows first and /api/claims returns) for
            each filter of `claims` — metric id, metric prefix, subject, claimant (part of the
            name), affiliation, location, since/until (a month), document id, and metric +
            subject + a quarter together; each with random values;
- count:    the number of claims a filter selects (/api/claims?count=1);
- timeline: the timeline of a metric for a subject (analysis.timeline.timeline: the SQL and
            the points built from it) over a month or a year; the pair drawn as claims are
            spread (the big series most often) or uniformly among the 98 pairs.

PostgreSQL: `--pg` (a server URL; a database `claimledger_bench_N` is made on it) or
$CLAIMLEDGER_TEST_PG; skipped without one. Wall-clock milliseconds per query.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claimledger.analysis.entries import update_entries
from claimledger.analysis.timeline import timeline
from claimledger.lexicon import load_lexicon
from claimledger.model import Claim, Claimant, Document, Evidence, Period, Value
from claimledger.storage import ClaimFilter, Store
from claimledger.storage.reader import LedgerReader

CLAIMS_PER_DOC = 10
START = date(2022, 2, 24)
DAYS = 3 * 365
METRICS = [  # (id, weight)
    ("personnel.killed", 30),
    ("personnel.wounded", 14),
    ("personnel.killed_or_wounded", 8),
    ("personnel.captured", 4),
    ("personnel.missing", 3),
    ("equipment.tanks", 10),
    ("equipment.armored_vehicles", 7),
    ("equipment.artillery", 6),
    ("equipment.aircraft", 3),
    ("equipment.helicopters", 2),
    ("equipment.uav", 7),
    ("equipment.air_defense", 2),
    ("munitions.cruise_missiles", 3),
    ("territory.advance_km", 1),
]
SUBJECTS = [("Russia", 40), ("Ukraine", 30), ("Israel", 8), ("Palestinians", 10), ("Sudan", 5),
            ("Syria", 4), ("Myanmar", 3)]  # fmt: skip
AFFILIATIONS = ["Ukraine", "Russia", "United Kingdom", "United States", "independent", "Israel"]


def _weighted(pairs: list[tuple[str, int]]) -> tuple[list[str], list[int]]:
    return [p for p, _ in pairs], [w for _, w in pairs]


def generate(n_claims: int, seed: int = 11) -> Iterator[tuple[Document, list[Claim]]]:
    rnd = random.Random(seed)
    metrics, metric_w = _weighted(METRICS)
    subjects, subject_w = _weighted(SUBJECTS)
    claimants = [(f"Spokesperson {i:03d}", AFFILIATIONS[i % len(AFFILIATIONS)]) for i in range(240)]
    # Zipf-like: the first claimants speak most often.
    claimant_w = [1 / (i + 1) for i in range(len(claimants))]
    places = [f"Place {i:03d}" for i in range(400)]
    place_w = [1 / (i + 1) ** 0.8 for i in range(len(places))]
    recent: list[Claim] = []
    for d in range(n_claims // CLAIMS_PER_DOC):
        doc_id = f"generated-{d:07d}"
        published = START + timedelta(days=rnd.randrange(DAYS))
        text = ""
        claims: list[Claim] = []
        for _ in range(CLAIMS_PER_DOC):
            if recent and rnd.random() < 1 / 3:
                src = rnd.choice(recent)  # a copy of an earlier report's claim
                metric, subject, name, affiliation = (
                    src.metric,
                    src.subject,
                    src.claimant.name,
                    src.claimant.affiliation,
                )
                value, period, location = src.value, src.period, src.location
            else:
                metric = rnd.choices(metrics, metric_w)[0]
                subject = rnd.choices(subjects, subject_w)[0]
                name, affiliation = rnd.choices(claimants, claimant_w)[0]
                cumulative = rnd.random() < 1 / 3
                base = float(rnd.randrange(10, 200_000 if cumulative else 2_000))
                value = (
                    Value(base, base + rnd.randrange(1, 500), "range")
                    if rnd.random() < 0.1
                    else Value(base, base, "exact")
                )
                end = published - timedelta(days=rnd.randrange(0, 3))
                start = START if cumulative else end - timedelta(days=rnd.randrange(0, 7))
                period = Period(start, end, cumulative)
                location = rnd.choices(places, place_w)[0] if rnd.random() < 0.6 else None
            sentence = f"{name} said {value.low:g} {metric} of {subject} by {period.end}."
            at = len(text)
            text += sentence + f" Paragraph {rnd.randrange(10**9)} of report {doc_id}. "
            claim = Claim(
                doc_id=doc_id,
                metric=metric,
                subject=subject,
                value=value,
                rate=None,
                claimant=Claimant(name, affiliation),
                period=period,
                location=location,
                group="military" if metric.startswith("personnel.") else None,
                evidence=Evidence(at, at + len(sentence), sentence),
            )
            claims.append(claim)
        recent = (recent + claims)[-2000:]
        doc = Document(
            id=doc_id,
            text=text,
            published=published,
            url=f"https://news.example.org/{doc_id}",
            title=f"Report {d}",
            outlet=f"Outlet {d % 80}",
        )
        yield doc, claims


def build(url: str, n_claims: int) -> dict[str, Any]:
    with Store.open(url) as store:
        have = LedgerReader(store).table_counts()["claims"]
        if have >= n_claims:
            return {"built": False, "claims": have}
        if have:
            sys.exit(f"{url} holds {have:,} claims, not {n_claims:,}: remove it first")
        started = time.monotonic()
        batch: list[tuple[Document, list[Claim]]] = []
        pending = []
        for item in generate(n_claims):
            batch.append(item)
            if len(batch) == 500:
                pending.append(store.submit(batch))
                batch = []
                if len(pending) > 2:
                    store.wait(pending.pop(0))
        if batch:
            pending.append(store.submit(batch))
        for f in pending:
            store.wait(f)
        written = time.monotonic() - started
        update_entries(store)
        return {
            "built": True,
            "claims": LedgerReader(store).table_counts()["claims"],
            "write_seconds": round(written, 1),
            "entries_seconds": round(time.monotonic() - started - written, 1),
        }


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[max(0, min(len(xs) - 1, round(q * (len(xs) - 1))))]


def timed(fn: Callable[[], object], runs: int) -> dict[str, float]:
    for _ in range(3):
        fn()  # warm-up: caches, plans
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
    }


def workloads(store: Store, rnd: random.Random) -> dict[str, Callable[[], object]]:
    metrics, metric_w = _weighted(METRICS)
    subjects, subject_w = _weighted(SUBJECTS)

    def a_month() -> tuple[date, date]:
        since = START + timedelta(days=rnd.randrange(DAYS - 31))
        return since, since + timedelta(days=30)

    reader = LedgerReader(store)
    lexicon = load_lexicon(())

    def page(make: Callable[[], ClaimFilter]) -> Callable[[], object]:
        return lambda: reader.claims_page(make(), 100)

    def count(make: Callable[[], ClaimFilter]) -> Callable[[], object]:
        return lambda: reader.count_claims(make())

    filters: dict[str, Callable[[], ClaimFilter]] = {
        "no filter": lambda: ClaimFilter(),
        "metric": lambda: ClaimFilter(metric=rnd.choices(metrics, metric_w)[0]),
        "metric prefix": lambda: ClaimFilter(metric=rnd.choice(["personnel", "equipment"])),
        "subject": lambda: ClaimFilter(subject=rnd.choices(subjects, subject_w)[0].lower()),
        "claimant": lambda: ClaimFilter(claimant=f"person {rnd.randrange(240):03d}"),
        "affiliation": lambda: ClaimFilter(affiliation=rnd.choice(AFFILIATIONS)),
        "location": lambda: ClaimFilter(location=f"place {rnd.randrange(400):03d}"),
        "since/until": lambda: ClaimFilter(since=(m := a_month())[0], until=m[1]),
        "document": lambda: ClaimFilter(doc=f"generated-{rnd.randrange(10**5):07d}"),
        "metric+subject+quarter": lambda: ClaimFilter(
            metric=rnd.choices(metrics, metric_w)[0],
            subject=rnd.choices(subjects, subject_w)[0],
            since=(q := START + timedelta(days=rnd.randrange(DAYS - 92))),
            until=q + timedelta(days=91),
        ),
    }
    out: dict[str, Callable[[], object]] = {}
    for name, make in filters.items():
        out[f"claims: {name}"] = page(make)
    for name in ("metric", "subject", "claimant", "since/until"):
        out[f"count: {name}"] = count(filters[name])

    pairs = [(m, sub) for m in metrics for sub in subjects]

    def a_timeline(days: int, weighted: bool) -> Callable[[], object]:
        def run() -> object:
            if weighted:
                metric = rnd.choices(metrics, metric_w)[0]
                subject = rnd.choices(subjects, subject_w)[0]
            else:
                metric, subject = rnd.choice(pairs)
            since = START + timedelta(days=rnd.randrange(DAYS - days))
            until = since + timedelta(days=days)
            return timeline(reader, metric, subject, since, until, lexicon=lexicon)

        return run

    out["timeline: a month, pair by claims"] = a_timeline(30, weighted=True)
    out["timeline: a year, pair by claims"] = a_timeline(365, weighted=True)
    out["timeline: a year, any pair"] = a_timeline(365, weighted=False)
    return out


def pg_database(server: str, n_claims: int) -> str:
    name = f"claimledger_bench_{n_claims}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/claimledger-bench"))
    ap.add_argument("--pg", default=os.environ.get("CLAIMLEDGER_TEST_PG"))
    ap.add_argument("--runs", type=int, default=200, help="queries per kind")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    ledgers = {}
    for backend in args.backends.split(","):
        if backend == "sqlite":
            ledgers["sqlite"] = f"sqlite:///{args.dir / f'queries-{args.claims}.db'}"
        elif args.pg:
            ledgers["postgresql"] = pg_database(args.pg, args.claims)
        else:
            print("no PostgreSQL (--pg or CLAIMLEDGER_TEST_PG): skipped", file=sys.stderr)
    report: dict[str, Any] = {
        "claims": args.claims,
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "load_average": os.getloadavg(),
        "backends": {},
    }
    for backend, url in ledgers.items():
        print(f"{backend}: building or checking {args.claims:,} claims …", file=sys.stderr)
        built = build(url, args.claims)
        print(f"{backend}: {built}", file=sys.stderr)
        with Store.open(url) as store:
            results = {
                name: timed(fn, args.runs)
                for name, fn in workloads(store, random.Random(3)).items()
            }
        report["backends"][backend] = {"build": built, "queries": results}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    names = list(next(iter(report["backends"].values()))["queries"])
    head = "".join(f"{b + ' p50':>18s}{'p95':>8s}" for b in report["backends"])
    print(f"{args.claims:,} claims; load average {report['load_average'][0]:.1f}")
    print(f"{'query':30s}{head}")
    for name in names:
        cells = "".join(
            f"{r['queries'][name]['p50_ms']:18.1f}{r['queries'][name]['p95_ms']:8.1f}"
            for r in report["backends"].values()
        )
        print(f"{name:30s}{cells}")


if __name__ == "__main__":
    main()
