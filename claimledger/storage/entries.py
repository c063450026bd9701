"""The SQL of ledger entries, and claims read with their entry and near-duplicate group.

Which claims make one entry is decided by claimledger.analysis.entries; these functions read and
write the rows. An entry's counts are computed when read: `documents` is the number of distinct
documents of its claims, `independent` the number of distinct near-duplicate groups among them
(a document not yet grouped counts as its own group).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, distinct, func, select

from claimledger.model import Document
from claimledger.storage.codec import row_claim, row_document
from claimledger.storage.queries import claims_select
from claimledger.storage.records import ClaimFilter, ClaimRecord
from claimledger.storage.schema import (
    claimants,
    claims,
    documents,
    entries,
    entry_claims,
    outlets,
)

_CHUNK = 400
_STREAM = 1000


@dataclass(frozen=True, slots=True)
class PendingClaim:
    """A stored claim not yet in an entry: the fields an entry is matched on."""

    id: int
    metric: str
    subject: str | None
    claimant: str | None
    value_low: float | None
    value_high: float | None
    rate_per: float | None
    rate_unit: str | None
    cumulative: bool
    group: str | None
    period_start: date | None
    period_end: date | None
    location: str | None
    subset: str | None


@dataclass(frozen=True, slots=True)
class StoredEntry:
    id: int
    key: str
    period_start: date | None
    period_end: date | None
    location: str | None


@dataclass(frozen=True, slots=True)
class AnalysedClaim:
    """A stored claim with its document's row id and near-duplicate group, its entry, and the
    entry's counts (entry None and counts 0 for a claim not yet analysed)."""

    record: ClaimRecord
    claim_id: int
    document: int
    near_dup_group: int | None
    entry: int | None
    documents: int
    independent: int

    @property
    def story(self) -> int:
        """The near-duplicate group, or the document itself when not yet grouped."""
        return self.near_dup_group if self.near_dup_group is not None else self.document


def pending_claims(conn: Connection, limit: int) -> list[PendingClaim]:
    """Claims in no entry yet, in document and extraction order."""
    stmt = (
        select(
            claims.c.id,
            claims.c.metric,
            claims.c.subject,
            claimants.c.name,
            claims.c.value_low,
            claims.c.value_high,
            claims.c.rate_per,
            claims.c.rate_unit,
            claims.c.cumulative,
            claims.c.group,
            claims.c.period_start,
            claims.c.period_end,
            claims.c.location,
            claims.c.subset,
        )
        .select_from(
            claims.outerjoin(entry_claims, entry_claims.c.claim_id == claims.c.id).outerjoin(
                claimants, claims.c.claimant_id == claimants.c.id
            )
        )
        .where(entry_claims.c.claim_id.is_(None))
        .order_by(claims.c.document_id, claims.c.seq)
        .limit(limit)
    )
    return [
        PendingClaim(
            id=int(r[0]),
            metric=r[1],
            subject=r[2],
            claimant=r[3],
            value_low=r[4],
            value_high=r[5],
            rate_per=r[6],
            rate_unit=r[7],
            cumulative=bool(r[8]),
            group=r[9],
            period_start=r[10],
            period_end=r[11],
            location=r[12],
            subset=r[13],
        )
        for r in conn.execute(stmt)
    ]


def unlinked(conn: Connection, ids: Collection[int]) -> set[int]:
    """Those of `ids` still in no entry."""
    linked: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(
            select(entry_claims.c.claim_id).where(entry_claims.c.claim_id.in_(chunk))
        )
        linked.update(int(r) for r in rows.scalars())
    return set(ids) - linked


def entries_with_keys(conn: Connection, keys: Collection[str]) -> dict[str, list[StoredEntry]]:
    """key → the entries with that key, oldest first."""
    out: dict[str, list[StoredEntry]] = {}
    for chunk in _chunks(sorted(keys)):
        stmt = (
            select(
                entries.c.id,
                entries.c.key,
                entries.c.period_start,
                entries.c.period_end,
                entries.c.location,
            )
            .where(entries.c.key.in_(chunk))
            .order_by(entries.c.id)
        )
        for r in conn.execute(stmt):
            out.setdefault(r[1], []).append(StoredEntry(int(r[0]), r[1], r[2], r[3], r[4]))
    return out


def add_entry(
    conn: Connection, key: str, start: date | None, end: date | None, location: str | None
) -> StoredEntry:
    row = conn.execute(
        entries.insert()
        .values(key=key, period_start=start, period_end=end, location=location)
        .returning(entries.c.id)
    )
    return StoredEntry(int(row.scalar_one()), key, start, end, location)


def link(conn: Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Put claims in entries: (claim id, entry id) pairs."""
    rows = [{"claim_id": c, "entry_id": e} for c, e in pairs]
    for i in range(0, len(rows), _CHUNK):
        conn.execute(entry_claims.insert(), rows[i : i + _CHUNK])


def documents_by_pk(conn: Connection, ids: Collection[int]) -> dict[int, Document]:
    """Documents by row id."""
    out: dict[int, Document] = {}
    for chunk in _chunks(sorted(ids)):
        stmt = (
            select(documents, outlets.c.name.label("outlet"))
            .select_from(documents.outerjoin(outlets, documents.c.outlet_id == outlets.c.id))
            .where(documents.c.id.in_(chunk))
        )
        for row in conn.execute(stmt).mappings():
            out[int(row["id"])] = row_document(row)
    return out


# -- reading claims with their entries -------------------------------------------------------


def _entry_stats() -> Any:
    c2, d2 = claims.alias("c2"), documents.alias("d2")
    return (
        select(
            entry_claims.c.entry_id,
            func.count(distinct(c2.c.document_id)).label("documents"),
            func.count(distinct(func.coalesce(d2.c.near_dup_group, d2.c.id))).label("independent"),
        )
        .select_from(
            entry_claims.join(c2, c2.c.id == entry_claims.c.claim_id).join(
                d2, d2.c.id == c2.c.document_id
            )
        )
        .group_by(entry_claims.c.entry_id)
        .subquery("entry_stats")
    )


def _analysed_select(f: ClaimFilter) -> Select[Any]:
    stats = _entry_stats()
    return (
        claims_select(f)
        .outerjoin(entry_claims, entry_claims.c.claim_id == claims.c.id)
        .outerjoin(stats, stats.c.entry_id == entry_claims.c.entry_id)
        .add_columns(
            claims.c.id.label("claim_id"),
            documents.c.id.label("document_pk"),
            documents.c.near_dup_group,
            entry_claims.c.entry_id,
            stats.c.documents.label("entry_documents"),
            stats.c.independent.label("entry_independent"),
        )
    )


def iter_analysed(conn: Connection, f: ClaimFilter) -> Iterator[AnalysedClaim]:
    """The claims `f` selects, in document order, each with its entry and counts."""
    yield from _rows(conn, _analysed_select(f))


def iter_entry_claims(conn: Connection, f: ClaimFilter) -> Iterator[AnalysedClaim]:
    """Every claim of every entry that has a claim `f` selects, ordered by entry (oldest
    first) and, within one, by document: an entry's claims come together."""
    chosen = (
        claims_select(f)
        .join(entry_claims, entry_claims.c.claim_id == claims.c.id)
        .with_only_columns(entry_claims.c.entry_id)
        .order_by(None)
    )
    stmt = (
        _analysed_select(ClaimFilter())
        .where(entry_claims.c.entry_id.in_(chosen))
        .order_by(None)
        .order_by(entry_claims.c.entry_id, documents.c.id, claims.c.seq)
    )
    yield from _rows(conn, stmt)


def _rows(conn: Connection, stmt: Select[Any]) -> Iterator[AnalysedClaim]:
    result = conn.execution_options(yield_per=_STREAM).execute(stmt)
    for row in result.mappings():
        rec = ClaimRecord(
            claim=row_claim(row),
            url=row["url"],
            title=row["title"],
            published=row["published"],
            outlet=row["outlet"],
            document_hash=row["document_hash"],
        )
        yield AnalysedClaim(
            record=rec,
            claim_id=int(row["claim_id"]),
            document=int(row["document_pk"]),
            near_dup_group=row["near_dup_group"],
            entry=row["entry_id"],
            documents=int(row["entry_documents"] or 0),
            independent=int(row["entry_independent"] or 0),
        )


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
