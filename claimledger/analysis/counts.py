"""What one analysis update did (kept apart so that importing it costs nothing)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnalysisCounts:
    documents_grouped: int = 0  # documents given a near-duplicate group
    claims_linked: int = 0  # claims put into an entry
