"""What the ledger hands back: claims with their document's metadata, documents, runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from claimledger.model import Claim, Document


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims to read; every criterion given must hold.

    metric: the id or a dotted prefix (`personnel` matches `personnel.killed`).
    subject, affiliation, location: equal, ignoring case.
    claimant: part of the claimant's name, ignoring case.
    since / until: the claim's period overlaps [since, until] (a claim without a period is
    placed at its document's publication date).
    doc: the document id.
    """

    metric: str | None = None
    subject: str | None = None
    claimant: str | None = None
    affiliation: str | None = None
    location: str | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A stored claim and the document it was read from."""

    claim: Claim
    url: str | None
    title: str | None
    published: date | None
    outlet: str | None
    document_hash: str

    def to_dict(self) -> dict[str, Any]:
        """The claim's JSON form (claims.md) plus the document's url, title and published."""
        d = self.claim.to_dict()
        d["url"] = self.url
        d["title"] = self.title
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A stored document with the ledger's bookkeeping about it."""

    document: Document
    ingested_at: datetime
    run_id: int | None
    near_dup_group: int | None


@dataclass(frozen=True, slots=True)
class Counts:
    """What an ingest (or one batch of it) did."""

    documents_new: int = 0
    documents_present: int = 0
    documents_failed: int = 0
    claims_added: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.documents_new + other.documents_new,
            self.documents_present + other.documents_present,
            self.documents_failed + other.documents_failed,
            self.claims_added + other.claims_added,
        )


@dataclass(frozen=True, slots=True)
class IngestRun:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str  # running | finished | interrupted
    inputs: list[str] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
