"""The annotated sets the quality gate scores: name -> (gold file, documents).

The development set is invented (regression); the others are real reporting written by others
(../shared/corpus/real/README.md says what and under which licence). Their text stays in
../shared: tests read it from there and skip where it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CLAIMLEDGER_SHARED", REPO.parent / "shared"))
_REAL = SHARED / "corpus" / "real"

GATE_SETS: dict[str, tuple[Path, tuple[Path, ...]]] = {
    "dev": (SHARED / "gold" / "dev.jsonl", (SHARED / "corpus" / "dev",)),
    "heldout": (
        REPO / "tests" / "data" / "heldout" / "gold.jsonl",
        (REPO / "tests" / "data" / "heldout",),
    ),
    "fa-kes": (SHARED / "gold" / "real-fa-kes.jsonl", (_REAL / "fa-kes-dev.jsonl",)),
    "mil-gov-ua": (SHARED / "gold" / "real-mil-gov-ua.jsonl", (_REAL / "mil-gov-ua",)),
    "officials-ua": (SHARED / "gold" / "real-officials-ua.jsonl", (_REAL / "officials-ua.jsonl",)),
    "disaster": (SHARED / "gold" / "real-disaster.jsonl", (_REAL / "disaster.jsonl",)),
}
