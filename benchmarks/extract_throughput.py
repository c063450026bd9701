"""Extraction throughput on one core, against its peers and its limit, measured in one run.

    python benchmarks/extract_throughput.py [--mb 5] [--corpus DIR] [--peer-kb 64] [--json]

The corpus is the development corpus (../shared/corpus/dev, or examples/ when that is absent)
repeated to about `--mb` megabytes. In the same run, on the same text:

- claimledger: full extraction (every stage, every claim);
- quantulum3: the number-and-unit parser a user would otherwise reach for (measured on the
  first `--peer-kb` kilobytes: it runs at kilobytes per second);
- spaCy `blank("en")`: tokenising alone, the cost of merely looking at the words (if installed);
- a compiled regular expression finding numbers: the practical limit of any extractor that must
  at least find the numbers.

Times are CPU seconds of this process (best of `--repeat` runs), so a busy machine slows the
wall clock but not the figures much; the ratios are what to compare across machines.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from claimledger.extraction.pipeline import Extractor
from claimledger.model import Document
from claimledger.sources import iter_documents

REPO = Path(__file__).resolve().parents[1]
NUMBER = re.compile(r"\d[\d,.]*")


def corpus(source: Path, megabytes: float) -> list[Document]:
    docs = list(iter_documents([source]))
    if not docs:
        sys.exit(f"no documents in {source}")
    size = sum(len(d.text.encode()) for d in docs)
    copies = max(1, round(megabytes * 1e6 / size))
    return [
        Document(id=f"{d.id}#{i}", text=d.text, published=d.published)
        for i in range(copies)
        for d in docs
    ]


def cpu(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    default = REPO.parent / "shared" / "corpus" / "dev"
    ap.add_argument(
        "--corpus", type=Path, default=default if default.is_dir() else REPO / "examples"
    )
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    ap.add_argument("--peer-kb", type=float, default=64.0, help="text given to quantulum3 (KB)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    docs = corpus(args.corpus, args.mb)
    texts = [d.text for d in docs]
    total = sum(len(t.encode()) for t in texts)
    extractor = Extractor()
    extractor.extract(docs[0])  # lexicon and tables loaded outside the timing

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
        pass

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser as quantulum

            sample, size = [], 0
            for t in texts:
                if size >= args.peer_kb * 1000:
                    break
                sample.append(t)
                size += len(t.encode())
            record("quantulum3", cpu(lambda: [quantulum.parse(t) for t in sample], 1), size)
    except ImportError:
        pass

    ours = results["claimledger"]["mb_per_s"]
    report = {
        "corpus": str(args.corpus),
        "corpus_mb": round(total / 1e6, 2),
        "documents": len(docs),
        "claims": claims,
        "machine": " ".join(
            [platform.machine(), platform.python_implementation(), platform.python_version()]
        ),
        "results": results,
        "ratios": {
            name: round(ours / r["mb_per_s"], 3)
            for name, r in results.items()
            if name != "claimledger"
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"corpus: {report['corpus']} repeated to {report['corpus_mb']} MB"
        f" ({len(docs)} documents, {claims} claims)"
    )
    print(f"{'':24s}{'MB':>8s}{'CPU s':>9s}{'MB/s':>10s}{'claimledger ÷':>16s}")
    for name, r in results.items():
        ratio = "" if name == "claimledger" else f"{ours / r['mb_per_s']:.3g}×"
        print(f"{name:24s}{r['mb']:8.2f}{r['seconds']:9.2f}{r['mb_per_s']:10.3f}{ratio:>16s}")
    limit = results["regex number scan"]["mb_per_s"]
    print(f"claimledger reaches {100 * ours / limit:.2f}% of the regex-scan limit")


if __name__ == "__main__":
    main()
