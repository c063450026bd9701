"""Latency of claimledger serve over a large ledger: the timeline and claims API, p50/p95.

    python benchmarks/serve_latency.py [--claims 100000] [--db PATH|URL] [--requests 300]
                                       [--json]

Builds (or reuses, when `--db` already holds one) a ledger of synthetic claims written through
the Ledger API (`Ledger.add`, so the analysis — near-duplicate groups, entries — runs as on a
real ingest): `--claims` claims in documents of 5 claims each, 40 claimants of both sides and
third parties, 14 metrics, 4 subjects, dates from 2022-02-24 over three years, a third of them
running totals, some ranges and open bounds. Then starts `claimledger serve` on a free loopback
port (a separate process, as a user runs it) and times, one request at a time, from this
process over HTTP:

- timeline: /api/timeline for the metric/subject pairs, without and with a date range;
- claims:   /api/claims pages — no filter, a metric prefix, a subject, a claimant, a date
            range, a deep page (`after` a random id), newest first — each with its total count.

Wall-clock latency per request (client send to last byte), after a warm-up; reports p50, p95
and max per kind, and the sizes answered.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from claimledger.ledger import Ledger
from claimledger.model import Claim, Claimant, Document, Evidence, Period, Value

REPO = Path(__file__).resolve().parents[1]
CLAIMS_PER_DOC = 5
START = date(2022, 2, 24)
METRICS = [
    "personnel.killed",
    "personnel.wounded",
    "personnel.killed_or_wounded",
    "personnel.captured",
    "equipment.tanks",
    "equipment.armored_vehicles",
    "equipment.artillery",
    "equipment.aircraft",
    "equipment.helicopters",
    "equipment.uav",
    "equipment.mlrs",
    "equipment.air_defense",
    "equipment.ships",
    "munitions.cruise_missiles",
]
SUBJECTS = ["Russia", "Ukraine", "Russia", "Russia", "Ukraine", "Israel", "Sudan"]
AFFILIATIONS = ["Ukraine", "Russia", "United Kingdom", "United States", "independent"]


def synthetic(n_claims: int, seed: int = 7) -> list[tuple[Document, list[Claim]]]:
    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(8000)]
    claimants = [(f"Claimant {i:02d}", AFFILIATIONS[i % len(AFFILIATIONS)]) for i in range(40)]
    items = []
    for d in range(n_claims // CLAIMS_PER_DOC):
        published = START + timedelta(days=rnd.randrange(3 * 365))
        sentences: list[str] = []
        claims: list[Claim] = []
        doc_id = f"synthetic-{d:06d}"
        text = " ".join(rnd.choices(vocab, k=40)) + ". "
        for _ in range(CLAIMS_PER_DOC):
            metric = rnd.choice(METRICS)
            subject = rnd.choice(SUBJECTS)
            name, affiliation = rnd.choice(claimants)
            cumulative = rnd.random() < 0.33
            base = rnd.randrange(10, 200_000 if cumulative else 2_000)
            kind = rnd.random()
            if kind < 0.1:
                value = Value(base, base + rnd.randrange(1, 1000), "range")
            elif kind < 0.2:
                value = Value(base, None, "more_than")
            elif kind < 0.4:
                value = Value(base, base, "approx")
            else:
                value = Value(base, base, "exact")
            end = published - timedelta(days=rnd.randrange(0, 3))
            start = START if cumulative else end - timedelta(days=rnd.randrange(0, 7))
            sentence = f"{name} said {base} {metric} of {subject} by {end.isoformat()}. "
            at = len(text)
            text += sentence + " ".join(rnd.choices(vocab, k=12)) + ". "
            claims.append(
                Claim(
                    doc_id=doc_id,
                    metric=metric,
                    subject=subject,
                    value=value,
                    rate=None,
                    claimant=Claimant(name, affiliation),
                    period=Period(start, end, cumulative),
                    location=None,
                    group="military" if metric.startswith("personnel.") else None,
                    evidence=Evidence(at, at + len(sentence) - 1, sentence.strip()),
                )
            )
            sentences.append(sentence)
        doc = Document(
            id=doc_id,
            text=text,
            published=published,
            url=f"https://news.example/{doc_id}",
            title=f"Synthetic report {d}",
            outlet=f"Outlet {d % 60}",
        )
        items.append((doc, claims))
    return items


def build(db: str, n_claims: int) -> dict[str, Any]:
    with Ledger.open(db) as led:
        have = led.reader.table_counts()["claims"]
        if have >= n_claims:
            return {"built": False, "claims": have}
        started = time.monotonic()
        items = synthetic(n_claims)
        batch = 1000
        for i in range(0, len(items), batch):
            led.add(items[i : i + batch])
            print(f"  … {min(i + batch, len(items)) * CLAIMS_PER_DOC:,} claims", file=sys.stderr)
        return {
            "built": True,
            "claims": led.reader.table_counts()["claims"],
            "seconds": round(time.monotonic() - started, 1),
        }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(q * (len(xs) - 1))))
    return xs[k]


def measure(client: httpx.Client, paths: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    times: list[float] = []
    sizes: list[int] = []
    for path, params in paths:
        t0 = time.perf_counter()
        r = client.get(path, params=params)
        body = r.content
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{path} {params}: {r.status_code} {body[:300]!r}")
        sizes.append(len(body))
    return {
        "requests": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "median_bytes": int(statistics.median(sizes)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--db", default=str(REPO / "benchmarks" / "out" / "serve-latency.db"))
    ap.add_argument("--requests", type=int, default=300, help="per kind")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    if "://" not in args.db:
        Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    print(f"ledger {args.db}: {args.claims:,} synthetic claims", file=sys.stderr)
    built = build(args.db, args.claims)

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimledger", "serve", "--db", args.db, "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "CLAIMLEDGER_TOKEN"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/favicon.ico")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.2)
            metrics = client.get("/api/metrics").json()
            pairs = [
                (m["metric"], s)
                for m in metrics
                for s, n in m["subjects"].items()
                if s and n >= 100
            ]
            rnd = random.Random(11)
            max_id = client.get("/api/claims", params={"newest_first": True, "limit": 1}).json()
            top = max_id["items"][0]["id"]

            timeline: list[tuple[str, dict[str, Any]]] = []
            for i in range(args.requests):
                metric, subject = pairs[i % len(pairs)]
                params: dict[str, Any] = {"metric": metric, "subject": subject}
                if i % 3 == 2:
                    a = START + timedelta(days=rnd.randrange(700))
                    params |= {
                        "since": a.isoformat(),
                        "until": (a + timedelta(days=180)).isoformat(),
                    }
                timeline.append(("/api/timeline", params))

            claim_kinds: list[dict[str, Any]] = [
                {},
                {"metric": "personnel"},
                {"metric": "equipment.tanks", "subject": "russia"},
                {"claimant": "claimant 1"},
                {"since": "2023-01-01", "until": "2023-03-31"},
                {"newest_first": True},
                {"limit": 200},
            ]
            claims: list[tuple[str, dict[str, Any]]] = []
            for i in range(args.requests):
                params = dict(claim_kinds[i % len(claim_kinds)])
                if i % 4 == 3:
                    params["after"] = rnd.randrange(1, top)
                claims.append(("/api/claims", params))

            # Warm-up: the first requests load the lexicon and fill the caches.
            measure(client, timeline[:10] + claims[:10])
            results = {
                "timeline": measure(client, timeline),
                "claims": measure(client, claims),
            }
            tl = client.get("/api/timeline", params=dict(timeline[0][1])).json()
            points = sum(len(s["points"]) for s in tl["series"])
    finally:
        proc.terminate()
        proc.wait(10)

    report = {
        "ledger": args.db if "://" in args.db else "sqlite",
        "claims_in_ledger": built["claims"],
        "build": built,
        "timeline_pairs": len(pairs),
        "points_per_timeline_example": points,
        "series_per_timeline_example": len(tl["series"]),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "latency": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['claims_in_ledger']:,} claims ({report['ledger']}); {report['machine']}")
    print(
        f"timeline example: {report['series_per_timeline_example']} series, "
        f"{report['points_per_timeline_example']:,} points"
    )
    for kind in ("timeline", "claims"):
        r = results[kind]
        print(
            f"{kind:9} {r['requests']} requests: p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, "
            f"max {r['max_ms']} ms ({r['median_bytes']:,} bytes median)"
        )


if __name__ == "__main__":
    main()
