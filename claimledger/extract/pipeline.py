"""The extraction orchestrator (filled in below)."""
from __future__ import annotations

from claimledger.lexicon import Lexicon
from claimledger.model import Claim, Document


def extract(document: Document, lexicon: Lexicon | None = None) -> list[Claim]:
    raise NotImplementedError
