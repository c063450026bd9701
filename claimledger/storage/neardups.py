"""The SQL of near-duplicate groups: signatures, LSH band keys, `documents.near_dup_group`.

The logic (shingles, MinHash, when two documents are near-duplicates) is
claimledger.analysis.syndication; these functions only read and write rows, on the connection
of the job that calls them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, or_, select, text, update

from claimledger.storage.schema import doc_bands, doc_signatures, documents

_CHUNK = 400  # bound parameters per IN list, well under SQLite's limit
# Any constant (not the migrations' key): analysis jobs of several processes run one at a time.
_PG_LOCK_KEY = 0x636C616E  # "clan"


def lock(conn: Connection) -> None:
    """Serialise analysis jobs across processes: PostgreSQL takes a transaction-scoped lock;
    SQLite's writer already holds the database's write lock (BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})


def pending_documents(conn: Connection, limit: int) -> list[tuple[int, str]]:
    """(row id, text) of documents not yet grouped, oldest first."""
    stmt = (
        select(documents.c.id, documents.c.text)
        .outerjoin(doc_signatures, doc_signatures.c.document_id == documents.c.id)
        .where(doc_signatures.c.document_id.is_(None))
        .order_by(documents.c.id)
        .limit(limit)
    )
    return [(int(i), str(t)) for i, t in conn.execute(stmt)]


def ungrouped(conn: Connection, ids: Collection[int]) -> set[int]:
    """Those of `ids` that still have no signature (another process may have grouped some)."""
    done: set[int] = set()
    for chunk in _chunks(sorted(ids)):
        rows = conn.execute(
            select(doc_signatures.c.document_id).where(doc_signatures.c.document_id.in_(chunk))
        )
        done.update(int(r) for r in rows.scalars())
    return set(ids) - done


def band_candidates(conn: Connection, bands: Sequence[tuple[int, int]]) -> set[int]:
    """Documents that share at least one (band, key) with `bands`."""
    found: set[int] = set()
    for chunk in _chunks(bands):
        # An OR of (band, key) pairs, each looked up in the primary key. A row-value IN list,
        # the shorter spelling, made SQLite scan every band of every document for each one
        # grouped: the analysis of an ingest grew with the square of the ledger's size.
        stmt = select(doc_bands.c.document_id).where(
            or_(*(and_(doc_bands.c.band == b, doc_bands.c.key == k) for b, k in chunk))
        )
        found.update(int(r) for r in conn.execute(stmt).scalars())
    return found


def signatures(conn: Connection, ids: Collection[int]) -> dict[int, tuple[int, bytes]]:
    """document id → (distinct shingles, MinHash bytes)."""
    out: dict[int, tuple[int, bytes]] = {}
    for chunk in _chunks(sorted(ids)):
        stmt = select(
            doc_signatures.c.document_id, doc_signatures.c.shingles, doc_signatures.c.minhash
        ).where(doc_signatures.c.document_id.in_(chunk))
        for doc, n, mh in conn.execute(stmt):
            out[int(doc)] = (int(n), bytes(mh))
    return out


def groups_of(conn: Connection, ids: Collection[int]) -> dict[int, int]:
    """document id → its near-duplicate group (documents not yet grouped are left out)."""
    out: dict[int, int] = {}
    for chunk in _chunks(sorted(ids)):
        stmt = select(documents.c.id, documents.c.near_dup_group).where(
            documents.c.id.in_(chunk), documents.c.near_dup_group.is_not(None)
        )
        out.update((int(i), int(g)) for i, g in conn.execute(stmt))
    return out


def merge_groups(conn: Connection, old: Collection[int], into: int) -> None:
    """Every document of the groups `old` joins group `into`."""
    for chunk in _chunks(sorted(set(old) - {into})):
        conn.execute(
            update(documents)
            .where(documents.c.near_dup_group.in_(chunk))
            .values(near_dup_group=into)
        )


def add_signature(
    conn: Connection,
    document_id: int,
    shingles: int,
    minhash: bytes,
    bands: Iterable[tuple[int, int]],
    group: int,
) -> None:
    conn.execute(
        doc_signatures.insert().values(document_id=document_id, shingles=shingles, minhash=minhash)
    )
    rows = [{"band": b, "key": k, "document_id": document_id} for b, k in sorted(set(bands))]
    if rows:
        conn.execute(doc_bands.insert(), rows)
    conn.execute(
        update(documents).where(documents.c.id == document_id).values(near_dup_group=group)
    )


def _chunks(items: Sequence[Any]) -> Iterable[list[Any]]:
    items = list(items)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
