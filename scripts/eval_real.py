"""Score the extractor on every annotated set beside the repository, one line a set.

    .venv/bin/python scripts/eval_real.py            # the table
    .venv/bin/python scripts/eval_real.py --show fa-kes   # also that set's misses and mismatches

The sets and their paths are the quality gate's (tests/support/gate_sets.py), so what this prints is
what the gate checks against tests/gate/eval_floors.toml.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.gate_sets import GATE_SETS, SHARED  # noqa: E402

ATTRS = ("claimant", "affiliation", "qualifier", "period", "location", "group", "rate")


def score(name: str) -> dict:
    gold, paths = GATE_SETS[name]
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimledger",
            "eval",
            str(gold),
            *map(str, paths),
            "--json",
            "--show",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def _claim(c: dict) -> str:
    v = c["value"]
    return f"{c['doc_id']} {c['metric']} {c['subject']} {v['qualifier']} {v['low']}-{v['high']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="append", default=[], help="print this set's errors")
    parser.add_argument("sets", nargs="*", help="sets to score (default: all)")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"no shared data at {SHARED}")
    names = args.sets or list(GATE_SETS)
    print(
        f"{'set':12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}  "
        + " ".join(f"{a[:5]:>5}" for a in ATTRS)
    )
    for name in names:
        s = score(name)
        print(
            f"{name:12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
            f"{s['tp']:5} {s['fp']:5} {s['fn']:5}  "
            + " ".join(f"{s['attributes'][a]:5.2f}" for a in ATTRS)
        )
        if name in args.show:
            for kind in ("missed", "spurious"):
                for c in s[kind]:
                    print(f"  {kind.upper():9} {_claim(c)} :: {c['evidence']['text'][:90]}")
            for m in s["mismatches"]:
                c = m["claim"]
                print(f"  {m['attribute'].upper():9} {_claim(c)}")
                print(f"            want={m['gold']} got={m['predicted']}")


if __name__ == "__main__":
    main()
