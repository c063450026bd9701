"""Extraction throughput on one core on real reporting, with quantulum3's in the same run.

    python benchmarks/real_throughput.py [--repeat 3] [--peer-kb 64] [--json]

The sets are the real ones of the quality gate (../shared/corpus/real: Syrian-war news, the
Ukrainian Ministry of Defence's own pages, officials' statements, disaster reports), read by
claimledger's own readers (JSONL records, HTML pages through trafilatura) into documents
before any timing: only extraction is measured. For each set, in one process:

- claimledger: full extraction (every stage, every claim), CPU seconds, best of `--repeat`;
- quantulum3: the number-and-unit parser a user would otherwise reach for, on the first
  `--peer-kb` kilobytes of the same documents (it runs at kilobytes per second).

Sizes are the UTF-8 bytes of the extracted text (not of the HTML around it). Real news holds
fewer figures per byte than the claim-dense development articles of extract_throughput.py, and
more than its mixed corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_throughput import cpu, size

from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import load_lexicon
from claimledger.model import Document
from claimledger.sources import iter_documents

REPO = Path(__file__).resolve().parents[1]
REAL = Path(os.environ.get("CLAIMLEDGER_SHARED", REPO.parent / "shared")) / "corpus" / "real"
SETS = {
    "fa-kes": REAL / "fa-kes-dev.jsonl",
    "mil-gov-ua": REAL / "mil-gov-ua",
    "officials-ua": REAL / "officials-ua.jsonl",
    "disaster": REAL / "disaster.jsonl",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    ap.add_argument("--peer-kb", type=float, default=64.0, help="text given to quantulum3 (KB)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    missing = [str(p) for p in SETS.values() if not p.exists()]
    if missing:
        sys.exit(f"real sets not found: {', '.join(missing)}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as quantulum
    except ImportError:
        sys.exit("quantulum3 not installed (pip install '.[bench]')")

    extractor = Extractor(load_lexicon())
    corpora = {name: list(iter_documents([path])) for name, path in SETS.items()}
    corpora["all"] = [d for docs in corpora.values() for d in docs]
    # Lexicon and tables loaded outside the timing.
    for d in corpora["all"][:5]:
        extractor.extract(d)

    report: dict[str, dict[str, float]] = {}
    for name, docs in corpora.items():
        claims = 0

        def run(batch: list[Document] = docs) -> None:
            nonlocal claims
            claims = sum(len(extractor.extract(d)) for d in batch)

        seconds = cpu(run, args.repeat)
        sample, taken = [], 0
        for d in docs:
            if taken >= args.peer_kb * 1000:
                break
            sample.append(d.text)
            taken += len(d.text.encode())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            peer = cpu(lambda s=sample: [quantulum.parse(t) for t in s], 1)
        ours = size(docs) / 1e6 / seconds
        theirs = taken / 1e6 / peer
        report[name] = {
            "documents": len(docs),
            "mb": size(docs) / 1e6,
            "claims": claims,
            "seconds": seconds,
            "mb_per_s": ours,
            "quantulum3_mb_per_s": theirs,
            "ratio": ours / theirs,
        }

    machine = " ".join(
        [platform.machine(), platform.python_implementation(), platform.python_version()]
    )
    if args.json:
        print(
            json.dumps(
                {"machine": machine, "load_average": os.getloadavg(), "sets": report}, indent=2
            )
        )
        return
    print(f"{machine}; load average {os.getloadavg()[0]:.1f}; CPU s best of {args.repeat}")
    print(
        f"{'set':14s}{'docs':>6s}{'MB':>8s}{'claims':>8s}{'CPU s':>8s}{'MB/s':>8s}"
        f"{'quantulum3 MB/s':>17s}{'ratio':>9s}"
    )
    for name, r in report.items():
        print(
            f"{name:14s}{r['documents']:6.0f}{r['mb']:8.3f}{r['claims']:8.0f}{r['seconds']:8.3f}"
            f"{r['mb_per_s']:8.3f}{r['quantulum3_mb_per_s']:17.4f}{r['ratio']:8.0f}×"
        )


if __name__ == "__main__":
    main()
