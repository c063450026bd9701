"""Extraction throughput on one core, against its peers and its limit, measured in one run.

    python benchmarks/extract_throughput.py [--mb 20] [--claims-share 0.1] [--sweep 1,0.25,0.05]
                                            [--corpus DIR] [--peer-kb 64] [--repeat 3] [--json]

The corpus (benchmarks/corpus.py) is about `--mb` megabytes of news: the development articles
(../shared/corpus/dev, or examples/ when that is absent), repeated and shuffled, making up
`--claims-share` of the bytes, mixed with everyday news written from templates that holds
figures but no claim. In the same run, on the same text:

- claimledger: full extraction (every stage, every claim; the prefilter lets text with no
  figure near a taxonomy word through cheaply);
- quantulum3: the number-and-unit parser a user would otherwise reach for (measured on the
  first `--peer-kb` kilobytes: it runs at kilobytes per second);
- spaCy `blank("en")`: tokenising alone, the cost of merely looking at the words;
- a compiled regular expression finding numbers: the practical limit of any extractor that must
  at least find the numbers.

`--sweep` then measures claimledger alone on corpora with other shares of claim-bearing text
(1 = the development articles only), since its speed depends on how much text holds claims.

Times are CPU seconds of this process (best of `--repeat` runs), so a busy machine slows the
wall clock more than the figures; the ratios are what to compare across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate

from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import load_lexicon
from claimledger.model import Document

REPO = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"\d[\d,.]*")


def cpu(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def size(docs: list[Document]) -> int:
    return sum(len(d.text.encode()) for d in docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    default = REPO.parent / "shared" / "corpus" / "dev"
    ap.add_argument(
        "--corpus", type=Path, default=default if default.is_dir() else REPO / "examples"
    )
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument(
        "--claims-share",
        type=float,
        default=0.1,
        help="share of the bytes that are development articles (default 0.1)",
    )
    ap.add_argument(
        "--sweep",
        default="1,0.25,0.05",
        help="other claims shares to measure claimledger on ('' for none)",
    )
    ap.add_argument("--peer-kb", type=float, default=64.0, help="text given to quantulum3 (KB)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    docs = list(generate(args.mb, args.claims_share, source=args.corpus))
    texts = [d.text for d in docs]
    total = size(docs)
    extractor = Extractor(load_lexicon())
    # Lexicon and tables loaded outside the timing: one development article runs every stage.
    for d in generate(0.05, 1.0, source=args.corpus):
        extractor.extract(d)

    results: dict[str, dict[str, float]] = {}

    def record(name: str, seconds: float, nbytes: int) -> None:
        results[name] = {"seconds": seconds, "mb": nbytes / 1e6, "mb_per_s": nbytes / 1e6 / seconds}

    claims = 0

    def run_claimledger() -> None:
        nonlocal claims
        claims = sum(len(extractor.extract(d)) for d in docs)

    record("claimledger", cpu(run_claimledger, args.repeat), total)
    record("regex number scan", cpu(lambda: [NUMBER.findall(t) for t in texts], args.repeat), total)

    try:
        import spacy

        nlp = spacy.blank("en")
        record("spaCy blank tokenizer", cpu(lambda: [nlp.tokenizer(t) for t in texts], 1), total)
    except ImportError:
        print("spaCy not installed (pip install '.[bench]'): skipped", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as quantulum

            sample, taken = [], 0
            for t in texts:
                if taken >= args.peer_kb * 1000:
                    break
                sample.append(t)
                taken += len(t.encode())
            record("quantulum3", cpu(lambda: [quantulum.parse(t) for t in sample], 1), taken)
    except ImportError:
        print("quantulum3 not installed (pip install '.[bench]'): skipped", file=sys.stderr)

    sweep: dict[str, dict[str, float]] = {}
    for share in (float(s) for s in args.sweep.split(",") if s.strip()):
        other = list(generate(args.mb, share, source=args.corpus))
        found = 0

        def run_other(batch: list[Document] = other) -> None:
            nonlocal found
            found = sum(len(extractor.extract(d)) for d in batch)

        seconds = cpu(run_other, 1)
        sweep[f"{share:g}"] = {
            "mb": size(other) / 1e6,
            "seconds": seconds,
            "mb_per_s": size(other) / 1e6 / seconds,
            "claims": found,
        }

    ours = results["claimledger"]["mb_per_s"]
    report = {
        "corpus": str(args.corpus),
        "claims_share": args.claims_share,
        "corpus_mb": round(total / 1e6, 2),
        "documents": len(docs),
        "claims": claims,
        "machine": " ".join(
            [platform.machine(), platform.python_implementation(), platform.python_version()]
        ),
        "load_average": os.getloadavg(),
        "results": results,
        "ratios": {
            name: round(ours / r["mb_per_s"], 4)
            for name, r in results.items()
            if name != "claimledger"
        },
        "sweep": sweep,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"corpus: {report['corpus_mb']} MB, {len(docs)} documents ({100 * args.claims_share:g}%"
        f" of the bytes from {args.corpus}), {claims} claims;"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'':24s}{'MB':>8s}{'CPU s':>9s}{'MB/s':>10s}{'claimledger ÷':>16s}")
    for name, r in results.items():
        ratio = "" if name == "claimledger" else f"{ours / r['mb_per_s']:.3g}×"
        print(f"{name:24s}{r['mb']:8.2f}{r['seconds']:9.2f}{r['mb_per_s']:10.3f}{ratio:>16s}")
    limit = results["regex number scan"]["mb_per_s"]
    print(f"claimledger reaches {100 * ours / limit:.2f}% of the regex-scan limit")
    for share, r in sweep.items():
        print(
            f"claims share {share:>5s}: {r['mb']:.2f} MB, {r['claims']:.0f} claims,"
            f" {r['seconds']:.2f} CPU s, {r['mb_per_s']:.2f} MB/s"
        )


if __name__ == "__main__":
    main()
