"""claimledger: a ledger of attributed casualty and loss claims from news text.

The public API is what `__all__` lists; everything else is internal and may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimledger.errors import ClaimledgerError, LedgerError, LexiconError, SourceError
from claimledger.extraction.pipeline import extract
from claimledger.lexicon import Lexicon, load_lexicon
from claimledger.model import (
    Claim,
    Claimant,
    Document,
    Evidence,
    Period,
    Rate,
    Value,
)
from claimledger.sources import JsonlFields, ReadOptions, iter_documents

if TYPE_CHECKING:
    from claimledger.ledger import IngestReport, Ledger
    from claimledger.storage import ClaimFilter, ClaimRecord

__version__ = "0.1.0"

# The ledger pulls in SQLAlchemy and Alembic: loaded on first use, so `extract` stays light.
_LAZY = {
    "Ledger": "claimledger.ledger",
    "IngestReport": "claimledger.ledger",
    "ClaimFilter": "claimledger.storage",
    "ClaimRecord": "claimledger.storage",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")


__all__ = [
    "Claim",
    "ClaimFilter",
    "ClaimRecord",
    "Claimant",
    "ClaimledgerError",
    "Document",
    "Evidence",
    "IngestReport",
    "JsonlFields",
    "Ledger",
    "LedgerError",
    "Lexicon",
    "LexiconError",
    "Period",
    "Rate",
    "ReadOptions",
    "SourceError",
    "Value",
    "__version__",
    "extract",
    "iter_documents",
    "load_lexicon",
]
