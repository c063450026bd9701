"""The SQL of reading: claims (filtered), documents, runs."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from claimledger.storage.codec import row_claim, row_document
from claimledger.storage.records import (
    ClaimFilter,
    ClaimRecord,
    Counts,
    DocumentRecord,
    IngestRun,
)
from claimledger.storage.schema import claimants, claims, documents, ingest_runs, outlets

_STREAM = 1000  # rows fetched at a time: memory stays flat however large the ledger


def claims_select(f: ClaimFilter) -> Select[Any]:
    stmt = (
        select(
            *(c for c in claims.c if c.name not in ("id", "document_id", "seq", "claimant_id")),
            claimants.c.name.label("claimant_name"),
            documents.c.doc_id,
            documents.c.url,
            documents.c.title,
            documents.c.published,
            documents.c.hash.label("document_hash"),
            outlets.c.name.label("outlet"),
        )
        .select_from(
            claims.join(documents, claims.c.document_id == documents.c.id)
            .outerjoin(claimants, claims.c.claimant_id == claimants.c.id)
            .outerjoin(outlets, documents.c.outlet_id == outlets.c.id)
        )
        .order_by(documents.c.id, claims.c.seq)
    )
    if f.metric:
        stmt = stmt.where(
            or_(
                claims.c.metric == f.metric,
                claims.c.metric.startswith(f"{f.metric}.", autoescape=True),
            )
        )
    for column, value in (
        (claims.c.subject, f.subject),
        (claims.c.affiliation, f.affiliation),
        (claims.c.location, f.location),
    ):
        if value:
            stmt = stmt.where(func.lower(column) == value.lower())
    if f.claimant:
        stmt = stmt.where(
            func.lower(claimants.c.name).contains(f.claimant.lower(), autoescape=True)
        )
    # A period open at one end counts as the one day it names; no period at all, as the day
    # the document was published.
    if f.since:
        end = func.coalesce(claims.c.period_end, claims.c.period_start, documents.c.published)
        stmt = stmt.where(end >= f.since)
    if f.until:
        start = func.coalesce(claims.c.period_start, claims.c.period_end, documents.c.published)
        stmt = stmt.where(start <= f.until)
    if f.doc:
        stmt = stmt.where(documents.c.doc_id == f.doc)
    return stmt


def iter_claims(conn: Connection, f: ClaimFilter) -> Iterator[ClaimRecord]:
    result = conn.execution_options(yield_per=_STREAM).execute(claims_select(f))
    for row in result.mappings():
        yield ClaimRecord(
            claim=row_claim(row),
            url=row["url"],
            title=row["title"],
            published=row["published"],
            outlet=row["outlet"],
            document_hash=row["document_hash"],
        )


def iter_documents(conn: Connection, doc_id: str | None = None) -> Iterator[DocumentRecord]:
    stmt = (
        select(documents, outlets.c.name.label("outlet"))
        .select_from(documents.outerjoin(outlets, documents.c.outlet_id == outlets.c.id))
        .order_by(documents.c.id)
    )
    if doc_id is not None:
        stmt = stmt.where(documents.c.doc_id == doc_id)
    for row in conn.execution_options(yield_per=_STREAM).execute(stmt).mappings():
        yield DocumentRecord(
            document=row_document(row),
            ingested_at=_utc(row["ingested_at"]),
            run_id=row["run_id"],
            near_dup_group=row["near_dup_group"],
        )


def known_hashes(conn: Connection, hashes: Collection[str]) -> set[str]:
    rows = conn.execute(select(documents.c.hash).where(documents.c.hash.in_(list(hashes))))
    return set(rows.scalars())


def runs(conn: Connection) -> list[IngestRun]:
    out = []
    for r in conn.execute(select(ingest_runs).order_by(ingest_runs.c.id)).mappings():
        out.append(
            IngestRun(
                id=r["id"],
                started_at=_utc(r["started_at"]),
                finished_at=_utc(r["finished_at"]) if r["finished_at"] else None,
                status=r["status"],
                inputs=json.loads(r["inputs"]),
                counts=Counts(
                    r["documents_new"],
                    r["documents_present"],
                    r["documents_failed"],
                    r["claims_added"],
                ),
            )
        )
    return out


def table_counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        for t in (documents, claims, claimants, outlets)
    }


def _utc(t: datetime) -> datetime:
    # SQLite keeps no time zone; every time the ledger writes is UTC.
    return t if t.tzinfo else t.replace(tzinfo=UTC)
