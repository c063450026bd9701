"""The SQL of writing: jobs the Writer runs, each inside its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite

from claimledger.model import Claim, Document
from claimledger.storage.codec import claim_row, document_row
from claimledger.storage.records import Counts
from claimledger.storage.schema import claimants, claims, documents, ingest_runs, outlets

# SQLite before 3.32 allows 999 bound parameters per statement; stay well under.
_CHUNK = 500
# Rows per executemany call (each row its own parameters, so no such limit).
_MANY = 5000


def start_run(conn: Connection, inputs: Sequence[str]) -> int:
    row = conn.execute(
        ingest_runs.insert()
        .values(started_at=_now(), status="running", inputs=json.dumps(list(inputs)))
        .returning(ingest_runs.c.id)
    )
    return int(row.scalar_one())


def finish_run(conn: Connection, run_id: int, status: str, counts: Counts) -> None:
    conn.execute(
        update(ingest_runs)
        .where(ingest_runs.c.id == run_id)
        .values(
            finished_at=_now(),
            status=status,
            documents_new=counts.documents_new,
            documents_present=counts.documents_present,
            documents_failed=counts.documents_failed,
            claims_added=counts.claims_added,
        )
    )


def add_documents(
    conn: Connection,
    items: Sequence[tuple[Document, Sequence[Claim]]],
    run_id: int | None,
) -> Counts:
    """Store each new document with all its claims; a document already present (same content
    hash, perhaps stored by another process meanwhile) is left as it is, claims and all.

    In bulk: documents go in multi-row INSERTs (ids in the batch's order, so a ledger's row
    order is the order documents were read in), claims by COPY on PostgreSQL and by one
    executemany on SQLite — a few statements per batch, not one per document."""
    outlet_ids = _ensure_names(conn, outlets, (d.outlet for d, _ in items if d.outlet))
    claimant_ids = _ensure_names(
        conn, claimants, (c.claimant.name for _, cs in items for c in cs if c.claimant.name)
    )
    now = _now()
    first: dict[str, tuple[Document, Sequence[Claim]]] = {}
    for doc, doc_claims in items:
        first.setdefault(doc.hash, (doc, doc_claims))  # a text twice in one batch: once
    rows = [document_row(d, outlet_ids.get(d.outlet or ""), run_id, now) for d, _ in first.values()]
    ids: dict[str, int] = {}
    per_statement = max(1, _CHUNK // len(documents.c))
    for i in range(0, len(rows), per_statement):
        stmt = (
            _insert(conn, documents)
            .values(rows[i : i + per_statement])
            .on_conflict_do_nothing(index_elements=["hash"])
            .returning(documents.c.id, documents.c.hash)
        )
        ids.update((str(h), int(id_)) for id_, h in conn.execute(stmt))
    claim_rows: list[dict[str, Any]] = []
    for doc, doc_claims in first.values():
        document_id = ids.get(doc.hash)
        if document_id is not None:
            claim_rows.extend(
                claim_row(c, document_id, seq, claimant_ids.get(c.claimant.name or ""))
                for seq, c in enumerate(doc_claims)
            )
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, claims, claim_rows)
    else:
        for i in range(0, len(claim_rows), _MANY):
            conn.execute(claims.insert(), claim_rows[i : i + _MANY])
    new = len(ids)
    return Counts(
        documents_new=new, documents_present=len(items) - new, claims_added=len(claim_rows)
    )


def _copy_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """COPY the rows into the table inside the connection's transaction (psycopg 3): one
    stream instead of a statement per row."""
    if not rows:
        return
    columns = list(rows[0])
    quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _ensure_names(conn: Connection, table: Table, names: Iterable[str]) -> dict[str, int]:
    """Ids of the named rows of `outlets` or `claimants`, inserting those not there yet."""
    wanted = sorted(set(names))
    ids: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        conn.execute(
            _insert(conn, table).on_conflict_do_nothing(index_elements=["name"]),
            [{"name": n} for n in chunk],
        )
        rows = conn.execute(select(table.c.name, table.c.id).where(table.c.name.in_(chunk)))
        ids.update((name, int(id_)) for name, id_ in rows)
    return ids


def _insert(conn: Connection, table: Table) -> Any:
    """INSERT with ON CONFLICT support, in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _now() -> datetime:
    return datetime.now(UTC)
