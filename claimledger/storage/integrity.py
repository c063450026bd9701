"""`claimledger verify`: does the ledger hold what it should?

Checks, each problem one line naming the row:

- the database's own check (SQLite `PRAGMA integrity_check`) and the schema revision;
- every foreign key of the schema points at a row (a claim whose document is gone …);
- no content hash stored twice, and every document's text still hashes to its content hash;
- every claim row decodes to a `Claim` (known qualifier, rate unit and group; finite values;
  real dates), its evidence offsets lie inside its document and select its evidence text;
- each document's claims are numbered 0…n-1 (a document is stored whole, never in part).

Rows are read raw (no SQLAlchemy type processing) so that one undecodable value is reported
instead of ending the check.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Column, Connection, Text, and_, case, cast, func, select, text, type_coerce
from sqlalchemy.types import Date, NullType

from claimledger.model import GROUPS, QUALIFIERS, RATE_UNITS, content_hash
from claimledger.storage.schema import claims, documents, metadata

# Rows reported per check before the rest are only counted.
MAX_ROWS_PER_CHECK = 50
_STREAM = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the ledger: where (table and row) and what."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass(frozen=True, slots=True)
class Checked:
    documents: int
    claims: int


def check(conn: Connection, report: list[Problem]) -> Checked:
    """Run every check on the ledger behind `conn`, appending problems to `report`."""
    _database(conn, report)
    _foreign_keys(conn, report)
    _duplicate_hashes(conn, report)
    n_docs = _documents(conn, report)
    n_claims = _claims(conn, report)
    return Checked(n_docs, n_claims)


class _Capped:
    """Appends at most MAX_ROWS_PER_CHECK problems of one check, then counts the rest."""

    def __init__(self, report: list[Problem], check: str) -> None:
        self.report, self.check, self.n = report, check, 0

    def add(self, where: str, what: str) -> None:
        self.n += 1
        if self.n <= MAX_ROWS_PER_CHECK:
            self.report.append(Problem(where, what))

    def close(self) -> None:
        if self.n > MAX_ROWS_PER_CHECK:
            more = self.n - MAX_ROWS_PER_CHECK
            self.report.append(Problem(self.check, f"… and {more:,} more rows like these"))


def _database(conn: Connection, report: list[Problem]) -> None:
    if conn.dialect.name == "sqlite":
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            for r in rows[:MAX_ROWS_PER_CHECK]:
                report.append(Problem("database", f"SQLite integrity check: {r}"))
    from claimledger.storage.migrate import head_revision

    current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current != head_revision():
        report.append(
            Problem("database", f"schema revision {current}, not this version's {head_revision()}")
        )


def _foreign_keys(conn: Connection, report: list[Problem]) -> None:
    """Every foreign key of the schema, checked by a join (whatever the database enforces)."""
    for table in metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        for fk in table.foreign_key_constraints:
            cols = list(fk.columns)
            ref_cols = [e.column for e in fk.elements]
            ref = ref_cols[0].table.alias("ref")
            on = and_(*(c == ref.c[r.name] for c, r in zip(cols, ref_cols, strict=True)))
            stmt = (
                select(*pk, *cols)
                .select_from(table.outerjoin(ref, on))
                .where(and_(*(c.is_not(None) for c in cols)))
                .where(ref.c[ref_cols[0].name].is_(None))
                .order_by(*pk)
            )
            capped = _Capped(report, table.name)
            for row in conn.execute(stmt):
                key = ", ".join(f"{c.name}={v}" for c, v in zip(pk, row[: len(pk)], strict=True))
                refs = ", ".join(f"{c.name} {v}" for c, v in zip(cols, row[len(pk) :], strict=True))
                capped.add(
                    f"{table.name} {key}", f"{refs} refers to no row of {ref_cols[0].table.name}"
                )
            capped.close()


def _duplicate_hashes(conn: Connection, report: list[Problem]) -> None:
    stmt = (
        select(documents.c.hash, func.count())
        .group_by(documents.c.hash)
        .having(func.count() > 1)
        .order_by(documents.c.hash)
    )
    capped = _Capped(report, "documents")
    for h, n in conn.execute(stmt):
        capped.add(f"documents hash={h}", f"stored {n} times")
    capped.close()


def _raw(col: Column[Any]) -> Any:
    """A column as the driver gives it; dates as text (a driver may fail on a bad date)."""
    if isinstance(col.type, Date):
        return cast(col, Text).label(col.name)
    return type_coerce(col, NullType()).label(col.name)


def _documents(conn: Connection, report: list[Problem]) -> int:
    cols = [documents.c.id, documents.c.doc_id, documents.c.hash, documents.c.text]
    stmt = select(*(_raw(c) for c in cols), _raw(documents.c.published)).order_by(documents.c.id)
    capped = _Capped(report, "documents")
    n = 0
    for row in conn.execution_options(yield_per=_STREAM).execute(stmt).mappings():
        n += 1
        where = f"documents id={row['id']} (doc_id {row['doc_id']!r})"
        body = row["text"]
        if not isinstance(body, str):
            capped.add(where, f"text is not text ({type(body).__name__})")
            continue
        if content_hash(body) != row["hash"]:
            capped.add(where, "text does not match its content hash (changed after storing)")
        try:
            _date(row["published"])
        except ValueError as exc:
            capped.add(where, f"published: {exc}")
    capped.close()
    return n


def _claims(conn: Connection, report: list[Problem]) -> int:
    start, end = claims.c.evidence_start, claims.c.evidence_end
    # The evidence as the document's text has it, cut by the database (no text transferred
    # per claim); only for offsets that make a slice (PostgreSQL refuses a negative length).
    doc_slice = case(
        (and_(start >= 0, end >= start), func.substr(documents.c.text, start + 1, end - start)),
        else_=None,
    )
    stmt = (
        select(
            *(_raw(c) for c in claims.c),
            func.length(documents.c.text).label("doc_length"),
            doc_slice.label("doc_slice"),
        )
        .select_from(claims.outerjoin(documents, claims.c.document_id == documents.c.id))
        .order_by(claims.c.document_id, claims.c.seq, claims.c.id)
    )
    capped = _Capped(report, "claims")
    n = 0
    doc: Any = object()
    seqs: list[Any] = []

    def close_doc() -> None:
        if seqs and seqs != list(range(len(seqs))):
            capped.add(
                f"documents id={doc}",
                f"claims numbered {_ranges(seqs)}, not 0…{len(seqs) - 1} (stored in part?)",
            )

    for row in conn.execution_options(yield_per=_STREAM).execute(stmt).mappings():
        n += 1
        if row["document_id"] != doc:
            close_doc()
            doc, seqs = row["document_id"], []
        seqs.append(row["seq"])
        where = f"claims id={row['id']} (document id={row['document_id']}, seq {row['seq']})"
        for what in _claim_row_problems(row):
            capped.add(where, what)
    close_doc()
    capped.close()
    return n


def _claim_row_problems(row: Mapping[Any, Any]) -> Iterator[str]:
    """What keeps a raw claims row from decoding to a valid Claim, and evidence problems."""
    metric = row["metric"]
    if not isinstance(metric, str) or not metric.strip():
        yield f"metric {metric!r} is not a metric id"
    if row["qualifier"] not in QUALIFIERS:
        yield f"qualifier {row['qualifier']!r} is not one of {', '.join(QUALIFIERS)}"
    if row["group"] is not None and row["group"] not in GROUPS:
        yield f"group {row['group']!r} is not one of {', '.join(GROUPS)}"
    for name in ("value_low", "value_high"):
        if not _number_or_none(row[name]):
            yield f"{name} {row[name]!r} is not a finite number"
    unit, per = row["rate_unit"], row["rate_per"]
    if unit is not None and unit not in RATE_UNITS:
        yield f"rate_unit {unit!r} is not one of {', '.join(RATE_UNITS)}"
    if (unit is None) != (per is None) or not _number_or_none(per):
        yield f"rate {per!r} per {unit!r} is not a rate"
    if row["cumulative"] not in (True, False, 0, 1):
        yield f"cumulative {row['cumulative']!r} is not a boolean"
    for name in ("period_start", "period_end"):
        try:
            _date(row[name])
        except ValueError as exc:
            yield f"{name}: {exc}"
    start, end, evidence = row["evidence_start"], row["evidence_end"], row["evidence_text"]
    if not (_is_int(start) and _is_int(end)) or not isinstance(evidence, str):
        yield f"evidence {start!r}…{end!r} does not decode"
        return
    length = row["doc_length"]
    if length is None:
        return  # no document: reported as a dangling foreign key
    if not 0 <= start <= end <= length:
        yield f"evidence offsets {start}…{end} lie outside its document ({length} characters)"
    elif row["doc_slice"] != evidence:
        yield f"evidence offsets {start}…{end} do not select its evidence text"


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _number_or_none(x: Any) -> bool:
    if x is None:
        return True
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _ranges(seqs: list[Any]) -> str:
    shown = ", ".join(str(s) for s in seqs[:8])
    return shown + (" …" if len(seqs) > 8 else "")


__all__ = ["Checked", "Problem", "check"]
