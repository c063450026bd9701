"""Ledger entries: the same claim reported in several documents is one entry with all its evidence.

Two claims are the same claim when they have the same claimant (or both none: the outlet's own
statement), metric, subject, group, subset (the children of a toll are not the toll), value
(bounds to 6 significant digits, rate included) and running-total flag, their periods' ends are
within a day of each other (each end, an open end only matching an open end), and their places
do not differ (equal, or one of them unknown).
Copies published a day apart resolve "in the past 24 hours" a day apart: they stay one claim.

Claims join entries as they are stored, in document and extraction order (`update_entries`);
a claim joins the oldest entry it matches, whose period and place are its first claim's. An
entry counts its `documents` and its `independent` reports: distinct near-duplicate groups
(claimledger.analysis.syndication), so twenty wire copies count once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from claimledger.model import Claim
from claimledger.storage import ClaimFilter, neardups
from claimledger.storage import entries as sql
from claimledger.storage.entries import AnalysedClaim, PendingClaim, StoredEntry

if TYPE_CHECKING:
    from claimledger.storage import Store
    from claimledger.storage.reader import LedgerReader

PERIOD_TOLERANCE_DAYS = 1
BATCH = 2000  # claims per transaction


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.6g}"


def entry_key(
    metric: str,
    subject: str | None,
    claimant: str | None,
    low: float | None,
    high: float | None,
    rate_per: float | None,
    rate_unit: str | None,
    cumulative: bool,
    group: str | None,
    subset: str | None = None,
) -> str:
    """The exact part of the match, as one indexed string. A claim of no subset keys as it did
    before subsets were stored, so the entries of an older ledger keep their keys."""
    parts = [
        metric,
        subject or "",
        claimant or "",
        _num(low),
        _num(high),
        _num(rate_per),
        rate_unit or "",
        "total" if cumulative else "",
        group or "",
    ]
    if subset:
        parts.append(subset)
    return "\x1f".join(parts)


def claim_key(c: Claim) -> str:
    return entry_key(
        c.metric,
        c.subject,
        c.claimant.name,
        c.value.low,
        c.value.high,
        c.rate.per if c.rate else None,
        c.rate.unit if c.rate else None,
        c.period.cumulative,
        c.group,
        c.subset,
    )


def _near(a: date | None, b: date | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs((a - b).days) <= PERIOD_TOLERANCE_DAYS


def matches(e: StoredEntry, p: PendingClaim) -> bool:
    """Whether a claim with the entry's key joins the entry: period ends within a day, places
    not different."""
    return (
        _near(e.period_start, p.period_start)
        and _near(e.period_end, p.period_end)
        and (e.location is None or p.location is None or e.location == p.location)
    )


def _pending_key(p: PendingClaim) -> str:
    return entry_key(
        p.metric,
        p.subject,
        p.claimant,
        p.value_low,
        p.value_high,
        p.rate_per,
        p.rate_unit,
        p.cumulative,
        p.group,
        p.subset,
    )


def update_entries(store: Store, batch: int = BATCH) -> int:
    """Put every claim not yet in an entry into one; returns how many were. Nothing is written
    when every claim already has its entry."""
    if not store.read(lambda conn: sql.pending_claims(conn, 1)):
        return 0
    done = 0
    while n := store.write(lambda conn: _assign(conn, batch)):
        done += n
    return done


def _assign(conn: Connection, batch: int) -> int:
    neardups.lock(conn)
    pending = sql.pending_claims(conn, batch)
    keyed = [(_pending_key(p), p) for p in pending]
    known = sql.entries_with_keys(conn, {k for k, _ in keyed})
    pairs = []
    for key, p in keyed:
        candidates = known.setdefault(key, [])
        entry = next((e for e in candidates if matches(e, p)), None)
        if entry is None:
            entry = sql.add_entry(conn, key, p.period_start, p.period_end, p.location)
            candidates.append(entry)
        pairs.append((p.id, entry.id))
    sql.link(conn, pairs)
    return len(pairs)


# -- reading entries -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One claim as the ledger knows it: every document that reports it, counted."""

    id: int
    claims: tuple[AnalysedClaim, ...]  # all of them, in document order; the first is the claim
    documents: int
    independent: int  # distinct near-duplicate groups among the documents

    @property
    def first(self) -> AnalysedClaim:
        return self.claims[0]

    @property
    def claim(self) -> Claim:
        return self.claims[0].record.claim

    def to_dict(self) -> dict[str, Any]:
        """The first claim's JSON form (claims.md) and its document's url, title, published;
        then the entry: its id, counts, and the evidence of every document."""
        d = self.first.record.to_dict()
        d["entry"] = self.id
        d["documents"] = self.documents
        d["independent"] = self.independent
        d["evidence_all"] = [
            {
                "doc_id": a.record.claim.doc_id,
                "url": a.record.url,
                "outlet": a.record.outlet,
                "published": a.record.published.isoformat() if a.record.published else None,
                "start": a.record.claim.evidence.start,
                "end": a.record.claim.evidence.end,
                "text": a.record.claim.evidence.text,
                "group": a.story,
            }
            for a in self.claims
        ]
        return d


def iter_entries(reader: LedgerReader, f: ClaimFilter | None = None) -> Iterator[Entry]:
    """The ledger's entries with a claim that `f` selects (all by default), oldest first, each
    with all its claims and its counts, as the analysis stands (`Ledger.entries` brings it up
    to date first). Streams, one entry in memory at a time."""
    for entry_id, group in groupby(reader.entry_claims(f), key=lambda a: a.entry):
        claims = tuple(group)
        if entry_id is None:  # pragma: no cover - the query joins entries
            continue
        yield Entry(entry_id, claims, claims[0].documents, claims[0].independent)
