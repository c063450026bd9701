"""claimledger: a ledger of attributed casualty and loss claims from news text.

The public API is what `__all__` lists; everything else is internal and may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimledger.errors import ClaimledgerError, LedgerError, LexiconError, SourceError
from claimledger.extraction.pipeline import extract as _extract
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
    from claimledger.analysis.checks import Finding, check
    from claimledger.analysis.compare import PeriodComparison, compare
    from claimledger.analysis.entries import Entry, iter_entries
    from claimledger.analysis.errors import AnalysisError, ReferenceDataError
    from claimledger.analysis.reference import ReferenceLine, load_reference, reference_check
    from claimledger.analysis.timeline import Timeline, timeline
    from claimledger.ledger import IngestReport, Ledger
    from claimledger.storage import ClaimFilter, ClaimRecord
    from claimledger.storage.reader import LedgerReader

__version__ = "0.1.0"


def extract(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    """Every claim in a document, in text order; with the built-in lexicon (extended by
    $CLAIMLEDGER_LEXICON's folders) unless given one."""
    return _extract(document, lexicon or load_lexicon())


# The ledger pulls in SQLAlchemy and Alembic: loaded on first use, so `extract` stays light.
_LAZY = {
    "Ledger": "claimledger.ledger",
    "IngestReport": "claimledger.ledger",
    "ClaimFilter": "claimledger.storage",
    "ClaimRecord": "claimledger.storage",
    "LedgerReader": "claimledger.storage.reader",
    "AnalysisError": "claimledger.analysis.errors",
    "ReferenceDataError": "claimledger.analysis.errors",
    "Entry": "claimledger.analysis.entries",
    "iter_entries": "claimledger.analysis.entries",
    "PeriodComparison": "claimledger.analysis.compare",
    "compare": "claimledger.analysis.compare",
    "Finding": "claimledger.analysis.checks",
    "check": "claimledger.analysis.checks",
    "ReferenceLine": "claimledger.analysis.reference",
    "load_reference": "claimledger.analysis.reference",
    "reference_check": "claimledger.analysis.reference",
    "Timeline": "claimledger.analysis.timeline",
    "timeline": "claimledger.analysis.timeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claimledger' has no attribute {name!r}")


__all__ = [
    "AnalysisError",
    "Claim",
    "ClaimFilter",
    "ClaimRecord",
    "Claimant",
    "ClaimledgerError",
    "Document",
    "Entry",
    "Evidence",
    "Finding",
    "IngestReport",
    "JsonlFields",
    "Ledger",
    "LedgerError",
    "LedgerReader",
    "Lexicon",
    "LexiconError",
    "Period",
    "PeriodComparison",
    "Rate",
    "ReadOptions",
    "ReferenceDataError",
    "ReferenceLine",
    "SourceError",
    "Timeline",
    "Value",
    "__version__",
    "check",
    "compare",
    "extract",
    "iter_documents",
    "iter_entries",
    "load_lexicon",
    "load_reference",
    "reference_check",
    "timeline",
]
