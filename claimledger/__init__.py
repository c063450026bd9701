"""claimledger: a ledger of attributed casualty and loss claims from news text.

The public API is what `__all__` lists; everything else is internal and may change.
"""

from __future__ import annotations

from claimledger.errors import ClaimledgerError, LexiconError, SourceError
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
from claimledger.sources import iter_documents

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Claimant",
    "ClaimledgerError",
    "Document",
    "Evidence",
    "Lexicon",
    "LexiconError",
    "Period",
    "Rate",
    "SourceError",
    "Value",
    "__version__",
    "extract",
    "iter_documents",
    "load_lexicon",
]
