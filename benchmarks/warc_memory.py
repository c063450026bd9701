"""Peak memory while ingesting a large WARC.gz against a small one: flat or not, in one run.

    python benchmarks/warc_memory.py [--sizes 100,1000] [--dir /tmp/claimledger-bench]
                                     [--engine local] [--json]

For each size (megabytes of .warc.gz on disk) a news crawl is generated with
benchmarks/warcgen.py (kept in `--dir` and reused; never in the repository) and ingested by
`claimledger ingest FILE --db DIR/ledger-SIZE.db` in a fresh SQLite ledger, as a user runs it.
Peak memory is the resident set size the kernel reports for the ingest process at its end
(getrusage through wait4: the true peak, not a sample); with another engine the workers'
peaks are sampled every second (psutil) and added. The ratio of the largest to the smallest is
what should stay near 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from warcgen import write_warc

REPO = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(
    r"(\d+) documents new, (\d+) already present, (\d+) failed; (\d+) claims added"
)


def children_peak(pid: int, stop: threading.Event, out: list[int]) -> None:
    """The largest sum of the children's resident sets seen (0 without psutil)."""
    try:
        import psutil
    except ImportError:
        return
    try:
        proc = psutil.Process(pid)
    except psutil.Error:
        return
    peak = 0
    while not stop.wait(1.0):
        try:
            total = sum(c.memory_info().rss for c in proc.children(recursive=True))
        except psutil.Error:
            continue
        peak = max(peak, total)
    out.append(peak)


def ingest(path: Path, db: Path, engine: str) -> dict[str, Any]:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "claimledger", "ingest", str(path), "--db", str(db)]
    if engine != "local":
        cmd += ["--engine", engine]
    out, err = Path(f"{db}.stdout"), Path(f"{db}.stderr")
    started = time.monotonic()
    # Output to files, not pipes: nothing reads a pipe while this waits, and a full one would
    # stop the ingest.
    with out.open("w") as stdout_file, err.open("w") as stderr_file:
        proc = subprocess.Popen(cmd, stdout=stdout_file, stderr=stderr_file)
    stop = threading.Event()
    seen: list[int] = []
    # Only other engines have worker processes to sample (walking /proc costs a core's share).
    sampler = threading.Thread(target=children_peak, args=(proc.pid, stop, seen))
    if engine != "local":
        sampler.start()
    # wait4 gives the process's own rusage: ru_maxrss is its peak resident set (KiB on Linux).
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    stop.set()
    if sampler.is_alive():
        sampler.join()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    stdout, stderr = out.read_text(), err.read_text()
    found = SUMMARY.search(stdout)
    if code != 0 or not found:
        sys.exit(f"ingest of {path} failed ({code}): {stderr[-2000:]}")
    new, present, failed, claims = (int(g) for g in found.groups())
    return {
        "file": str(path),
        "file_mb": path.stat().st_size / 1e6,
        "documents_new": new,
        "documents_present": present,
        "failed": failed,
        "claims": claims,
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "workers_peak_rss_mb": (seen[0] if seen else 0) / 2**20,
        "errors": [line for line in stderr.splitlines() if line.startswith("error:")][:5],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="100,1000", help="WARC.gz sizes in MB (default 100,1000)")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/claimledger-bench"))
    ap.add_argument("--engine", default="local", choices=["local", "processes", "dask"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    runs = []
    for mb in (float(s) for s in args.sizes.split(",")):
        warc = args.dir / f"news-{mb:g}MB.warc.gz"
        if not warc.exists():
            tmp = warc.with_name(warc.name + ".tmp")
            pages = write_warc(tmp, mb)
            tmp.rename(warc)
            print(f"generated {warc} ({pages} pages)", file=sys.stderr)
        run = ingest(warc, args.dir / f"ledger-{mb:g}MB.db", args.engine)
        runs.append(run)
        print(
            f"{run['file_mb']:8.1f} MB WARC.gz: {run['documents_new'] + run['documents_present']:,}"
            f" pages ({run['documents_new']:,} new), {run['claims']:,} claims,"
            f" {run['seconds']:.0f} s, peak RSS {run['peak_rss_mb']:.0f} MB"
            + (
                f" (+ workers {run['workers_peak_rss_mb']:.0f} MB)"
                if run["workers_peak_rss_mb"]
                else ""
            ),
            file=sys.stderr,
        )
    small, large = runs[0], runs[-1]
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
    report = {
        "machine": f"{platform.machine()} {platform.python_version()}, {os.cpu_count()} cores",
        "load_average": os.getloadavg(),
        "engine": args.engine,
        "runs": runs,
        "peak_ratio_largest_to_smallest": ratio,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    head = ("WARC.gz MB", "pages", "new", "claims", "wall s", "peak MB")
    print("".join(f"{h:>{w}s}" for h, w in zip(head, (11, 10, 10, 8, 9, 9), strict=True)))
    for r in runs:
        pages = r["documents_new"] + r["documents_present"]
        print(
            f"{r['file_mb']:11.1f}{pages:10,}{r['documents_new']:10,}{r['claims']:8,}"
            f"{r['seconds']:9.0f}{r['peak_rss_mb'] + r['workers_peak_rss_mb']:9.0f}"
        )
    print(f"peak RSS, largest ÷ smallest: {ratio:.3f}")


if __name__ == "__main__":
    main()
